"""Statistics over HTTP: turnaround as the store computes it, who may ask, the 绩效 workbook
(opened with openpyxl) and the command's export agreeing with the API, and a real case going
through the service to the store."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from test_ecg_api import CLINIC, body
from test_pipeline import auth, drain
from test_stats import DAY, TZ, _case, reference_percentile

from teleconsult.cli import main
from teleconsult.stats import follow
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
ADMIN = auth("admin")


def _fill(settings) -> dict:
    """A known November: 60 cases over three clinics; the minutes to report by modality."""
    storage = Storage(settings.data_dir)
    minutes: dict[str, list[float]] = {}
    for i in range(60):
        modality = ("CT", "DX", "ECG")[i % 3]
        doctor = "rad-li" if modality != "ECG" else "card-chen"
        report = 3.0 + (i * 7.3) % 50
        _case(storage, i, DAY + i * 3600, modality=modality, clinic=("futian", "guandu",
                                                                       "miaoyu")[i % 3 - 1],
              doctor=doctor, priority="stat" if i % 4 == 0 else "routine",
              spans={"assigned": 1.5, "opened": 2, "report": report, "delivered": report + 1},
              critical=i % 10 == 0, positive=i % 2 == 0)
        minutes.setdefault(modality, []).append(report)
    follow.catch_up(settings, wait=True)
    return minutes


async def test_turnaround_api_answers_what_the_cases_say(settings, aiohttp_client):
    minutes = _fill(settings)
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/stats/turnaround", headers=ADMIN, params={
        "from": "2026-11-01", "to": "2026-11-30", "group_by": "modality,priority"})
    assert r.status == 200, await r.text()
    rows = (await r.json())["rows"]
    assert {"modality", "priority", "stage", "n", "p50_min", "p90_min", "p99_min",
            "on_time_pct"} <= set(rows[0])
    r = await http.get("/api/v1/stats/turnaround", headers=ADMIN, params={
        "from": "2026-11-01", "to": "2026-11-30", "group_by": "modality"})
    got = {(x["modality"], x["stage"]): x for x in (await r.json())["rows"]}
    for modality, values in minutes.items():
        row = got[(modality, "arrival_to_report")]
        assert row["n"] == len(values)
        assert row["p90_min"] == pytest.approx(reference_percentile(values, 0.9), abs=1e-6)
        assert got[(modality, "report_to_delivered")]["p50_min"] == pytest.approx(1.0)
    stages = {x["stage"] for x in (await r.json())["rows"]}
    assert {"arrival_to_assigned", "arrival_to_report", "arrival_to_final",
            "report_to_delivered"} <= stages
    r = await http.get("/api/v1/stats/quality", headers=ADMIN,
                       params={"from": "2026-11-01", "to": "2026-11-30"})
    quality = await r.json()
    assert sum(x["cases"] for x in quality["by_clinic"]) == 60
    assert quality["critical"]["n"] == 6
    ct = next(x for x in quality["by_modality"] if x["modality"] == "CT")
    assert ct["positive_pct"] == pytest.approx(100.0 * sum(
        1 for i in range(0, 60, 3) if i % 2 == 0) / 20)


@pytest.mark.parametrize(("who", "params", "status", "code"), [
    ("futian", {}, 403, "wrong_role"),
    ("rad-li", {}, 403, "wrong_role"),
    ("admin", {"group_by": "patient"}, 400, "invalid_group_by"),
    ("admin", {"from": "2026-13-01"}, 400, "invalid_date"),
    ("admin", {"from": "2026-11-30", "to": "2026-11-01"}, 400, "invalid_date"),
    ("admin", {"from": "2020-01-01", "to": "2026-11-01"}, 400, "invalid_date"),
])
async def test_turnaround_refusals(settings, aiohttp_client, who, params, status, code):
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/stats/turnaround", headers=auth(who), params=params)
    assert r.status == status
    assert (await r.json())["error"]["code"] == code


async def test_a_supervising_doctor_may_read_statistics(settings, aiohttp_client):
    doctors = dict(settings.doctors)
    doctors["rad-li"] = replace(doctors["rad-li"], supervisor=True)
    http = await aiohttp_client(create_app(replace(settings, doctors=doctors)))
    r = await http.get("/api/v1/stats/turnaround", headers=auth("rad-li"))
    assert r.status == 200 and (await r.json())["rows"] == []


async def test_workbook_opens_and_matches_the_api_and_the_command(settings, aiohttp_client,
                                                                 tmp_path, monkeypatch):
    _fill(settings)
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/stats/export.xlsx", headers=ADMIN,
                       params={"month": "2026-11"})
    assert r.status == 200
    assert r.headers["Content-Disposition"].endswith('teleconsult-2026-11.xlsx"')
    from_api = await r.read()
    wb = openpyxl.load_workbook(io.BytesIO(from_api))
    assert wb.sheetnames[:3] == ["医生绩效", "卫生院", "检查类型"]
    month = await (await http.get("/api/v1/stats/month", headers=ADMIN,
                                  params={"month": "2026-11"})).json()
    for title, sheet in (("医生绩效", "doctor"), ("卫生院", "clinic"), ("检查类型", "modality")):
        values = list(wb[title].iter_rows(values_only=True))
        assert len(values) == len(month[sheet]) + 1
        for row, item in zip(values[1:], month[sheet], strict=True):
            assert row[0] == item[sheet]
            assert row[2:5] == (item["cases"], item["reports"], item["workload"])
            assert row[8] == pytest.approx(item["report_p50_min"], abs=0.005)
    # weights: CT 1.5, DX 0.6, ECG 0.3 per report (the demo's defaults)
    by_modality = {x["modality"]: x for x in month["modality"]}
    assert by_modality["CT"]["workload"] == pytest.approx(1.5 * 20)
    assert by_modality["ECG"]["workload"] == pytest.approx(0.3 * 20)
    assert wb["医生绩效"]["A2"].value == "card-chen"  # ids in order, then the name
    assert wb["医生绩效"]["B2"].value == settings.doctors["card-chen"].name
    # the CSV of a sheet, and the command, give the same numbers
    r = await http.get("/api/v1/stats/export.csv", headers=ADMIN,
                       params={"month": "2026-11", "sheet": "clinic"})
    rows = list(csv.reader(io.StringIO(await r.text())))
    assert [x[0] for x in rows[1:]] == [x["clinic"] for x in month["clinic"]]
    out = tmp_path / "month.xlsx"
    monkeypatch.setenv("TELECONSULT_DATA_DIR", str(settings.data_dir))
    assert main(["--config", str(ROOT / "config" / "teleconsult.toml"), "stats", "export",
                 "--month", "2026-11", "--out", str(out)]) == 0
    cli = openpyxl.load_workbook(out)
    for title in ("医生绩效", "卫生院", "检查类型"):
        assert list(cli[title].iter_rows(values_only=True)) == \
            list(wb[title].iter_rows(values_only=True))
    r = await http.get("/api/v1/stats/export.xlsx", headers=ADMIN, params={"month": "2026-1"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_month"
    r = await http.get("/api/v1/stats/export.xlsx", headers=auth("guandu"),
                       params={"month": "2026-11"})
    assert r.status == 403


async def test_a_real_case_reaches_the_store(settings, aiohttp_client):
    """An ECG uploaded, routed, claimed, signed and delivered by the service itself."""
    http = await aiohttp_client(create_app(settings))
    r = await http.post("/api/v1/ecg", json=body(), headers=CLINIC)
    case_id = (await r.json())["case_id"]
    await drain(settings)
    owner = None
    for doc in ("card-chen", "card-zhao"):
        items = (await (await http.get("/api/v1/worklist", headers=auth(doc))).json())["items"]
        owner = owner or (doc if items else None)
    assert (await http.post(f"/api/v1/cases/{case_id}/claim", headers=auth(owner))).status == 200
    r = await http.post(f"/api/v1/cases/{case_id}/report", headers=auth(owner), json={
        "findings": "窦性心律", "impression": "急性前壁心肌梗死", "critical": True,
        "positive": "yes"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_report"
    r = await http.post(f"/api/v1/cases/{case_id}/report", headers=auth(owner), json={
        "findings": "窦性心律", "impression": "急性前壁心肌梗死", "critical": True,
        "positive": True})
    assert r.status == 201 and (await r.json())["positive"] is True
    await drain(settings)
    follow.catch_up(settings, wait=True)
    today = datetime.now(TZ).date().isoformat()
    r = await http.get("/api/v1/stats/turnaround", headers=ADMIN,
                       params={"from": today, "to": today, "group_by": "doctor"})
    rows = {x["stage"]: x for x in (await r.json())["rows"]}
    assert rows["arrival_to_assigned"]["n"] == 1 and rows["arrival_to_report"]["n"] == 1
    assert rows["arrival_to_report"]["doctor"] == owner
    history = Storage(settings.data_dir).history(case_id)
    record = Storage(settings.data_dir).read_case(case_id)
    signed = next(h["at"] for h in history if h.get("status") == "reported")
    assert rows["arrival_to_report"]["p50_min"] == pytest.approx(
        (signed - record["received_at"]) / 60, abs=1e-6)
    r = await http.get("/api/v1/stats/quality", headers=ADMIN,
                       params={"from": today, "to": today})
    quality = await r.json()
    assert quality["critical"]["n"] == 1
    assert quality["by_modality"][0]["positive_pct"] == 100.0  # the report said 阳性
    assert date.fromisoformat(today)


SCREEN = auth("screen")


async def test_the_display_account_reads_only_the_screen(settings, aiohttp_client):
    """Every route of the app, called with the display account's token, refuses it — except
    the screen's own and the public ones (which answer the same without any token)."""
    app = create_app(settings)
    http = await aiohttp_client(app)
    r = await http.get("/api/v1/screen", headers=SCREEN)
    assert r.status == 200
    body = await r.json()
    assert {"clinics", "arrivals", "duty", "stat", "critical", "today", "trend"} <= set(body)
    checked = 0
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        if not path or route.method in ("HEAD", "OPTIONS", "*"):
            continue
        url = path.replace("{kind:clinic|doctor|admin|screen}", "admin")
        url = re.sub(r"\{[^}]+\}", "x1", url)
        if path in ("/api/v1/screen", "/api/v1/events"):  # its own, and the redacted stream
            continue
        r = await http.request(route.method, url, headers=SCREEN, allow_redirects=False)
        anon = await http.request(route.method, url, allow_redirects=False)
        # never more than anyone without credentials gets …
        assert r.status >= 300 or anon.status == r.status, (route.method, path, r.status)
        # … and where credentials are needed, a refusal naming the role
        if anon.status == 401:
            assert r.status == 403, (route.method, path, r.status)
            assert (await r.json())["error"]["code"] == "wrong_role", path
        elif anon.status == 303:
            # a page: a bearer token is no session (the browser test signs in to each page)
            assert r.status == 303 and r.headers["Location"].startswith("/login"), path
        checked += 1
    assert checked > 60


async def test_the_screen_hears_that_something_happened_never_to_whom(settings, aiohttp_client):
    import orjson
    import redis.asyncio as aioredis

    from teleconsult.store import events

    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/events", headers=SCREEN)
    assert r.status == 200
    client = aioredis.Redis.from_url(settings.redis_target().url)
    await events.publish(client, "escalation", case_id="c1", specialty="radiology")
    await events.publish(client, "case_queued", case_id="c0123456789abcdef", clinic="futian",
                         specialty="cardiology", priority="stat", patient="王秀英")
    await client.aclose()
    seen: list[tuple[str, dict]] = []
    kind = None
    while not any(k == "case_queued" for k, _ in seen):
        line = (await r.content.readline()).decode().strip()
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: "):
            seen.append((kind, orjson.loads(line[6:])))
    r.close()
    queued = next(d for k, d in seen if k == "case_queued")
    assert set(queued) == {"type", "at"}
    assert not any(k == "escalation" for k, _ in seen)


def test_accounts_add_makes_a_display_account(settings, monkeypatch, capsys):
    from teleconsult.api.auth import identify
    from teleconsult.settings.load import load_settings

    config = str(ROOT / "config" / "teleconsult.toml")
    monkeypatch.setenv("TELECONSULT_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("TELECONSULT_REDIS_URL", raising=False)
    assert main(["--config", config, "accounts", "add", "screen", "wall2", "--name",
                 "大厅屏"]) == 0
    token = re.search(r"token (\S+)", capsys.readouterr().out).group(1)
    fresh = load_settings(config, env={"TELECONSULT_DATA_DIR": str(settings.data_dir)},
                          with_accounts=True)
    who = identify(fresh, token)
    assert (who.kind, who.id, who.name) == ("screen", "wall2", "大厅屏")
    assert identify(fresh, "demo-screen").kind == "screen"


async def test_two_level_reporting_reaches_the_statistics(settings, store_file, aiohttp_client):
    """A resident's preliminary revised by an attending, through the service: the first
    report is the preliminary, the final the reviewer's, the discrepancy the writer's."""
    from tests.test_review import resident_case, sign, to_reviewer

    client, case_id = await resident_case(settings, store_file, aiohttp_client)
    assert (await client.post(f"/api/v1/cases/{case_id}/claim",
                              headers=auth("rad-zhang"))).status == 200
    assert (await sign(client, case_id, "rad-zhang", "preliminary")).status == 201
    reviewer, _ = await to_reviewer(settings, client, case_id)
    assert (await client.post(f"/api/v1/cases/{case_id}/claim",
                              headers=auth(reviewer))).status == 200
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "revise", "grade": "minor", "impression": "改"})
    assert r.status == 201, await r.text()
    follow.catch_up(settings, wait=True)
    history = Storage(settings.data_dir).history(case_id)
    signed = [h for h in history if h["status"] in ("reported", "preliminary")]
    prelim_at = next(h["at"] for h in signed if h.get("stage") == "preliminary")
    final_at = next(h["at"] for h in signed if h.get("stage", "final") == "final")
    received = Storage(settings.data_dir).read_case(case_id)["received_at"]
    today = datetime.now(TZ).date().isoformat()
    rows = (await (await client.get("/api/v1/stats/turnaround", headers=ADMIN, params={
        "from": today, "to": today})).json())["rows"]
    by = {x["stage"]: x for x in rows}
    assert by["arrival_to_report"]["p50_min"] == pytest.approx((prelim_at - received) / 60)
    assert by["arrival_to_final"]["p50_min"] == pytest.approx((final_at - received) / 60)
    quality = await (await client.get("/api/v1/stats/quality", headers=ADMIN, params={
        "from": today, "to": today})).json()
    assert quality["review"] == [{"writer": "rad-zhang", "reviewed": 1, "minor": 1, "major": 0,
                                  "discrepancy_pct": 100.0}]


async def test_a_store_being_written_is_a_503_and_the_screen_still_shows(settings,
                                                                        aiohttp_client):
    from teleconsult.stats import db

    http = await aiohttp_client(create_app(settings))
    with db.writing(settings.data_dir):  # a first build or a rebuild holds it
        r = await http.get("/api/v1/stats/turnaround", headers=ADMIN)
        assert r.status == 503
        assert (await r.json())["error"]["code"] == "stats_unavailable"
        r = await http.get("/api/v1/screen", headers=SCREEN)
        assert r.status == 200
        body = await r.json()
        assert body["today"] == [] and len(body["clinics"]) == len(settings.clinics)
    r = await http.get("/api/v1/stats/turnaround", headers=ADMIN)
    assert r.status == 200

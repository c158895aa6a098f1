"""People managed without editing TOML: the CLI against a running `serve`, the admin API,
imports from CSV and .xlsx; every change validated, durable, audited, revocable at once."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from openpyxl import Workbook

from teleconsult.admin import accounts
from teleconsult.core.digest import hash_secret
from teleconsult.settings import accounts_log
from teleconsult.settings.load import reread
from teleconsult.store.sessions import SessionStore
from teleconsult.web.app import create_app
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import DCMTK_ENV, http, poll
from tests.test_pipeline import auth

CT = str(Path(__import__("pydicom").data.get_testdata_file("CT_small.dcm")))


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_CONFIG=str(DEMO_CONFIG), TELECONSULT_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "teleconsult.cli", "accounts", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def issued(out: str) -> tuple[str, str]:
    token, password = re.search(r"token (\S+)\s+page password (\S+)", out).groups()
    return token, password


@pytest.fixture()
def serve(data_dir: Path):
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_CONFIG=str(DEMO_CONFIG), TELECONSULT_DATA_DIR=str(data_dir),
               TELECONSULT_HTTP_PORT=str(http_port), TELECONSULT_DICOM_PORT=str(dicom_port))
    proc = subprocess.Popen([sys.executable, "-m", "teleconsult.cli", "serve"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        poll(lambda: _up(http_port), 60, "serve to answer")
        yield http_port, dicom_port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def status(port: int, path: str, token: str | None = None) -> int | None:
    """The HTTP status, or None while the parts restart after a reload."""
    try:
        return http(port, path, token)[0]
    except OSError:
        return None


def _up(port: int) -> bool:
    return status(port, "/healthz") == 200


def test_cli_adds_and_disables_people_on_a_running_service(serve, data_dir):
    http_port, dicom_port = serve
    done = cli(data_dir, "add", "doctor", "rad-zhou", "--name", "周影像", "--specialty",
               "radiology", "--shifts", "daily 00:00-00:00")
    assert done.returncode == 0, done.stderr
    assert "reloads it now" in done.stdout
    token, _ = issued(done.stdout)
    poll(lambda: status(http_port, "/api/v1/worklist", token) == 200, 30,
         "the new doctor's token to work")

    done = cli(data_dir, "add", "clinic", "xinmin", "--name", "新民镇卫生院", "--ae", "XINMIN_CT")
    assert done.returncode == 0, done.stderr

    def stored() -> bool:
        r = subprocess.run(["storescu", "-aet", "XINMIN_CT", "-aec", "TELECONSULT",
                            "127.0.0.1", str(dicom_port), CT], env=DCMTK_ENV,
                           capture_output=True, timeout=60)
        return r.returncode == 0
    poll(stored, 30, "the new clinic's AE title to be accepted")

    done = cli(data_dir, "disable", "rad-zhou")
    assert done.returncode == 0, done.stderr
    poll(lambda: status(http_port, "/api/v1/worklist", token) == 401, 30,
         "the disabled doctor's token to stop working")
    listed = orjson.loads(cli(data_dir, "list", "--json").stdout)
    row = next(r for r in listed if r["id"] == "rad-zhou")
    assert row["disabled"] is True and row["name"] == "周影像"


def test_cli_refuses_what_the_configuration_refuses(data_dir):
    done = cli(data_dir, "add", "clinic", "copycat", "--name", "x", "--ae", "FUTIAN_CT")
    assert done.returncode == 2
    assert "already belongs to futian" in done.stderr
    done = cli(data_dir, "add", "doctor", "Bad Id", "--name", "x", "--specialty", "radiology")
    assert done.returncode == 2 and "lowercase" in done.stderr
    done = cli(data_dir, "add", "doctor", "rad-x", "--name", "x", "--specialty", "radiology",
               "--shifts", "whenever")
    assert done.returncode == 2 and "daily 08:00-20:00" in done.stderr
    assert not accounts_log.log_path(data_dir).exists()


async def test_admin_api_adds_resets_disables_and_ends_sessions(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    body = {"kind": "doctor", "id": "card-sun", "name": "孙心电", "specialties": ["cardiology"],
            "shifts": [{"days": "daily", "start": "08:00", "end": "20:00"}]}
    r = await client.post("/api/v1/admin/accounts", json=body, headers=auth("card-chen"))
    assert r.status == 403
    r = await client.post("/api/v1/admin/accounts", json=body, headers=auth("admin"))
    assert r.status == 201, await r.text()
    creds = (await r.json())["credentials"]
    doctor = reread(settings).doctors["card-sun"]
    assert doctor.token_sha256 == hash_secret(creds["token"]) and doctor.name == "孙心电"
    r = await client.post("/api/v1/admin/accounts", json=body, headers=auth("admin"))
    assert r.status == 409 and (await r.json())["error"]["code"] == "account_exists"

    r = await client.post("/api/v1/admin/accounts/doctor/card-sun/reset",
                          headers=auth("admin"))
    assert r.status == 200
    new = (await r.json())["credentials"]["token"]
    assert reread(settings).doctors["card-sun"].token_sha256 == hash_secret(new)

    from teleconsult.store.sessions import Principal

    store = SessionStore(client.app[__import__("teleconsult.api.appkeys",
                                               fromlist=["REDIS"]).REDIS])
    session = await store.create(Principal("doctor", "card-sun", "孙心电"))
    r = await client.post("/api/v1/admin/accounts/doctor/card-sun/disable",
                          headers=auth("admin"))
    assert r.status == 200 and (await r.json())["sessions_ended"] == 1
    assert await store.load(session.token) is None
    gone = reread(settings).doctors["card-sun"]
    assert gone.shifts == () and gone.password_hash is None
    assert gone.token_sha256 not in (hash_secret(new), hash_secret(creds["token"]))

    r = await client.get("/api/v1/admin/accounts", headers=auth("admin"))
    row = next(a for a in (await r.json())["accounts"] if a["id"] == "card-sun")
    assert row["disabled"] is True
    audit = (settings.data_dir / "audit" / "admin.jsonl").read_text()
    assert "account_added" in audit and "account_disable" in audit


async def test_admin_api_refuses_bad_changes_in_the_json_shape(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for body in ({"kind": "clinic", "id": "x", "name": "x", "ae_titles": ["GUANDU_DR"]},
                 {"kind": "doctor", "id": "d", "name": "d", "specialties": [], "shifts": []},
                 {"kind": "robot", "id": "r"},
                 {"kind": "admin", "id": "a", "name": "a", "token_sha256": "0" * 64}):
        r = await client.post("/api/v1/admin/accounts", json=body, headers=auth("admin"))
        assert r.status == 400, body
        assert (await r.json())["error"]["code"] == "invalid_account"
    r = await client.post("/api/v1/admin/accounts/doctor/nobody/disable", headers=auth("admin"))
    assert r.status == 404
    r = await client.post("/api/v1/admin/accounts/admin/admin/disable", headers=auth("admin"))
    assert r.status == 409 and (await r.json())["error"]["code"] == "last_admin"
    assert not accounts_log.log_path(settings.data_dir).exists()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_import_doctors_from_csv_and_xlsx(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    csv = ("\ufeffid,name,specialties,clinics,capacity,shifts\n"
           "rad-a,甲放射,radiology,futian;guandu,12,daily 08:00-20:00\n"
           "rad-b,乙放射,radiology,*,,\"mon,tue 20:00-08:00; sat 08:00-20:00\"\n")
    r = await client.post("/api/v1/admin/accounts/import", data=csv.encode(),
                          headers={**auth("admin"), "Content-Type": "text/csv"})
    assert r.status == 200, await r.text()
    assert {c["id"] for c in (await r.json())["credentials"]} == {"rad-a", "rad-b"}
    doctors = reread(settings).doctors
    assert doctors["rad-a"].clinics == ("futian", "guandu") and doctors["rad-a"].capacity == 12
    assert len(doctors["rad-b"].shifts) == 2

    sheet = _xlsx([["id", "name", "specialties", "shifts"],
                   ["rad-a", "甲放射（改）", "radiology", "daily 00:00-00:00"],
                   ["card-c", "丙心电", "cardiology", "daily 20:00-08:00"]])
    r = await client.post("/api/v1/admin/accounts/import", data=sheet, headers={
        **auth("admin"),
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    assert r.status == 200, await r.text()
    # an update keeps the doctor's credentials; only the new doctor gets some
    assert [c["id"] for c in (await r.json())["credentials"]] == ["card-c"]
    doctors = reread(settings).doctors
    assert doctors["rad-a"].name == "甲放射（改）"

    for body, ctype, code in ((b"id,name\nrad-x,\n", "text/csv", "invalid_import"),
                              (b"\xff\xfe", "text/csv", "invalid_import"),
                              (b"not a zip", "application/vnd.openxmlformats-officedocument."
                               "spreadsheetml.sheet", "invalid_import"),
                              (b"id,name,specialties,shifts\nrad-y,y,,daily 08:00-20:00\n"
, "text/csv", "invalid_account")):
        r = await client.post("/api/v1/admin/accounts/import", data=body,
                              headers={**auth("admin"), "Content-Type": ctype})
        assert r.status == 400 and (await r.json())["error"]["code"] == code, body
    r = await client.post("/api/v1/admin/accounts/import", data=b"{}",
                          headers={**auth("admin"), "Content-Type": "application/json"})
    assert r.status == 415
    assert "rad-y" not in reread(settings).doctors


def test_replay_is_pure_and_disable_keeps_the_name():
    data = {"doctors": [{"id": "d1", "name": "一", "specialties": ["radiology"],
                         "token_sha256": "a" * 64, "password_hash": "x",
                         "shifts": [{"days": "daily", "start": "08:00", "end": "20:00"}]}]}
    log = [accounts.change("disable", "doctor", "d1", "t"),
           accounts.change("credentials", "doctor", "d1", "t", {"token_sha256": "b" * 64})]
    out = accounts.replay(data, log)
    assert data["doctors"][0]["token_sha256"] == "a" * 64  # the input is not changed
    row = out["doctors"][0]
    assert row["name"] == "一" and row["shifts"] == [] and "password_hash" not in row
    assert row["token_sha256"] not in ("a" * 64, "b" * 64)  # a reset does not re-enable
    row = accounts.replay(data, [*log, accounts.change("enable", "doctor", "d1", "t")])[
        "doctors"][0]
    assert row["token_sha256"] == "b" * 64 and row["shifts"]


async def test_titles_and_experts_through_cli_api_and_import(settings, aiohttp_client,
                                                             data_dir):
    """Issue 20: a doctor's title (and expert flag) in every way of adding one."""
    done = cli(data_dir, "add", "doctor", "rad-res", "--name", "住院甲", "--specialty",
               "radiology", "--title", "resident", "--shifts", "daily 08:00-20:00")
    assert done.returncode == 0, done.stderr
    done = cli(data_dir, "add", "doctor", "rad-bad", "--name", "x", "--specialty", "radiology",
               "--title", "professor")
    assert done.returncode == 2 and "resident" in done.stderr
    client = await aiohttp_client(create_app(settings))
    r = await client.post("/api/v1/admin/accounts", headers=auth("admin"), json={
        "kind": "doctor", "id": "exp-wu", "name": "吴专家", "specialties": ["radiology"],
        "title": "chief", "expert": True, "shifts": []})
    assert r.status == 201, await r.text()
    r = await client.post("/api/v1/admin/accounts", headers=auth("admin"), json={
        "kind": "doctor", "id": "rad-q", "name": "q", "specialties": ["radiology"],
        "title": "intern", "shifts": []})
    assert r.status == 400 and "title" in (await r.json())["error"]["message"]
    csv = ("id,name,specialties,title,shifts\n"
           "rad-c,丙放射,radiology,副主任医师,daily 08:00-20:00\n"
           "rad-d,丁放射,radiology,resident,daily 08:00-20:00\n")
    r = await client.post("/api/v1/admin/accounts/import", data=csv.encode(),
                          headers={**auth("admin"), "Content-Type": "text/csv"})
    assert r.status == 200, await r.text()
    doctors = reread(settings).doctors
    assert (doctors["exp-wu"].title, doctors["exp-wu"].expert) == ("chief", True)
    assert doctors["rad-c"].title == "associate_chief" and doctors["rad-d"].title == "resident"
    rows = {r["id"]: r for r in (await (await client.get(
        "/api/v1/admin/accounts", headers=auth("admin"))).json())["accounts"]}
    assert rows["rad-d"]["title"] == "resident" and rows["exp-wu"]["expert"] is True

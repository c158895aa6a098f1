"""Reading history: a doctor's own signed reports and a supervisor's search over all."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from pydicom.uid import generate_uid
from test_pipeline import CT, auth, drain, worklists

from teleconsult.reporting.history import InvalidQuery, Query, matches, parse_query, search
from teleconsult.store import audit
from teleconsult.web.app import create_app

TZ = ZoneInfo("Asia/Shanghai")


def report(rid: str, signed_at: str, **kw) -> dict:
    base = {"report_id": rid, "case_id": rid[:-3], "signed_at": signed_at,
            "signed_by": "rad-li", "clinic": "futian", "findings": "右肺上叶结节 8 mm",
            "impression": "结节", "patient": {"id": "P1", "name": "王五"}}
    return {**base, **kw}


def test_filters_each_narrow_the_match():
    r = report("c1-v1", "2026-11-28T17:30:00.000Z")  # 01:30 on the 29th in Shanghai
    assert matches(r, Query(), TZ)
    assert matches(r, Query(text="结节"), TZ) and not matches(r, Query(text="骨折"), TZ)
    assert matches(r, Query(patient="王"), TZ) and matches(r, Query(patient="p1"), TZ)
    assert not matches(r, Query(patient="P2"), TZ)
    assert not matches(r, Query(clinic="guandu"), TZ)
    assert not matches(r, Query(signed_by="rad-wang"), TZ)
    assert matches(r, Query(start=date(2026, 11, 29)), TZ)  # the community's calendar day
    assert not matches(r, Query(end=date(2026, 11, 28)), TZ)


def test_search_pages_newest_first():
    items = [report(f"c{i}-v1", f"2026-11-{10 + i:02d}T08:00:00.000Z") for i in range(5)]
    page, total = search(items, Query(offset=1, limit=2), TZ)
    assert total == 5 and [r["report_id"] for r in page] == ["c3-v1", "c2-v1"]


@pytest.mark.parametrize("params", [{"from": "29/11/2026"}, {"limit": "0x"},
                                    {"limit": "201"}, {"from": "2026-11-29", "to": "2026-11-01"}])
def test_bad_parameters_are_refused(params):
    with pytest.raises(InvalidQuery):
        parse_query(params)


async def _signed_cases(settings, store_file, http) -> dict[str, str]:
    """Two CTs (two patients, two clinics) read and signed; {patient id: owner}."""
    store_file(CT, "FUTIAN_CT", PatientID="H-1", StudyInstanceUID=generate_uid())
    store_file(CT, "MIAOYU_CT", PatientID="H-2", StudyInstanceUID=generate_uid())
    await drain(settings)
    owners = {}
    for doctor, items in (await worklists(http, "rad-li", "rad-wang")).items():
        for item in items:
            pid = item["patient"]["id"]
            r = await http.post(f"/api/v1/cases/{item['case_id']}/report", headers=auth(doctor),
                                json={"findings": f"患者 {pid}：左肺下叶结节",
                                      "impression": "结节" if pid == "H-1" else "未见异常"})
            assert r.status == 201, await r.text()
            owners[pid] = doctor
    assert set(owners) == {"H-1", "H-2"}
    return owners


async def test_doctor_sees_own_reports_and_supervisor_all(settings, store_file, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    owners = await _signed_cases(settings, store_file, http)
    doctor = owners["H-1"]
    r = await http.get("/api/v1/me/reports", headers=auth(doctor))
    mine = await r.json()
    assert {i["signed_by"] for i in mine["items"]} == {doctor}
    assert "H-1" in {i["patient"]["id"] for i in mine["items"]}
    r = await http.get("/api/v1/me/reports", params={"q": "结节", "clinic": "futian"},
                       headers=auth(doctor))
    [hit] = (await r.json())["items"]
    assert hit["patient"]["id"] == "H-1" and hit["clinic"] == "futian"
    r = await http.get("/api/v1/admin/reports", params={"patient": "h-2"},
                       headers=auth("admin"))
    body = await r.json()
    assert [i["patient"]["id"] for i in body["items"]] == ["H-2"] and body["next"] is None
    r = await http.get("/api/v1/admin/reports", params={"limit": "1"}, headers=auth("admin"))
    body = await r.json()
    assert body["total"] == 2 and len(body["items"]) == 1 and body["next"] == 1
    r = await http.get("/api/v1/admin/reports", params={"doctor": owners["H-2"],
                                                         "from": "2000-01-01"},
                       headers=auth("admin"))
    assert {i["signed_by"] for i in (await r.json())["items"]} == {owners["H-2"]}
    entries = [e for e in audit.query(settings.data_dir) if e["action"] == "report_search"]
    assert entries[0]["who"] == doctor and entries[-1]["who"] == "admin"
    assert "结节" not in str(entries)  # identifiers only, never the searched text


async def test_history_refuses_the_wrong_caller_and_bad_input(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/me/reports", headers=auth("futian"))
    assert r.status == 403
    r = await http.get("/api/v1/admin/reports", headers=auth("rad-li"))
    assert r.status == 403
    r = await http.get("/api/v1/me/reports")
    assert r.status == 401
    r = await http.get("/api/v1/me/reports", params={"from": "yesterday"}, headers=auth("rad-li"))
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_query"
    r = await http.get("/api/v1/me/reports", headers=auth("rad-li"))
    assert (await r.json()) == {"items": [], "total": 0, "offset": 0, "next": None}

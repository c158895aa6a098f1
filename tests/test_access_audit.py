"""Every access to patient data is in the fsynced audit log: who, what, when, from where,
the answer — refusals too; admins query and export it; no data leaves without its line."""

from __future__ import annotations

import asyncio
import csv
import io

import orjson
from pydicom.data import get_testdata_file

from teleconsult.store import audit
from teleconsult.store.audit import AuditWriter
from teleconsult.web.app import create_app
from tests.test_pipeline import auth, drain, worklists

CT = get_testdata_file("CT_small.dcm")


def access_lines(settings) -> list[dict]:
    return [e for e in audit.query(settings.data_dir, limit=10_000) if e["action"] == "access"]


async def test_reads_and_refusals_are_audited_with_who_and_where(settings, store_file,
                                                                 aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, *settings.doctors)
    owner, items = next((d, i) for d, i in lists.items() if i)
    case_id = items[0]["case_id"]
    other = next(d for d in settings.doctors if d != owner)
    assert (await client.get(f"/api/v1/cases/{case_id}", headers=auth(owner))).status == 200
    assert (await client.get(f"/api/v1/cases/{case_id}", headers=auth(other))).status in (403,
                                                                                          404)
    assert (await client.get(f"/api/v1/cases/{case_id}")).status == 401
    lines = access_lines(settings)
    read = [e for e in lines if e["ids"].get("case_id") == case_id]
    assert {(e["who"], e["status"]) for e in read} >= {(owner, 200), (None, 401)}
    refused = next(e for e in read if e["who"] == other)
    assert refused["status"] in (403, 404) and refused["kind"] == "doctor"
    assert all(e["from"] == "127.0.0.1" and e["route"] == "/api/v1/cases/{case_id}"
               for e in read)
    raw = (settings.data_dir / "audit" / "access.jsonl").read_text()
    assert "王" not in raw and "findings" not in raw  # identifiers only, never names or text


async def test_a_polled_worklist_is_recorded_once_per_window(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for _ in range(5):
        assert (await client.get("/api/v1/worklist", headers=auth("rad-li"))).status == 200
    polls = [e for e in access_lines(settings) if e["route"] == "/api/v1/worklist"]
    assert [e["who"] for e in polls] == ["rad-li"]


async def test_admins_query_and_export_the_log(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    await client.get("/api/v1/reports", headers=auth("futian"))
    r = await client.get("/api/v1/admin/audit?action=access&who=futian", headers=auth("admin"))
    assert r.status == 200
    items = (await r.json())["items"]
    assert [i["route"] for i in items] == ["/api/v1/reports"]
    r = await client.get("/api/v1/admin/audit?format=csv&who=futian", headers=auth("admin"))
    assert r.status == 200 and r.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO((await r.read()).decode("utf-8-sig"))))
    assert rows[-1]["who"] == "futian" and rows[-1]["status"] == "200"
    assert (await client.get("/api/v1/admin/audit", headers=auth("futian"))).status == 403


async def test_no_data_leaves_when_its_line_cannot_be_written(settings, aiohttp_client):
    path = audit.audit_path(settings.data_dir)
    path.mkdir(parents=True)  # a directory where the log should be: every append fails
    client = await aiohttp_client(create_app(settings))
    r = await client.get("/api/v1/worklist", headers=auth("rad-li"))
    assert r.status >= 500
    body = await r.json()
    assert "items" not in body and body["error"]["code"]


async def test_concurrent_records_share_fsyncs_and_all_land(tmp_path):
    syncs = []

    class Counting(AuditWriter):
        def _append(self, lines: bytes) -> None:
            syncs.append(lines.count(b"\n"))
            super()._append(lines)

    writer = Counting(tmp_path / "a.jsonl")
    await asyncio.gather(*(writer.record({"n": i}) for i in range(50)))
    lines = [orjson.loads(x) for x in (tmp_path / "a.jsonl").read_bytes().splitlines()]
    assert sorted(e["n"] for e in lines) == list(range(50))
    assert sum(syncs) == 50 and len(syncs) < 50


def test_repeat_filter_is_bounded_and_windowed():
    writer = AuditWriter(__import__("pathlib").Path("/nonexistent"), repeat_window=60)
    assert not writer.repeated(("a",), 0) and writer.repeated(("a",), 59)
    assert not writer.repeated(("a",), 61)
    for i in range(20_000):
        writer.repeated((i,), 100)
    assert len(writer._seen) <= 10_000

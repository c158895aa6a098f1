"""SSE: a clinic gets its report event within 1 s; Last-Event-ID replays what was missed;
each caller sees only its own events."""

from __future__ import annotations

import asyncio
import time

import orjson

from teleconsult.api.events_api import visible
from teleconsult.store.sessions import Principal
from teleconsult.web.app import create_app
from tests.test_delivery import CT
from tests.test_pipeline import auth, drain, worklists


async def next_event(resp, kind: str, timeout: float = 1.0) -> tuple[str, dict]:
    """Read frames until one of type ``kind``; (id, data)."""
    async def read() -> tuple[str, dict]:
        fields: dict[str, str] = {}
        while True:
            line = (await resp.content.readline()).decode().rstrip("\n")
            if line.startswith(":"):
                continue
            if line:
                name, _, value = line.partition(": ")
                fields[name] = value
                continue
            if fields.get("event") == kind:
                return fields["id"], orjson.loads(fields["data"])
            fields = {}

    return await asyncio.wait_for(read(), timeout)


async def test_report_event_within_a_second_and_replay(settings, store_file, aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    item = (lists["rad-li"] + lists["rad-wang"])[0]
    url = f"/api/v1/cases/{item['case_id']}/report"
    stream = await client.get("/api/v1/events", headers=auth("futian"))
    assert stream.status == 200 and stream.content_type == "text/event-stream"
    other = await client.get("/api/v1/events", headers=auth("guandu"))
    started = time.monotonic()
    r = await client.post(url, headers=auth(item["assigned_to"]), json={"impression": "正常"})
    assert r.status == 201
    first_id, event = await next_event(stream, "report_signed")
    assert time.monotonic() - started < 1.0
    assert event["clinic"] == "futian" and event["version"] == 1
    stream.close()
    # missed while disconnected: an amendment
    r = await client.post(url, headers=auth(item["assigned_to"]), json={"impression": "修订"})
    assert r.status == 201
    again = await client.get("/api/v1/events",
                             headers={**auth("futian"), "Last-Event-ID": first_id})
    replay_id, event = await next_event(again, "report_signed")
    assert event["version"] == 2 and replay_id > first_id
    again.close()
    # the same by query parameter (EventSource polyfills)
    q = await client.get(f"/api/v1/events?last_event_id={first_id}", headers=auth("futian"))
    assert (await next_event(q, "report_signed"))[1]["version"] == 2
    q.close()
    # another clinic saw none of it
    try:
        await next_event(other, "report_signed", timeout=0.3)
        raise AssertionError("guandu got futian's event")
    except TimeoutError:
        pass
    other.close()
    r = await client.get("/api/v1/events", headers={**auth("futian"), "Last-Event-ID": "x"})
    assert r.status == 400
    r = await client.get("/api/v1/events")
    assert r.status == 401


def test_visibility_rules(settings):
    clinic = Principal("clinic", "futian", "")
    doctor = Principal("doctor", "rad-li", "")
    admin = Principal("admin", "admin", "")
    queued = {"type": "case_queued", "clinic": "guandu", "specialty": "radiology"}
    assert visible(queued, doctor, settings) and visible(queued, admin, settings)
    assert not visible(queued, clinic, settings)
    assert not visible(dict(queued, specialty="cardiology"), doctor, settings)
    assert visible({"type": "case_assigned", "doctor": "rad-li"}, doctor, settings)
    assert not visible({"type": "case_assigned", "doctor": "rad-wang"}, doctor, settings)
    assert visible({"type": "report_signed", "clinic": "futian"}, clinic, settings)


def test_who_sees_escalations():
    from dataclasses import replace

    from teleconsult.api.events_api import visible
    from teleconsult.settings.load import load_settings
    from teleconsult.store.sessions import Principal
    from tests.conftest import DEMO_CONFIG

    s = load_settings(DEMO_CONFIG, env={})
    s = replace(s, doctors={**s.doctors, "rad-li": replace(s.doctors["rad-li"],
                                                           supervisor=True)})
    esc = {"type": "escalation", "clinic": "futian", "specialty": "radiology", "doctor": None}
    assert visible(esc, Principal("admin", "admin", ""), s)
    assert visible(esc, Principal("doctor", "rad-li", ""), s)      # a supervising radiologist
    assert not visible(esc, Principal("doctor", "rad-wang", ""), s)
    assert not visible(esc, Principal("doctor", "card-chen", ""), s)
    assert not visible(esc, Principal("clinic", "futian", ""), s)  # internal to the county
    report = {"type": "report_signed", "clinic": "futian"}
    assert visible(report, Principal("clinic", "futian", ""), s)
    assert not visible(report, Principal("clinic", "guandu", ""), s)

"""Critical results (危急值): no ack → escalation at the window, repeated; ack stops it;
only the owning clinic can ack; the communication log is kept with the report."""

from __future__ import annotations

import orjson
import redis.asyncio as aioredis

from teleconsult.store import keys
from tests.test_delivery import sign_one
from tests.test_pipeline import auth, drain


async def test_no_ack_escalates_and_ack_stops_it(settings, store_file, aiohttp_client):
    client, report = await sign_one(settings, store_file, aiohttp_client, critical=True)
    rid, url = report["report_id"], f"/api/v1/reports/{report['report_id']}"
    await drain(settings, 0)  # delivery plan starts the 15 min timer
    await drain(settings, 14 * 60)  # inside the window: nothing
    r = await client.get(url, headers=auth("admin"))
    assert [e["event"] for e in (await r.json())["communication"]] == ["sent"]
    await drain(settings, 15 * 60 + 1)
    r = await client.get(url, headers=auth("admin"))
    log = (await r.json())["communication"]
    assert [e["event"] for e in log] == ["sent", "escalated"]
    assert log[1]["escalation"] == 1 and log[1]["contacts"]
    await drain(settings, 31 * 60)  # the repeat
    r = await client.get(url, headers=auth("futian"))  # the clinic opens it: "seen"
    assert [e["event"] for e in (await r.json())["communication"]] == [
        "sent", "escalated", "escalated", "seen"]

    # another clinic can neither read nor acknowledge it
    r = await client.post(f"{url}/ack", headers=auth("guandu"), json={"by": "张护士"})
    assert r.status == 403
    r = await client.post(f"{url}/ack", headers=auth("rad-li"), json={"by": "x"})
    assert r.status == 403
    r = await client.post(f"{url}/ack", headers=auth("futian"), json={})
    assert r.status == 400
    r = await client.post(f"{url}/ack", headers=auth("futian"), json={"by": "刘医生"})
    assert r.status == 201 and (await r.json())["by"] == "刘医生"
    r = await client.post(f"{url}/ack", headers=auth("futian"), json={"by": "someone else"})
    assert r.status == 200 and (await r.json())["by"] == "刘医生"  # idempotent, first wins

    await drain(settings, 3 * 3600)  # acknowledged: no more escalations
    r = await client.get(url, headers=auth("futian"))
    body = await r.json()
    events = [e["event"] for e in body["communication"]]
    assert events == ["sent", "escalated", "escalated", "seen", "acknowledged"]
    assert body["acknowledged_by"] == "刘医生" and body["acknowledged_at"]
    r = await client.get("/api/v1/reports?since=0", headers=auth("futian"))
    (fed,) = (await r.json())["reports"]
    assert fed["acknowledged_by"] == "刘医生" and fed["acknowledged_at"] == body["acknowledged_at"]
    r = await client.get(f"/api/v1/cases/{report['case_id']}", headers=auth("futian"))
    case = await r.json()
    assert case["status"] == "acknowledged"
    ack = [h for h in case["history"] if h["status"] == "acknowledged"]
    assert ack[0]["acknowledged_by"] == "刘医生" and ack[0]["by"] == "futian"
    redis = aioredis.Redis.from_url(settings.redis_target().url)
    assert await redis.zscore(keys.CRITICAL_DUE, rid) is None
    stream = [e for _, e in await redis.xrange(keys.EVENTS)]
    kinds = [orjson.loads(e[b"data"])["type"] for e in stream]
    assert kinds.count("critical_result") == 1 and kinds.count("critical_escalated") == 2
    assert kinds.count("critical_acknowledged") == 1
    await redis.aclose()


async def test_routine_report_cannot_be_acknowledged(settings, store_file, aiohttp_client):
    client, report = await sign_one(settings, store_file, aiohttp_client)
    r = await client.post(f"/api/v1/reports/{report['report_id']}/ack", headers=auth("futian"),
                          json={"by": "x"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "not_critical"


async def test_two_acknowledgements_at_once_record_one(settings, store_file, aiohttp_client):
    import asyncio

    client, report = await sign_one(settings, store_file, aiohttp_client, critical=True)
    url = f"/api/v1/reports/{report['report_id']}"
    answers = await asyncio.gather(*(
        client.post(f"{url}/ack", headers=auth("futian"), json={"by": who})
        for who in ("护士甲", "护士乙", "护士丙")))
    bodies = [await r.json() for r in answers]
    assert all(r.status in (200, 201) for r in answers)
    assert len({b["by"] for b in bodies}) == 1  # everyone is told the same first ack
    r = await client.get(url, headers=auth("futian"))
    events = [e["event"] for e in (await r.json())["communication"]]
    assert events.count("acknowledged") == 1
    # the lock that kept them apart is gone at once (a retry after a failure need not wait)
    import redis.asyncio as aioredis

    from teleconsult.store import keys
    redis = aioredis.Redis.from_url(settings.redis_target().url)
    try:
        assert not await redis.keys(f"{keys.case(report['case_id'])}:ack:*")
    finally:
        await redis.aclose()

"""A worklist poll against a real Redis: presence in one script, the poll's first step beside
it in one pipeline, and the due lease renewal inside the read (no ZADD after it)."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from teleconsult.routing import presence
from teleconsult.routing.queue import RENEW_EVERY, Candidate, CaseQueue
from teleconsult.store import keys

LEASES = {"stat": 60, "urgent": 300, "routine": 600}


@pytest.fixture()
async def client(redis_url):
    c = aioredis.Redis.from_url(redis_url)
    yield c
    await c.aclose()


def _record(case_id: str, priority: str) -> dict:
    return {"case_id": case_id, "specialty": "radiology", "priority": priority,
            "clinic": "futian", "study_instance_uid": f"1.2.3.{case_id}", "modality": "CT",
            "patient": {"id": f"p-{case_id}"}, "received_at": 1.0}


async def _hold(q: CaseQueue, doctor: str, priorities: dict[str, str]) -> None:
    for i, (cid, prio) in enumerate(priorities.items()):
        assert await q.enqueue(_record(cid, prio), score=float(i), first_check=1e9)
    got = await q.assign_many([(cid, "radiology", float(i), prio == "stat", 1000.0,
                                [Candidate(doctor, 10)])
                               for i, (cid, prio) in enumerate(priorities.items())])
    assert all(isinstance(g, tuple) for g in got), got


async def _leases(client: aioredis.Redis, ids) -> dict[str, float | None]:
    return {cid: await client.zscore(keys.LEASES, cid) for cid in ids}


async def test_a_due_poll_renews_leases_in_its_read(client) -> None:
    q = CaseQueue(client)
    held = {"r1": "routine", "u1": "urgent", "s1": "stat", "r2": "routine", "r3": "routine"}
    await _hold(q, "rad-li", held)
    await client.zrem(keys.LEASES, "r2")  # the timer took it back: never re-created (XX)
    await client.zadd(keys.LEASES, {"r3": 5000.0})  # longer than a renewal: kept (GT)
    now = 1796684740.338651  # a real clock's fraction: the score must be exact

    cases = await q.poll("rad-li", now, LEASES)
    assert [c.case_id for c in cases] == list(held)
    assert {c.case_id: c.priority for c in cases} == held
    assert {c.owner for c in cases} == {"rad-li"} and all(c.fence > 0 for c in cases)
    assert await _leases(client, held) == {
        "r1": now + 600, "u1": now + 300, "s1": 1000.0, "r2": None, "r3": max(5000.0, now + 600)}

    # within RENEW_EVERY the leases stay as they are; after it they move again
    await q.poll("rad-li", now + RENEW_EVERY - 1, LEASES)
    assert await client.zscore(keys.LEASES, "r1") == now + 600
    later = now + RENEW_EVERY + 1
    await q.poll("rad-li", later, LEASES)
    assert await _leases(client, ("r1", "u1", "s1")) == {
        "r1": later + 600, "u1": later + 300, "s1": 1000.0}


async def test_presence_and_poll_in_one_pipeline(client) -> None:
    q = CaseQueue(client)
    await _hold(q, "rad-wang", {"a1": "routine"})
    await client.delete(keys.ROUTE_WAKE)

    async def poll(now: float) -> tuple[bool, list]:
        pipe = client.pipeline(transaction=False)
        presence.seen_into(pipe, "rad-wang", 120)
        CaseQueue.poll_into(pipe, "rad-wang", now)
        came, polled = await pipe.execute()
        return (await presence.after_seen(client, "rad-wang", came),
                await q.poll_read(polled, now, LEASES))

    came, cases = await poll(1000.0)
    assert came and [c.case_id for c in cases] == ["a1"]
    assert await client.lrange(keys.ROUTE_WAKE, 0, -1) == [b"online:rad-wang"]
    assert 0 < await client.ttl(keys.online("rad-wang")) <= 120
    assert 0 < await client.ttl(keys.watching("rad-wang")) <= presence.WATCH_SECONDS
    assert await client.zscore(keys.LEASES, "a1") == 1600.0

    came, cases = await poll(1001.0)  # already online: no second wake-up
    assert not came and [c.case_id for c in cases] == ["a1"]
    assert await client.llen(keys.ROUTE_WAKE) == 1

    await presence.check_out(client, "rad-wang")
    came, _ = await poll(1002.0)  # a checked-out doctor's page does not bring them back
    assert not came and not await client.exists(keys.online("rad-wang"))
    assert not await client.exists(keys.watching("rad-wang"))
    await presence.check_in(client, "rad-wang", 120)
    assert await client.exists(keys.online("rad-wang"))
    assert await client.lrange(keys.ROUTE_WAKE, 0, -1) == [b"online:rad-wang"] * 2


async def test_an_empty_worklist_polls_clean(client) -> None:
    q = CaseQueue(client)
    assert await q.poll("rad-nobody", 100.0, LEASES) == []
    assert await presence.seen(client, "rad-nobody", 60)
    assert not await presence.seen(client, "rad-nobody", 60)

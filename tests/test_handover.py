"""Open reads with people in them: handover (silent, off shift, explicit), page heartbeat,
server-side drafts, read timers, the page following the case, reindex replaying it all.

Real Redis, the real app and workers with an injected clock; no sleeps.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from datetime import time as dtime

import orjson
import redis

from teleconsult.admin.reindex import reindex
from teleconsult.core.digest import hash_secret
from teleconsult.settings.model import Shift
from teleconsult.store import keys
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.test_pipeline import go_online
from tests.test_routing import Clock, client, ctx, doctor, enqueue, owners  # noqa: F401
from workers import router, timers

R1 = {"Authorization": "Bearer tok-r1"}
R2 = {"Authorization": "Bearer tok-r2"}


def two_doctors(settings, **r1):
    docs = (doctor("r1", **r1), doctor("r2"))
    return replace(settings, doctors={d.id: replace(d, token_sha256=hash_secret(f"tok-{d.id}"))
                                      for d in docs})


async def claimed_stat(settings, client, aiohttp_client, priority="stat",  # noqa: F811
                       at: float | None = None):
    """One case routed to r1 (the only one online) and opened: (http, case id, clock)."""
    (rec,) = await enqueue(settings, client, 1, priorities=(priority,))
    clock = Clock(at)
    await go_online(client, settings, ["r1"])
    await router.route_once(ctx(settings, client, clock))
    http = await aiohttp_client(create_app(settings))
    cid = rec["case_id"]
    r = await http.post(f"/api/v1/cases/{cid}/claim", headers=R1)
    assert r.status == 200, await r.text()
    return http, cid, clock


def requests_for(event: str) -> list[dict]:
    return [r for r in _page_requests() if r["event"] == event]


_SYNC: list = []


def _page_requests() -> list[dict]:
    return [orjson.loads(m) for m in _SYNC[0].zrange(keys.PAGE_REQUESTS, 0, -1)]


async def test_silent_reader_loses_the_case_with_its_draft(settings, client,  # noqa: F811
                                                          aiohttp_client):
    s = two_doctors(settings)
    _SYNC[:] = [redis.Redis.from_url(s.redis_target().url)]
    http, cid, clock = await claimed_stat(s, client, aiohttp_client)
    r = await http.put(f"/api/v1/cases/{cid}/draft", headers=R1,
                       json={"findings": "V1-V4 ST 段抬高", "impression": "", "base_version": 0})
    assert r.status == 200 and (await r.json())["version"] == 1
    await client.delete(keys.online("r1"))  # the phone died
    clock.now += 170
    assert await timers.sweep_absent(ctx(s, client, clock)) == 0  # within STAT's 3 min
    clock.now += 20
    assert await timers.sweep_absent(ctx(s, client, clock)) == 1
    await go_online(client, s, ["r2"])
    await router.route_once(ctx(s, client, clock))
    assert await owners(client, s) == {cid: "r2"}
    history = Storage(s.data_dir).history(cid)
    back = [h for h in history if h.get("handover")]
    assert back and back[0]["reason"] == "silent" and back[0]["previous"] == "r1"
    assert back[0]["draft_version"] == 1 and back[0]["draft_by"] == "r1"
    # the next reader gets the draft and who wrote it
    body = await (await http.get(f"/api/v1/cases/{cid}/draft", headers=R2)).json()
    assert body["version"] == 1 and body["draft"]["findings"] == "V1-V4 ST 段抬高"
    assert body["draft"]["author"] == "r1" and body["draft"]["author_name"] == "r1"
    # the first reader's stale tab is refused, but may look (read-only) and is told why
    r = await http.put(f"/api/v1/cases/{cid}/draft", headers=R1,
                       json={"findings": "x", "base_version": 1})
    assert r.status == 409 and (await r.json())["error"]["code"] == "stale_fence"
    assert (await http.get(f"/api/v1/cases/{cid}", headers=R1)).status == 200
    own = await (await http.get(f"/api/v1/cases/{cid}/ownership", headers=R1)).json()
    assert own["held_by"] == "someone" and own["can_read"] and not own["can_claim"]
    assert requests_for("handover") and requests_for("stat_assigned")


async def test_an_open_case_page_keeps_the_case(settings, client, aiohttp_client):  # noqa: F811
    s = two_doctors(settings)
    http, cid, clock = await claimed_stat(s, client, aiohttp_client)
    r = await http.post(f"/api/v1/cases/{cid}/heartbeat", headers=R1, json={"fence": 999})
    assert r.status == 409  # not this assignment's fence
    fence = (await (await http.get(f"/api/v1/cases/{cid}/ownership", headers=R1)).json())[
        "fence"]
    r = await http.post(f"/api/v1/cases/{cid}/heartbeat", headers=R1, json={"fence": fence})
    assert r.status == 200 and (await r.json())["mine"] is True
    await client.delete(keys.online("r1"))
    clock.now += 40  # page beat 40 s ago (alive within 45 s), doctor otherwise silent
    assert await timers.sweep_absent(ctx(s, client, clock)) == 0
    clock.now += 150  # the tab closed: no beat for 190 s > STAT grace
    assert await timers.sweep_absent(ctx(s, client, clock)) == 1
    r = await http.post(f"/api/v1/cases/{cid}/heartbeat", headers=R1, json={"fence": fence})
    assert r.status == 409 and (await r.json())["error"]["code"] == "stale_fence"


async def test_end_of_shift_window_then_handover(settings, client, aiohttp_client):  # noqa: F811
    day = (Shift(days=tuple(range(7)), start=dtime(8), end=dtime(16)),)
    s = two_doctors(settings, shifts=day)
    tz = s.timezone
    http, cid, clock = await claimed_stat(s, client, aiohttp_client, priority="urgent",
                                          at=datetime(2026, 11, 30, 15, tzinfo=tz).timestamp())
    await go_online(client, s, ["r1"])  # still at the desk after the shift
    clock.now = datetime(2026, 11, 30, 16, 20, tzinfo=tz).timestamp()
    await client.hset(keys.case(cid), "active_at", clock.now - 60)
    assert await timers.sweep_absent(ctx(s, client, clock)) == 0  # 20 min into the window
    clock.now = datetime(2026, 11, 30, 16, 31, tzinfo=tz).timestamp()
    assert await timers.sweep_absent(ctx(s, client, clock)) == 1
    (back,) = [h for h in Storage(s.data_dir).history(cid) if h.get("handover")]
    assert back["reason"] == "off_shift"


async def test_explicit_handover_with_a_note(settings, client, aiohttp_client):  # noqa: F811
    s = two_doctors(settings)
    http, cid, clock = await claimed_stat(s, client, aiohttp_client)
    r = await http.post(f"/api/v1/cases/{cid}/handover", headers=R2, json={"note": "x"})
    assert r.status == 403 and (await r.json())["error"]["code"] == "not_owner"
    r = await http.post(f"/api/v1/cases/{cid}/handover", headers=R1, json={"note": 5})
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_note"
    r = await http.post(f"/api/v1/cases/{cid}/handover", headers=R1,
                        json={"note": "要去急诊室，请接手"})
    assert r.status == 200
    await go_online(client, s)  # both online: it must not come straight back to r1
    await router.route_once(ctx(s, client, clock))
    assert await owners(client, s) == {cid: "r2"}
    (back,) = [h for h in Storage(s.data_dir).history(cid) if h.get("handover")]
    assert back["note"] == "要去急诊室，请接手" and back["by"] == "r1"


async def test_drafts_are_versioned_fenced_and_consumed(settings, client,  # noqa: F811
                                                        aiohttp_client):
    s = two_doctors(settings)
    http, cid, clock = await claimed_stat(s, client, aiohttp_client, priority="routine")
    url = f"/api/v1/cases/{cid}/draft"
    assert (await (await http.get(url, headers=R1)).json())["draft"] is None
    for body, code in (([], "invalid_draft"), ({"findings": 3}, "invalid_draft"),
                       ({"findings": "x" * 20_001}, "invalid_draft"),
                       ({"critical": "yes"}, "invalid_draft"),
                       ({"base_version": -1}, "invalid_draft")):
        r = await http.put(url, headers=R1, json=body)
        assert r.status == 400 and (await r.json())["error"]["code"] == code, body
    r = await http.put(url, headers=R1, data="x", )
    assert r.status == 415
    r = await http.put(url, headers=R2, json={"findings": "not mine"})
    assert r.status == 403
    assert (await http.get(url, headers=R2)).status == 403
    # two tabs saving from the same version: exactly one wins
    results = await asyncio.gather(*(http.put(url, headers=R1, json={
        "findings": f"tab {i}", "base_version": 0}) for i in range(2)))
    assert sorted(r.status for r in results) == [200, 409]
    loser = next(r for r in results if r.status == 409)
    assert (await loser.json())["error"]["code"] == "draft_conflict"
    r = await http.put(url, headers=R1, json={"findings": "最终", "impression": "正常",
                                              "base_version": 1})
    assert (await r.json())["version"] == 2
    assert Storage(s.data_dir).read_json(Storage(s.data_dir).case_dir(cid) / "draft.json")[
        "findings"] == "最终"
    r = await http.post(f"/api/v1/cases/{cid}/report", headers=R1,
                        json={"findings": "最终", "impression": "正常"})
    assert r.status == 201
    assert not (Storage(s.data_dir).case_dir(cid) / "draft.json").exists()


async def test_a_stat_read_past_its_limit_escalates_and_pages(settings, client,  # noqa: F811
                                                              aiohttp_client):
    s = two_doctors(settings)
    _SYNC[:] = [redis.Redis.from_url(s.redis_target().url)]
    http, cid, clock = await claimed_stat(s, client, aiohttp_client)
    w = ctx(s, client, clock)
    clock.now += 590
    assert await timers.check_reads(w) == 0
    clock.now += 20
    assert await timers.check_reads(w) == 1
    (esc,) = [h for h in Storage(s.data_dir).history(cid) if h.get("event") == "escalated"]
    assert esc["reason"] == "read_overdue" and esc["reader"] == "r1"
    assert (await owners(client, s)) == {cid: "r1"}  # the reader keeps it
    (req,) = requests_for("read_overdue")
    assert req["case_id"] == cid and req["doctor"] == "r1"
    item = (await (await http.get("/api/v1/worklist", headers=R1)).json())["items"][0]
    assert item["reading_since"] and item["read_due_at"]


async def test_reindex_replays_a_handover_and_the_draft_version(settings, client,  # noqa: F811
                                                                aiohttp_client):
    s = two_doctors(settings)
    http, cid, clock = await claimed_stat(s, client, aiohttp_client)
    for v in range(3):
        r = await http.put(f"/api/v1/cases/{cid}/draft", headers=R1,
                           json={"findings": f"v{v}", "base_version": v})
        assert r.status == 200
    assert (await http.post(f"/api/v1/cases/{cid}/handover", headers=R1)).status == 200
    sync = redis.Redis.from_url(s.redis_target().url)
    reindex(s, sync)
    state = {k.decode(): v.decode() for k, v in sync.hgetall(keys.case(cid)).items()
             if k != b"summary"}
    assert state["status"] == "queued" and state["owner"] == "" and state["draft_v"] == "3"
    assert sync.zscore(keys.queue("radiology"), cid) is not None


async def test_a_queued_case_can_be_taken_from_the_page(settings, client,  # noqa: F811
                                                        aiohttp_client):
    s = two_doctors(settings)
    (rec,) = await enqueue(s, client, 1, priorities=("stat",))
    http = await aiohttp_client(create_app(s))
    cid = rec["case_id"]
    r = await http.get(f"/api/v1/cases/{cid}", headers=R1)
    assert r.status == 403 and (await r.json())["error"]["code"] == "not_yours"
    own = await (await http.get(f"/api/v1/cases/{cid}/ownership", headers=R1)).json()
    assert own == {"case_id": cid, "status": "queued", "mine": False, "held_by": None,
                   "fence": None, "can_claim": True, "can_read": False}
    results = await asyncio.gather(*(http.post(f"/api/v1/cases/{cid}/claim", headers=h)
                                     for h in (R1, R2)))
    assert sorted(r.status for r in results) in ([200, 403], [200, 409])
    assert len(await owners(client, s)) == 1

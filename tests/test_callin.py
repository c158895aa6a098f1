"""Calling a doctor in, end to end on real Redis: the router, the lease/SLA timers and the
paging worker with an injected clock, pages to a local signed-webhook receiver. No sleeps.

The situation from the simulated day: the only radiologist online is reading one STAT when
a second arrives. It waits one lease with them (a short read ends within it); when the
lease runs out unopened, someone away is paged and, once online, takes it (if it is still
unopened).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time as dtime

import orjson
import pytest
import redis
from aiohttp import web

from teleconsult.admin.reindex import reindex
from teleconsult.core.webhook import verify_webhook
from teleconsult.settings.model import Shift
from teleconsult.settings.paging import Channel, PagingConfig, Person
from teleconsult.store import keys
from teleconsult.store.files import Storage
from tests.test_pipeline import go_online
from tests.test_routing import Clock, client, ctx, doctor, enqueue, owners  # noqa: F401
from workers import paging, router, timers

SECRET = "call-in-secret"
NEVER = (Shift(days=(), start=dtime(8), end=dtime(16)),)  # off shift all week


@pytest.fixture()
async def phones(aiohttp_server):
    """The doctors' phones: (recipient, event) of every signed page received."""
    got: list[tuple[str, str]] = []

    async def page(request: web.Request) -> web.Response:
        raw = await request.read()
        assert verify_webhook(SECRET, request.headers["X-Teleconsult-Signature"], raw)
        body = orjson.loads(raw)
        got.append((body["recipient"], body["event"]))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/page", page)
    server = await aiohttp_server(app)
    return got, str(server.make_url("/page"))


def community(settings, phones_url, monkeypatch, *doctors):
    monkeypatch.setenv("TC_TEST_CALL_SECRET", SECRET)
    channel = Channel("phone", "webhook", url=phones_url, secret_env="TC_TEST_CALL_SECRET")
    cfg = PagingConfig(channels={"phone": channel},
                       people={d.id: Person(d.id, ("phone",)) for d in doctors})
    return replace(settings, doctors={d.id: d for d in doctors}, paging=cfg)


def history(s, case_id: str) -> list[dict]:
    return Storage(s.data_dir).history(case_id)


def calls(s, case_id: str) -> list[tuple[str, str]]:
    return [(h["to"], h["reason"]) for h in history(s, case_id)
            if h.get("event") == "called_in"]


async def open_case(client, case_id: str, doctor: str) -> None:  # noqa: F811
    from teleconsult.routing.queue import CaseQueue

    await CaseQueue(client).owner_step(case_id, doctor, "in_review")


async def test_a_second_stat_for_the_busy_reader_calls_in_the_one_on_a_break(
        settings, client, phones, monkeypatch):  # noqa: F811
    got, url = phones
    s = community(settings, url, monkeypatch, doctor("r1"), doctor("r2"))
    clock = Clock()
    w = ctx(s, client, clock)
    (first,) = await enqueue(s, client, 1, priorities=("stat",))
    await go_online(client, s, ["r1"])  # r2 is on shift, away from the desk
    await router.route_once(w)
    await open_case(client, first["case_id"], "r1")
    assert await client.zcard(keys.CALL_INS) == 0
    # the second STAT: r1 reads a STAT, nobody else is online: it waits with r1 for one
    # lease; unopened then, r2 is called in, and meanwhile it waits with r1 again (whoever
    # is free first reads it)
    (second,) = await enqueue(s, client, 1, priorities=("stat",))
    await router.route_once(w)
    cid = second["case_id"]
    assert (await owners(client, s))[cid] == "r1" and calls(s, cid) == []
    clock.now += 121
    await timers.reclaim_expired(w)
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r1"
    assert calls(s, cid) == [("r2", "busy")]
    esc = [h for h in history(s, cid) if h.get("event") == "escalated"]
    assert [(h["reason"], h["level"]) for h in esc] == [("call_in", 3)]
    assert [h["reason"] for h in history(s, cid) if h.get("event") == "widened"] == [
        "no_one_free", "no_one_free"]  # other zones, then anyone on shift: still only r1
    await paging.page_due(w)
    assert ("r2", "call_in") in got
    # another lease later nobody new is called: r2 has the wait (5 min) to come
    clock.now += 121
    await timers.reclaim_expired(w)
    await router.route_once(w)
    assert calls(s, cid) == [("r2", "busy")]
    # r2 comes online: the STAT, still unopened, is theirs at once
    await go_online(client, s, ["r2"])
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r2"
    moved = [h for h in history(s, cid) if h.get("reason") == "called_in"]
    assert moved[-1]["status"] == "assigned" and moved[-1]["to"] == "r2"
    assert await client.zcard(keys.CALL_INS) == 0


async def test_a_free_reader_gets_the_stat_before_a_less_loaded_busy_one(
        settings, client, phones, monkeypatch):  # noqa: F811
    got, url = phones
    s = community(settings, url, monkeypatch, doctor("r1"), doctor("r2"))
    clock = Clock()
    (stat1,) = await enqueue(s, client, 1, priorities=("stat",))
    await go_online(client, s, ["r1"])
    await router.route_once(ctx(s, client, clock))
    await enqueue(s, client, 3, priorities=("routine",))
    await go_online(client, s, ["r2"])
    await router.route_once(ctx(s, client, clock))  # r2 now holds more cases than r1
    (stat2,) = await enqueue(s, client, 1, priorities=("stat",))
    await router.route_once(ctx(s, client, clock))
    assert (await owners(client, s))[stat2["case_id"]] == "r2"
    assert calls(s, stat2["case_id"]) == [] and await client.zcard(keys.CALL_INS) == 0


async def test_the_same_reader_again_calls_the_next_doctor_until_one_comes(
        settings, client, phones, monkeypatch):  # noqa: F811
    got, url = phones
    s = community(settings, url, monkeypatch, doctor("r1"), doctor("r2"),
                  doctor("r3", shifts=NEVER))
    clock = Clock()
    w = ctx(s, client, clock)
    (rec,) = await enqueue(s, client, 1, priorities=("stat",))
    cid = rec["case_id"]
    await go_online(client, s, ["r1"])
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r1" and calls(s, cid) == []
    # r1 does not open it: the lease runs out; r1 is the only one eligible
    clock.now += 121
    await timers.reclaim_expired(w)
    await router.route_once(w)
    assert calls(s, cid) == [("r2", "busy")]  # on shift first
    # r2 does not come within the wait: the off-shift r3 is called next
    clock.now += 300
    await router.route_once(w)
    assert calls(s, cid) == [("r2", "busy"), ("r3", "no_answer")]
    await paging.page_due(w)
    assert {r for r, e in got if e == "call_in"} == {"r2", "r3"}
    # the escalation was made once; the pending call-in survives a reindex
    assert [h["reason"] for h in history(s, cid) if h.get("event") == "escalated"] == [
        "call_in"]
    sync = redis.Redis.from_url(s.redis_target().url)
    try:
        reindex(s, sync, now=clock.now)
        assert sync.zscore(keys.CALL_INS, cid) is not None
        assert sync.hget(keys.case(cid), "call_in") == b"r3"
        assert sync.hget(keys.case(cid), "called_in") == b"r2,r3"
        assert sync.hget(keys.case(cid), "level") == b"3"
    finally:
        sync.close()
    # r3, off shift but called in, comes online and takes it (level 3: anyone called in)
    await go_online(client, s, ["r1", "r3"])
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r3"
    # called in by escalation, r3 is not sent home by the roster
    await timers.sweep_absent(w)
    assert (await owners(client, s))[cid] == "r3"


async def test_whoever_called_comes_first_takes_it(
        settings, client, phones, monkeypatch):  # noqa: F811
    got, url = phones
    s = community(settings, url, monkeypatch, doctor("r1"), doctor("r2"), doctor("r3"))
    clock = Clock()
    w = ctx(s, client, clock)
    (rec,) = await enqueue(s, client, 1, priorities=("stat",))
    cid = rec["case_id"]
    await go_online(client, s, ["r1"])
    await router.route_once(w)
    clock.now += 121
    await timers.reclaim_expired(w)
    await router.route_once(w)
    clock.now += 300
    await router.route_once(w)
    assert [d for d, _ in calls(s, cid)] == ["r2", "r3"]
    await go_online(client, s, ["r1", "r2"])  # the first one called answers after all
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r2"
    assert await client.zcard(keys.CALL_INS) == 0


async def _urgent_past_its_warning_point(settings, rc, phones, monkeypatch):
    """An urgent routed to r1 and left unopened to its SLA warning point: r2 is called."""
    _, url = phones
    s = community(settings, url, monkeypatch, doctor("r1"), doctor("r2"))
    clock = Clock()
    w = ctx(s, rc, clock)
    (rec,) = await enqueue(s, rc, 1, priorities=("urgent",), start=clock.now)
    cid = rec["case_id"]
    await go_online(rc, s, ["r1"])
    await router.route_once(w)
    assert await timers.check_slas(w) == 0
    clock.now += 0.8 * 120 * 60 + 1  # the warning point; r1 has not opened it
    await go_online(rc, s, ["r1"])
    assert await timers.check_slas(w) == 1
    assert calls(s, cid) == [("r2", "sla_at_risk")]
    return s, w, cid, clock


async def test_an_urgent_unopened_at_its_warning_point_calls_someone_in(
        settings, client, phones, monkeypatch):  # noqa: F811
    s, w, cid, clock = await _urgent_past_its_warning_point(settings, client, phones,
                                                            monkeypatch)
    await go_online(client, s, ["r2"])
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r2"


async def test_a_read_in_progress_is_never_taken_for_the_called_doctor(
        settings, client, phones, monkeypatch):  # noqa: F811
    s, w, cid, clock = await _urgent_past_its_warning_point(settings, client, phones,
                                                            monkeypatch)
    await open_case(client, cid, "r1")  # r1 opens it before r2 arrives
    await go_online(client, s, ["r1", "r2"])
    await router.route_once(w)
    assert (await owners(client, s))[cid] == "r1"
    assert (await client.hget(keys.case(cid), "status")) == b"in_review"
    assert await client.zcard(keys.CALL_INS) == 0
    # nor is anyone called for a case in review
    clock.now += 600
    await router.route_once(w)
    assert calls(s, cid) == [("r2", "sla_at_risk")]


async def test_in_a_burst_each_stat_calls_a_different_doctor(
        settings, client, phones, monkeypatch):  # noqa: F811
    got, url = phones
    s = community(settings, url, monkeypatch, doctor("r1"), doctor("r2"), doctor("r3"),
                  doctor("r4", shifts=NEVER))
    clock = Clock()
    w = ctx(s, client, clock)
    await go_online(client, s, ["r1"])
    stats = await enqueue(s, client, 4, priorities=("stat",))
    await router.route_once(w)
    assert set((await owners(client, s)).values()) == {"r1"}  # every STAT assigned at once
    await open_case(client, stats[0]["case_id"], "r1")
    clock.now += 121  # the other three were not opened within their lease
    await timers.reclaim_expired(w)
    await router.route_once(w)
    called = [calls(s, c["case_id"]) for c in stats]
    assert called[0] == []  # the first is r1's to read
    assert sorted(c[0][0] for c in called[1:]) == ["r2", "r3", "r4"]


async def test_an_urgent_goes_to_the_other_zone_when_its_own_is_busy_with_urgent_cases(
        settings, client, phones, monkeypatch):  # noqa: F811
    got, url = phones
    north = doctor("r1", clinics=(), zones=("north",), capacity=3)
    south = doctor("r2", clinics=(), zones=("south",), capacity=3)
    s = community(settings, url, monkeypatch, north, south)
    clock = Clock()
    w = ctx(s, client, clock)
    await go_online(client, s, ["r1", "r2"])
    await enqueue(s, client, 3, priorities=("routine",), clinic="miaoyu")  # south
    await router.route_once(w)
    assert sorted((await owners(client, s)).values()) == ["r2"] * 3  # r2's list is full
    a, b = await enqueue(s, client, 2, priorities=("urgent",), clinic="futian")  # north
    await router.route_once(w)
    held = await owners(client, s)
    assert held[a["case_id"]] == "r1"  # its own zone first
    # r1 has an urgent to read before it; r2 only routine cases, which wait for it
    assert held[b["case_id"]] == "r2" and await client.zcard(keys.doctor_cases("r2")) == 4
    # a routine case still respects capacity
    (c,) = await enqueue(s, client, 1, priorities=("routine",), clinic="miaoyu")
    await router.route_once(w)
    assert c["case_id"] not in await owners(client, s)

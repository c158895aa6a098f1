"""Routing that never forgets a patient: presence, leases, fencing, escalation, supervisors.

Real Redis, an injected clock, workers driven step by step — no sleeps.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import replace
from datetime import datetime
from datetime import time as dtime

import pytest
import redis.asyncio as aioredis
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.cases.priority import queue_score
from teleconsult.cases.record import at_risk_time, build_case
from teleconsult.settings.model import Doctor, Shift
from teleconsult.store import keys
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.web.app import create_app
from tests.test_pipeline import auth, go_online, worklists
from workers import router, timers
from workers.context import WorkerContext
from workers.runner import Worker

CT = get_testdata_file("CT_small.dcm")
ALWAYS = (Shift(days=tuple(range(7)), start=dtime(0), end=dtime(0)),)


class Clock:
    def __init__(self, now: float | None = None) -> None:
        self.now = time.time() if now is None else now

    def __call__(self) -> float:
        return self.now


def doctor(did: str, specialty: str = "radiology", **kw) -> Doctor:
    base = dict(id=did, name=did, specialties=(specialty,), clinics=("*",), capacity=10,
                token_sha256="0" * 64, shifts=ALWAYS)
    base.update(kw)
    return Doctor(**base)


@pytest.fixture()
def client(settings):
    c = aioredis.Redis.from_url(settings.redis_target().url)
    yield c


async def enqueue(settings, client, n: int, *, priorities=("routine",), clinic="futian",
                  modality="CT", start: float | None = None, patient=None) -> list[dict]:
    from teleconsult.routing.queue import CaseQueue

    storage, q = Storage(settings.data_dir), CaseQueue(client)
    start = time.time() if start is None else start
    out = []
    for i in range(n):
        study = {"study_instance_uid": generate_uid(), "modality": modality,
                 "patient": {"id": patient or f"P{i}"}}
        prio = priorities[i % len(priorities)]
        rec = build_case(case_id_for_study(study["study_instance_uid"]), study, clinic,
                         settings, start + i * 0.001, start, requested_priority=prio)
        storage.write_case(rec)
        storage.append_history(rec["case_id"], {"at": start, "status": "queued", "by": "t"})
        await q.enqueue(rec, queue_score(rec["priority"], rec["received_at"]),
                        at_risk_time(rec, settings))
        out.append(rec)
    return out


def ctx(settings, client, clock, name="w") -> WorkerContext:
    return WorkerContext.create(settings, client, clock, name)


async def owners(client, settings) -> dict[str, str]:
    out: dict[str, str] = {}
    for d in settings.doctors:
        for cid in await client.zrange(keys.doctor_cases(d), 0, -1):
            assert cid.decode() not in out, f"{cid} on two worklists"
            out[cid.decode()] = d
    return out


async def test_nobody_online_waits_then_first_poll_gets_it(settings, store_file, client,
                                                          aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    clock = Clock()
    worker = Worker(ctx(settings, client, clock))
    await worker.run(burst=True)
    clock.now += 3600
    await worker.run(burst=True)
    assert await owners(client, settings) == {}  # on shift but nobody online: it waits
    assert await client.zcard(keys.queue("radiology")) == 1
    http = await aiohttp_client(create_app(settings))
    on_duty = [d for d in ("rad-li", "rad-wang")
               if router.pool_for(await router.snapshot(ctx(settings, client, clock)),
                                  {"specialty": "radiology", "clinic": "futian"},
                                  settings.timezone, 2)
               and d in {x.id for x in router.pool_for(
                   await router.snapshot(ctx(settings, client, clock)),
                   {"specialty": "radiology", "clinic": "futian"}, settings.timezone, 2)}]
    doc = on_duty[0]
    r = await http.get("/api/v1/worklist", headers=auth(doc))  # the poll makes them online
    assert r.status == 200 and (await r.json())["items"] == []
    await worker.run(burst=True)
    assert list((await owners(client, settings)).values()) == [doc]


async def test_check_out_returns_unopened_cases_and_check_in_takes_them(settings, client,
                                                                        aiohttp_client):
    s = replace(settings, doctors={d.id: d for d in (doctor("r1"), doctor("r2"))})
    await enqueue(s, client, 4)
    clock = Clock()
    await go_online(client, s)
    await router.route_once(ctx(s, client, clock))
    before = await owners(client, s)
    assert sorted(before.values()) == ["r1", "r1", "r2", "r2"]
    http = await aiohttp_client(create_app(s))
    r1 = {"Authorization": "Bearer x"}
    from teleconsult.core.digest import hash_secret

    s2 = replace(s, doctors={d.id: replace(d, token_sha256=hash_secret(f"tok-{d.id}"))
                             for d in s.doctors.values()})
    http = await aiohttp_client(create_app(s2))
    r1 = {"Authorization": "Bearer tok-r1"}
    # r1 opens one case, then checks out: both go to r2, the opened one with a handover
    mine = [c for c, d in before.items() if d == "r1"]
    assert (await http.post(f"/api/v1/cases/{mine[0]}/claim", headers=r1)).status == 200
    r = await http.post("/api/v1/presence/check-out", headers=r1)
    assert (await r.json()) == {"doctor": "r1", "online": False, "checked_out": True}
    # polling does not bring a checked-out doctor back online
    await http.get("/api/v1/worklist", headers=r1)
    assert (await (await http.get("/api/v1/presence", headers=r1)).json())["online"] is False
    w = ctx(s2, client, clock)
    assert await timers.sweep_absent(w) == 2
    await router.route_once(w)
    after = await owners(client, s2)
    assert after[mine[0]] == "r2" and after[mine[1]] == "r2"
    assert [h.get("reason") for h in Storage(s.data_dir).history(mine[0])
            if h.get("handover")] == ["checked_out"]
    history = Storage(s.data_dir).history(mine[1])
    assert [h.get("reason") for h in history if h["status"] == "queued"][-1] == "checked_out"
    r = await http.post("/api/v1/presence/check-in", headers=r1)
    assert (await r.json())["online"] is True


async def test_late_actions_of_the_previous_owner_are_409(settings, client, aiohttp_client):
    from teleconsult.core.digest import hash_secret

    s = replace(settings, doctors={d.id: replace(d, token_sha256=hash_secret(f"tok-{d.id}"))
                                   for d in (doctor("r1"), doctor("r2"))})
    (rec,) = await enqueue(s, client, 1)
    await go_online(client, s, ["r1"])
    clock = Clock()
    await router.route_once(ctx(s, client, clock))
    assert (await owners(client, s)) == {rec["case_id"]: "r1"}
    # r1 never opens it; the lease runs out and r2 gets it
    await client.delete(keys.online("r1"))
    await go_online(client, s, ["r2"])
    clock.now += s.routing.priority_times["routine"].lease_seconds + 1
    w = ctx(s, client, clock)
    assert await timers.reclaim_expired(w) == 1
    await router.route_once(w)
    assert (await owners(client, s)) == {rec["case_id"]: "r2"}
    http = await aiohttp_client(create_app(s))
    for path, body in (("report", {"impression": "late"}), ("claim", None)):
        r = await http.post(f"/api/v1/cases/{rec['case_id']}/{path}",
                            headers={"Authorization": "Bearer tok-r1"}, json=body)
        assert r.status == 409, path
        assert (await r.json())["error"]["code"] == "stale_fence"
    assert Storage(s.data_dir).reports(rec["case_id"]) == []
    r = await http.post(f"/api/v1/cases/{rec['case_id']}/report",
                        headers={"Authorization": "Bearer tok-r2"}, json={"impression": "ok"})
    assert r.status == 201


async def test_lease_expiring_repeatedly_escalates(settings, client):
    s = replace(settings, doctors={d.id: d for d in (doctor("r1"),)})
    (rec,) = await enqueue(s, client, 1)
    await go_online(client, s)
    clock = Clock()
    lease = s.routing.priority_times["routine"].lease_seconds
    for _ in range(s.routing.max_lease_expiries):
        w = ctx(s, client, clock)
        await router.route_once(w)
        clock.now += lease + 1
        await timers.reclaim_expired(w)
    history = Storage(s.data_dir).history(rec["case_id"])
    esc = [h for h in history if h.get("event") == "escalated"]
    assert [h["reason"] for h in esc] == ["lease_expired_repeatedly"]
    assert esc[0]["level"] == 1


async def test_stat_with_nobody_on_duty_escalates_at_once_and_widens(settings, client):
    night_only = (Shift(days=tuple(range(7)), start=dtime(23, 59), end=dtime(0)),)
    far = doctor("far", clinics=("miaoyu",))           # online, on shift, other clinic
    off = doctor("off", shifts=night_only)             # off shift almost always
    s = replace(settings, doctors={d.id: d for d in (far, off)})
    (rec,) = await enqueue(s, client, 1, priorities=("stat",), clinic="futian")
    await go_online(client, s, ["far"])
    clock = Clock(datetime(2026, 11, 25, 10, 0, tzinfo=s.timezone).timestamp())
    await router.route_once(ctx(s, client, clock))
    history = Storage(s.data_dir).history(rec["case_id"])
    esc = [h for h in history if h.get("event") == "escalated"]
    assert [h["reason"] for h in esc] == ["no_one_eligible"]
    assert (await owners(client, s)) == {rec["case_id"]: "far"}  # another zone took it
    events = await client.xrange(keys.EVENTS)
    assert any(b'"escalation"' in f[b"data"] for _, f in events)


async def test_routine_with_nobody_waits_until_sla_escalation_widens(settings, client):
    near = doctor("near", clinics=("futian",))
    far = doctor("far", clinics=("miaoyu",))
    s = replace(settings, doctors={d.id: d for d in (near, far)})
    (rec,) = await enqueue(s, client, 1, clinic="futian")
    await go_online(client, s, ["far"])
    clock = Clock(rec["received_at"] + 1)
    await router.route_once(ctx(s, client, clock))
    assert await owners(client, s) == {}
    clock.now = at_risk_time(rec, s) + 1
    w = ctx(s, client, clock)
    assert await timers.check_slas(w) == 1
    await router.route_once(w)
    assert await owners(client, s) == {rec["case_id"]: "far"}
    clock.now = rec["due_at"] + 1
    assert await timers.check_slas(w) == 1
    reasons = [h["reason"] for h in Storage(s.data_dir).history(rec["case_id"])
               if h.get("event") == "escalated"]
    assert reasons == ["sla_at_risk", "sla_breached"]
    assert await timers.check_slas(w) == 0  # once each


async def test_subspecialist_and_same_reader_preferred(settings, client):
    neuro = doctor("neuro", subspecialties=("neuro",))
    general = doctor("general")
    s = replace(settings, doctors={d.id: d for d in (neuro, general)})
    await go_online(client, s)
    from teleconsult.routing.queue import CaseQueue

    storage, q = Storage(s.data_dir), CaseQueue(client)
    recs = []
    for i, part in enumerate(("HEAD", "CHEST", "CHEST")):
        study = {"study_instance_uid": generate_uid(), "modality": "CT", "body_part": part,
                 "patient": {"id": "SAME" if i else "X"}}
        rec = build_case(case_id_for_study(study["study_instance_uid"]), study, "futian", s,
                         time.time() + i, time.time())
        storage.write_case(rec)
        await client.sadd(keys.patient_cases(f"futian:{study['patient']['id']}"),
                          rec["case_id"])
        await q.enqueue(rec, queue_score(rec["priority"], rec["received_at"]), rec["due_at"])
        recs.append(rec)
    await router.route_once(ctx(s, client, Clock()))
    got = await owners(client, s)
    assert recs[0]["subspecialty"] == "neuro" and got[recs[0]["case_id"]] == "neuro"
    # the two chest CTs of one patient go to one reader, whoever is less loaded first
    assert got[recs[1]["case_id"]] == got[recs[2]["case_id"]]


async def test_many_routers_and_timers_with_doctors_vanishing(settings, client):
    """4 workers at once over 2,000 cases; doctors drop out; nothing twice, nothing lost."""
    rng = random.Random(7)
    docs = [doctor(f"r{i}", capacity=60) for i in range(8)] + \
        [doctor(f"c{i}", "cardiology", capacity=60) for i in range(4)]
    s = replace(settings, doctors={d.id: d for d in docs})
    n = 2000
    cases = await enqueue(s, client, n // 2, priorities=("routine", "urgent", "stat"))
    cases += await enqueue(s, client, n // 2, priorities=("routine", "stat"), modality="ECG")
    await go_online(client, s)
    clock = Clock()
    url = s.redis_target().url
    workers = [ctx(s, aioredis.Redis.from_url(url), clock, f"w{i}") for i in range(4)]

    async def churn(w: WorkerContext, rounds: int) -> int:
        made = 0
        for _ in range(rounds):
            made += await router.route_once(w)
            await timers.reclaim_expired(w)
            await timers.sweep_absent(w)
        return made

    # concurrent routers may each skip what another just took: loop until nothing moves,
    # as the running workers do
    for _ in range(5):
        if sum(await asyncio.gather(*(churn(w, 1) for w in workers))) == 0:
            break
    first = await owners(client, s)
    stat = {c["case_id"] for c in cases if c["priority"] == "stat"}
    assert stat <= set(first), "every STAT is assigned at once, over capacity if need be"
    # arrival order: among routine CTs the assigned ones are the earliest arrivals
    routine_ct = [c["case_id"] for c in cases if c["modality"] == "CT"
                  and c["priority"] == "routine"]
    got = [cid in first for cid in routine_ct]
    assert got == sorted(got, reverse=True)
    # three doctors vanish; leases run out; doctors sign what they hold, in rounds
    for d in rng.sample([d.id for d in docs], 3):
        await client.delete(keys.online(d))
    from teleconsult.routing.queue import CaseQueue

    q = CaseQueue(client)
    for _ in range(6):
        clock.now += 3601
        await go_online(client, s, [d for d in s.doctors
                                    if await client.exists(keys.online(d))])
        await asyncio.gather(*(churn(w, 1) for w in workers))
        for cid, doc in list((await owners(client, s)).items())[:400]:
            await q.owner_step(cid, doc, "reported")
    reported = 0
    queued = sum([await client.zcard(keys.queue(x)) for x in ("radiology", "cardiology")])
    held = await owners(client, s)
    for c in cases:
        st = await q.state(c["case_id"])
        reported += st["status"] == "reported"
        assert (st["status"] == "queued") == (not st["owner"])
    assert reported + queued + len(held) == n, "no case lost"
    storage = Storage(s.data_dir)
    for c in cases[:300]:  # history agrees with the single-owner rule
        assigned = [h for h in storage.history(c["case_id"]) if h.get("status") == "assigned"]
        fences = [h["fence"] for h in assigned]
        assert fences == sorted(set(fences))
    for w in workers:
        await w.redis.aclose()


async def test_admin_api(settings, client, aiohttp_client, store_file):
    http = await aiohttp_client(create_app(settings))
    url = "/api/v1/admin/roster/rad-li/overrides"
    r = await http.post(url, headers=auth("rad-li"), json={"date": "2026-12-01", "off": True})
    assert r.status == 403 and (await r.json())["error"]["code"] == "wrong_role"
    for body, text in (({"date": "2026-13-01", "off": True}, None),
                       ({"date": "2026-12-01"}, "off = true or start/end"),
                       ({"date": "2026-12-01", "start": "25:00", "end": "08:00"}, "start"),
                       ({"date": "2026-12-01", "off": True, "colour": "red"}, "unknown key")):
        r = await http.post(url, headers=auth("admin"), json=body)
        assert r.status == 400, body
        err = (await r.json())["error"]
        assert err["code"] == "invalid_override" and (text is None or text in err["message"])
    r = await http.post(url, headers=auth("admin"), json={"date": "2026-12-01", "off": True})
    assert r.status == 201
    r = await http.get(url, headers=auth("admin"))
    assert (await r.json())["added"] == [{"date": "2026-12-01", "off": True, "start": None,
                                          "end": None}]
    audit = (settings.data_dir / "audit" / "admin.jsonl").read_text()
    assert '"roster_override"' in audit and '"by":"admin"' in audit
    # the override takes rad-li off the roster that day
    from teleconsult.routing import roster_store
    from teleconsult.routing.roster import on_shift

    merged = {d.id: d for d in roster_store.merged(
        settings, await roster_store.current(client, settings))}
    noon = datetime(2026, 12, 1, 12, 0, tzinfo=settings.timezone)
    assert not on_shift(merged["rad-li"], noon, settings.timezone)
    assert on_shift(settings.doctors["rad-li"], noon, settings.timezone)
    # supervisor moves a case to a named doctor
    store_file(CT, "FUTIAN_CT")
    clock = Clock()
    await Worker(ctx(settings, client, clock)).run(burst=True)
    clock.now += 3600
    await Worker(ctx(settings, client, clock)).run(burst=True)
    cid = case_id_for_study(next(Storage(settings.data_dir).iter_study_uids()))
    r = await http.post(f"/api/v1/admin/cases/{cid}/assign", headers=auth("admin"),
                        json={"doctor": "card-chen"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "wrong_specialty"
    r = await http.post(f"/api/v1/admin/cases/{cid}/assign", headers=auth("admin"),
                        json={"doctor": "rad-wang", "reason": "neuro expertise"})
    assert r.status == 200
    lists = await worklists(http, "rad-wang")
    assert [i["case_id"] for i in lists["rad-wang"]] == [cid]
    r = await http.get("/api/v1/admin/overview", headers=auth("admin"))
    body = await r.json()
    assert {d["id"] for d in body["doctors"]} == set(settings.doctors)
    assert "radiology" in body["queues"]
    r = await http.get("/api/v1/admin/escalations", headers=auth("futian"))
    assert r.status == 403


async def test_reload_refuses_a_broken_file(settings, aiohttp_client, tmp_path):
    from pathlib import Path

    bad = tmp_path / "t.toml"
    bad.write_text(Path(settings.source).read_text(encoding="utf-8").replace(
        "capacity = 30", "capacity = -1", 1), encoding="utf-8")
    http = await aiohttp_client(create_app(replace(settings, source=str(bad))))
    r = await http.post("/api/v1/admin/reload", headers=auth("admin"))
    assert r.status == 400
    body = await r.json()
    assert body["error"]["code"] == "invalid_config"
    assert any("doctors[0].capacity" in p for p in body["problems"])
    good = await aiohttp_client(create_app(settings))
    r = await good.post("/api/v1/admin/reload", headers=auth("admin"))
    assert r.status == 200 and (await r.json())["version"] >= 1


async def test_metrics_show_escalations_and_turnaround(settings, client, aiohttp_client,
                                                       store_file):
    store_file(CT, "FUTIAN_CT")
    await go_online(client, settings)
    clock = Clock()
    await Worker(ctx(settings, client, clock)).run(burst=True)
    clock.now += 10
    await Worker(ctx(settings, client, clock)).run(burst=True)
    http = await aiohttp_client(create_app(settings))
    lists = await worklists(http, "rad-li", "rad-wang")
    item = (lists["rad-li"] + lists["rad-wang"])[0]
    r = await http.post(f"/api/v1/cases/{item['case_id']}/report",
                        headers=auth(item["assigned_to"]), json={"impression": "ok"})
    assert r.status == 201
    await client.hincrby(keys.METRICS, "escalations:sla_breached", 0)
    text = await (await http.get("/metrics")).text()
    assert 'teleconsult_time_to_assignment_seconds_count{priority="routine"} 1.0' in text
    assert 'teleconsult_time_to_report_seconds_count{priority="routine"} 1.0' in text
    assert "teleconsult_escalations_total" in text
    online = sum(d.title != "resident" and not d.expert for d in settings.doctors.values())
    assert f"teleconsult_doctors_online {online:.1f}" in text  # those go_online marked


async def test_supervisor_move_refuses_a_stale_owner(settings, client):
    """The admin read 'queued', a router assigned meanwhile: the move must not leave the
    case on two worklists (the API re-reads and retries on stale_owner)."""
    from teleconsult.routing.queue import CaseQueue, QueueError

    s = replace(settings, doctors={d.id: d for d in (doctor("r1"), doctor("r2"))})
    (rec,) = await enqueue(s, client, 1)
    await go_online(client, s, ["r1"])
    await router.route_once(ctx(s, client, Clock()))
    q = CaseQueue(client)
    with pytest.raises(QueueError, match="stale_owner"):
        await q.move(rec["case_id"], "radiology", "", "r2", time.time() + 60)
    assert await owners(client, s) == {rec["case_id"]: "r1"}
    await q.move(rec["case_id"], "radiology", "r1", "r2", time.time() + 60)
    assert await owners(client, s) == {rec["case_id"]: "r2"}

"""Queued cases → the least-loaded eligible doctor, one atomic assignment each.

*Who may* take a case (roster with overrides, specialty, zone, presence, escalation level)
is pure Python (``teleconsult.roster.eligible``); *who does*, and the recording of it, is one
Lua script, so routers can run in any number without assigning a case twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from teleconsult import events, keys, metrics_store, presence, roster_store
from teleconsult.cases import transition
from teleconsult.escalation import escalate
from teleconsult.priority import rank
from teleconsult.queue import Candidate
from teleconsult.roster import LEVEL_ANY_DOCTOR, eligible
from teleconsult.settings import Doctor
from workers.context import WorkerContext

log = logging.getLogger(__name__)
_BATCH = 200
_MAX_SCAN = 10_000  # cases looked at per specialty per pass


@dataclass(frozen=True)
class Snapshot:
    """What one routing pass knows about the doctors."""

    doctors: list[Doctor]
    online: set[str]
    at: datetime
    now: float


async def snapshot(ctx: WorkerContext) -> Snapshot:
    now = ctx.clock()
    extra = await roster_store.current(ctx.redis, ctx.settings)
    doctors = roster_store.merged(ctx.settings, extra)
    online = await presence.online_ids(ctx.redis, (d.id for d in doctors))
    return Snapshot(doctors, online, datetime.fromtimestamp(now, UTC), now)


def pool_for(snap: Snapshot, state: dict, tz, level: int) -> list[Doctor]:
    return eligible(snap.doctors, specialty=state.get("specialty", ""),
                    clinic_id=state.get("clinic", ""), zone=state.get("zone", ""),
                    subspecialty=state.get("subspecialty") or None, at=snap.at, tz=tz,
                    online=snap.online, level=level)


async def route_once(ctx: WorkerContext) -> int:
    """One pass over every specialty queue; returns the number of assignments made."""
    snap = await snapshot(ctx)
    specialties = {s for d in ctx.settings.doctors.values() for s in d.specialties}
    specialties |= set(ctx.settings.routing.specialty_by_modality.values())
    made = 0
    for specialty in sorted(specialties):
        full: set[str] = set()  # doctors found at capacity in this pass
        seen: set[bytes] = set()
        floor: float | str = "-inf"
        while len(seen) < _MAX_SCAN:
            # page by score, not offset: cases other routers take meanwhile shift offsets
            # and would make this pass skip earlier arrivals
            page = await ctx.redis.zrangebyscore(keys.queue(specialty), floor, "+inf",
                                                 start=0, num=_BATCH, withscores=True)
            batch = [(m, sc) for m, sc in page if m not in seen]
            if not batch:
                break
            states = await _states(ctx, [m.decode() for m, _ in batch])
            for (member, score), state in zip(batch, states, strict=True):
                seen.add(member)
                if state and await _route_case(ctx, snap, member.decode(), score, state, full):
                    made += 1
            floor = batch[-1][1]
    return made


async def _states(ctx: WorkerContext, case_ids: list[str]) -> list[dict]:
    pipe = ctx.redis.pipeline(transaction=False)
    for cid in case_ids:
        pipe.hgetall(keys.case(cid))
    return [{k.decode(): v.decode() for k, v in raw.items() if k != b"summary"}
            for raw in await pipe.execute()]


async def _route_case(ctx: WorkerContext, snap: Snapshot, case_id: str, score: float,
                      state: dict, full: set[str]) -> bool:
    priority = state.get("priority", "routine")
    level = int(state.get("level") or 0)
    pool = pool_for(snap, state, ctx.settings.timezone, level)
    while not pool and rank(priority) == 0 and level < LEVEL_ANY_DOCTOR:
        # STAT never waits for someone to come on duty: escalate and widen at once
        widened = await escalate(ctx.redis, ctx.storage, case_id, "no_one_eligible",
                                 snap.now, "router", from_level=level)
        level = widened if widened is not None else level + 1
        if widened is None:
            await ctx.redis.hset(keys.case(case_id), "level", level)
        pool = pool_for(snap, state, ctx.settings.timezone, level)
    stat = rank(priority) == 0
    if not stat:
        pool = [d for d in pool if d.id not in full]
    if not pool:
        return False  # waits; the SLA timer escalates it before it is forgotten
    lease = ctx.settings.routing.priority_times[priority].lease_seconds
    result = None
    preferred = await _same_patient_reader(ctx, case_id, state, pool)
    for candidates in ([[preferred]] if preferred else []) + [pool]:
        result = await ctx.queue.assign(
            case_id, state["specialty"], score, stat=stat, lease_deadline=snap.now + lease,
            candidates=[Candidate(d.id, d.capacity) for d in candidates])
        if result is not None:
            break
        full.update(d.id for d in candidates)
    if not isinstance(result, tuple):
        return False
    doctor, fence = result
    await _record(ctx, case_id, state, doctor, fence, snap.now)
    return True


async def _same_patient_reader(ctx: WorkerContext, case_id: str, state: dict,
                               pool: list[Doctor]) -> Doctor | None:
    """A doctor in the pool already holding an open case of the same patient, if any."""
    patient = state.get("patient")
    if not patient:
        return None
    by_id = {d.id: d for d in pool}
    for other in await ctx.redis.smembers(keys.patient_cases(f"{state['clinic']}:{patient}")):
        other_id = other.decode()
        if other_id == case_id:
            continue
        owner = await ctx.redis.hget(keys.case(other_id), "owner")
        if owner and owner.decode() in by_id:
            return by_id[owner.decode()]
    return None


async def _record(ctx: WorkerContext, case_id: str, state: dict, doctor: str, fence: int,
                  now: float) -> None:
    ctx.storage.append_history(case_id, transition("assigned", now, "router", to=doctor,
                                                   fence=fence))
    record = ctx.storage.read_case(case_id)
    if record and not int(state.get("assigned_once") or 0):
        await ctx.redis.hset(keys.case(case_id), "assigned_once", 1)
        await metrics_store.observe(ctx.redis, "time_to_assignment", record["priority"],
                                    now - record["received_at"])
    await events.publish(ctx.redis, "case_assigned", case_id=case_id, doctor=doctor,
                         clinic=state.get("clinic"), priority=state.get("priority"))
    log.info("case %s assigned to %s (fence %d)", case_id, doctor, fence)

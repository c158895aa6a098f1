"""Queued cases → the least-loaded on-duty doctor, one atomic assignment each.

The choice of *who may* take a case (roster, specialty, clinic coverage, presence) is pure
Python; the choice of *who does* and the recording of it is one Lua script, so routers can
run in any number without assigning a case twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from teleconsult import events, keys
from teleconsult.cases import transition
from teleconsult.priority import rank
from teleconsult.queue import Candidate
from teleconsult.roster import on_duty
from teleconsult.settings import Doctor
from workers.context import WorkerContext

log = logging.getLogger(__name__)
_BATCH = 200


def choose_pool(rostered: list[Doctor], online: set[str]) -> list[Doctor]:
    """Prefer doctors who are on shift *and* online; fall back to everyone on shift."""
    present = [d for d in rostered if d.id in online]
    return present or rostered


async def _online(ctx: WorkerContext, doctors: list[Doctor]) -> set[str]:
    if not doctors:
        return set()
    flags = await ctx.redis.mget([keys.online(d.id) for d in doctors])
    return {d.id for d, f in zip(doctors, flags, strict=True) if f}


async def route_once(ctx: WorkerContext) -> int:
    """One pass over every specialty queue; returns the number of assignments made."""
    now = ctx.clock()
    at = datetime.fromtimestamp(now, UTC)
    specialties = {s for d in ctx.settings.doctors.values() for s in d.specialties}
    specialties |= set(ctx.settings.routing.specialty_by_modality.values())
    doctors = list(ctx.settings.doctors.values())
    online = await _online(ctx, doctors)
    made = 0
    for specialty in sorted(specialties):
        for case_id, score in await ctx.queue.queued(specialty, _BATCH):
            state = await ctx.queue.state(case_id)
            if not state:
                continue
            pool = choose_pool(on_duty(doctors, specialty, state.get("clinic", ""), at,
                                       ctx.settings.timezone), online)
            if not pool:
                continue  # waits; the timers escalate STAT with nobody on duty
            priority = state.get("priority", "routine")
            lease = ctx.settings.routing.priority_times[priority].lease_seconds
            result = await ctx.queue.assign(
                case_id, specialty, score, stat=rank(priority) == 0,
                lease_deadline=now + lease,
                candidates=[Candidate(d.id, d.capacity) for d in pool])
            if isinstance(result, tuple):
                doctor, fence = result
                made += 1
                await _record(ctx, case_id, state, doctor, fence, now)
    return made


async def _record(ctx: WorkerContext, case_id: str, state: dict, doctor: str, fence: int,
                  now: float) -> None:
    ctx.storage.append_history(case_id, transition("assigned", now, "router", to=doctor,
                                                   fence=fence))
    await events.publish(ctx.redis, "case_assigned", case_id=case_id, doctor=doctor,
                         clinic=state.get("clinic"), priority=state.get("priority"))
    log.info("case %s assigned to %s (fence %d)", case_id, doctor, fence)

"""Deadlines, so nothing waits unseen: unopened leases, absent doctors, SLAs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from teleconsult import events, keys, roster_store
from teleconsult.cases import transition
from teleconsult.escalation import escalate
from teleconsult.presence import online_ids
from teleconsult.queue import QueueError
from teleconsult.roster import LEVEL_ANY_DOCTOR, on_shift
from workers.context import WorkerContext

log = logging.getLogger(__name__)


async def _requeue(ctx: WorkerContext, case_id: str, state: dict, reason: str, now: float,
                   expired_by: float | None = None) -> bool:
    owner = state.get("owner", "")
    try:
        await ctx.queue.requeue(case_id, state.get("specialty", ""), owner, doctor=owner,
                                expired_by=expired_by)
    except QueueError as exc:
        if exc.code == "not_found":
            await ctx.redis.zrem(keys.LEASES, case_id)  # a lease left by a lost case hash
        return False
    ctx.storage.append_history(case_id, transition("queued", now, "timer", reason=reason,
                                                   previous=owner))
    await events.publish(ctx.redis, "case_reassigning", case_id=case_id, doctor=owner,
                         clinic=state.get("clinic"), reason=reason)
    log.warning("case %s: back to the queue from %s (%s)", case_id, owner, reason)
    return True


async def reclaim_expired(ctx: WorkerContext) -> int:
    """Requeue every case whose lease ran out; escalate one that keeps expiring."""
    now = ctx.clock()
    done = 0
    for case_id in await ctx.queue.expired_leases(now):
        state = await ctx.queue.state(case_id)
        if not await _requeue(ctx, case_id, state, "lease_expired", now, expired_by=now):
            continue
        done += 1
        expiries = await ctx.redis.hincrby(keys.case(case_id), "expiries", 1)
        if expiries >= ctx.settings.routing.max_lease_expiries:
            await escalate(ctx.redis, ctx.storage, case_id, "lease_expired_repeatedly", now,
                           "timer", expiries=expiries)
    return done


async def sweep_absent(ctx: WorkerContext) -> int:
    """Unopened cases of doctors who went off shift, checked out or went silent go back."""
    now = ctx.clock()
    at = datetime.fromtimestamp(now, UTC)
    doctors = roster_store.merged(ctx.settings,
                                  await roster_store.current(ctx.redis, ctx.settings))
    online = await online_ids(ctx.redis, (d.id for d in doctors))
    done = 0
    for d in doctors:
        if d.id in online and on_shift(d, at, ctx.settings.timezone):
            continue
        case_ids = [m.decode() for m in await ctx.redis.zrange(keys.doctor_cases(d.id), 0, -1)]
        if not case_ids:
            continue
        reason = "off_shift" if not on_shift(d, at, ctx.settings.timezone) else (
            "checked_out" if await ctx.redis.exists(keys.checked_out(d.id)) else "silent")
        for case_id in case_ids:
            state = await ctx.queue.state(case_id)
            # a case given to someone called in by escalation stays with them; a stale
            # worklist entry (owner is someone else now) is not this doctor's to give back
            if state.get("status") == "assigned" and state.get("owner") == d.id and int(
                    state.get("level") or 0) < LEVEL_ANY_DOCTOR and await _requeue(
                    ctx, case_id, state, reason, now):
                done += 1
    return done


async def check_slas(ctx: WorkerContext) -> int:
    """Escalate open cases at the SLA's warning point, and again when it is breached."""
    now = ctx.clock()
    due = await ctx.redis.zrangebyscore(keys.DEADLINES, "-inf", now, start=0, num=500)
    done = 0
    for raw in due:
        case_id = raw.decode()
        record = ctx.storage.read_case(case_id)
        state = await ctx.queue.state(case_id)
        if record is None or state.get("status") not in ("queued", "assigned", "in_review"):
            await ctx.redis.zrem(keys.DEADLINES, case_id)
            continue
        if now >= record["due_at"]:
            await escalate(ctx.redis, ctx.storage, case_id, "sla_breached", now, "timer")
            await ctx.redis.zrem(keys.DEADLINES, case_id)
        else:
            await escalate(ctx.redis, ctx.storage, case_id, "sla_at_risk", now, "timer",
                           due_at=record["due_at"])
            await ctx.redis.zadd(keys.DEADLINES, {case_id: record["due_at"]})
        done += 1
    return done

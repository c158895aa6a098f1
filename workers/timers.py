"""Deadlines, so nothing waits unseen: unopened leases, absent doctors, SLAs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from teleconsult.cases.record import transition
from teleconsult.reporting import consultations
from teleconsult.routing import callin, calling, handing, handover, roster_store
from teleconsult.routing.escalation import escalate
from teleconsult.routing.presence import online_ids
from teleconsult.routing.queue import QueueError
from teleconsult.routing.reading import Reading
from teleconsult.routing.roster import LEVEL_ANY_DOCTOR, on_shift
from teleconsult.settings.handover import HandoverConfig
from teleconsult.settings.model import Doctor
from teleconsult.store import events, keys
from workers.context import WorkerContext
from workers.router import snapshot

log = logging.getLogger(__name__)


async def _requeue(ctx: WorkerContext, case_id: str, state: dict, reason: str, now: float,
                   expired_by: float | None = None) -> bool:
    owner = state.get("owner", "")
    try:
        await ctx.queue.requeue(case_id, state.get("specialty", ""), owner, doctor=owner,
                                expired_by=expired_by)
    except QueueError as exc:
        if exc.code == "not_found":
            # a lease left by a lost case hash
            await ctx.redis.zrem(keys.leases(keys.case_community(case_id)), case_id)
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
    expired = [cid for community in ctx.settings.community_ids()
               for cid in await ctx.queue.expired_leases(now, community=community)]
    for case_id in expired:
        state = await ctx.queue.state(case_id)
        if not await _requeue(ctx, case_id, state, "lease_expired", now, expired_by=now):
            continue
        done += 1
        # the next assignment goes to someone else when anyone else may take it
        await ctx.redis.hset(keys.case(case_id), "not_to", state.get("owner", ""))
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
        case_ids = [m.decode() for m in
                    await ctx.redis.zrange(keys.doctor_cases(d.id, d.community), 0, -1)]
        if not case_ids:
            continue
        reason = "off_shift" if not on_shift(d, at, ctx.settings.timezone) else (
            "checked_out" if await ctx.redis.exists(keys.checked_out(d.id)) else "silent")
        for case_id in case_ids:
            state = await ctx.queue.state(case_id)
            if state.get("status") == "in_review" and state.get("owner") == d.id:
                done += await _review(ctx, d, case_id, state, now, d.id in online)
                continue
            # a case given to someone called in by escalation stays with them; a stale
            # worklist entry (owner is someone else now) is not this doctor's to give back
            if state.get("status") == "assigned" and state.get("owner") == d.id and int(
                    state.get("level") or 0) < LEVEL_ANY_DOCTOR and await _requeue(
                    ctx, case_id, state, reason, now):
                done += 1
    return done


async def check_slas(ctx: WorkerContext) -> int:
    """Escalate open cases at the SLA's warning point, and again when it is breached; a
    STAT or urgent still unopened at the warning point calls a doctor in."""
    now = ctx.clock()
    done = 0
    for community in ctx.settings.community_ids():
        done += await _check_slas(ctx, community, now)
    return done


async def _check_slas(ctx: WorkerContext, community: str, now: float) -> int:
    deadlines = keys.deadlines(community)
    due = await ctx.redis.zrangebyscore(deadlines, "-inf", now, start=0, num=500)
    done = 0
    for raw in due:
        case_id = raw.decode()
        record = ctx.storage.read_case(case_id)
        state = await ctx.queue.state(case_id)
        if record is None or state.get("status") not in ("queued", "assigned", "in_review"):
            await ctx.redis.zrem(deadlines, case_id)
            continue
        # a review item runs on the review SLA from its preliminary (see review_rules)
        due_at = float(state.get("review_due") or record["due_at"])
        if now >= due_at:
            await escalate(ctx.redis, ctx.storage, case_id, "sla_breached", now, "timer")
            await ctx.redis.zrem(deadlines, case_id)
        else:
            await escalate(ctx.redis, ctx.storage, case_id, "sla_at_risk", now, "timer",
                           due_at=due_at)
            await ctx.redis.zadd(deadlines, {case_id: due_at})
            if record["priority"] in callin.CALLS_IN and state.get("status") != "in_review":
                await calling.start(ctx, await snapshot(ctx, community), case_id, state,
                                    callin.SLA_AT_RISK)
        done += 1
    return done


async def _review(ctx: WorkerContext, doctor: Doctor, case_id: str, state: dict, now: float,
                  online: bool) -> int:
    """An absent doctor's open read: kept, or handed back with its draft (see
    ``teleconsult.routing.handover`` for who loses a case when)."""
    cfg = ctx.settings.handover or HandoverConfig()
    tz = ctx.settings.timezone
    # someone called in by escalation is judged by silence only, not by the roster
    on = int(state.get("level") or 0) >= LEVEL_ANY_DOCTOR or on_shift(
        doctor, datetime.fromtimestamp(now, UTC), tz)
    reader = handover.ReaderState(
        priority=state.get("priority", "routine"), on_shift=on, online=online,
        checked_out=bool(await ctx.redis.exists(keys.checked_out(doctor.id))),
        active_at=float(state.get("active_at") or 0), page_at=float(state.get("page_at") or 0),
        shift_ended_recently=not on and handover.shift_ended_within(
            lambda t: on_shift(doctor, t, tz), now, cfg.end_of_shift_seconds))
    reason = handover.decide(reader, now, cfg)
    if reason == handover.KEEP:
        return 0
    return int(await handing.hand_back(
        Reading(ctx.redis), ctx.storage, case_id, state, reason, now, "timer",
        beat=state.get("beat") or "0", fence=int(state.get("fence") or 0)))


async def check_reads(ctx: WorkerContext) -> int:
    """A read open longer than its priority's limit (STAT: 10 min) is escalated, which
    pages the supervisors; the reader keeps the case."""
    now = ctx.clock()
    done = 0
    for raw in await ctx.redis.zrangebyscore(keys.READ_TIMERS, "-inf", now, start=0, num=200):
        case_id = raw.decode()
        await ctx.redis.zrem(keys.READ_TIMERS, case_id)
        state = await ctx.queue.state(case_id)
        if state.get("status") != "in_review":
            continue
        claimed = float(state.get("claimed_at") or now)
        await escalate(ctx.redis, ctx.storage, case_id, "read_overdue", now, "timer",
                       widen=False, reader=state.get("owner"),
                       reading_minutes=round((now - claimed) / 60, 1))
        done += 1
    return done


async def check_consultations(ctx: WorkerContext) -> int:
    """Consultation claims whose lease ran out go back to the pool; one past its SLA is
    escalated to the next expert (``teleconsult.reporting.consultations``)."""
    now = ctx.clock()
    pools = ctx.settings.consult_pools
    return (await consultations.release_expired(ctx.redis, ctx.storage, pools, now)
            + await consultations.check_slas(ctx.redis, ctx.storage, pools, now))

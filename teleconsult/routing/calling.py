"""Calling a doctor in, the Redis side (who and when: ``teleconsult.routing.callin``).

A call is a page (``call_in``, to the doctor called), a ``called_in`` history line
(``to``, ``reason``: ``busy``, ``sla_at_risk`` or ``no_answer``), an
escalation (once per case: the supervisors are paged, the case becomes eligible to anyone
of the specialty) and three case fields: ``call_in`` (the doctor called last), ``called_in``
(everyone called, comma-separated) and ``called_at``. ``CALL_INS`` lists the cases waiting
for a called doctor; each routing pass follows them up (``follow_up``): the case moves to
a doctor called for it once they are online, or the next doctor is called when the wait
is over.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from teleconsult.cases.record import transition
from teleconsult.routing import callin, pager, paging
from teleconsult.routing.escalation import escalate
from teleconsult.routing.queue import QueueError
from teleconsult.routing.roster import LEVEL_CALL_IN, on_shift
from teleconsult.settings.paging import PagingConfig
from teleconsult.settings.review import admits_reviewer
from teleconsult.store import events, keys, metrics

log = logging.getLogger(__name__)
_STAT_BAND = 1e10  # queue scores below this are STAT (see priority.queue_score)


def _doctors(ctx: Any, snap: Any, state: dict) -> list[callin.Doc]:
    """The doctors of the case's specialty as ``callin`` sees them."""
    cfg = ctx.settings.paging or PagingConfig()
    tz = ctx.settings.timezone
    local = datetime.fromtimestamp(snap.now, tz)
    priority = state.get("priority", "routine")
    out = []
    review = state.get("kind") == "review"
    for d in snap.doctors:
        if state.get("specialty") not in d.specialties or d.expert:
            continue
        if review and not admits_reviewer(state.get("review_min", ""), d.title, d.expert, d.id,
                                          state.get("writer", "")):
            continue  # a review calls in only those who may review it
        person = cfg.people.get(d.id)
        pageable = (person is not None and "call_in" in person.events
                    and any(c in cfg.channels for c in person.channels)
                    and paging.hold_until(person, priority, local) is None)
        out.append(callin.Doc(d.id, d.id in snap.online, on_shift(d, snap.at, tz),
                              d.covers(state.get("clinic", ""), state.get("zone", "")),
                              snap.loads.get(d.id, 0), pageable))
    return out


async def _fields(ctx: Any, case_id: str) -> tuple[list[str], float | None]:
    called, at = await ctx.redis.hmget(keys.case(case_id), "called_in", "called_at")
    return ([c for c in called.decode().split(",") if c] if called else [],
            float(at) if at else None)


async def start(ctx: Any, snap: Any, case_id: str, state: dict, why: str) -> str | None:
    """Call a doctor in for the case, unless one was called less than the wait ago;
    returns who was called."""
    called, called_at = await _fields(ctx, case_id)
    if not callin.call_next(called_at, snap.now, ctx.settings.routing.call_in_wait_seconds):
        return None
    return await _call(ctx, snap, case_id, state, why, called)


async def _coming(ctx: Any, case_id: str) -> set[str]:
    """Doctors called in for other cases who are still awaited."""
    others = [m for m in await ctx.redis.zrange(keys.CALL_INS, 0, -1) if m.decode() != case_id]
    if not others:
        return set()
    pipe = ctx.redis.pipeline(transaction=False)
    for m in others:
        pipe.hget(keys.case(m.decode()), "call_in")
    return {v.decode() for v in await pipe.execute() if v}


async def _call(ctx: Any, snap: Any, case_id: str, state: dict, why: str,
                called: list[str]) -> str | None:
    who = callin.whom(_doctors(ctx, snap, state), called, await _coming(ctx, case_id))
    if who is None:
        return None
    now = snap.now
    pipe = ctx.redis.pipeline(transaction=False)
    pipe.hset(keys.case(case_id), mapping={"call_in": who, "called_in": ",".join(called + [who]),
                                           "called_at": repr(now)})
    pipe.zadd(keys.CALL_INS, {case_id: now})
    pager.request_into(pipe, "call_in", now, case_id=case_id, doctor=who, reason=why,
                       priority=state.get("priority"), specialty=state.get("specialty"),
                       clinic=state.get("clinic"))
    await pipe.execute()
    ctx.storage.append_history(case_id, {"at": now, "event": "called_in", "to": who,
                                         "reason": why, "by": "router"})
    level = await escalate(ctx.redis, ctx.storage, case_id, "call_in", now, "router",
                           to_level=LEVEL_CALL_IN, doctor=who, why=why)
    if level is None:  # escalated before: the case is already open to anyone called in
        await ctx.redis.hset(keys.case(case_id), "level", max(
            LEVEL_CALL_IN, int(await ctx.redis.hget(keys.case(case_id), "level") or 0)))
    log.warning("case %s: %s called in (%s)", case_id, who, why)
    return who


async def follow_up(ctx: Any, snap: Any) -> int:
    """Each pending call-in: the case moves to a doctor called for it (the first called
    first) once they are online and free, or the next doctor is called once the wait is
    over; returns how many moved."""
    moved = 0
    for raw in await ctx.redis.zrange(keys.CALL_INS, 0, -1):
        case_id = raw.decode()
        if keys.case_community(case_id) != snap.community:
            continue  # another community's router (and doctors) follow it up
        state = await ctx.queue.state(case_id)
        status, owner = state.get("status", ""), state.get("owner", "")
        called, called_at = await _fields(ctx, case_id)
        if status not in ("queued", "assigned") or not called or owner in called:
            await ctx.redis.zrem(keys.CALL_INS, case_id)  # opened, signed or theirs already
            continue
        here = next((d for d in called if callin.takes_it(
            status, owner, d, d in snap.online,
            state.get("priority") != "stat" or not snap.stats.get(d, 0))), None)
        if here is not None and await _move(ctx, snap, case_id, state, here):
            await ctx.redis.zrem(keys.CALL_INS, case_id)
            moved += 1
            continue
        if callin.call_next(called_at, snap.now, ctx.settings.routing.call_in_wait_seconds) \
                and await _call(ctx, snap, case_id, state, "no_answer", called) is None:
            # nobody left to call: the doctors called may still come; look less often
            await ctx.redis.hset(keys.case(case_id), "called_at", repr(snap.now))
    return moved


async def _move(ctx: Any, snap: Any, case_id: str, state: dict, doctor: str) -> bool:
    """The called doctor is here: the still unopened case is theirs (a new fence)."""
    now, owner = snap.now, state.get("owner", "")
    lease = ctx.settings.routing.priority_times[state.get("priority", "routine")].lease_seconds
    try:
        fence = await ctx.queue.move(case_id, state.get("specialty", ""), owner, doctor,
                                     now + lease, unopened_only=True)
    except QueueError:
        return False  # opened or moved meanwhile
    ctx.storage.append_history(case_id, transition("assigned", now, "router", to=doctor,
                                                   fence=fence, reason="called_in",
                                                   previous=owner or None))
    pipe = ctx.redis.pipeline(transaction=False)
    events.publish_into(pipe, "case_assigned", at=now, case_id=case_id, doctor=doctor,
                        clinic=state.get("clinic"), priority=state.get("priority"))
    if owner:
        events.publish_into(pipe, "case_reassigning", at=now, case_id=case_id, doctor=owner,
                            clinic=state.get("clinic"), reason="called_in")
    if not int(state.get("assigned_once") or 0):
        pipe.hset(keys.case(case_id), "assigned_once", 1)
        metrics.observe_into(pipe, "time_to_assignment", state.get("priority", "routine"),
                                   now - float(state.get("score", now)) % _STAT_BAND)
    await pipe.execute()
    counts = [snap.loads]
    counts += [snap.high] if state.get("priority") in ("stat", "urgent") else []
    counts += [snap.stats] if state.get("priority") == "stat" else []
    for count in counts:  # the pass's predictions
        count[doctor] = count.get(doctor, 0) + 1
        if owner:
            count[owner] = max(0, count.get(owner, 0) - 1)
    log.warning("case %s: moved to %s, called in for it", case_id, doctor)
    return True


def restore(client: Any, record: dict, history: list[dict], status: str) -> None:
    """``reindex``: a case still waiting for a doctor called in keeps waiting for them."""
    calls = [h for h in history if h.get("event") == "called_in"]
    if not calls or status not in ("queued", "assigned"):
        return
    client.hset(keys.case(record["case_id"]), mapping={
        "call_in": calls[-1]["to"], "called_at": repr(calls[-1]["at"]),
        "called_in": ",".join(dict.fromkeys(h["to"] for h in calls))})
    client.zadd(keys.CALL_INS, {record["case_id"]: calls[-1]["at"]})

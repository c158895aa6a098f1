"""Queued cases → the least-loaded eligible doctor, one atomic assignment each.

*Who may* take a case (roster with overrides, specialty, zone, presence, escalation level)
is pure Python (``teleconsult.routing.roster.eligible``); *who does*, and the recording of
it, is one Lua script per case, so routers can run in any number without assigning a case
twice.

For throughput a pass works a page of cases at a time: eligibility is computed once per
kind of case, each case is offered to its few least-loaded candidates (loads predicted
within the page, checked for real by the script), and the page's scripts go to Redis in one
pipeline. One router at a time works a specialty (a short lock), so several routers do
not all evaluate the same queue head.

A STAT goes to a doctor holding no other STAT when there is one (widening the pool for it),
and calls a doctor in when there is none (``teleconsult.routing.callin``); each pass first
follows up the doctors called in (``teleconsult.routing.calling``). An urgent goes to
whoever will read it first, any zone (``teleconsult.routing.placement``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from teleconsult.cases.priority import rank
from teleconsult.cases.record import transition
from teleconsult.reporting import review_rules
from teleconsult.routing import callin, calling, pager, placement, presence, roster_store
from teleconsult.routing.escalation import escalate
from teleconsult.routing.queue import Candidate
from teleconsult.routing.roster import LEVEL_ANY_DOCTOR, LEVEL_ANY_ZONE, eligible
from teleconsult.settings.model import Doctor
from teleconsult.store import events, keys, locks, metrics
from workers.context import WorkerContext

log = logging.getLogger(__name__)
_PAGE = 100
_MAX_SCAN = 20_000  # cases looked at per specialty per pass
_CANDIDATES = 6  # least-loaded candidates offered to the script per case
_LOCK_MS = 10_000
_STAT_BAND = 1e10  # queue scores below this are STAT (see priority.queue_score)
_URGENT_BAND = 2e10  # … and below this STAT or urgent


@dataclass
class Snapshot:
    """What one routing pass knows about the doctors (loads are predictions)."""

    doctors: list[Doctor]
    online: set[str]
    at: datetime
    now: float
    loads: dict[str, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)  # STATs each doctor holds
    high: dict[str, int] = field(default_factory=dict)  # STAT and urgent cases held
    full: set[str] = field(default_factory=set)
    pools: dict[tuple, list[Doctor]] = field(default_factory=dict)


async def snapshot(ctx: WorkerContext) -> Snapshot:
    now = ctx.clock()
    extra = await roster_store.current(ctx.redis, ctx.settings)
    doctors = roster_store.merged(ctx.settings, extra)
    online = await presence.online_ids(ctx.redis, (d.id for d in doctors))
    pipe = ctx.redis.pipeline(transaction=False)
    for d in doctors:
        pipe.zcard(keys.doctor_cases(d.id))
        pipe.zcount(keys.doctor_cases(d.id), "-inf", f"({_STAT_BAND}")
        pipe.zcount(keys.doctor_cases(d.id), "-inf", f"({_URGENT_BAND}")
    counts = await pipe.execute()
    ids = [d.id for d in doctors]
    return Snapshot(doctors, online, datetime.fromtimestamp(now, UTC), now,
                    dict(zip(ids, counts[0::3], strict=True)),
                    dict(zip(ids, counts[1::3], strict=True)),
                    dict(zip(ids, counts[2::3], strict=True)))


def pool_for(snap: Snapshot, state: dict, tz, level: int) -> list[Doctor]:
    """Eligible doctors, computed once per kind of case in a pass; a review item's pool
    holds only the reviewers its rule admits (never the writer)."""
    review = state.get("kind") == "review"
    key = (state.get("specialty", ""), state.get("clinic", ""), state.get("zone", ""),
           state.get("subspecialty") or None, level,
           (state.get("writer"), state.get("review_min"), state.get("review_zone"))
           if review else None)
    if key not in snap.pools:
        # a review is remote work: unless its rule keeps it in the zone, any zone's reviewer
        wide = review and state.get("review_zone") != "1"
        pool = eligible(snap.doctors, specialty=key[0], clinic_id=key[1], zone=key[2],
                        subspecialty=key[3], at=snap.at, tz=tz, online=snap.online,
                        level=max(level, LEVEL_ANY_ZONE) if wide else level)
        if review:
            rule = review_rules.rule_of_item(state.get("review_min", ""),
                                             state.get("review_zone", ""))
            pool = [d for d in pool if review_rules.may_review(
                rule, d, state.get("writer", ""), key[0], key[1], key[2])]
        snap.pools[key] = pool
    return snap.pools[key]


async def route_once(ctx: WorkerContext) -> int:
    """One pass over every specialty queue; returns the number of assignments made."""
    snap = await snapshot(ctx)
    specialties = {s for d in ctx.settings.doctors.values() for s in d.specialties}
    specialties |= set(ctx.settings.routing.specialty_by_modality.values())
    made = 0
    if await ctx.redis.exists(keys.CALL_INS):
        made += await calling.follow_up(ctx, snap)
    for specialty in sorted(specialties):
        lock = f"{keys.queue(specialty)}:router"
        token = await locks.acquire(ctx.redis, lock, _LOCK_MS, owner=ctx.name)
        if token is None:
            continue  # another router is working this queue right now
        try:
            made += await _route_specialty(ctx, snap, specialty)
        finally:
            await locks.release(ctx.redis, lock, token)
    return made


async def _route_specialty(ctx: WorkerContext, snap: Snapshot, specialty: str) -> int:
    queue_key = keys.queue(specialty)
    seen: set[bytes] = set()
    floor: float | str = "-inf"
    made = 0
    while len(seen) < _MAX_SCAN:
        # page by score, not offset (assigned cases leave the queue); and look at the
        # STAT band again first, so a STAT that arrived mid-pass does not wait for the end
        stat_page = await ctx.redis.zrangebyscore(queue_key, "-inf", f"({_STAT_BAND}",
                                                  start=0, num=_PAGE, withscores=True)
        page = await ctx.redis.zrangebyscore(queue_key, floor, "+inf", start=0, num=_PAGE,
                                             withscores=True)
        batch = [(m, sc) for m, sc in dict(stat_page + page).items() if m not in seen]
        if not batch:
            break
        seen.update(m for m, _ in batch)
        made += await _route_page(ctx, snap, batch)
        if page:
            floor = page[-1][1]
    return made


async def _states(ctx: WorkerContext, case_ids: list[str]) -> list[dict]:
    pipe = ctx.redis.pipeline(transaction=False)
    for cid in case_ids:
        pipe.hmget(keys.case(cid), "status", "owner", "priority", "specialty", "clinic",
                   "zone", "subspecialty", "patient", "level", "assigned_once", "not_to",
                   "kind", "writer", "review_min", "review_zone")
    names = ("status", "owner", "priority", "specialty", "clinic", "zone", "subspecialty",
             "patient", "level", "assigned_once", "not_to", "kind", "writer", "review_min",
             "review_zone")
    return [{n: v.decode() for n, v in zip(names, raw, strict=True) if v is not None}
            for raw in await pipe.execute()]


async def _route_page(ctx: WorkerContext, snap: Snapshot, batch: list[tuple[bytes, float]]
                      ) -> int:
    ids = [m.decode() for m, _ in batch]
    states = await _states(ctx, ids)
    readers = await _same_patient_readers(ctx, ids, states)
    plans, planned = [], []
    for (case_id, score), state in zip(zip(ids, (s for _, s in batch), strict=True), states,
                                       strict=True):
        if state.get("status") != "queued":
            continue
        candidates = await _candidates(ctx, snap, case_id, state, readers.get(case_id))
        if not candidates:
            continue
        priority = state.get("priority", "routine")
        lease = ctx.settings.routing.priority_times[priority].lease_seconds
        plans.append((case_id, state["specialty"], score, rank(priority) == 0,
                      snap.now + lease,
                      [Candidate(d.id, _capacity(snap, d, priority)) for d in candidates]))
        planned.append(state)
        first = candidates[0].id
        snap.loads[first] = snap.loads.get(first, 0) + 1
        if rank(priority) <= 1:
            snap.high[first] = snap.high.get(first, 0) + 1
        if rank(priority) == 0:
            snap.stats[first] = snap.stats.get(first, 0) + 1
    if not plans:
        return 0
    results = await ctx.queue.assign_many(plans)
    done = []
    for plan, state, result in zip(plans, planned, results, strict=True):
        if isinstance(result, tuple):
            done.append((plan[0], state, plan[2], *result))
        elif result is None:  # every candidate was at capacity
            snap.full.update(c.doctor_id for c in plan[5])
    await _record(ctx, done, snap.now)
    return len(done)


def _capacity(snap: Snapshot, d: Doctor, priority: str) -> int:
    """The capacity the assignment script checks the doctor's open cases against: an urgent
    counts only the STAT and urgent ones (its routine ones wait for it)."""
    if rank(priority) != 1:
        return d.capacity
    return d.capacity + max(0, snap.loads.get(d.id, 0) - snap.high.get(d.id, 0))


async def _candidates(ctx: WorkerContext, snap: Snapshot, case_id: str, state: dict,
                      same_reader: str | None) -> list[Doctor]:
    priority = state.get("priority", "routine")
    level = int(state.get("level") or 0)
    stat = rank(priority) == 0
    not_to = state.get("not_to") or ""
    pool = pool_for(snap, state, ctx.settings.timezone, level)

    def free(pool: list[Doctor]) -> list[Doctor]:
        ids = set(callin.free_for_stat([d.id for d in pool], snap.stats, not_to))
        return [d for d in pool if d.id in ids]

    while stat and level < LEVEL_ANY_DOCTOR and not free(pool):
        # STAT never waits for someone to come on duty, nor behind another STAT (or for the
        # doctor who let its lease run out) while someone else may read it: widen at once.
        # Nobody on duty is an escalation; everyone busy is only a wider look (a history
        # line): the supervisors are paged when a doctor has to be called in.
        widened = None
        if not pool:
            widened = await escalate(ctx.redis, ctx.storage, case_id, "no_one_eligible",
                                     snap.now, "router", from_level=level)
        else:
            ctx.storage.append_history(case_id, {"at": snap.now, "event": "widened",
                                                 "reason": "no_one_free", "level": level + 1,
                                                 "by": "router"})
        level = widened if widened is not None else level + 1
        if widened is None:
            await ctx.redis.hset(keys.case(case_id), "level", level)
        pool = pool_for(snap, state, ctx.settings.timezone, level)
    if stat:
        if callin.stuck([d.id for d in free(pool)], [d.id for d in pool],
                        bool(int(state.get("assigned_once") or 0))):
            # everyone who may read it holds a STAT (or let this one lapse), again: call a
            # doctor in; meanwhile it waits with the one holding the fewest STATs
            await calling.start(ctx, snap, case_id, state, callin.BUSY)
        pool = free(pool) or sorted(pool, key=lambda d: snap.stats.get(d.id, 0))
    elif rank(priority) == 1:
        return _urgent(ctx, snap, state, pool, level, not_to, same_reader)
    else:
        pool = [d for d in pool if d.id not in snap.full]
    # a reader who handed the case over is not given it straight back, if anyone else may
    pool = [d for d in pool if d.id != not_to] or pool
    reader = next((d for d in pool if d.id == same_reader), None)
    if reader and (stat or snap.loads.get(reader.id, 0) < reader.capacity):
        return [reader]  # the patient's current reader
    if stat:  # one candidate: the STAT counts are predicted within the page
        return sorted(pool, key=lambda d: (snap.stats.get(d.id, 0), snap.loads.get(d.id, 0),
                                           d.id))[:1]
    return sorted(pool, key=lambda d: (snap.loads.get(d.id, 0), d.id))[:_CANDIDATES]


def _urgent(ctx: WorkerContext, snap: Snapshot, state: dict, pool: list[Doctor], level: int,
            not_to: str, same_reader: str | None) -> list[Doctor]:
    """One candidate for an urgent: whoever will read it first, any zone on shift and
    online (``placement.for_urgent``), the patient's current reader if they have room."""
    if level < LEVEL_ANY_ZONE:
        pool = pool_for(snap, state, ctx.settings.timezone, LEVEL_ANY_ZONE)
    pool = [d for d in pool if d.id != not_to] or pool
    readers = {d.id: placement.Reader(
        d.id, d.covers(state.get("clinic", ""), state.get("zone", "")),
        snap.high.get(d.id, 0), snap.loads.get(d.id, 0), d.capacity) for d in pool}
    if same_reader in readers and placement.room_for_urgent(readers[same_reader]):
        choice: str | None = same_reader
    else:
        choice = placement.for_urgent(list(readers.values()))
    return [d for d in pool if d.id == choice]


async def _same_patient_readers(ctx: WorkerContext, ids: list[str], states: list[dict]
                                ) -> dict[str, str]:
    """case → a doctor already holding an open case of the same patient, if any."""
    with_patient = [(cid, st) for cid, st in zip(ids, states, strict=True)
                    if st.get("patient") and st.get("status") == "queued"]
    if not with_patient:
        return {}
    pipe = ctx.redis.pipeline(transaction=False)
    for _cid, st in with_patient:
        pipe.smembers(keys.patient_cases(f"{st['clinic']}:{st['patient']}"))
    others = {cid: [m.decode() for m in members if m.decode() != cid]
              for (cid, _), members in zip(with_patient, await pipe.execute(), strict=True)}
    wanted = sorted({o for v in others.values() for o in v})
    if not wanted:
        return {}
    pipe = ctx.redis.pipeline(transaction=False)
    for o in wanted:
        pipe.hget(keys.case(o), "owner")
    owner = {o: (v.decode() if v else "") for o, v in zip(wanted, await pipe.execute(),
                                                         strict=True)}
    return {cid: next(owner[o] for o in v if owner.get(o)) for cid, v in others.items()
            if any(owner.get(o) for o in v)}


async def _record(ctx: WorkerContext, done: list[tuple], now: float) -> None:
    """History lines, first-assignment metrics and events for a page of assignments.

    The assignment itself is durable in Redis (AOF); the history line is written without
    its own fsync because losing it in a crash only means ``reindex`` queues the case again
    and it is re-assigned — never lost, never owned twice.
    """
    pipe = ctx.redis.pipeline(transaction=False)
    for case_id, state, score, doctor, fence in done:
        ctx.storage.append_history(case_id, transition(
            "assigned", now, "router", to=doctor, fence=fence,
            kind="review" if state.get("kind") == "review" else None), durable=False)
        events.publish_into(pipe, "case_assigned", at=now, case_id=case_id, doctor=doctor,
                            clinic=state.get("clinic"), priority=state.get("priority"))
        if state.get("priority") == "stat":  # paged unless a page of theirs is open
            pager.request_into(pipe, "stat_assigned", now, case_id=case_id, doctor=doctor,
                               priority="stat", specialty=state.get("specialty"),
                               clinic=state.get("clinic"))
        if not int(state.get("assigned_once") or 0):
            pipe.hset(keys.case(case_id), "assigned_once", 1)
            received = score % _STAT_BAND  # the score is rank * 1e10 + arrival time
            metrics.observe_into(pipe, "time_to_assignment",
                                       state.get("priority", "routine"), now - received)
        log.info("case %s assigned to %s (fence %d)", case_id, doctor, fence)
    await pipe.execute()

"""Queued cases → the least-loaded eligible doctor, one atomic assignment each.

*Who may* take a case (roster with overrides, specialty, zone, presence, escalation level)
is pure Python (``teleconsult.routing.roster.eligible``); *who does*, and the recording of
it, is one Lua script per case, so routers can run in any number without assigning a case
twice.

For throughput a pass works a page of cases at a time: eligibility is computed once per
kind of case, each case is offered to its few least-loaded candidates (loads predicted
within the page, checked for real by the script), and the page's scripts go to Redis in one
call (``CaseQueue.assign_many``). One router at a time works a specialty (a short lock),
so several routers do not all evaluate the same queue head; a turn at a specialty lasts at
most ``_TURN_PAGES`` pages and ``_TURN_SECONDS`` (well inside the lock, which so never runs
out under a router still at work: two routers on one queue lose races to each other). A
router that finds a queue locked says it wants a turn; a turn that left cases waiting while
another router wanted one rests its router for ``_REST_MS`` and wakes the idle ones, so
that they all take turns (a router alone never rests). A router with nothing queued reads
nothing else.

A STAT goes to a doctor holding no other STAT when there is one (widening the pool for it),
and calls a doctor in when there is none (``teleconsult.routing.callin``); each pass first
follows up the doctors called in (``teleconsult.routing.calling``). An urgent goes to
whoever will read it first, any zone (``teleconsult.routing.placement``).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from teleconsult.cases.priority import rank
from teleconsult.cases.record import transition
from teleconsult.reporting import review_rules
from teleconsult.routing import callin, calling, pager, placement, presence, roster_store
from teleconsult.routing.escalation import escalate
from teleconsult.routing.queue import Candidate
from teleconsult.routing.ranking import Ranking
from teleconsult.routing.roster import LEVEL_ANY_DOCTOR, LEVEL_ANY_ZONE, eligible
from teleconsult.settings.model import Doctor
from teleconsult.store import events, keys, locks, metrics
from workers.context import WorkerContext

log = logging.getLogger(__name__)
# Cases per Lua call: one call holds Redis while it runs, so a page is kept small enough that
# every other command (a worklist GET, a STAT's own assignment) waits a few ms at most behind
# it; 25 measured p99 2-3 ms per call and ~5,800 assignments/s (docs/benchmarks.md).
_PAGE = 25
_MAX_SCAN = 20_000  # cases looked at per specialty per pass
_CANDIDATES = 6  # least-loaded candidates offered to the script per case
_LOCK_MS = 10_000
_TURN_PAGES = 10  # pages a router works at one specialty before letting others in
_TURN_SECONDS = 2.0  # … or this long, whichever comes first (the lock lasts 10 s)
_REST_MS = 100  # after a turn that left work while others asked, the router lets them in
_WANT_MS = 500  # how long a router's failed try at a lock counts as asking for a turn
_STAT_BAND = 1e10  # queue scores below this are STAT (see priority.queue_score)
_URGENT_BAND = 2e10  # … and below this STAT or urgent


@dataclass
class Snapshot:
    """What one routing pass knows about the doctors (loads are predictions: they only grow
    once routing starts, which the rankings rely on; a call-in follow-up, which may lower
    one, runs before any ranking is made)."""

    doctors: list[Doctor]
    online: set[str]
    at: datetime
    now: float
    community: str = keys.DEFAULT_COMMUNITY  # whose doctors and cases these are
    loads: dict[str, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)  # STATs each doctor holds
    high: dict[str, int] = field(default_factory=dict)  # STAT and urgent cases held
    full: set[str] = field(default_factory=set)
    pools: dict[tuple, list[Doctor]] = field(default_factory=dict)
    by_id: dict[tuple, dict[str, Doctor]] = field(default_factory=dict)
    rankings: dict[tuple, Ranking[Doctor]] = field(default_factory=dict)


async def snapshot(ctx: WorkerContext, community: str = keys.DEFAULT_COMMUNITY) -> Snapshot:
    """The doctors of ``community`` (its routing domain) as this pass sees them."""
    now = ctx.clock()
    extra = await roster_store.current(ctx.redis, ctx.settings, community)
    doctors = [d for d in roster_store.merged(ctx.settings, extra) if d.community == community]
    online = await presence.online_ids(ctx.redis, (d.id for d in doctors))
    ids = [d.id for d in doctors]
    counts = await ctx.queue.loads(ids, (_STAT_BAND, _URGENT_BAND), community)
    return Snapshot(doctors, online, datetime.fromtimestamp(now, UTC), now, community,
                    {d: c[0] for d, c in zip(ids, counts, strict=True)},
                    {d: c[1] for d, c in zip(ids, counts, strict=True)},
                    {d: c[2] for d, c in zip(ids, counts, strict=True)})


def pool_key(state: dict, level: int) -> tuple:
    """What decides a case's pool: one pool per kind of case in a pass."""
    review = state.get("kind") == "review"
    return (state.get("specialty", ""), state.get("clinic", ""), state.get("zone", ""),
            state.get("subspecialty") or None, level,
            (state.get("writer"), state.get("review_min"), state.get("review_zone"))
            if review else None)


def pool_for(snap: Snapshot, state: dict, tz, level: int) -> list[Doctor]:
    """Eligible doctors, computed once per kind of case in a pass; a review item's pool
    holds only the reviewers its rule admits (never the writer)."""
    review = state.get("kind") == "review"
    key = pool_key(state, level)
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
        snap.by_id[key] = {d.id: d for d in pool}
    return snap.pools[key]


def _ranking(snap: Snapshot, how: str, key: tuple, order) -> Ranking[Doctor]:  # noqa: ANN001
    """The pool ``key`` ranked by ``order`` (made once per pass)."""
    if (how, key) not in snap.rankings:
        snap.rankings[how, key] = Ranking(snap.pools[key], order)
    return snap.rankings[how, key]


async def route_once(ctx: WorkerContext) -> int:
    """One pass over every community's specialty queues with cases waiting (a turn of at
    most ``_TURN_PAGES`` pages at each); returns the number of assignments made. Each
    community is its own routing domain: its cases go to its doctors only. One read tells
    which queues of which communities have cases waiting and which have call-ins to follow
    up, so an idle pass is one round trip however many communities there are."""
    modalities = set(ctx.settings.routing.specialty_by_modality.values())
    by_community: dict[str, set[str]] = {c: set(modalities)
                                         for c in ctx.settings.community_ids()}
    for d in ctx.settings.doctors.values():
        by_community.setdefault(d.community, set(modalities)).update(d.specialties)
    plan = [(c, sorted(by_community[c])) for c in ctx.settings.community_ids()]
    pipe = ctx.redis.pipeline(transaction=False)
    pipe.zrange(keys.CALL_INS, 0, -1)
    for community, specialties in plan:
        for specialty in specialties:
            pipe.exists(keys.queue(specialty, community))
            pipe.get(f"{keys.queue(specialty, community)}:router:rest")
    calls, *found = await pipe.execute()
    calling_in = {keys.case_community(m.decode()) for m in calls}
    mine = ctx.name.encode()
    made, at = 0, 0
    for community, specialties in plan:
        flags, at = found[at:at + 2 * len(specialties)], at + 2 * len(specialties)
        queues = [s for s, waiting, rest in zip(specialties, flags[0::2], flags[1::2],
                                                strict=True) if waiting and rest != mine]
        if queues or community in calling_in:
            made += await _route_community(ctx, community, queues, community in calling_in)
    return made


async def _route_community(ctx: WorkerContext, community: str, queues: list[str],
                           calls: bool) -> int:
    """A turn at each of the community's ``queues`` with cases waiting (and the follow-up of
    its call-ins, when it has some)."""
    snap: Snapshot | None = None
    made = 0
    if calls:
        snap = await snapshot(ctx, community)
        made += await calling.follow_up(ctx, snap)
    # routers start at different queues, so that they do not all wait for the same lock
    first = random.randrange(len(queues)) if queues else 0
    for specialty in queues[first:] + queues[:first]:
        lock = f"{keys.queue(specialty, community)}:router"
        token = await locks.acquire(ctx.redis, lock, _LOCK_MS, owner=ctx.name)
        if token is None:  # another router is working this queue right now
            await ctx.redis.set(f"{lock}:want", ctx.name, px=_WANT_MS)
            continue
        try:
            if snap is None:  # read only once a queue is ours
                snap = await snapshot(ctx, community)
            routed, more = await _route_specialty(ctx, snap, specialty)
            made += routed
        finally:
            await locks.release(ctx.redis, lock, token)
        if more and await ctx.redis.getdel(f"{lock}:want"):  # another router's turn
            pipe = ctx.redis.pipeline(transaction=False)
            pipe.set(f"{lock}:rest", ctx.name, px=_REST_MS)
            pipe.lpush(keys.ROUTE_WAKE, f"turn:{specialty}")
            await pipe.execute()
    return made


async def _route_specialty(ctx: WorkerContext, snap: Snapshot, specialty: str
                           ) -> tuple[int, bool]:
    """(assignments made, whether the turn ended with cases not yet looked at)."""
    queue_key = keys.queue(specialty, snap.community)
    seen: set[bytes] = set()
    floor: float | str = "-inf"
    made = pages = 0
    turn_ends = time.monotonic() + _TURN_SECONDS
    while True:
        # page by score, not offset (assigned cases leave the queue); and look at the
        # STAT band again first, so a STAT that arrived mid-pass does not wait for the end
        pipe = ctx.redis.pipeline(transaction=False)
        pipe.zrangebyscore(queue_key, "-inf", f"({_STAT_BAND}", start=0, num=_PAGE,
                           withscores=True)
        pipe.zrangebyscore(queue_key, floor, "+inf", start=0, num=_PAGE, withscores=True)
        stat_page, page = await pipe.execute()
        batch = [(m, sc) for m, sc in dict(stat_page + page).items() if m not in seen]
        if not batch:
            return made, False
        if pages >= _TURN_PAGES or len(seen) >= _MAX_SCAN or time.monotonic() >= turn_ends:
            return made, True
        seen.update(m for m, _ in batch)
        made += await _route_page(ctx, snap, batch)
        pages += 1
        if page:
            floor = page[-1][1]


_STATE_FIELDS = ("status", "owner", "priority", "specialty", "clinic", "zone", "subspecialty",
                 "patient", "level", "assigned_once", "not_to", "kind", "writer", "review_min",
                 "review_zone")


async def _states(ctx: WorkerContext, case_ids: list[str]) -> list[dict]:
    raws = await ctx.queue.fields([keys.case(cid) for cid in case_ids], _STATE_FIELDS)
    return [{n: v.decode() for n, v in zip(_STATE_FIELDS, raw, strict=True) if v is not None}
            for raw in raws]


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
            # not fsynced (one fsync per busy STAT was a router's largest cost when everyone
            # held one): the level is in Redis; a line lost in a crash only means reindex
            # restores the lower level and the next pass widens again
            ctx.storage.append_history(case_id, {"at": snap.now, "event": "widened",
                                                 "reason": "no_one_free", "level": level + 1,
                                                 "by": "router"}, durable=False)
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
        return _urgent(ctx, snap, state, level, not_to, same_reader)
    else:
        return _routine(snap, pool_key(state, level), not_to, same_reader)
    # a reader who handed the case over is not given it straight back, if anyone else may
    pool = [d for d in pool if d.id != not_to] or pool
    reader = next((d for d in pool if d.id == same_reader), None)
    if reader:
        return [reader]  # the patient's current reader
    # one candidate: the STAT counts are predicted within the page
    return sorted(pool, key=lambda d: (snap.stats.get(d.id, 0), snap.loads.get(d.id, 0),
                                       d.id))[:1]


def _routine(snap: Snapshot, key: tuple, not_to: str, same_reader: str | None
             ) -> list[Doctor]:
    """The patient's current reader if they have room, else the ``_CANDIDATES`` least
    loaded of the pool (not at capacity; not the doctor who handed it over, if anyone else
    may read it)."""
    ranking = _ranking(snap, "load", key, lambda d: (snap.loads.get(d.id, 0), d.id))
    full = snap.full
    out = ranking.first(_CANDIDATES, lambda d: d.id in full or d.id == not_to)
    handed_over_only = not out and bool(not_to)
    if handed_over_only:
        out = ranking.first(_CANDIDATES, lambda d: d.id in full)
    reader = snap.by_id[key].get(same_reader or "")
    if reader and reader.id not in full and (reader.id != not_to or handed_over_only) \
            and snap.loads.get(reader.id, 0) < reader.capacity:
        return [reader]
    return out


def _urgent(ctx: WorkerContext, snap: Snapshot, state: dict, level: int, not_to: str,
            same_reader: str | None) -> list[Doctor]:
    """One candidate for an urgent: whoever will read it first, any zone on shift and
    online (``placement.for_urgent``'s order), the patient's current reader if they have
    room."""
    level = max(level, LEVEL_ANY_ZONE)
    pool_for(snap, state, ctx.settings.timezone, level)
    key = pool_key(state, level)
    by_id = snap.by_id[key]
    clinic, zone = state.get("clinic", ""), state.get("zone", "")

    def reader(d: Doctor) -> placement.Reader:
        return placement.Reader(d.id, d.covers(clinic, zone), snap.high.get(d.id, 0),
                                snap.loads.get(d.id, 0), d.capacity)

    # not the doctor who handed it over, if anyone else may read it
    avoid = not_to if len(by_id) > (not_to in by_id) else ""
    same = by_id.get(same_reader or "")
    if same and same.id != avoid and placement.room_for_urgent(reader(same)):
        return [same]
    ranking = _ranking(snap, "urgent", key, lambda d: placement.order(reader(d)))
    return ranking.first(1, lambda d: d.id == avoid
                         or not placement.room_for_urgent(reader(d)))


async def _same_patient_readers(ctx: WorkerContext, ids: list[str], states: list[dict]
                                ) -> dict[str, str]:
    """case → a doctor already holding an open case of the same patient, if any."""
    with_patient = [(cid, st) for cid, st in zip(ids, states, strict=True)
                    if st.get("patient") and st.get("status") == "queued"]
    if not with_patient:
        return {}
    members = await ctx.queue.members(
        [keys.patient_cases(f"{st['clinic']}:{st['patient']}") for _, st in with_patient])
    others = {cid: [m.decode() for m in found if m.decode() != cid]
              for (cid, _), found in zip(with_patient, members, strict=True)}
    wanted = sorted({o for v in others.values() for o in v})
    if not wanted:
        return {}
    owners = await ctx.queue.fields([keys.case(o) for o in wanted], ("owner",))
    owner = {o: (v[0].decode() if v[0] else "") for o, v in zip(wanted, owners, strict=True)}
    return {cid: next(owner[o] for o in v if owner.get(o)) for cid, v in others.items()
            if any(owner.get(o) for o in v)}


async def _record(ctx: WorkerContext, done: list[tuple], now: float) -> None:
    """History lines, first-assignment metrics and events for a page of assignments.

    The assignment itself is durable in Redis (AOF; the script also marked the case
    ``assigned_once``); the history lines are written without their own fsync because losing
    one in a crash only means ``reindex`` queues the case again and it is re-assigned —
    never lost, never owned twice. Everything is written per page, not per case.
    """
    ctx.storage.append_histories([(case_id, transition(
        "assigned", now, "router", to=doctor, fence=fence,
        kind="review" if state.get("kind") == "review" else None))
        for case_id, state, _, doctor, fence in done])
    await events.publish_many(ctx.redis, [
        ("case_assigned", now, {"case_id": case_id, "doctor": doctor,
                                "clinic": state.get("clinic"),
                                "priority": state.get("priority")})
        for case_id, state, _, doctor, _ in done])
    pipe = ctx.redis.pipeline(transaction=False)
    firsts = []
    for case_id, state, score, doctor, fence in done:
        if state.get("priority") == "stat":  # paged unless a page of theirs is open
            pager.request_into(pipe, "stat_assigned", now, case_id=case_id, doctor=doctor,
                               priority="stat", specialty=state.get("specialty"),
                               clinic=state.get("clinic"))
        if not int(state.get("assigned_once") or 0):
            received = score % _STAT_BAND  # the score is rank * 1e10 + arrival time
            firsts.append((state.get("priority", "routine"), now - received))
        log.info("case %s assigned to %s (fence %d)", case_id, doctor, fence)
    metrics.observe_many_into(pipe, "time_to_assignment", firsts)
    if len(pipe):
        await pipe.execute()

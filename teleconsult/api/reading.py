"""What the case routes do around an open read: taking a queued case the page offered,
starting the read clock (and the read timer of priorities that have one), and showing
both clocks on the worklist and the case page."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from aiohttp import web

from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.errors import Conflict, Forbidden
from teleconsult.cases.record import transition
from teleconsult.core.times import iso
from teleconsult.reporting import review_rules
from teleconsult.routing.queue import QueueError
from teleconsult.routing.reading import Reading
from teleconsult.routing.roster import on_shift
from teleconsult.settings.handover import HandoverConfig
from teleconsult.store import keys
from teleconsult.store.sessions import Principal


def reading(request: web.Request) -> Reading:
    """The Redis side of open reads, on this app's client."""
    return Reading(request.app[REDIS])


def may_take(request: web.Request, who: Principal, record: dict, state: dict | None = None
             ) -> bool:
    """A queued case may be taken by a doctor of its specialty who is on shift (never a
    consultation expert); a queued review item only by a reviewer its rule admits."""
    doctor = request.app[SETTINGS].doctors.get(who.id)
    if doctor is None or doctor.expert or record["specialty"] not in doctor.specialties:
        return False
    if state and state.get("kind") == "review" and not review_rules.may_review(
            review_rules.rule_of_item(state.get("review_min", ""), state.get("review_zone", "")),
            doctor, state.get("writer", ""), record["specialty"], record["clinic"],
            record.get("zone") or ""):
        return False
    return on_shift(doctor, datetime.now(UTC), request.app[SETTINGS].timezone)


async def take_queued(request: web.Request, who: Principal, record: dict,
                      state: dict | None = None) -> None:
    """Claiming a queued case (the page offered it) first gives it to the caller."""
    if not may_take(request, who, record, state):
        raise Forbidden("this case is not routed to you", "not_yours")
    routing = request.app[SETTINGS].routing
    lease = routing.priority_times[record["priority"]].lease_seconds
    now = time.time()
    try:
        fence = await request.app[QUEUE].move(record["case_id"], record["specialty"], "",
                                              who.id, now + lease)
    except QueueError as exc:
        if exc.code == "stale_owner":
            raise Conflict("someone else took the case meanwhile", "stale_owner") from None
        raise
    request.app[STORAGE].append_history(record["case_id"], transition(
        "assigned", now, who.id, to=who.id, fence=fence, reason="taken"))


async def after_claim(request: web.Request, record: dict, now: float) -> None:
    """The read clock starts (and the case's read timer, if its priority has one)."""
    cfg = request.app[SETTINGS].handover or HandoverConfig()
    await reading(request).claimed(record["case_id"], now,
                                   cfg.read_limit_seconds.get(record["priority"]))


async def add_read_clocks(request: web.Request, items: list[dict]) -> None:
    """``reading_since`` (claim time) and ``read_due_at`` (its read limit, if the priority
    has one) on each open read, for the clocks of the worklist and the case page."""
    open_reads = [i for i in items if i.get("status") == "in_review"]
    if not open_reads:
        return
    pipe = request.app[REDIS].pipeline(transaction=False)
    for item in open_reads:
        pipe.hget(keys.case(item["case_id"]), "claimed_at")
    limits = (request.app[SETTINGS].handover or HandoverConfig()).read_limit_seconds
    for item, raw in zip(open_reads, await pipe.execute(), strict=True):
        if not raw:
            continue
        claimed = float(raw)
        limit = limits.get(item.get("priority", ""))
        item["reading_since"] = iso(claimed)
        item["read_due_at"] = iso(claimed + limit) if limit is not None else None

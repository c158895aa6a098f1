"""Calling a doctor in for a case nobody free can read soon: pure decisions, no I/O
(tested alone; ``teleconsult/routing/calling.py`` does the Redis side and the paging).

A STAT goes to a doctor who holds no other STAT: one who does reads it only after the
first — ten or twenty minutes of a thirty-minute budget. When every eligible doctor holds a
STAT, or the only one left is the doctor whose lease on this very case just ran out, the
router still gives it to one of them (they read it next); if that happens again after the
STAT's lease ran out unopened (or it was handed back), it *calls someone in*: it pages
one doctor of the specialty who is away — on shift first (a break: back soonest), then off
shift — and makes the case eligible to anyone of the specialty (level 3). The first lease
is the busy doctor's: a STAT ECG behind another is usually read within it, and nobody is
woken for nothing. An urgent or STAT still unopened at its SLA warning point calls someone
in the same way. When a doctor called for it comes online the case moves to them if it is
still unopened (the waiting doctor may have opened it first); if nobody has come within
``call_in_wait`` of the last call, the next one is called.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

CALLS_IN = ("stat", "urgent")  # priorities a call-in is made for
BUSY, SLA_AT_RISK = "busy", "sla_at_risk"  # why: no free reader / unopened at the warning


@dataclass(frozen=True)
class Doc:
    """What the router knows about one doctor of the case's specialty."""

    id: str
    online: bool
    on_shift: bool
    covers: bool  # the case's clinic or zone
    load: int  # open cases
    pageable: bool  # has a phone for call-ins (and, but for a STAT, outside quiet hours)


def free_for_stat(pool: Sequence[str], stats_held: Mapping[str, int], not_to: str = ""
                  ) -> list[str]:
    """Who in the pool may be given a STAT now: holds no other STAT, and is not the doctor
    whose lease on this case just ran out (they did not open it)."""
    return [d for d in pool if not stats_held.get(d, 0) and d != not_to]


def stuck(free: Sequence[str], pool: Sequence[str], offered_before: bool) -> bool:
    """Whether a STAT being routed calls a doctor in for lack of a reader: nobody in the
    pool is free, someone is (the STAT waits with them meanwhile), and it was offered
    before — its lease ran out unopened, or it was handed back."""
    return not free and bool(pool) and offered_before


def whom(doctors: Sequence[Doc], called: Collection[str],
         coming: Collection[str] = ()) -> str | None:
    """The next doctor to call in: away (not online), reachable by page, not called for
    this case yet nor ``coming`` for another (called, not here yet: in a burst each case
    calls a different doctor). On shift first, then those covering the clinic, then the
    fewest open cases."""
    away = [d for d in doctors if not d.online and d.pageable and d.id not in called
            and d.id not in coming]
    if not away:
        return None
    return min(away, key=lambda d: (not d.on_shift, not d.covers, d.load, d.id)).id


def call_next(called_at: float | None, now: float, wait: float) -> bool:
    """Whether to call (another) doctor: nobody yet, or the last one called has not come
    within ``wait`` seconds."""
    return called_at is None or now - called_at >= wait


def takes_it(status: str, owner: str, called: str, online: bool, free: bool) -> bool:
    """Whether the case moves to the doctor called in for it, now: they are online and
    free (a STAT: holding no other STAT), and the case is still unopened and not theirs."""
    return online and free and status in ("queued", "assigned") and owner != called

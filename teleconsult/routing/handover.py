"""Who loses an open read, and when: pure decisions, no I/O (tested alone).

A case in review stays with its reader while they are there. It goes back to routing, with
its draft, when the reader checked out, went silent for longer than the priority's grace,
or went off shift and did not finish within the end-of-shift window. A case page that is
open (its heartbeat is fresh) keeps the case whatever the roster says: nobody loses the
case they are typing in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from teleconsult.settings.handover import HandoverConfig

KEEP = ""
CHECKED_OUT, SILENT, OFF_SHIFT = "checked_out", "silent", "off_shift"


@dataclass(frozen=True)
class ReaderState:
    """What the timer knows about the reader of one case in review."""

    priority: str
    on_shift: bool
    online: bool  # polled the worklist / held the event stream within presence_seconds
    checked_out: bool
    active_at: float  # claim, page heartbeat or draft save, whichever was last
    page_at: float  # last case-page heartbeat (0 = never)
    shift_ended_recently: bool = False  # on shift at some point within the window


def page_open(state: ReaderState, now: float, cfg: HandoverConfig) -> bool:
    return state.page_at > 0 and now - state.page_at <= cfg.page_alive_seconds


def decide(state: ReaderState, now: float, cfg: HandoverConfig) -> str:
    """``KEEP`` or the reason the case goes back to routing now."""
    if page_open(state, now, cfg):
        return KEEP
    if state.checked_out:
        return CHECKED_OUT
    silent = not state.online and now - state.active_at > cfg.grace_seconds.get(
        state.priority, cfg.grace_seconds.get("routine", 1800.0))
    if not state.on_shift:
        if silent or not state.shift_ended_recently:
            return OFF_SHIFT
        return KEEP
    return SILENT if silent else KEEP


def shift_ended_within(on_shift_at: Callable[[datetime], bool], now: float,
                       window: float, step: float = 60.0) -> bool:
    """Whether the doctor was on shift at some minute of the last ``window`` seconds.

    ``on_shift_at`` is the roster's answer for one instant; sampling each minute is exact
    for shifts given in whole minutes (the configuration's HH:MM).
    """
    t = now
    while t >= now - window:
        if on_shift_at(datetime.fromtimestamp(t, UTC)):
            return True
        t -= step
    return False


def read_overdue(priority: str, claimed_at: float, now: float, cfg: HandoverConfig) -> bool:
    """A read of this priority open longer than its limit (no limit: never)."""
    limit = cfg.read_limit_seconds.get(priority)
    return limit is not None and claimed_at > 0 and now - claimed_at > limit

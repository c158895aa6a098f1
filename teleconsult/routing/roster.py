"""Who is on duty: pure functions of the roster and an aware datetime."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from teleconsult.settings.model import Doctor, Override, Shift


def _in_window(t: time, start: time, end: time) -> bool:
    """[start, end) within one day; end == 00:00 means midnight at the end of the day."""
    return start <= t and (end == time(0) or t < end)


def _covers(shift: Shift, weekday: int, t: time) -> bool:
    overnight = shift.end != time(0) and shift.end <= shift.start
    if weekday in shift.days:
        if overnight:
            if t >= shift.start:
                return True
        elif _in_window(t, shift.start, shift.end):
            return True
    # the morning tail of an overnight shift that started the day before
    return overnight and (weekday - 1) % 7 in shift.days and t < shift.end


def _override_for(overrides: Iterable[Override], day: str) -> list[Override]:
    """The overrides for a date; an ``off`` entry made later cancels earlier extra shifts."""
    found = [o for o in overrides if o.date == day]
    for i in range(len(found) - 1, -1, -1):
        if found[i].off:
            return found[i:]
    return found


def on_shift(doctor: Doctor, at: datetime, tz) -> bool:
    """True when ``doctor`` is rostered at ``at`` (aware) in the community's time zone.

    A dated override replaces the weekly pattern for its whole date: ``off`` for leave,
    start/end for an extra or swapped shift (end <= start runs past midnight into the
    next date, which still follows its own pattern for the rest of that day).
    """
    local = at.astimezone(tz)
    today, t = local.date().isoformat(), local.time()
    yesterday = (local.date() - timedelta(days=1)).isoformat()
    todays = _override_for(doctor.overrides, today)
    for o in _override_for(doctor.overrides, yesterday):
        if not o.off and o.start and o.end and o.end != time(0) and o.end <= o.start \
                and t < o.end:
            return True
    if todays:
        return any(not o.off and o.start is not None and o.end is not None and
                   (t >= o.start if (o.end != time(0) and o.end <= o.start)
                    else _in_window(t, o.start, o.end)) for o in todays)
    return any(_covers(s, local.weekday(), t) for s in doctor.shifts)


def on_duty(doctors: Iterable[Doctor], specialty: str, clinic_id: str, at: datetime, tz,
            zone: str = "") -> list[Doctor]:
    """Doctors of ``specialty`` covering the clinic (or its zone) and rostered at ``at``."""
    return [d for d in doctors if specialty in d.specialties and not d.expert
            and d.covers(clinic_id, zone) and on_shift(d, at, tz)]


# Escalation widens who may take a case, one step at a time.
LEVEL_NORMAL, LEVEL_ANY_ZONE, LEVEL_ANY_DOCTOR = 0, 1, 2
LEVEL_CALL_IN = 3  # anyone of the specialty, on shift or not: called in by a page


def eligible(doctors: Iterable[Doctor], *, specialty: str, clinic_id: str, zone: str,
             subspecialty: str | None, at: datetime, tz, online: set[str], level: int = 0
             ) -> list[Doctor]:
    """Who may be given a case now, most specific first.

    Level 0: on shift, online, covering the clinic or its zone. Level 1 (escalated): on
    shift and online, any zone. Level 2: any doctor of the specialty on shift, online or
    not, and failing that any doctor of the specialty at all (called in by the escalation).
    Level 3 (the rostered ones did not answer): anyone of the specialty, online first.
    A sub-specialist is preferred when one is in the pool; otherwise anyone in it will do.
    """
    # a consultation pool's experts are asked, never routed the community's reads
    of_specialty = [d for d in doctors if specialty in d.specialties and not d.expert]
    rostered = [d for d in of_specialty if on_shift(d, at, tz)]
    if level <= LEVEL_NORMAL:
        pool = [d for d in rostered if d.id in online and d.covers(clinic_id, zone)]
    elif level == LEVEL_ANY_ZONE:
        pool = [d for d in rostered if d.id in online]
    elif level == LEVEL_ANY_DOCTOR:
        pool = ([d for d in rostered if d.id in online] or rostered or of_specialty)
    else:
        pool = [d for d in of_specialty if d.id in online] or of_specialty
    if subspecialty:
        experts = [d for d in pool if subspecialty in d.subspecialties]
        return experts or pool
    return pool

"""Where an urgent case goes: a pure decision, no I/O (tested alone).

A doctor reads a STAT first, then urgent cases, then routine ones (the worklist is in that
order). An urgent given to a doctor is therefore read after the STAT and urgent cases they
already hold, and before their routine ones. So an urgent goes to whoever will read it
first: the fewest STAT and urgent cases held, any zone (a doctor of its own zone on a tie),
then the fewest open cases. Routine cases wait for it, so only the STAT and urgent cases
count against a doctor's capacity; a worklist full of unopened routine cases does not keep
an urgent in the queue while its zone's doctors are busy with other urgent ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Reader:
    id: str
    covers: bool  # the case's clinic or zone
    ahead: int  # STAT and urgent cases held: read before a new urgent
    load: int  # open cases
    capacity: int


def room_for_urgent(r: Reader) -> bool:
    return r.ahead < r.capacity


def order(r: Reader) -> tuple:
    """Who comes first for an urgent: fewest STAT and urgent held, own zone, fewest open."""
    return (r.ahead, not r.covers, r.load, r.id)


def for_urgent(readers: Sequence[Reader]) -> str | None:
    """Who gets the urgent case (None: everyone holds ``capacity`` STAT and urgent cases)."""
    room = [r for r in readers if room_for_urgent(r)]
    if not room:
        return None
    return min(room, key=order).id

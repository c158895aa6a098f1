"""Worklist items shaped once per stored summary, not on every poll (bounded in bytes).

A doctor's page polls the worklist every few seconds, and every poll decoded each case's
stored summary (JSON), formatted its times again and encoded the item: under the routing
benchmark, the largest part of the worklist GET's CPU. An item's unchanging part depends
only on the summary Redis holds for the case, so it is kept, already encoded, per case id
with a digest of that summary: a changed summary (a review, a return to the writer, late
instances) no longer matches and is shaped again. What a poll adds (status, owner, fence,
the read clocks) is encoded per poll and joined to it (``Shaped.item``).

The bound is on bytes, not on a count: at a city's 50,000 open cases a count of 10,000
held a fifth of what the worklists show, and most polls shaped every item again. Each
entry costs ~0.8 KB (the encoded item ~0.45 KB, the case id, the digest and the
bookkeeping, counted with ``sys.getsizeof``), so the default 64 MiB holds ~85,000 open
cases; past it the least recently used go first.
"""

from __future__ import annotations

import hashlib
import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

import orjson

DEFAULT_BYTES = 64 << 20
# the OrderedDict's node and slot, the entry tuple and the Shaped object around the parts
# counted with sys.getsizeof (CPython 3.11, 64-bit; tests/test_worklist_items.py checks it)
_BOOKKEEPING = 360
# fields a poll sets itself (Redis' current view of the case, the read clocks)
PER_POLL = ("case_id", "priority", "status", "assigned_to", "fence")


class Shaped(NamedTuple):
    """A case's item as its stored summary gives it: ``head`` is the encoded item without
    the per-poll fields and without its closing brace; ``order`` sorts the worklist."""

    order: tuple[int, float]
    priority: str
    head: bytes

    def item(self, per_poll: dict) -> orjson.Fragment:
        """The whole item, encoded: ``head`` and ``per_poll`` (non-empty) joined."""
        return orjson.Fragment(self.head + b"," + orjson.dumps(per_poll)[1:])


def shaped(item: dict, order: tuple[int, float]) -> Shaped:
    """A ``Shaped`` from an item dict (``PER_POLL`` fields, if any, are left out)."""
    static = {k: v for k, v in item.items() if k not in PER_POLL}
    return Shaped(order, item["priority"], orjson.dumps(static)[:-1])


def _digest(summary: bytes) -> bytes:
    return hashlib.blake2b(summary, digest_size=16).digest()


class ItemCache:
    def __init__(self, shape: Callable[[dict], Shaped], max_bytes: int = DEFAULT_BYTES) -> None:
        self._shape = shape
        self._max = max_bytes
        self._bytes = 0
        # (digest, rank, received, priority, head, cost): one flat tuple of bytes, strings and
        # numbers, which the garbage collector stops tracking at its first collection (tens
        # of thousands of tracked entries lengthen every full collection of the process)
        self._items: OrderedDict[str, tuple[bytes, int, float, str, bytes, int]] = \
            OrderedDict()

    @property
    def size(self) -> tuple[int, int]:
        """(entries, bytes as counted against the bound)."""
        return len(self._items), self._bytes

    def item(self, case_id: str, summary: bytes) -> Shaped:
        """The shaped item of a case's stored summary."""
        digest = _digest(summary)
        held = self._items.get(case_id)
        if held is not None and held[0] == digest:
            self._items.move_to_end(case_id)
            return Shaped((held[1], held[2]), held[3], held[4])
        got = self._shape(orjson.loads(summary))
        cost = (sys.getsizeof(case_id) + sys.getsizeof(digest) + sys.getsizeof(got.head)
                + _BOOKKEEPING)
        if held is not None:
            self._bytes -= held[5]
            del self._items[case_id]
        self._items[case_id] = (digest, *got.order, got.priority, got.head, cost)
        self._bytes += cost
        while self._bytes > self._max and self._items:
            _, gone = self._items.popitem(last=False)
            self._bytes -= gone[5]
        return got

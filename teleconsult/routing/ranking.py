"""The few doctors of a pool that come first, again and again within one routing pass (pure).

A pass offers each case to the least-loaded doctors of its pool (or, for an urgent, to
whoever will read it first). Sorting the pool for every case cost O(doctors) per case: with
a city's thousand doctors, most of a router's time. Within a pass a doctor's key only grows
(each assignment adds to their counts), so one heap per pool answers each case in
O(k log n): an entry whose key grew since it was pushed is pushed again with its current key
when it surfaces, and the first entry whose key is current is the true first.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Ranking(Generic[T]):
    """Items ordered by ``key``, which must never decrease while the ranking is in use."""

    def __init__(self, items: Iterable[T], key: Callable[[T], tuple]) -> None:
        self._key = key
        # the position breaks ties between equal keys without comparing the items
        self._heap = [(key(x), i, x) for i, x in enumerate(items)]
        heapq.heapify(self._heap)

    def first(self, n: int, skip: Callable[[T], bool] | None = None) -> list[T]:
        """The ``n`` items with the smallest current keys, smallest first, leaving out the
        ones ``skip`` rejects (they stay ranked)."""
        out: list[T] = []
        taken: list[tuple] = []
        heap = self._heap
        while heap and len(out) < n:
            entry = heapq.heappop(heap)
            key, i, x = entry
            now = self._key(x)
            if now != key:  # it grew since: back in at its place
                heapq.heappush(heap, (now, i, x))
                continue
            taken.append(entry)
            if skip is None or not skip(x):
                out.append(x)
        for entry in taken:
            heapq.heappush(heap, entry)
        return out

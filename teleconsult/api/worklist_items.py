"""Worklist items shaped once per stored summary, not on every poll (bounded).

A doctor's page polls the worklist every few seconds, and every poll decoded each case's
stored summary (JSON) and formatted its times again: under the routing benchmark, a third
of the worklist GET's CPU. An item depends only on the summary Redis holds for the case, so
it is kept, keyed by those bytes, while they stay the same (a changed summary is a new key;
the least recently used go first past ``limit``: 10,000 items, some 25 MB). Callers get a
copy to add to.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import orjson


class ItemCache:
    def __init__(self, shape: Callable[[dict], dict], limit: int = 10_000) -> None:
        self._shape = shape
        self._limit = limit
        self._items: OrderedDict[bytes, dict] = OrderedDict()

    def item(self, summary: bytes) -> dict:
        """The shaped item of a stored summary (a shallow copy: nested values are shared
        and must not be changed)."""
        item = self._items.get(summary)
        if item is None:
            item = self._shape(orjson.loads(summary))
            self._items[summary] = item
            if len(self._items) > self._limit:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(summary)
        return dict(item)

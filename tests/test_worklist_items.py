"""Worklist items are shaped once per stored summary, shaped again when it changes, bounded
in bytes, and joined to what each poll adds."""

from __future__ import annotations

import gc
import tracemalloc

import orjson

from teleconsult.api.cases_api import shape_for_worklist
from teleconsult.api.worklist_items import ItemCache, Shaped


def _summary(case_id: str, priority: str = "routine", note: str = "") -> bytes:
    return orjson.dumps({"case_id": case_id, "priority": priority, "modality": "CT",
                         "received_at": 1796684740.338, "due_at": 1796691940.5,
                         "study": {"study_description": "胸部"}, "patient": {"id": "B1"},
                         "clinical_note": note, "status": "queued"})


def _counting() -> tuple[list[str], ItemCache]:
    shaped: list[str] = []

    def shape(summary: dict) -> Shaped:
        shaped.append(summary["case_id"])
        return shape_for_worklist(summary)

    return shaped, ItemCache(shape)


def test_shaped_once_per_summary_and_joined_to_the_poll() -> None:
    shaped, cache = _counting()
    first = cache.item("a", _summary("a"))
    assert first.order == (2, 1796684740.338) and first.priority == "routine"
    body = orjson.loads(orjson.dumps([first.item({"case_id": "a", "priority": "routine",
                                                  "status": "assigned", "fence": 3})]))[0]
    assert body["received_at"] == "2026-12-07T23:05:40.338Z" and body["kind"] == "read"
    assert body["study_description"] == "胸部" and body["due_at"] == "2026-12-08T01:05:40.500Z"
    assert (body["case_id"], body["status"], body["fence"]) == ("a", "assigned", 3)
    assert "assigned_to" not in body  # only what the poll gave: no stale per-poll field
    assert cache.item("a", _summary("a")) == first
    assert shaped == ["a"]
    # a changed summary (here: its priority, its note) is shaped again, in its place
    assert cache.item("a", _summary("a", "stat")).order[0] == 0
    assert cache.item("a", _summary("a", "stat", "胸痛")) is not first
    assert shaped == ["a", "a", "a"]
    assert cache.size[0] == 1


def test_bounded_in_bytes_least_recently_used_first() -> None:
    shaped, cache = _counting()
    cache.item("a", _summary("a"))
    one = cache.size[1]
    cache = ItemCache(shape_for_worklist, max_bytes=2 * one)
    cache.item("a", _summary("a"))
    cache.item("b", _summary("b"))
    cache.item("a", _summary("a"))  # "a" used last: "b" goes first
    cache.item("c", _summary("c"))
    assert cache.size == (2, 2 * one)
    hits = []
    cache._shape = lambda s: hits.append(s["case_id"]) or shape_for_worklist(s)  # noqa: SLF001
    cache.item("a", _summary("a"))
    cache.item("b", _summary("b"))
    assert hits == ["b"]


def test_the_count_covers_what_python_holds() -> None:
    """The bound is honest: the bytes counted per entry are at least what the entries take."""
    cache = ItemCache(shape_for_worklist)
    summaries = [(f"c{i:06d}-{'x' * 12}", _summary(f"c{i:06d}")) for i in range(5000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for cid, s in summaries:
            cache.item(cid, s)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    entries, counted = cache.size
    assert entries == 5000
    assert held <= counted <= 1.5 * held, (held, counted)


def test_entries_leave_the_garbage_collector_alone() -> None:
    """Held entries are plain tuples of bytes, strings and numbers: after one collection the
    collector no longer tracks them, so a full collection does not walk the whole cache."""
    cache = ItemCache(shape_for_worklist)
    cache.item("a", _summary("a"))
    gc.collect()
    assert not gc.is_tracked(cache._items["a"])  # noqa: SLF001

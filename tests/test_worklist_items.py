"""Worklist items are shaped once per stored summary, bounded, and handed out as copies."""

from __future__ import annotations

import orjson

from teleconsult.api.cases_api import shape_for_worklist
from teleconsult.api.worklist_items import ItemCache


def _summary(case_id: str, priority: str = "routine") -> bytes:
    return orjson.dumps({"case_id": case_id, "priority": priority, "modality": "CT",
                         "received_at": 1796684740.338, "due_at": 1796691940.5,
                         "study": {"study_description": "胸部"}, "patient": {"id": "B1"}})


def test_shaped_once_per_summary_and_copied() -> None:
    shaped: list[str] = []

    def shape(summary: dict) -> dict:
        shaped.append(summary["case_id"])
        return shape_for_worklist(summary)

    cache = ItemCache(shape, limit=2)
    first = cache.item(_summary("a"))
    assert first["received_at"] == "2026-12-07T23:05:40.338Z" and first["kind"] == "read"
    assert first["study_description"] == "胸部" and first["_received"] == 1796684740.338
    first["status"] = "assigned"  # a caller's additions stay with its copy
    assert cache.item(_summary("a"))["status"] is None
    assert shaped == ["a"]
    assert cache.item(_summary("a", "stat"))["priority"] == "stat"  # a changed summary
    cache.item(_summary("b"))  # past the limit: "a" (least recently used) goes
    cache.item(_summary("a"))
    assert shaped == ["a", "a", "b", "a"]

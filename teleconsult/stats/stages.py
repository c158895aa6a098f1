"""When each stage of a case happened, read from what the service already wrote: the case
record (first arrival, case made), its history (assigned, opened, reported, delivered,
acknowledged, reviews, consultations) and its signed report versions. Pure: no I/O.

Nothing is guessed: a stage the history does not show is None. The first time counts
(a case assigned twice was assigned at the first assignment; the first signed report is the
report, whatever amendments followed). A preliminary report (two-level reporting: a
``preliminary`` line) is the first report but not the final one; a ``reported`` line
without a stage is final. A case reviewed more than once (returned, then approved) keeps
the most severe grade: the discrepancy happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

# the columns of a case row in the statistics store, in order
COLUMNS = ("case_id", "day", "clinic", "zone", "modality", "specialty", "priority", "doctor",
           "reviewer", "review_grade", "arrived", "created", "assigned", "opened",
           "first_report", "preliminary", "final", "delivered", "critical", "critical_at",
           "acknowledged", "positive", "amended", "consult_requested", "consult_answered")

_REVIEW_MARKS = ("reviewed", "returned", "review")
_SEVERITY = {"agree": 0, "minor": 1, "major": 2}
_CONSULT_ASKED = ("consultation_requested", "consultation")
_CONSULT_ANSWERED = ("consultation_answered", "consultation_opinion", "opinion")


def _first(history: list[dict], *statuses: str) -> dict | None:
    return next((h for h in history
                 if h.get("status") in statuses or h.get("event") in statuses), None)


def _at(entry: dict | None) -> float | None:
    return float(entry["at"]) if entry and entry.get("at") is not None else None


def _reported(history: list[dict]) -> list[dict]:
    """Every signing line, preliminary or final, in time order."""
    return sorted((h for h in history if h.get("status") in ("reported", "preliminary")),
                  key=lambda h: h["at"])


def _is_final(entry: dict) -> bool:
    return entry.get("status") == "reported" and entry.get("stage", "final") != "preliminary"


def _writer(first: dict | None, reports: list[dict]) -> str | None:
    """Who wrote the first report: its ``written_by`` (two-level reporting) or its signer."""
    if reports:
        r = reports[0]
        return r.get("written_by") or r.get("signed_by")
    return first.get("by") if first else None


def _review(history: list[dict], reports: list[dict]) -> tuple[str | None, str | None]:
    """(reviewer, most severe grade) of the reviews, from the history or the reports."""
    entries = [h for h in history if (h.get("status") in _REVIEW_MARKS
                                      or h.get("event") in _REVIEW_MARKS) and h.get("grade")]
    if entries:
        worst = max(entries, key=lambda h: _SEVERITY.get(h["grade"], 0))
        return entries[-1].get("by"), worst["grade"]
    for r in reports:
        grade = r.get("review_grade") or (r.get("review") or {}).get("grade")
        if r.get("reviewed_by"):
            return r.get("reviewed_by"), grade
    return None, None


def _last_assignee(history: list[dict]) -> str | None:
    owner = None
    for h in history:
        if h.get("status") == "assigned" and h.get("to"):
            owner = h["to"]
    return owner


def _positive(reports: list[dict]) -> bool | None:
    """The latest version's 阳性/阴性 (``positive``), None when the reports do not record it."""
    for r in reversed(reports):
        if isinstance(r.get("positive"), bool):
            return r["positive"]
    return None


def stage_times(record: dict, history: list[dict], reports: list[dict],
                tz: ZoneInfo) -> dict[str, Any]:
    """One row of the statistics store for a case (keys: ``COLUMNS``)."""
    reported = _reported(history)
    first = reported[0] if reported else None
    prelim = next((h for h in reported if not _is_final(h)), None)
    final = next((h for h in reported if _is_final(h)), None)
    critical = next((h for h in reported if h.get("critical")), None)
    if critical is None:
        critical = next(({"at": _signed_at(r, reported)} for r in reports if r.get("critical")),
                        None)
    reviewer, grade = _review(history, reports)
    arrived = float(record.get("received_at") or record.get("created_at") or 0.0)
    return {
        "case_id": record["case_id"],
        "day": datetime.fromtimestamp(arrived, tz).date(),
        "clinic": record.get("clinic", ""),
        "zone": record.get("zone") or "",
        "modality": (record.get("modality") or "").upper(),
        "specialty": record.get("specialty", ""),
        "priority": record.get("priority", "routine"),
        "doctor": _writer(first, reports) or _last_assignee(history),
        "reviewer": reviewer,
        "review_grade": grade,
        "arrived": arrived,
        "created": _at({"at": record.get("created_at")}) if record.get("created_at") else None,
        "assigned": _at(_first(history, "assigned")),
        "opened": _at(_first(history, "in_review")),
        "first_report": _at(first),
        "preliminary": _at(prelim),
        "final": _at(final),
        "delivered": _at(_first(history, "delivered")),
        "critical": critical is not None,
        "critical_at": _at(critical),
        "acknowledged": _at(_first(history, "acknowledged")),
        "positive": _positive(reports),
        "amended": len(reports) > 1,
        "consult_requested": _at(_first(history, *_CONSULT_ASKED)),
        "consult_answered": _at(_first(history, *_CONSULT_ANSWERED)),
    }


def _signed_at(report: dict, reported: list[dict]) -> float | None:
    """The history's time of a report version's signing."""
    entry = next((h for h in reported if h.get("version") == report.get("version")), None)
    return _at(entry)

"""Reading history: signed reports searched by patient, clinic, date and text.

A doctor searches their own signatures, a supervisor everyone's. The report files are the
source (one ``cases/<id>/reports/v<n>.json`` per signed version), read in a thread; the
matching itself is pure and tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from teleconsult.store.files import Storage

MAX_LIMIT = 200


class InvalidQuery(ValueError):
    """A search parameter we cannot use; the message names it."""


@dataclass(frozen=True)
class Query:
    text: str = ""
    patient: str = ""
    clinic: str = ""
    signed_by: str = ""
    start: date | None = None
    end: date | None = None
    offset: int = 0
    limit: int = 50


def _day(raw: str, name: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidQuery(f"{name} must be YYYY-MM-DD") from None


def _count(raw: str, name: str, default: int, top: int) -> int:
    if not raw:
        return default
    if not raw.isdigit() or int(raw) > top:
        raise InvalidQuery(f"{name} must be an integer from 0 to {top}")
    return int(raw)


def parse_query(params: dict[str, str], signed_by: str = "") -> Query:
    """``q``, ``patient``, ``clinic``, ``from``, ``to`` (dates), ``offset``, ``limit``."""
    text = {k: params.get(k, "").strip()[:200] for k in ("q", "patient", "clinic")}
    limit = _count(params.get("limit", ""), "limit", 50, MAX_LIMIT) or 50
    query = Query(text=text["q"].lower(), patient=text["patient"].lower(),
                  clinic=text["clinic"], signed_by=signed_by,
                  start=_day(params.get("from", ""), "from"), end=_day(params.get("to", ""), "to"),
                  offset=_count(params.get("offset", ""), "offset", 0, 10**6), limit=limit)
    if query.start and query.end and query.start > query.end:
        raise InvalidQuery("from must not be after to")
    return query


def matches(report: dict, query: Query, tz: ZoneInfo) -> bool:
    """Does one signed report version satisfy every filter given?"""
    patient = report.get("patient") or {}
    if query.signed_by and report.get("signed_by") != query.signed_by:
        return False
    if query.clinic and report.get("clinic") != query.clinic:
        return False
    if query.patient and query.patient not in str(patient.get("id", "")).lower() \
            and query.patient not in str(patient.get("name", "")).lower():
        return False
    if query.text and query.text not in (f"{report.get('findings', '')}\n"
                                         f"{report.get('impression', '')}").lower():
        return False
    if query.start or query.end:
        day = datetime.fromisoformat(report["signed_at"].replace("Z", "+00:00")) \
            .astimezone(tz).date()
        if (query.start and day < query.start) or (query.end and day > query.end):
            return False
    return True


def search(reports: Iterable[dict], query: Query, tz: ZoneInfo) -> tuple[list[dict], int]:
    """(this page of matches, newest signature first; how many match in all)."""
    found = sorted((r for r in reports if matches(r, query, tz)),
                   key=lambda r: (r["signed_at"], r["report_id"]), reverse=True)
    return found[query.offset:query.offset + query.limit], len(found)


def all_reports(storage: Storage) -> Iterator[dict]:
    """Every signed report version on disk."""
    for case_id in storage.iter_case_ids():
        yield from storage.reports(case_id)

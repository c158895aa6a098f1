"""What the API and the command ask of the statistics, each a blocking call that opens the
store, asks, and closes it (run in a thread by the API): turnaround, the quality figures,
the big screen's aggregates and the month's 绩效 sheets."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from teleconsult.settings.model import Settings
from teleconsult.stats import db, export, queries, sharing_counts

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])\Z")


def month_range(month: str) -> tuple[date, date]:
    """First and last day of ``YYYY-MM``; ValueError otherwise."""
    m = _MONTH.match(month or "")
    if not m:
        raise ValueError(f"month must be YYYY-MM, got {month!r}")
    year, mon = int(m.group(1)), int(m.group(2))
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def turnaround(settings: Settings, start: date, end: date, group_by: list[str]) -> list[dict]:
    with db.reading(settings.data_dir) as con:
        return queries.turnaround(con, settings.stats, start, end, group_by)


def quality(settings: Settings, start: date, end: date) -> dict:
    """Volume, positive rate, critical results, STAT share, review discrepancy, per day."""
    with db.reading(settings.data_dir) as con:
        return {
            "by_modality": queries.volume(con, start, end, "modality"),
            "by_clinic": queries.volume(con, start, end, "clinic"),
            "critical": queries.critical(con, start, end),
            "stat_share": queries.stat_share(con, settings.stats, start, end),
            "review": queries.review(con, start, end),
            "daily": queries.daily(con, settings.stats, start, end),
            "shared_results": sharing_counts.count(settings.data_dir, start, end,
                                                   settings.timezone),
        }


def screen(settings: Settings, now: float) -> dict:
    """The big screen's figures from the store: today's turnaround and the last 30 days
    (what is live — arrivals, queues, STATs — the API reads from Redis)."""
    today = datetime.fromtimestamp(now, settings.timezone).date()
    with db.reading(settings.data_dir) as con:
        return {
            "today": queries.turnaround(con, settings.stats, today, today, [],
                                        ("arrival_to_assigned", "arrival_to_report",
                                         "arrival_to_final", "report_to_delivered")),
            "trend": queries.daily(con, settings.stats, today - timedelta(days=29), today),
        }


def names(settings: Settings) -> dict[str, str]:
    """Doctors' and clinics' names by id (the workbook shows both)."""
    out = {c.id: c.name for c in settings.clinics.values()}
    out.update({d.id: d.name for d in settings.doctors.values()})
    return out


def month_sheets(settings: Settings, month: str) -> dict[str, list[list[object]]]:
    """The month's rows per sheet (doctor, clinic, modality), header first."""
    start, end = month_range(month)
    who = names(settings)
    with db.reading(settings.data_dir) as con:
        return {sheet: export.rows_for(sheet, queries.month_by(con, settings.stats, start, end,
                                                               sheet), who)
                for sheet in export.SHEETS}


def month_rows(settings: Settings, month: str) -> dict[str, list[dict]]:
    """The same month as JSON rows (what the workbook shows, for the API and the page)."""
    start, end = month_range(month)
    with db.reading(settings.data_dir) as con:
        return {sheet: queries.month_by(con, settings.stats, start, end, sheet)
                for sheet in export.SHEETS}


def workbook(settings: Settings, month: str) -> bytes:
    return export.workbook(month, settings.community_name, month_sheets(settings, month),
                           settings.stats.weights)

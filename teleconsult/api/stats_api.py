"""Statistics for supervisors (质控与绩效): ``GET /api/v1/stats/turnaround`` (per-stage
percentiles against the 时限 table), ``/stats/quality`` (volume, positive rate, critical
results, STAT share, review discrepancy, per day), ``/stats/month`` and the 绩效 workbook
``/stats/export.xlsx`` / ``.csv``. Aggregates only, from the statistics store (never the
truth; ``teleconsult stats rebuild`` makes it again). Admins and supervising doctors."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta
from types import ModuleType

from aiohttp import web

from teleconsult.api.appkeys import SETTINGS
from teleconsult.api.auth import principal
from teleconsult.api.errors import ApiError, BadRequest, Forbidden
from teleconsult.api.json_io import json_response
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
MAX_DAYS = 3 * 366  # a range longer than this is refused (three years of rows at most)


class StatsBusy(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "stats_unavailable", 503)


async def ask(fn, *args):  # noqa: ANN001, ANN201 - a service function and its arguments
    """A statistics question in a thread; the store busy past a few seconds is a 503."""
    try:
        return await asyncio.to_thread(fn, *args)
    except service().db.StatsUnavailable as exc:
        raise StatsBusy(str(exc)) from None


def service() -> ModuleType:
    """The statistics service; DuckDB is loaded by the first statistics request, never by
    the supervisor that forks every part (see ``teleconsult.stats``)."""
    from teleconsult.stats import service as stats_service

    return stats_service


def supervisor(request: web.Request) -> Principal:
    """An admin, or a doctor marked ``supervisor``; anyone else 403."""
    who = principal(request, "admin", "doctor")
    doctor = request.app[SETTINGS].doctors.get(who.id) if who.kind == "doctor" else None
    if who.kind == "doctor" and not (doctor and doctor.supervisor):
        raise Forbidden("statistics are for supervisors and admins", "wrong_role")
    return who


def _day(raw: str | None, name: str, default: date) -> date:
    if raw is None or raw == "":
        return default
    try:
        if not _DAY.match(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a date YYYY-MM-DD, got {raw[:40]!r}",
                         "invalid_date") from None


def date_range(request: web.Request) -> tuple[date, date]:
    """``from`` and ``to`` (inclusive; default the last 30 days) in the community's days."""
    today = datetime.now(request.app[SETTINGS].timezone).date()
    end = _day(request.query.get("to"), "to", today)
    start = _day(request.query.get("from"), "from", end - timedelta(days=29))
    if end < start:
        raise BadRequest("to is before from", "invalid_date")
    if (end - start).days >= MAX_DAYS:
        raise BadRequest(f"a range is at most {MAX_DAYS} days", "invalid_date")
    return start, end


def _month(request: web.Request) -> str:
    month = request.query.get("month", "")
    try:
        service().month_range(month)
    except ValueError as exc:
        raise BadRequest(str(exc), "invalid_month") from None
    return month


@routes.get("/api/v1/stats/turnaround")
async def turnaround(request: web.Request) -> web.Response:
    supervisor(request)
    start, end = date_range(request)
    raw = request.query.get("group_by", "")
    groups = [g.strip() for g in raw.split(",") if g.strip()]
    svc = service()
    try:
        svc.queries.check_groups(groups)
    except ValueError as exc:
        raise BadRequest(str(exc), "invalid_group_by") from None
    rows = await ask(svc.turnaround, request.app[SETTINGS], start, end, groups)
    return json_response({"from": start, "to": end, "group_by": groups, "rows": rows})


@routes.get("/api/v1/stats/quality")
async def quality(request: web.Request) -> web.Response:
    supervisor(request)
    start, end = date_range(request)
    body = await ask(service().quality, request.app[SETTINGS], start, end)
    return json_response({"from": start, "to": end, **body})


@routes.get("/api/v1/stats/month")
async def month(request: web.Request) -> web.Response:
    """The 绩效 rows of a month per doctor, clinic and modality (the workbook's numbers)."""
    supervisor(request)
    name = _month(request)
    settings = request.app[SETTINGS]
    rows = await ask(service().month_rows, settings, name)
    return json_response({"month": name, "weights": dict(settings.stats.weights), **rows})


@routes.get("/api/v1/stats/export.xlsx")
async def export_xlsx(request: web.Request) -> web.Response:
    supervisor(request)
    name = _month(request)
    body = await ask(service().workbook, request.app[SETTINGS], name)
    return web.Response(body=body, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
        "Content-Disposition": f'attachment; filename="teleconsult-{name}.xlsx"'})


@routes.get("/api/v1/stats/export.csv")
async def export_csv(request: web.Request) -> web.Response:
    """One sheet of the workbook as CSV (``sheet=doctor|clinic|modality``, default doctor)."""
    supervisor(request)
    name = _month(request)
    svc = service()
    sheet = request.query.get("sheet", "doctor")
    if sheet not in svc.export.SHEETS:
        raise BadRequest(f"sheet is one of {', '.join(svc.export.SHEETS)}", "invalid_query")
    sheets = await ask(svc.month_sheets, request.app[SETTINGS], name)
    return web.Response(text=svc.export.csv_text(sheets[sheet]), content_type="text/csv",
                        charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="teleconsult-{name}-{sheet}.csv"'})


_ROW = {"type": "object", "required": ["stage", "n", "p50_min", "p90_min", "p99_min",
                                       "on_time_pct"], "properties": {
    "stage": {"type": "string"}, "n": {"type": "integer"},
    **{k: {"type": ["number", "null"]} for k in ("p50_min", "p90_min", "p99_min",
                                                  "on_time_pct")}}}
_WHO = "admin, supervising doctor"
# for the OpenAPI document: (method, path, summary, who, request, status, response)
ENDPOINTS = [
    ("get", "/api/v1/stats/turnaround", "Per-stage turnaround: n, p50/p90/p99 minutes and the "
     "share on time against the 时限 table, grouped by modality, priority, clinic, doctor, "
     "zone, community (?from=&to=&group_by=a,b)", _WHO, None, 200,
     {"type": "object", "required": ["rows"], "properties": {
         "rows": {"type": "array", "items": _ROW}}}),
    ("get", "/api/v1/stats/quality", "Volume by modality and clinic, positive rate, critical "
     "results and their acknowledgement, STAT share per clinic with inflation warnings, "
     "review discrepancy per writer, figures per day (?from=&to=)", _WHO, None, 200,
     {"type": "object"}),
    ("get", "/api/v1/stats/month", "The month's 绩效 rows per doctor, clinic and modality "
     "(?month=YYYY-MM): the workbook's numbers", _WHO, None, 200, {"type": "object"}),
    ("get", "/api/v1/stats/export.xlsx", "The month's 绩效 workbook (?month=YYYY-MM)", _WHO,
     None, 200, {"type": "string", "format": "binary"}),
    ("get", "/api/v1/stats/export.csv", "One sheet of the month's workbook as CSV "
     "(?month=YYYY-MM&sheet=doctor|clinic|modality)", _WHO, None, 200, {"type": "string"}),
]
QUERY = {
    "/api/v1/stats/turnaround": ("from", "to", "group_by"),
    "/api/v1/stats/quality": ("from", "to"),
    "/api/v1/stats/month": ("month",),
    "/api/v1/stats/export.xlsx": ("month",),
    "/api/v1/stats/export.csv": ("month", "sheet"),
}

"""Reading history: ``GET /api/v1/me/reports`` (a doctor's own signed reports) and
``GET /api/v1/admin/reports`` (a supervisor's search over all), paged and audited."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from teleconsult.api.appkeys import SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.errors import BadRequest
from teleconsult.api.json_io import json_response
from teleconsult.reporting import history, reports
from teleconsult.store import audit
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()


async def _answer(request: web.Request, who: Principal, query: history.Query) -> web.Response:
    settings, storage = request.app[SETTINGS], request.app[STORAGE]

    def run() -> tuple[list[dict], int]:
        return history.search(history.all_reports(storage), query, settings.timezone)

    page, total = await asyncio.to_thread(run)
    # identifiers only: which filters were used and which cases were shown, never the text
    audit.record(settings.data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": "report_search",
        "filters": sorted(k for k in ("q", "patient", "clinic", "from", "to", "doctor")
                          if request.query.get(k)),
        "cases": sorted({r["case_id"] for r in page})})
    following = query.offset + len(page)
    return json_response({"items": [reports.public(r) for r in page], "total": total,
                          "offset": query.offset,
                          "next": following if following < total else None})


def _query(request: web.Request, signed_by: str) -> history.Query:
    try:
        return history.parse_query(dict(request.query), signed_by)
    except history.InvalidQuery as exc:
        raise BadRequest(str(exc), "invalid_query") from None


@routes.get("/api/v1/me/reports")
async def my_reports(request: web.Request) -> web.Response:
    """The calling doctor's signed reports: ?q=&patient=&clinic=&from=&to=&offset=&limit="""
    who = principal(request, "doctor")
    return await _answer(request, who, _query(request, who.id))


@routes.get("/api/v1/admin/reports")
async def all_reports(request: web.Request) -> web.Response:
    """Every signed report (supervisor): the same filters plus ?doctor="""
    who = principal(request, "admin")
    return await _answer(request, who, _query(request, request.query.get("doctor", "")))

"""Clinics' side of the JSON API: the report feed and single reports."""

from __future__ import annotations

from aiohttp import web

from teleconsult import reports
from teleconsult.api.appkeys import QUEUE, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.cases import json_response
from teleconsult.api.errors import BadRequest, Forbidden, NotFound
from teleconsult.storage import check_case_id

routes = web.RouteTableDef()


@routes.get("/api/v1/reports")
async def list_reports(request: web.Request) -> web.Response:
    who = principal(request, "clinic")
    raw_since = request.query.get("since", "0") or "0"
    raw_limit = request.query.get("limit", "100")
    if not raw_since.isdigit() or not raw_limit.isdigit() or not 0 < int(raw_limit) <= 1000:
        raise BadRequest("since must be a cursor from 'next'; limit 1..1000", "invalid_cursor")
    items, cursor = await reports.feed(request.app[QUEUE], request.app[STORAGE], who.id,
                                       int(raw_since), int(raw_limit))
    return json_response({"reports": items, "next": str(cursor)})


@routes.get("/api/v1/reports/{report_id}")
async def get_report(request: web.Request) -> web.Response:
    who = principal(request)
    try:
        case_id, version = reports.split_report_id(request.match_info["report_id"])
        check_case_id(case_id)
    except ValueError:
        raise NotFound("no such report") from None
    path = request.app[STORAGE].report_path(case_id, version)
    if not path.exists():
        raise NotFound("no such report")
    report = request.app[STORAGE].read_json(path)
    state = await request.app[QUEUE].state(case_id)
    allowed = (who.kind == "admin" or (who.kind == "clinic" and report["clinic"] == who.id)
               or (who.kind == "doctor" and who.id in (report["signed_by"], state.get("owner"))))
    if not allowed:
        raise Forbidden("this report is not yours", "not_yours")
    return json_response(reports.public(report))

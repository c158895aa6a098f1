"""A reader's measurements and key images on a case:
``GET/PUT /api/v1/cases/{case_id}/annotations``.

Reading: whoever may read the case (their own document; ``?reader=`` for someone else's).
Writing: the doctor who owns the case while reading it (fenced like signing), or a doctor
who signed it (for an amendment). Every read and write leaves an audit line (ids only).
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from teleconsult.api.appkeys import SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case, may_read_case
from teleconsult.api.consult_api import readers_and_experts
from teleconsult.api.errors import BadRequest, Conflict, Forbidden, TooLarge
from teleconsult.api.json_io import json_response, read_json
from teleconsult.core.times import iso
from teleconsult.reporting import annotations
from teleconsult.store import audit

routes = web.RouteTableDef()
_PATH = "/api/v1/cases/{case_id}/annotations"


def _audit(request: web.Request, who, record: dict, action: str, reader: str) -> None:
    audit.record(request.app[SETTINGS].data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": action,
        "patient": {"clinic": record["clinic"], "id": record["patient"].get("id", "")},
        "cases": [record["case_id"]], "reader": reader})


async def _bounded_json(request: web.Request) -> object:
    """The JSON body, refused (413) past the annotations' own limit (smaller than the JSON
    routes' limit, which the body-limit middleware has already enforced while reading)."""
    limit = annotations.MAX_BODY_BYTES
    if request.content_length and request.content_length > limit:
        raise TooLarge(f"annotations are limited to {limit} bytes")
    if len(await request.read()) > limit:
        raise TooLarge(f"annotations are limited to {limit} bytes")
    return await read_json(request)


@routes.get(_PATH)
async def get_annotations(request: web.Request) -> web.Response:
    who = principal(request, "doctor", "admin")
    record, state = await load_case(request)
    storage = request.app[STORAGE]
    if not may_read_case(who, record, state, readers_and_experts(request, record)):
        raise Forbidden("this case is not routed to you", "not_yours")
    try:
        reader = annotations.check_reader(request.query.get("reader", who.id))
    except annotations.InvalidAnnotations as exc:
        raise BadRequest(str(exc), "invalid_reader") from None
    doc = await asyncio.to_thread(annotations.load, storage, record["case_id"], reader)
    _audit(request, who, record, "annotations_read", reader)
    return json_response({"case_id": record["case_id"], "reader": reader, **doc})


@routes.put(_PATH)
async def put_annotations(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    record, state = await load_case(request)
    storage = request.app[STORAGE]
    signers = {r["signed_by"] for r in storage.reports(record["case_id"])}
    owner = state.get("owner") == who.id and state.get("status") in ("assigned", "in_review")
    if not owner and who.id not in signers:
        raise Forbidden("only the doctor reading this case may save measurements",
                        "not_owner")
    body = await _bounded_json(request)
    fence = body.get("fence") if isinstance(body, dict) else None
    if owner and fence is not None and str(fence) != state.get("fence"):
        raise Conflict("the case was reassigned since you opened it", "stale_fence")
    try:
        doc = annotations.parse(body)
    except annotations.InvalidAnnotations as exc:
        raise BadRequest(str(exc), "invalid_annotations") from None
    stored = await asyncio.to_thread(annotations.save, storage, record["case_id"], who.id, doc,
                                     iso(time.time()))
    _audit(request, who, record, "annotations_saved", who.id)
    return json_response({k: v for k, v in stored.items() if k != "reader"} | {
        "reader": who.id})

"""An open read: case-page heartbeat, server-side drafts, explicit handover, and who holds
the case now (so a page can follow it instead of dead-ending)."""

from __future__ import annotations

import time

from aiohttp import web

from teleconsult.api.appkeys import REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case, previous_readers
from teleconsult.api.errors import BadRequest, Conflict, Forbidden
from teleconsult.api.json_io import json_response, optional_json, read_json
from teleconsult.api.reading import may_take, reading
from teleconsult.cases import drafts
from teleconsult.routing import handing, presence
from teleconsult.routing.queue import QueueError

routes = web.RouteTableDef()


def _refused(exc: QueueError, request: web.Request, record: dict, who: str) -> Exception:
    """A refusal to someone who held the case before is a 409 (their page is stale)."""
    if exc.code.startswith("draft_conflict"):
        current = exc.code.partition(":")[2]
        return Conflict(f"the draft is at version {current}; reload it first",
                        "draft_conflict")
    if exc.code == "not_owner" and who in previous_readers(request, record["case_id"]):
        return Conflict("the case was reassigned to someone else", "stale_fence")
    return exc


def _fence(body: object) -> int | None:
    fence = body.get("fence") if isinstance(body, dict) else None
    if fence is not None and (isinstance(fence, bool) or not isinstance(fence, int)):
        raise BadRequest("fence must be an integer", "invalid_fence")
    return fence


@routes.post("/api/v1/cases/{case_id}/heartbeat")
async def heartbeat(request: web.Request) -> web.Response:
    """The case page is open (every 15 s): the reader keeps the case while it beats."""
    who = principal(request, "doctor")
    record, _ = await load_case(request)
    fence = _fence(await optional_json(request))
    now = time.time()
    try:
        status, fence_now, version = await reading(request).touch(
            record["case_id"], who.id, now, "page", fence)
    except QueueError as exc:
        raise _refused(exc, request, record, who.id) from None
    await presence.seen(request.app[REDIS], who.id,
                        request.app[SETTINGS].routing.presence_seconds)
    return json_response({"case_id": record["case_id"], "status": status, "fence": fence_now,
                          "draft_version": version, "mine": True})


@routes.get("/api/v1/cases/{case_id}/draft")
async def get_draft(request: web.Request) -> web.Response:
    """The case's draft and who wrote it (the owner, the draft's author, admins)."""
    who = principal(request)
    record, state = await load_case(request)
    draft = drafts.load(request.app[STORAGE], record["case_id"])
    allowed = who.kind == "admin" or (who.kind == "doctor" and (
        state.get("owner") == who.id or (draft is not None and draft["author"] == who.id)))
    if not allowed:
        raise Forbidden("this case is not routed to you", "not_yours")
    version = max(int(state.get("draft_v") or 0), int(draft["version"]) if draft else 0)
    return json_response({"case_id": record["case_id"], "version": version, "draft": draft})


@routes.put("/api/v1/cases/{case_id}/draft")
async def put_draft(request: web.Request) -> web.Response:
    """Save what the editor holds (debounced by the page); fenced and versioned."""
    who = principal(request, "doctor")
    record, _ = await load_case(request)
    try:
        fields = drafts.parse_draft(await read_json(request))
    except drafts.InvalidDraft as exc:
        raise BadRequest(str(exc), "invalid_draft") from None
    now = time.time()
    try:
        _, fence, version = await reading(request).touch(
            record["case_id"], who.id, now, "draft", fields["fence"], fields["base_version"])
    except QueueError as exc:
        raise _refused(exc, request, record, who.id) from None
    doctor = request.app[SETTINGS].doctors.get(who.id)
    draft = drafts.save(request.app[STORAGE], record["case_id"], version, fields, who.id,
                        doctor.name if doctor else who.id, fence, now)
    return json_response({"case_id": record["case_id"], "version": draft["version"],
                          "saved_at": now, "author": who.id})


@routes.post("/api/v1/cases/{case_id}/handover")
async def handover(request: web.Request) -> web.Response:
    """Give an open read back to routing with a note; the draft goes with it."""
    who = principal(request, "doctor")
    record, state = await load_case(request)
    body = await optional_json(request)
    note = body.get("note", "") if isinstance(body, dict) else ""
    if not isinstance(note, str) or len(note) > 1000:
        raise BadRequest("note must be a string of at most 1000 characters", "invalid_note")
    fence = _fence(body)
    if state.get("owner") != who.id:
        raise _refused(QueueError("not_owner"), request, record, who.id)
    if fence is not None and str(fence) != state.get("fence"):
        raise Conflict("the case was reassigned since you opened it", "stale_fence")
    done = await handing.hand_back(reading(request), request.app[STORAGE], record["case_id"],
                                   state, "handover", time.time(), who.id,
                                   fence=int(state.get("fence") or 0), note=note or None,
                                   avoid=who.id)
    if not done:
        raise Conflict("the case moved meanwhile; reload it", "stale_fence")
    return json_response({"case_id": record["case_id"], "status": "queued"})


@routes.get("/api/v1/cases/{case_id}/ownership")
async def ownership(request: web.Request) -> web.Response:
    """Who holds the case now, as far as the caller may know, and what they may do."""
    who = principal(request, "doctor")
    record, state = await load_case(request)
    status, owner = state.get("status", ""), state.get("owner") or ""
    mine = owner == who.id
    can_claim = status == "queued" and may_take(request, who, record, state)
    can_read = mine or who.id in previous_readers(request, record["case_id"]) or any(
        r["signed_by"] == who.id for r in request.app[STORAGE].reports(record["case_id"]))
    if not (can_read or can_claim):
        # a doctor the case was never routed to learns nothing of it, not even its state
        raise Forbidden("this case is not routed to you", "not_yours")
    return json_response({
        "case_id": record["case_id"], "status": status, "mine": mine,
        "held_by": "you" if mine else ("someone" if owner else None),
        "fence": int(state.get("fence") or 0) if mine else None,
        "can_claim": can_claim, "can_read": can_read})


_DRAFT = {"type": "object", "properties": {
    "findings": {"type": "string"}, "impression": {"type": "string"},
    "critical": {"type": "boolean"}, "fence": {"type": "integer"},
    "base_version": {"type": "integer"}}}
_FENCE = {"type": "object", "properties": {"fence": {"type": "integer"}}}
# rows of teleconsult.api.openapi's table
ENDPOINTS = [
    ("post", "/api/v1/cases/{case_id}/heartbeat",
     "The case page is open: the reader keeps the case (every 15 s; fenced)", "doctor (owner)",
     _FENCE, 200, {"type": "object"}),
    ("get", "/api/v1/cases/{case_id}/draft", "The case's report draft and who wrote it",
     "doctor (owner / author), admin", None, 200, {"type": "object"}),
    ("put", "/api/v1/cases/{case_id}/draft",
     "Save the report draft (versioned: base_version; fenced; 409 draft_conflict)",
     "doctor (owner)", _DRAFT, 200, {"type": "object"}),
    ("post", "/api/v1/cases/{case_id}/handover",
     "Give an open read back to routing with a note; the draft goes with it", "doctor (owner)",
     {"type": "object", "properties": {"note": {"type": "string"},
                                       "fence": {"type": "integer"}}}, 200, {"type": "object"}),
    ("get", "/api/v1/cases/{case_id}/ownership",
     "Who holds the case now and what the caller may do (claim, read-only)",
     "doctor (owner, earlier reader or signer, or one who may claim it)", None,
     200, {"type": "object"}),
]



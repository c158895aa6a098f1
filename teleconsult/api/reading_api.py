"""An open read: case-page heartbeat, server-side drafts, explicit handover, and who holds
the case now (so a page can follow it instead of dead-ending)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from aiohttp import web

from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import Principal, principal
from teleconsult.api.cases_api import json_response, load_case, read_json
from teleconsult.api.errors import BadRequest, Conflict, Forbidden
from teleconsult.cases import drafts
from teleconsult.cases.record import past_readers, transition
from teleconsult.routing import handing, presence
from teleconsult.routing.people_config import HandoverConfig
from teleconsult.routing.queue import QueueError
from teleconsult.routing.reading import Reading
from teleconsult.routing.roster import on_shift
from teleconsult.store import keys

routes = web.RouteTableDef()


def _reading(request: web.Request) -> Reading:
    return Reading(request.app[REDIS])


def _refused(exc: QueueError, request: web.Request, record: dict, who: str) -> Exception:
    """A refusal to someone who held the case before is a 409 (their page is stale)."""
    if exc.code.startswith("draft_conflict"):
        current = exc.code.partition(":")[2]
        return Conflict(f"the draft is at version {current}; reload it first",
                        "draft_conflict")
    if exc.code == "not_owner" and who in previous_readers(request, record["case_id"]):
        return Conflict("the case was reassigned to someone else", "stale_fence")
    return exc


def previous_readers(request: web.Request, case_id: str) -> set[str]:
    return past_readers(request.app[STORAGE].history(case_id))


def _fence(body: object) -> int | None:
    fence = body.get("fence") if isinstance(body, dict) else None
    if fence is not None and (isinstance(fence, bool) or not isinstance(fence, int)):
        raise BadRequest("fence must be an integer", "invalid_fence")
    return fence


async def _optional_json(request: web.Request) -> object:
    return await read_json(request) if request.body_exists else {}


@routes.post("/api/v1/cases/{case_id}/heartbeat")
async def heartbeat(request: web.Request) -> web.Response:
    """The case page is open (every 15 s): the reader keeps the case while it beats."""
    who = principal(request, "doctor")
    record, _ = await load_case(request)
    fence = _fence(await _optional_json(request))
    now = time.time()
    try:
        status, fence_now, version = await _reading(request).touch(
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
        _, fence, version = await _reading(request).touch(
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
    body = await _optional_json(request)
    note = body.get("note", "") if isinstance(body, dict) else ""
    if not isinstance(note, str) or len(note) > 1000:
        raise BadRequest("note must be a string of at most 1000 characters", "invalid_note")
    fence = _fence(body)
    if state.get("owner") != who.id:
        raise _refused(QueueError("not_owner"), request, record, who.id)
    if fence is not None and str(fence) != state.get("fence"):
        raise Conflict("the case was reassigned since you opened it", "stale_fence")
    done = await handing.hand_back(_reading(request), request.app[STORAGE], record["case_id"],
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
    return json_response({
        "case_id": record["case_id"], "status": status, "mine": mine,
        "held_by": "you" if mine else ("someone" if owner else None),
        "fence": int(state.get("fence") or 0) if mine else None,
        "can_claim": status == "queued" and may_take(request, who, record),
        "can_read": mine or who.id in previous_readers(request, record["case_id"]) or any(
            r["signed_by"] == who.id for r in request.app[STORAGE].reports(record["case_id"]))})


def may_take(request: web.Request, who: Principal, record: dict) -> bool:
    """A queued case may be taken by a doctor of its specialty who is on shift."""
    doctor = request.app[SETTINGS].doctors.get(who.id)
    return doctor is not None and record["specialty"] in doctor.specialties and on_shift(
        doctor, datetime.now(UTC), request.app[SETTINGS].timezone)


async def take_queued(request: web.Request, who: Principal, record: dict) -> None:
    """Claiming a queued case (the page offered it) first gives it to the caller."""
    if not may_take(request, who, record):
        raise Forbidden("this case is not routed to you", "not_yours")
    routing = request.app[SETTINGS].routing
    lease = routing.priority_times[record["priority"]].lease_seconds
    now = time.time()
    try:
        fence = await request.app[QUEUE].move(record["case_id"], record["specialty"], "",
                                              who.id, now + lease)
    except QueueError as exc:
        if exc.code == "stale_owner":
            raise Conflict("someone else took the case meanwhile", "stale_owner") from None
        raise
    request.app[STORAGE].append_history(record["case_id"], transition(
        "assigned", now, who.id, to=who.id, fence=fence, reason="taken"))


async def after_claim(request: web.Request, record: dict, now: float) -> None:
    """The read clock starts (and the case's read timer, if its priority has one)."""
    cfg = request.app[SETTINGS].handover or HandoverConfig()
    await _reading(request).claimed(record["case_id"], now,
                                    cfg.read_limit_seconds.get(record["priority"]))


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
     "Who holds the case now and what the caller may do (claim, read-only)", "doctor", None,
     200, {"type": "object"}),
]


async def add_read_clocks(request: web.Request, items: list[dict]) -> None:
    """``reading_since`` (claim time) and ``read_due_at`` (its read limit, if the priority
    has one) on each open read, for the clocks of the worklist and the case page."""
    from teleconsult.reporting.reports import iso

    reading = [i for i in items if i.get("status") == "in_review"]
    if not reading:
        return
    pipe = request.app[REDIS].pipeline(transaction=False)
    for item in reading:
        pipe.hget(keys.case(item["case_id"]), "claimed_at")
    limits = (request.app[SETTINGS].handover or HandoverConfig()).read_limit_seconds
    for item, raw in zip(reading, await pipe.execute(), strict=True):
        if not raw:
            continue
        claimed = float(raw)
        limit = limits.get(item.get("priority", ""))
        item["reading_since"] = iso(claimed)
        item["read_due_at"] = iso(claimed + limit) if limit is not None else None

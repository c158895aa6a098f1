"""Upward consultation at the HTTP edge: a case's reader (or its clinic) asks a pool, an
expert of the pool claims and answers. Experts see only the cases they were asked about
(``experts_may_read``: the rest of the API refuses them with 403, audited)."""

from __future__ import annotations

import time

from aiohttp import web

from teleconsult.api.appkeys import REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case, may_read_case
from teleconsult.api.errors import BadRequest, Conflict, Forbidden, NotFound
from teleconsult.api.json_io import json_response, read_json
from teleconsult.cases.record import past_readers
from teleconsult.reporting import consultations
from teleconsult.reporting.consultations import ConsultError
from teleconsult.store import keys
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()
_MAX_TEXT = 10_000


def readers_and_experts(request: web.Request, record: dict) -> set[str]:
    """Everyone besides the owner who may read the case: earlier readers, signers and the
    experts of every pool asked about it."""
    storage = request.app[STORAGE]
    return ({r["signed_by"] for r in storage.reports(record["case_id"])}
            | past_readers(storage.history(record["case_id"]))
            | consultations.experts_asked(storage, request.app[SETTINGS].consult_pools,
                                          [record["case_id"]]))


def _text(body: dict, name: str, required: bool) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"{name} must be a non-empty string", "invalid_consultation")
    if len(value) > _MAX_TEXT:
        raise BadRequest(f"{name} is longer than {_MAX_TEXT} characters",
                         "invalid_consultation")
    return value.strip()


def _ask(body: object, record: dict) -> dict:
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object", "invalid_consultation")
    urgency = body.get("urgency", "routine")
    if urgency not in consultations.URGENCIES:
        raise BadRequest(f"urgency must be one of {', '.join(consultations.URGENCIES)}",
                         "invalid_consultation")
    series = body.get("series") or []
    known = {s.get("series_instance_uid") for s in record.get("series", [])}
    if not isinstance(series, list) or not all(isinstance(s, str) and s in known
                                               for s in series):
        raise BadRequest("series must list series instance UIDs of this case",
                         "invalid_consultation")
    return {"question": _text(body, "question", True), "urgency": urgency,
            "series": series}


def _asker(request: web.Request, who: Principal, record: dict, state: dict) -> None:
    """The case's clinic, a doctor who may read it (not an expert), or an admin."""
    doctor = request.app[SETTINGS].doctors.get(who.id) if who.kind == "doctor" else None
    if doctor is not None and doctor.expert:
        raise Forbidden("experts answer consultations; they do not ask", "not_yours")
    storage = request.app[STORAGE]
    signers = {r["signed_by"] for r in storage.reports(record["case_id"])} | past_readers(
        storage.history(record["case_id"]))
    if not may_read_case(who, record, state, signers):
        raise Forbidden("this case is not routed to you", "not_yours")


@routes.post("/api/v1/cases/{case_id}/consultations")
async def ask(request: web.Request) -> web.Response:
    """Ask an expert pool about the case: 201 with the consultation."""
    who = principal(request)
    record, state = await load_case(request)
    _asker(request, who, record, state)
    body = await read_json(request)
    pool = request.app[SETTINGS].consult_pools.get(body.get("pool") if isinstance(body, dict)
                                                   else None)
    if pool is None:
        raise BadRequest("pool must name a configured consultation pool", "unknown_pool")
    if not pool.serves(keys.case_community(record["case_id"])):
        raise Forbidden("this pool does not serve the case's community", "pool_not_shared")
    made = await consultations.request(request.app[REDIS], request.app[STORAGE], record, pool,
                                       _ask(body, record), (who.kind, who.id), time.time())
    return json_response(consultations.public(made), status=201)


@routes.get("/api/v1/cases/{case_id}/consultations")
async def of_case(request: web.Request) -> web.Response:
    """The case's consultations (whoever may read the case)."""
    who = principal(request)
    record, state = await load_case(request)
    if not may_read_case(who, record, state, readers_and_experts(request, record)):
        raise Forbidden("this case is not routed to you", "not_yours")
    items = consultations.of_case(request.app[STORAGE], record["case_id"])
    return json_response({"case_id": record["case_id"],
                          "consultations": [consultations.public(c) for c in items]})


def _expert_of(request: web.Request, who: Principal, c: dict) -> str:
    pool = request.app[SETTINGS].consult_pools.get(c["pool"])
    if pool is None or who.id not in pool.members:
        raise Forbidden("this consultation was not asked of your pool", "not_yours")
    return request.app[SETTINGS].doctors[who.id].name


def _load(request: web.Request) -> dict:
    c = consultations.one(request.app[STORAGE], request.match_info["consultation_id"])
    if c is None:
        raise NotFound("no such consultation")
    return c


def _refused(exc: ConsultError) -> Exception:
    if exc.code == "claimed":
        return Conflict("another expert holds this consultation", "claimed")
    if exc.code == "not_claimed":
        return Conflict("claim the consultation first", "not_claimed")
    return Conflict(f"the consultation is {exc.code.partition(':')[2] or exc.code}",
                    "wrong_state")


@routes.post("/api/v1/consultations/{consultation_id}/claim")
async def claim(request: web.Request) -> web.Response:
    """An expert of the pool takes the request under a lease (again: renews it)."""
    who = principal(request, "doctor")
    c = _load(request)
    _expert_of(request, who, c)
    pool = request.app[SETTINGS].consult_pools[c["pool"]]
    try:
        out = await consultations.claim(request.app[REDIS], request.app[STORAGE], c, who.id,
                                        pool.lease_seconds, time.time())
    except ConsultError as exc:
        raise _refused(exc) from None
    return json_response(consultations.public(out))


@routes.post("/api/v1/consultations/{consultation_id}/opinion")
async def opinion(request: web.Request) -> web.Response:
    """The expert's answer: ``opinion`` and optionally a ``recommendation`` (transfer,
    further imaging, treatment); it comes back into the case."""
    who = principal(request, "doctor")
    c = _load(request)
    name = _expert_of(request, who, c)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object", "invalid_opinion")
    answer = {"opinion": _text(body, "opinion", True),
              "recommendation": _text(body, "recommendation", False)}
    storage = request.app[STORAGE]
    record = storage.read_case(c["case_id"])
    try:
        out = await consultations.answer(request.app[REDIS], storage, c, record, who.id, name,
                                         answer, time.time())
    except ConsultError as exc:
        raise _refused(exc) from None
    return json_response(consultations.public(out), status=201)


_ASK = {"type": "object", "required": ["pool", "question"], "properties": {
    "pool": {"type": "string"}, "question": {"type": "string"},
    "urgency": {"enum": list(consultations.URGENCIES)},
    "series": {"type": "array", "items": {"type": "string"}}}}
_OPINION = {"type": "object", "required": ["opinion"], "properties": {
    "opinion": {"type": "string"}, "recommendation": {"type": "string"}}}
# rows of teleconsult.api.openapi's table
ENDPOINTS = [
    ("post", "/api/v1/cases/{case_id}/consultations",
     "Ask an expert pool about the case (201 {consultation_id, status, ...})",
     "doctor (reader), clinic (own case), admin", _ASK, 201, {"type": "object"}),
    ("get", "/api/v1/cases/{case_id}/consultations", "The case's consultations",
     "whoever may read the case", None, 200, {"type": "object"}),
    ("post", "/api/v1/consultations/{consultation_id}/claim",
     "An expert of the pool takes the consultation under a lease", "expert (pool member)",
     None, 200, {"type": "object"}),
    ("post", "/api/v1/consultations/{consultation_id}/opinion",
     "The expert's opinion (and recommendation): back into the case, requester notified",
     "expert (holding it)", _OPINION, 201, {"type": "object"}),
]

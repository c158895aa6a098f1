"""Laboratory results over HTTP: ``POST /api/v1/fhir`` (a clinic's FHIR R4 transaction
Bundle of DiagnosticReport + Observation, stored like an HL7 result), ``GET
/api/v1/lab/{result_id}`` and ``POST /api/v1/lab/{result_id}/ack`` (a clinic acknowledges
a critical value, 危急值, ending its escalation)."""

from __future__ import annotations

import asyncio
import time

import orjson
from aiohttp import web

from teleconsult.api.appkeys import REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.errors import BadRequest, Forbidden, NotFound, UnsupportedMediaType
from teleconsult.api.json_io import json_response, optional_json
from teleconsult.api.limits import read_bounded
from teleconsult.core.times import iso
from teleconsult.ingress import fhir_lab, lab_results
from teleconsult.ingress.lab_results import LabRejected
from teleconsult.ingress.lab_store import LabStore, acknowledgement, announce
from teleconsult.store import audit, events, keys
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()
MAX_FHIR_BYTES = 8 * 2**20
_TYPES = ("application/fhir+json", "application/json")

ENDPOINTS = [
    ("post", "/api/v1/fhir", "A FHIR R4 transaction Bundle of DiagnosticReport + Observation "
     "(and the Patient they reference): validated, stored durably, then 201; critical values "
     "start the critical-result loop", "clinic", {"type": "object", "required":
                                                 ["resourceType", "type", "entry"]},
     201, {"type": "object", "properties": {
         "result_id": {"type": "string"}, "critical": {"type": "boolean"},
         "stored": {"type": "boolean"}}}),
    ("get", "/api/v1/lab/{result_id}", "One laboratory result with its communication log",
     "clinic (own), admin", None, 200, {"type": "object"}),
    ("get", "/api/v1/lab/{result_id}/fhir", "One laboratory result as a FHIR R4 Bundle "
     "(collection: Patient, DiagnosticReport, Observation)", "clinic (own), admin", None, 200,
     {"type": "object"}),
    ("post", "/api/v1/lab/{result_id}/ack", "A clinic acknowledges a critical lab value",
     "clinic (own)", {"type": "object", "required": ["by"],
                      "properties": {"by": {"type": "string"}}}, 201, {"type": "object"}),
]


async def _body(request: web.Request) -> bytes:
    if request.content_type not in _TYPES:
        raise UnsupportedMediaType(f"send {' or '.join(_TYPES)}")
    return await read_bounded(request, MAX_FHIR_BYTES, "a FHIR bundle")


def _store(request: web.Request) -> LabStore:
    return LabStore(request.app[STORAGE])


@routes.post("/api/v1/fhir")
async def post_fhir(request: web.Request) -> web.Response:
    who = principal(request, "clinic")
    settings = request.app[SETTINGS]
    raw = await _body(request)
    try:
        bundle = fhir_lab.validate(orjson.loads(raw))
        record = lab_results.judge(
            fhir_lab.from_bundle(bundle, who.id, settings.timezone, raw), settings.lab)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the body is not JSON: {exc}", "invalid_json") from None
    except LabRejected as exc:
        raise BadRequest(exc.reason, "invalid_fhir") from None
    store = _store(request)
    stored, new = await asyncio.to_thread(store.save, record)
    await announce(request.app[REDIS], store, stored)
    return json_response({"result_id": stored["result_id"], "critical": stored["critical"],
                          "stored": new, "patient_id": stored["patient"]["id"],
                          "observations": sum(len(o["observations"])
                                              for o in stored["orders"])},
                         status=201 if new else 200)


def _owned(request: web.Request, who: Principal) -> dict:
    record = _store(request).load(request.match_info["result_id"])
    if record is None:
        raise NotFound("no such lab result")
    if who.kind == "clinic" and record["clinic"] != who.id:
        raise Forbidden("another facility's lab result", "not_yours")
    return record


def _read(request: web.Request) -> dict:
    """The result the caller may read, the read written to the audit log first."""
    who = principal(request, "clinic", "admin")
    record = _owned(request, who)
    audit.record(request.app[SETTINGS].data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": "lab_result",
        "patient": {"clinic": record["clinic"], "id": record["patient"].get("id", "")},
        "facilities": [record["clinic"]], "cases": [record["result_id"]]})
    return record


@routes.get("/api/v1/lab/{result_id}")
async def get_result(request: web.Request) -> web.Response:
    record = _read(request)
    store = _store(request)
    return json_response(dict(record, received_at=iso(record["received_at"]),
                              communication=store.comm_log(record["result_id"])))


@routes.get("/api/v1/lab/{result_id}/fhir")
async def get_result_fhir(request: web.Request) -> web.Response:
    bundle = await asyncio.to_thread(fhir_lab.to_bundle, _read(request))
    return web.Response(body=orjson.dumps(bundle), content_type="application/fhir+json")


@routes.post("/api/v1/lab/{result_id}/ack")
async def acknowledge(request: web.Request) -> web.Response:
    who = principal(request, "clinic")
    record = _owned(request, who)
    body = await optional_json(request)
    by = body.get("by") if isinstance(body, dict) else None
    if not isinstance(by, str) or not by.strip() or len(by) > 200:
        raise BadRequest("send {\"by\": \"<who acknowledged>\"}", "invalid_ack")
    if not record.get("critical"):
        raise BadRequest("only critical results are acknowledged", "not_critical")
    store, rid = _store(request), record["result_id"]
    done = acknowledgement(store.comm_log(rid))
    status = 200
    if done is None:
        done = {"at": time.time(), "event": "acknowledged", "by": by.strip(), "clinic": who.id}
        await asyncio.to_thread(store.append_comm, rid, done)
        status = 201
    # after the log line: the timer's worker reads the log and drops an acknowledged value
    await request.app[REDIS].zrem(keys.CRITICAL_DUE, keys.LAB_CRITICAL_PREFIX + rid)
    if status == 201:
        await events.publish(request.app[REDIS], "lab_critical_acknowledged", result_id=rid,
                             clinic=who.id, by=done["by"])
    return json_response({"result_id": rid, "acknowledged": True, "by": done["by"],
                          "at": iso(done["at"])}, status=status)

"""ECG over HTTP: ``POST /api/v1/ecg`` (JSON → DICOM 12-lead ECG → ingest), the 12-lead
picture of a case, ``GET /api/v1/cases/{case_id}/ecg.svg`` / ``.png``, and its automatic
measurements, ``GET /api/v1/cases/{case_id}/ecg/measurements``."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path

import orjson
from aiohttp import web
from pydicom import dcmread

from dicom.ecg import InvalidEcg, build_ecg_dataset, parse_upload
from dicom.ecg_svg import draw_dataset
from teleconsult.api.appkeys import INGEST, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case, may_read_case
from teleconsult.api.consult_api import readers_and_experts
from teleconsult.api.errors import BadRequest, Forbidden, NotFound, UnsupportedMediaType
from teleconsult.api.json_io import json_response
from teleconsult.api.limits import read_bounded
from teleconsult.ingress.ingest import Arrival, IngestError, NotDurable, OutOfSpace
from teleconsult.reporting import ecg_measurements
from teleconsult.reporting.ecg_measurements import first_ecg
from teleconsult.settings.model import Clinic
from teleconsult.store import audit
from teleconsult.store.files import case_id_for_study
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()
MAX_ECG_BYTES = 10 * 2**20


async def _read_body(request: web.Request) -> bytes:
    return await read_bounded(request, MAX_ECG_BYTES, "an ECG upload")


def _store(ingest, clinic: Clinic, upload, now: datetime) -> Arrival:
    """Runs in a thread: build the DICOM instance, write it under tmp, ingest it."""
    ds = build_ecg_dataset(upload, clinic_name=clinic.name, now=now)
    tmp = ingest.storage.new_temp_path()
    try:
        ds.save_as(tmp, enforce_file_format=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    extra = {"requested_priority": upload.priority, "clinical_note": upload.clinical_note}
    return ingest.accept_file(tmp, clinic, study_extra={k: v for k, v in extra.items() if v})


@routes.post("/api/v1/ecg")
async def upload_ecg(request: web.Request) -> web.Response:
    """A clinic's 12-lead trace as JSON; 201 once the DICOM instance is durable."""
    who = principal(request, "clinic")
    if request.content_type != "application/json":
        raise UnsupportedMediaType("send Content-Type: application/json")
    raw = await _read_body(request)
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}", "invalid_json") from None
    try:
        upload = parse_upload(obj)
    except InvalidEcg as exc:
        raise BadRequest(f"{exc.field}: {exc.message}", "invalid_ecg") from None
    settings = request.app[SETTINGS]
    now = datetime.now(settings.timezone)
    try:
        arrival = await asyncio.to_thread(_store, request.app[INGEST],
                                          settings.clinics[who.id], upload, now)
    except OutOfSpace:
        raise  # 507, mapped once in teleconsult.api.errors
    except NotDurable as exc:
        raise web.HTTPServiceUnavailable(text=str(exc)) from None
    except IngestError as exc:
        raise BadRequest(f"the ECG could not be stored: {exc}", exc.reason) from None
    return json_response({"study_instance_uid": arrival.study_uid,
                          "sop_instance_uid": arrival.sop_uid,
                          "case_id": case_id_for_study(
                              arrival.study_uid, settings.community_of(who.id))}, status=201)


def _draw(files: list[Path], title: str, fmt: str) -> bytes | None:
    """Runs in a thread: the first ECG waveform of the study, drawn as SVG or PNG."""
    path = first_ecg(files)
    if path is None:
        return None
    out = draw_dataset(dcmread(path, force=True), fmt=fmt, title=title)
    return out.encode() if isinstance(out, str) else out


async def _readable_case(request: web.Request, who: Principal) -> dict:
    """The case in the path, if ``who`` may read it (404 unknown, 403 not theirs)."""
    record, state = await load_case(request)
    if not may_read_case(who, record, state, readers_and_experts(request, record)):
        raise Forbidden("this case is not routed to you", "not_yours")
    return record


@routes.get(r"/api/v1/cases/{case_id}/ecg.{fmt:svg|png}")
async def case_ecg(request: web.Request) -> web.Response:
    """The 12-lead sheet (3×4 + lead II rhythm strip) of the case's first ECG instance."""
    record = await _readable_case(request, principal(request))
    storage = request.app[STORAGE]
    patient = record.get("patient", {})
    title = " ".join(x for x in (patient.get("name", ""), patient.get("id", ""),
                                 record.get("study", {}).get("study_date", "")) if x)
    fmt = request.match_info["fmt"]
    files = storage.study_files(record["study_instance_uid"])
    try:
        data = await asyncio.to_thread(_draw, files, title, fmt)
    except (ValueError, AttributeError, KeyError) as exc:
        raise BadRequest(f"the ECG waveform cannot be read: {exc}", "cannot_render") from None
    if data is None:
        raise NotFound("this case has no ECG waveform", "no_ecg")
    return web.Response(body=data, content_type="image/svg+xml" if fmt == "svg" else "image/png")


@routes.get("/api/v1/cases/{case_id}/ecg/measurements")
async def case_ecg_measurements(request: web.Request) -> web.Response:
    """HR, intervals, axes, ST deviation per lead and the STEMI flag of the case's ECG
    (computed once per instance, then read from the case's file); audited."""
    who = principal(request, "doctor", "admin")
    record = await _readable_case(request, who)
    storage = request.app[STORAGE]
    audit.record(request.app[SETTINGS].data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": "ecg_measurements",
        "patient": {"clinic": record["clinic"], "id": record["patient"].get("id", "")},
        "cases": [record["case_id"]]})
    result = await asyncio.to_thread(ecg_measurements.cached, storage, record["case_id"],
                                     record["study_instance_uid"])
    if result is None:
        raise NotFound("this case has no ECG waveform", "no_ecg")
    return json_response(result)

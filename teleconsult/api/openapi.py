"""The OpenAPI 3.1 document for every /api/v1 endpoint, generated from one table."""

from __future__ import annotations

import re

from aiohttp import web

from teleconsult.api import (
    consult_api,
    lab_api,
    reading_api,
    review_api,
    screen_api,
    stats_api,
)
from teleconsult.api.json_io import json_response

routes = web.RouteTableDef()

_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
_PATIENT = {"type": "object", "properties": {k: {"type": "string"} for k in
                                             ("id", "name", "sex", "birth_date")}}
_WORKITEM = {"type": "object", "required": ["case_id", "study_instance_uid", "patient",
                                            "modality", "specialty", "priority", "clinic",
                                            "received_at", "due_at", "status", "assigned_to"],
             "properties": {"case_id": {"type": "string"}, "patient": _PATIENT,
                            "priority": {"enum": ["stat", "urgent", "routine"]},
                            "status": {"type": "string"},
                            "assigned_to": {"type": ["string", "null"]}}}
_REPORT = {"type": "object", "required": ["report_id", "case_id", "study_instance_uid",
                                          "version", "findings", "impression", "critical",
                                          "signed_by", "signed_at"],
           "properties": {"report_id": {"type": "string"}, "version": {"type": "integer"},
                          "critical": {"type": "boolean"}, "findings": {"type": "string"},
                          "impression": {"type": "string"},
                          "stage": {"enum": ["preliminary", "final"]},
                          "written_by": {"type": "string"},
                          "reviewed_by": {"type": ["string", "null"]},
                          "reviewed_at": {"type": ["string", "null"]}}}
_SIGN = {"type": "object", "properties": {"findings": {"type": "string"},
                                          "impression": {"type": "string"},
                                          "critical": {"type": "boolean"},
                                          "positive": {"type": ["boolean", "null"]},
                                          "fence": {"type": "integer"},
                                          "stage": {"enum": ["preliminary", "final"]}}}
_ECG = {"type": "object", "required": ["patient", "sampling_rate_hz", "leads"], "properties": {
    "patient": _PATIENT, "sampling_rate_hz": {"type": "number", "minimum": 200, "maximum": 1000},
    "leads": {"type": "object", "additionalProperties": {"type": "array",
                                                         "items": {"type": "number"}}},
    "priority": {"enum": ["stat", "urgent", "routine"]}, "clinical_note": {"type": "string"}}}
_NUM = {"type": ["number", "null"]}
_ECG_MEASURES = {"type": "object", "required": [
    "hr_bpm", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms", "qtc_fridericia_ms", "p_axis_deg",
    "qrs_axis_deg", "t_axis_deg", "st_deviation_uv", "stemi", "source"], "properties": {
    **{k: _NUM for k in ("hr_bpm", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms",
                         "qtc_fridericia_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg")},
    "st_deviation_uv": {"type": "object", "additionalProperties": _NUM,
                        "description": "null for a lead excluded by its signal quality"},
    "stemi": {"type": "object", "required": ["suspected", "leads", "criteria"], "properties": {
        "suspected": {"type": "boolean"}, "leads": {"type": "array", "items": {
            "type": "string"}}, "criteria": {"type": "string"},
        "criterion": {"enum": ["udmi", "sgarbossa", "posterior", None]},
        "conduction": {"enum": ["normal", "lbbb", "rbbb", "ivcd", "paced"]},
        "mimics_considered": {"type": "array", "items": {"type": "string"}},
        "mimic": {"type": ["string", "null"]}}},
    "quality": {"type": "object", "description": "what the numbers rest on", "properties": {
        "measurable": {"type": "boolean"}, "reasons": {"type": "array", "items": {
            "type": "string"}}, "excluded": {"type": "array", "items": {"type": "string"}},
        "leads": {"type": "object", "additionalProperties": {"type": "object", "properties": {
            "usable": {"type": "boolean"}, "reasons": {"type": "array", "items": {
                "type": "string"}}}}}}},
    "rhythm": {"type": "object", "properties": {
        "code": {"enum": ["sinus", "sinus_brady", "sinus_tachy", "af", "paced", "no_p",
                          "undetermined"]},
        "text": {"type": "string"}, "confidence": {"type": "number"}}},
    "reasons": {"type": "object", "description": "why a field (or st_deviation_uv.<lead>) "
                "is null", "additionalProperties": {"type": "string"}},
    "source": {"const": "computed"},
    "device": {"type": "object", "description": "the cart's own measurements, if any",
               "additionalProperties": {"type": "number"}}}}

# (method, path, summary, who, request schema, success status, response schema)
_ENDPOINTS = [
    ("get", "/api/v1/worklist", "The calling doctor's cases, most urgent first", "doctor", None,
     200, {"type": "object", "properties": {"items": {"type": "array", "items": _WORKITEM}}}),
    ("get", "/api/v1/cases/{case_id}", "One case with series, history, reports and priors",
     "doctor, clinic (own), admin", None, 200, {"type": "object"}),
    ("post", "/api/v1/cases/{case_id}/claim", "Open an assigned case (stops its lease timer)",
     "doctor (owner)", None, 200, {"type": "object"}),
    ("post", "/api/v1/cases/{case_id}/release", "Give a case back to the queue",
     "doctor (owner)", {"type": "object", "properties": {"reason": {"type": "string"}}}, 200,
     {"type": "object"}),
    ("post", "/api/v1/cases/{case_id}/report", "Sign a report (or an amendment: new version); "
     "stage preliminary | final (default; 403 review_required when the rules send the "
     "writer's report to review); a repeat (same Idempotency-Key header, or same content) "
     "answers its version with 200",
     "doctor (owner / previous signer)", _SIGN, 201, _REPORT),
    ("get", "/api/v1/reports", "The clinic's reports after cursor `since`, oldest first",
     "clinic", None, 200, {"type": "object", "properties": {
         "reports": {"type": "array", "items": _REPORT}, "next": {"type": "string"}}}),
    ("get", "/api/v1/reports/{report_id}", "One report version as JSON",
     "clinic (own), doctor (signer/owner), admin", None, 200, _REPORT),
    ("get", "/api/v1/openapi.json", "This document", "anyone", None, 200, {"type": "object"}),
    ("post", "/api/v1/ecg", "Upload a 12-lead ECG as JSON (µV); it becomes a DICOM ECG and a case",
     "clinic", _ECG, 201, {"type": "object", "properties": {k: {"type": "string"} for k in (
         "study_instance_uid", "sop_instance_uid", "case_id")}}),
    ("get", "/api/v1/cases/{case_id}/ecg.svg", "The case's 12-lead ECG sheet as SVG",
     "doctor (owner/signer), clinic (own), admin", None, 200, {"type": "string"}),
    ("get", "/api/v1/cases/{case_id}/ecg.png", "The case's 12-lead ECG sheet as PNG",
     "doctor (owner/signer), clinic (own), admin", None, 200, {"type": "string"}),
    ("get", "/api/v1/reports/{report_id}.pdf", "The report as a printable PDF (Chinese, picture)",
     "clinic (own), doctor (signer/owner), admin", None, 200, {"type": "string"}),
    ("get", "/api/v1/reports/{report_id}.dcm", "The report as a DICOM Basic Text SR",
     "clinic (own), doctor (signer/owner), admin", None, 200, {"type": "string"}),
    ("post", "/api/v1/reports/{report_id}/ack", "Acknowledge a critical result (危急值)",
     "clinic (own)", {"type": "object", "required": ["by"],
                      "properties": {"by": {"type": "string"}}}, 201, {"type": "object"}),
    ("get", "/api/v1/report-templates", "Findings template for ?modality=&body_part=",
     "doctor, admin", None, 200, {"type": "object"}),
    ("get", "/api/v1/events", "Server-sent events (text/event-stream): a `ready` frame with the "
     "start id, heartbeats; Last-Event-ID replays; 429 past the per-caller cap",
     "clinic, doctor, admin", None, 200, {"type": "string"}),
    ("get", "/api/v1/patients/{patient_id}/history",
     "A patient's studies and reports across facilities (audited; ?reason=)",
     "clinic (local id), doctor (?case_id=), admin (?clinic=)", None, 200, {"type": "object"}),
    ("get", "/api/v1/admin/audit", "Cross-facility access log (?who=&patient=&clinic=&since=)",
     "admin", None, 200, {"type": "object"}),
    ("get", "/api/v1/admin/dead-letters", "Report deliveries that ran out of retries",
     "admin", None, 200, {"type": "object"}),
    ("post", "/api/v1/admin/dead-letters/{job_id}/redeliver", "Retry a dead letter now",
     "admin", None, 202, {"type": "object"}),
    ("get", "/api/v1/clinic/cases", "The clinic's studies of a day (?date=, default today)",
     "clinic", None, 200, {"type": "object"}),
    ("get", "/api/v1/presence", "Am I online / checked out?", "doctor", None, 200,
     {"type": "object"}),
    ("post", "/api/v1/presence/check-in", "Start reading: counts as online", "doctor", None,
     200, {"type": "object"}),
    ("post", "/api/v1/presence/check-out", "Stop reading: unopened cases go back to the queue",
     "doctor", None, 200, {"type": "object"}),
    ("get", "/api/v1/admin/overview", "Queues, doctors on duty/online, open cases, "
     "escalations, today's turnaround", "admin", None, 200, {"type": "object"}),
    ("post", "/api/v1/admin/cases/{case_id}/assign", "Move a case to a named doctor",
     "admin", {"type": "object", "required": ["doctor"], "properties": {
         "doctor": {"type": "string"}, "reason": {"type": "string"}}}, 200,
     {"type": "object"}),
    ("get", "/api/v1/admin/escalations", "Recent escalations, newest first (?limit=)",
     "admin", None, 200, {"type": "object"}),
    ("get", "/api/v1/admin/roster/{doctor}/overrides", "A doctor's dated roster overrides",
     "admin", None, 200, {"type": "object"}),
    ("post", "/api/v1/admin/roster/{doctor}/overrides",
     "Add a dated override: {date, off: true} or {date, start, end}", "admin",
     {"type": "object", "required": ["date"], "properties": {
         "date": {"type": "string", "format": "date"}, "off": {"type": "boolean"},
         "start": {"type": "string"}, "end": {"type": "string"}}}, 201, {"type": "object"}),
    ("delete", "/api/v1/admin/roster/{doctor}/overrides/{date}",
     "Remove the overrides added for a date", "admin", None, 200, {"type": "object"}),
    ("post", "/api/v1/admin/reload", "Validate the configuration file and reload every process",
     "admin", None, 200, {"type": "object"}),
    ("get", "/api/v1/admin/accounts", "Every clinic, doctor and admin with its state", "admin",
     None, 200, {"type": "object"}),
    ("post", "/api/v1/admin/accounts", "Add a clinic, doctor or admin; its token and page "
     "password are in the answer, once", "admin",
     {"type": "object", "required": ["kind", "id", "name"], "properties": {
         "kind": {"enum": ["clinic", "doctor", "admin"]}, "id": {"type": "string"},
         "name": {"type": "string"}, "password": {"type": "string"}}}, 201, {"type": "object"}),
    ("post", "/api/v1/admin/accounts/{kind}/{id}/{op}", "op = disable (at once, kept for "
     "history), enable, or reset (new credentials, shown once)", "admin", None, 200,
     {"type": "object"}),
    ("post", "/api/v1/admin/accounts/import", "Doctors and shifts from a CSV (text/csv) or "
     ".xlsx body; new doctors' credentials, once", "admin", None, 200, {"type": "object"}),
    ("get", "/api/v1/cases/{case_id}/ecg/measurements",
     "Automatic ECG measurements from a median beat, ST at J+60 ms per lead, STEMI flag "
     "(machine read, needs a doctor), and the cart's own values (audited)",
     "doctor (owner/signer), admin", None, 200, _ECG_MEASURES),
    ("get", "/api/v1/me/reports", "The calling doctor's signed reports, newest first "
     "(?q=&patient=&clinic=&from=&to=&offset=&limit=; audited)", "doctor", None, 200,
     {"type": "object", "properties": {"items": {"type": "array", "items": _REPORT},
                                       "total": {"type": "integer"},
                                       "next": {"type": ["integer", "null"]}}}),
    ("get", "/api/v1/admin/reports", "Search every signed report (same filters + ?doctor=; "
     "audited)", "admin", None, 200, {"type": "object", "properties": {
         "items": {"type": "array", "items": _REPORT}, "total": {"type": "integer"},
         "next": {"type": ["integer", "null"]}}}),
    ("put", "/api/v1/admin/mpi/{community_id}", "Register a community id in the master patient "
     "index (outranks what studies claim when records are shared)", "admin",
     {"type": "object", "required": ["name", "sex", "birth_date"], "properties": {
         "name": {"type": "string"}, "sex": {"enum": ["M", "F", "O"]},
         "birth_date": {"type": "string", "format": "date"},
         "home_clinic": {"type": "string"}}}, 201, {"type": "object"}),
    ("get", "/api/v1/admin/mpi/{community_id}", "A community id's registration", "admin", None,
     200, {"type": "object"}),
    ("get", "/api/v1/cases/{case_id}/annotations",
     "The caller's measurements and key images on the case (?reader= for another's)",
     "doctor (owner/signer), admin", None, 200, {"type": "object"}),
    ("put", "/api/v1/cases/{case_id}/annotations",
     "Replace the caller's measurements and key images (optional fence)",
     "doctor (owner while reading, or signer)", {"type": "object", "properties": {
         "measurements": {"type": "array", "items": {"type": "object"}},
         "key_images": {"type": "array", "items": {"type": "object"}},
         "fence": {"type": "integer"}}}, 200, {"type": "object"}),
]
# query parameters beyond the path's (documented so clients and fuzzers know them)
_QUERY = {
    "/api/v1/patients/{patient_id}/history": ("reason", "case_id", "clinic"),
    "/api/v1/admin/audit": ("who", "patient", "clinic", "since", "limit"),
    "/api/v1/admin/escalations": ("limit",),
    "/api/v1/cases/{case_id}/claim": ("fence",),
    "/api/v1/cases/{case_id}/release": ("fence",),
    "/api/v1/clinic/cases": ("date",),
}

_ENDPOINTS += reading_api.ENDPOINTS + stats_api.ENDPOINTS + screen_api.ENDPOINTS
_QUERY.update(stats_api.QUERY)
_ENDPOINTS += review_api.ENDPOINTS + consult_api.ENDPOINTS
_ENDPOINTS += lab_api.ENDPOINTS

# responses that are not JSON
_MEDIA = {".svg": "image/svg+xml", ".png": "image/png", ".pdf": "application/pdf",
          ".dcm": "application/dicom", "/events": "text/event-stream",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".csv": "text/csv"}


def _media(path: str) -> str:
    return next((m for suffix, m in _MEDIA.items() if path.endswith(suffix)),
                "application/json")


def _parameters(path: str) -> list[dict]:
    # every {name} of the template, also inside a segment ({report_id}.pdf)
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
              for name in re.findall(r"\{([^{}]+)\}", path)]
    if path in ("/api/v1/me/reports", "/api/v1/admin/reports"):
        params += [{"name": n, "in": "query", "schema": {"type": "string"}} for n in (
            "q", "patient", "clinic", "from", "to", "offset", "limit")
            + (("doctor",) if "admin" in path else ())]
    if path == "/api/v1/reports":
        params += [{"name": "since", "in": "query", "schema": {"type": "string"}},
                   {"name": "limit", "in": "query", "schema": {"type": "integer"}}]
    params += [{"name": name, "in": "query", "schema": {"type": "string"}}
               for name in _QUERY.get(path, ())]
    return params


def document() -> dict:
    paths: dict[str, dict] = {}
    for method, path, summary, who, req, status, resp in _ENDPOINTS:
        op: dict = {"summary": summary, "description": f"Caller: {who}.",
                    "parameters": _parameters(path),
                    "responses": {str(status): {"description": "success", "content": {
                        _media(path): {"schema": resp}}}}}
        for code in ("400", "401", "403", "404", "409", "413", "415"):
            op["responses"][code] = {"description": "error", "content": {
                "application/json": {"schema": _ERROR}}}
        if req is not None:
            op["requestBody"] = {"content": {"application/json": {"schema": req}}}
        if path != "/api/v1/openapi.json":
            op["security"] = [{"bearer": []}]
        paths.setdefault(path, {})[method] = op
    return {"openapi": "3.1.0",
            "info": {"title": "Teleconsult API", "version": "1"},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "paths": paths}


@routes.get("/api/v1/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return json_response(document())

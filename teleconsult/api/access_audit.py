"""Every access to patient data is audited: who, what, when, from where, and the answer.

One middleware, outermost, so it sees the status the caller got (refusals are recorded too:
who *tried* matters as much). Lines go to the same fsynced log as result sharing's
(``<data>/audit/access.jsonl``) with ``"action": "access"``; identifiers only, never names or
report text. A JSON answer is sent only after its line is on disk; a stream (events, WADO-RS
multipart) is recorded when it ends.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from aiohttp import web

from teleconsult.api.appkeys import AUDIT, SETTINGS
from teleconsult.api.auth import PRINCIPAL
from teleconsult.api.errors import to_api_error
from teleconsult.store import audit
from teleconsult.store.audit import AuditWriter

# Routes that read or write patient data (everything else is configuration, health, static).
PATIENT_DATA = ("/api/v1/worklist", "/api/v1/cases/", "/api/v1/clinic/", "/api/v1/reports",
                "/api/v1/patients/", "/api/v1/ecg", "/api/v1/events", "/api/v1/me/",
                "/api/v1/admin/reports", "/api/v1/admin/audit", "/api/v1/admin/overview",
                "/dicomweb/", "/api/v1/consultations/", "/api/v1/fhir", "/api/v1/lab/")
# query parameters that identify whose data was asked for (QIDO filters, paging)
_QUERY_KEYS = ("PatientID", "00100020", "StudyInstanceUID", "0020000D", "AccessionNumber",
               "patient", "case_id", "clinic", "since")


def _entry(request: web.Request, status: int) -> dict:
    who = request.get(PRINCIPAL)
    resource = request.match_info.route.resource
    return {"at": time.time(), "action": "access", "who": who.id if who else None,
            "kind": who.kind if who else None, "from": request.remote,
            "method": request.method,
            "route": resource.canonical if resource else request.path,
            "ids": dict(request.match_info),
            "query": {k: request.query[k][:128] for k in _QUERY_KEYS if k in request.query},
            "status": status}


async def _record(request: web.Request, status: int) -> None:
    writer = request.app[AUDIT]
    entry = _entry(request, status)
    key = (entry["who"], entry["method"], request.path_qs)
    if request.method == "GET" and status < 400 and writer.repeated(key, entry["at"]):
        return
    await writer.record(entry)


@web.middleware
async def access_audit(request: web.Request, handler) -> web.StreamResponse:
    if not request.path.startswith(PATIENT_DATA):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        await _record(request, exc.status)
        raise
    except Exception as exc:  # recorded with the status the error middleware will give it
        api = to_api_error(exc, request)
        await _record(request, api.status if api else 500)
        raise
    # (a prepared stream has been sent already; its line is written as it ends)
    await _record(request, response.status)
    return response


async def audit_ctx(app: web.Application) -> AsyncIterator[None]:
    app[AUDIT] = AuditWriter(audit.audit_path(app[SETTINGS].data_dir))
    yield

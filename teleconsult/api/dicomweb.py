"""DICOMweb shared parts: the ingest resource, who may see which study, study lookup.

STOW-RS, QIDO-RS and WADO-RS live in ``dicomweb_stow``, ``dicomweb_qido``, ``dicomweb_wado``.
Access (DESIGN invariant 7): a clinic sees its own studies; a doctor the studies of cases
routed to them or signed by them, and that patient's other studies at the same clinic
(priors); an admin all.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from dicom.charset import TextPolicy
from teleconsult.api.appkeys import INGEST, QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.errors import Forbidden, NotFound
from teleconsult.ingress.dicomjson import StudyInfo, study_info, text_policy
from teleconsult.ingress.ingest import Ingest
from teleconsult.reporting import consultations
from teleconsult.store import keys
from teleconsult.store.files import case_id_for_study, check_uid
from teleconsult.store.redis import sync_client
from teleconsult.store.sessions import Principal

DICOM_JSON = "application/dicom+json"


async def ingest_ctx(app: web.Application) -> AsyncIterator[None]:
    """A sync Redis client for ``Ingest`` (it runs in worker threads, like the DICOM SCP)."""
    target = app[SETTINGS].redis_target()
    client = sync_client(target)
    app[INGEST] = Ingest(app[STORAGE], client, target)
    yield
    client.close()


def base_url(request: web.Request) -> str:
    """Absolute DICOMweb base for RetrieveURL: ``[http] public_url`` when configured, else
    the address the request came to."""
    public = request.app[SETTINGS].http.public_url
    return f"{public}/dicomweb" if public else f"{request.scheme}://{request.host}/dicomweb"


def bulk_base(request: web.Request) -> str:
    """Base of BulkDataURIs: ``[http] public_url`` when configured, else a path-absolute
    reference, which a client resolves against the URL it used (so it survives a proxy or a
    client that drops the port from the Host header)."""
    public = request.app[SETTINGS].http.public_url
    return f"{public}/dicomweb" if public else "/dicomweb"


def fallback_charset(request: web.Request, clinic_id: str) -> TextPolicy | None:
    return text_policy(request.app[SETTINGS].clinics.get(clinic_id))


def _patient_id(request: web.Request, study_uid: str, clinic: str) -> str:
    storage = request.app[STORAGE]
    record = storage.read_case(case_id_for_study(
        study_uid, request.app[SETTINGS].community_of(clinic)))
    if record:
        return str(record.get("patient", {}).get("id") or "")
    info = study_info(study_uid, "", storage.study_files(study_uid)[:1])
    return info.patient_id if info else ""


async def may_see(request: web.Request, who: Principal, study_uid: str, clinic: str,
                  patient_id: str | None = None) -> bool:
    """The access rule for one study (``clinic`` from its sidecar)."""
    if who.kind == "admin":
        return True
    if who.kind == "clinic":
        return clinic == who.id
    storage = request.app[STORAGE]
    case_ids = {case_id_for_study(study_uid, request.app[SETTINGS].community_of(clinic))}
    if patient_id is None:
        patient_id = await asyncio.to_thread(_patient_id, request, study_uid, clinic)
    if patient_id:
        members = await request.app[REDIS].smembers(keys.patient_cases(f"{clinic}:{patient_id}"))
        case_ids |= {m.decode() for m in members}
    if who.id in consultations.experts_asked(storage, request.app[SETTINGS].consult_pools,
                                             case_ids):
        return True  # an expert asked about one of the patient's cases (or its priors)
    for cid in sorted(case_ids):
        if (await request.app[QUEUE].state(cid)).get("owner") == who.id:
            return True
        if any(r.get("signed_by") == who.id for r in storage.reports(cid)):
            return True
    return False


def sidecar_clinic(request: web.Request, study_uid: str) -> str | None:
    sidecar = request.app[STORAGE].study_sidecar(study_uid)
    return sidecar.get("clinic") if sidecar else None


async def load_study(request: web.Request, who: Principal, study_uid: str) -> StudyInfo:
    """The study named in the URL, if it exists and the caller may see it (else 404/403)."""
    study_uid = check_uid(study_uid, "StudyInstanceUID")
    clinic = sidecar_clinic(request, study_uid)
    files = request.app[STORAGE].study_files(study_uid) if clinic else []
    if not files:
        raise NotFound("no such study", "no_such_study")
    info = await asyncio.to_thread(study_info, study_uid, clinic, files,
                                   fallback_charset(request, clinic))
    if info is None:
        raise NotFound("no such study", "no_such_study")
    if not await may_see(request, who, study_uid, clinic, info.patient_id):
        raise Forbidden("this study is not yours", "not_yours")
    return info

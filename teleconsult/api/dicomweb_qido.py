"""QIDO-RS: search studies, a study's series, a series' instances (PS3.18 10.6).

Matching (PS3.4 C.2.2.2) is ``teleconsult.ingress.matching``, shared with C-FIND.
The data dir is scanned and one header per series is read: simple and always right; an
index can replace the scan when the studies outgrow it.
"""

from __future__ import annotations

import asyncio

import orjson
from aiohttp import web

from teleconsult.api.appkeys import STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.dicomweb import (
    DICOM_JSON,
    base_url,
    fallback_charset,
    load_study,
    may_see,
    sidecar_clinic,
)
from teleconsult.api.errors import BadRequest, NotFound
from teleconsult.api.params import query_int
from teleconsult.core.numbers import strict_int
from teleconsult.ingress.dicomjson import (
    StudyInfo,
    instance_info,
    instance_json,
    series_json,
    study_info,
    study_json,
)
from teleconsult.ingress.matching import (
    BadQuery,
    date_match,
    instance_matches,
    series_matches,
    study_matches,
)
from teleconsult.ingress.matching import values as _values
from teleconsult.store.files import check_uid

routes = web.RouteTableDef()

_TAGS = {"00100020": "PatientID", "00100010": "PatientName", "00080020": "StudyDate",
         "00080061": "ModalitiesInStudy", "0020000D": "StudyInstanceUID",
         "00080050": "AccessionNumber", "00080060": "Modality", "0020000E": "SeriesInstanceUID",
         "00080018": "SOPInstanceUID", "00080016": "SOPClassUID"}
MAX_LIMIT = 1000


def _query(request: web.Request) -> dict[str, str]:
    out = {}
    for key, value in request.query.items():
        out[_TAGS.get(key.upper(), key)] = value.strip()
    return out


def _paging(q: dict[str, str]) -> tuple[int, int]:
    limit = query_int(q, "limit", MAX_LIMIT)
    offset = query_int(q, "offset", 0)
    return min(limit, MAX_LIMIT), offset


def _candidates(request: web.Request, clinic_only: str | None, uids: list[str]) -> list[StudyInfo]:
    """Runs in a thread: the studies to consider, with their headers summarised."""
    storage = request.app[STORAGE]
    out = []
    for uid in uids or list(storage.iter_study_uids()):
        clinic = sidecar_clinic(request, uid)
        if clinic is None or (clinic_only and clinic != clinic_only):
            continue
        info = study_info(uid, clinic, storage.study_files(uid), fallback_charset(request, clinic))
        if info is not None:
            out.append(info)
    return out


def _instance_order(inst) -> tuple[int, str]:
    try:  # the file's own text: a stray '²' or sign sorts as 0, never fails the query
        number = strict_int(inst.instance_number.strip().lstrip("-"), "InstanceNumber")
    except ValueError:
        number = 0
    return (-number if inst.instance_number.strip().startswith("-") else number,
            inst.sop_uid)


def _json(data: list) -> web.Response:
    return web.Response(body=orjson.dumps(data), content_type=DICOM_JSON)


@routes.get("/dicomweb/studies")
async def search_studies(request: web.Request) -> web.Response:
    who = principal(request)
    q = _query(request)
    limit, offset = _paging(q)
    uids = [check_uid(u, "StudyInstanceUID") for u in _values(q.get("StudyInstanceUID", ""))]
    clinic_only = who.id if who.kind == "clinic" else None
    try:
        if q.get("StudyDate"):
            date_match(q["StudyDate"], "")  # a malformed date is a 400 even with no studies
        found = await asyncio.to_thread(_candidates, request, clinic_only, uids)
        found = [s for s in found if study_matches(s, q)]
    except BadQuery as exc:
        raise BadRequest(str(exc), "invalid_query") from None
    if who.kind == "doctor":
        found = [s for s in found if await may_see(request, who, s.uid, s.clinic, s.patient_id)]
    found.sort(key=lambda s: (s.date, s.time, s.uid), reverse=True)
    base = base_url(request)
    return _json([study_json(s, f"{base}/studies/{s.uid}")
                  for s in found[offset:offset + limit]])


@routes.get("/dicomweb/studies/{study}/series")
async def search_series(request: web.Request) -> web.Response:
    who = principal(request)
    q = _query(request)
    limit, offset = _paging(q)
    study = await load_study(request, who, request.match_info["study"])
    out = []
    for series in study.series:
        if not series_matches(series, q):
            continue
        url = f"{base_url(request)}/studies/{study.uid}/series/{series.uid}"
        out.append(series_json(study, series, url))
    return _json(out[offset:offset + limit])


@routes.get("/dicomweb/studies/{study}/series/{series}/instances")
async def search_instances(request: web.Request) -> web.Response:
    who = principal(request)
    q = _query(request)
    limit, offset = _paging(q)
    study = await load_study(request, who, request.match_info["study"])
    series_uid = check_uid(request.match_info["series"], "SeriesInstanceUID")
    series = next((s for s in study.series if s.uid == series_uid), None)
    if series is None:
        raise NotFound("no such series", "no_such_series")
    infos = await asyncio.to_thread(lambda: [instance_info(p) for p in series.files])
    infos = sorted((i for i in infos if i is not None), key=_instance_order)
    out = []
    for inst in infos:
        if not instance_matches(inst, q):
            continue
        url = f"{base_url(request)}/studies/{study.uid}/series/{series.uid}/instances/" \
              f"{inst.sop_uid}"
        out.append(instance_json(study, series, inst, url))
    return _json(out[offset:offset + limit])

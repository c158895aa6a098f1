"""QIDO-RS: search studies, a study's series, a series' instances (PS3.18 10.6).

Matching (PS3.4 C.2.2.2): single value, `*`/`?` wildcards for text, a list of UIDs or
modalities (comma or backslash separated), and date ranges ``A-B``, ``A-``, ``-B``.
The data dir is scanned and one header per series is read: simple and always right; an
index can replace the scan when the studies outgrow it.
"""

from __future__ import annotations

import asyncio
import re
from fnmatch import fnmatchcase

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
from teleconsult.dicomjson import (
    StudyInfo,
    instance_info,
    instance_json,
    series_json,
    study_info,
    study_json,
)
from teleconsult.storage import check_uid

routes = web.RouteTableDef()

_TAGS = {"00100020": "PatientID", "00100010": "PatientName", "00080020": "StudyDate",
         "00080061": "ModalitiesInStudy", "0020000D": "StudyInstanceUID",
         "00080050": "AccessionNumber", "00080060": "Modality", "0020000E": "SeriesInstanceUID",
         "00080018": "SOPInstanceUID", "00080016": "SOPClassUID"}
_DATE = re.compile(r"^(\d{8})?(-)?(\d{8})?$")
MAX_LIMIT = 1000


def _query(request: web.Request) -> dict[str, str]:
    out = {}
    for key, value in request.query.items():
        out[_TAGS.get(key.upper(), key)] = value.strip()
    return out


def _values(spec: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,\\]", spec) if v.strip()]


def _text_match(spec: str, value: str, fold: bool = False) -> bool:
    if fold:
        spec, value = spec.upper(), value.upper()
    return any(fnmatchcase(value, pattern) for pattern in _values(spec))


def date_match(spec: str, value: str) -> bool:
    """``YYYYMMDD``, ``A-B``, ``A-`` or ``-B`` (dashes inside dates are ignored)."""
    spec = re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\1\2\3", spec)
    m = _DATE.match(spec)
    if not m or not (m.group(1) or m.group(3)):
        raise BadRequest(f"StudyDate {spec[:40]!r} is not YYYYMMDD or a range A-B",
                         "invalid_query")
    start, dash, end = m.groups()
    if not dash:
        return value == start
    return bool(value) and (not start or value >= start) and (not end or value <= end)


def _paging(q: dict[str, str]) -> tuple[int, int]:
    limit = query_int(q, "limit", MAX_LIMIT)
    offset = query_int(q, "offset", 0)
    return min(limit, MAX_LIMIT), offset


def study_matches(s: StudyInfo, q: dict[str, str]) -> bool:
    checks = (
        ("PatientID", lambda v: _text_match(v, s.patient_id)),
        ("PatientName", lambda v: _text_match(v, s.patient_name, fold=True)
         or _text_match(v, s.patient_name.replace("^", " "), fold=True)),
        ("StudyDate", lambda v: date_match(v, s.date)),
        ("ModalitiesInStudy", lambda v: bool(set(_values(v.upper())) & set(s.modalities))),
        ("StudyInstanceUID", lambda v: s.uid in _values(v)),
        ("AccessionNumber", lambda v: _text_match(v, s.accession)),
    )
    return all(check(q[key]) for key, check in checks if q.get(key))


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
    if q.get("StudyDate"):
        date_match(q["StudyDate"], "")  # a malformed date is a 400 even with no studies
    clinic_only = who.id if who.kind == "clinic" else None
    found = await asyncio.to_thread(_candidates, request, clinic_only, uids)
    found = [s for s in found if study_matches(s, q)]
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
        if q.get("Modality") and not _text_match(q["Modality"].upper(), series.modality):
            continue
        if q.get("SeriesInstanceUID") and series.uid not in _values(q["SeriesInstanceUID"]):
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
        if q.get("SOPInstanceUID") and inst.sop_uid not in _values(q["SOPInstanceUID"]):
            continue
        if q.get("SOPClassUID") and inst.sop_class_uid not in _values(q["SOPClassUID"]):
            continue
        url = f"{base_url(request)}/studies/{study.uid}/series/{series.uid}/instances/" \
              f"{inst.sop_uid}"
        out.append(instance_json(study, series, inst, url))
    return _json(out[offset:offset + limit])

"""Clinics' side of the JSON API: the report feed, single reports as JSON / PDF / DICOM SR,
acknowledging critical results; report templates; the delivery dead letters (admins)."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from aiohttp import web
from pydicom import dcmread

from dicom.ecg_svg import draw_dataset
from dicom.render import render
from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.errors import BadRequest, Forbidden, NotFound
from teleconsult.api.json_io import json_response, read_json
from teleconsult.api.params import query_int
from teleconsult.core.times import iso
from teleconsult.reporting import consultations, key_images, pdf, reports
from teleconsult.reporting.delivery import find_template
from teleconsult.store.files import Storage, check_case_id
from teleconsult.store.sessions import Principal

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


@routes.get("/api/v1/reports")
async def list_reports(request: web.Request) -> web.Response:
    who = principal(request, "clinic")
    # since: a cursor from 'next'
    since = query_int(request.query, "since", 0, code="invalid_cursor")
    limit = query_int(request.query, "limit", 100, low=1, high=1000, code="invalid_cursor")
    items, cursor = await reports.feed(request.app[QUEUE], request.app[STORAGE], who.id,
                                       since, limit)
    return json_response({"reports": items, "next": str(cursor)})


async def _report(request: web.Request) -> tuple[Principal, dict]:
    """The caller and the report named in the path, if the caller may read it."""
    who = principal(request)
    rid = request.match_info["report_id"]
    try:
        check_case_id(reports.split_report_id(rid)[0])
    except ValueError:
        raise NotFound("no such report") from None
    report = reports.load(request.app[STORAGE], rid)
    if report is None:
        raise NotFound("no such report")
    state = await request.app[QUEUE].state(report["case_id"])
    allowed = (who.kind == "admin" or (who.kind == "clinic" and report["clinic"] == who.id)
               or (who.kind == "doctor" and who.id in (report["signed_by"], state.get("owner"))))
    if not allowed:
        raise Forbidden("this report is not yours", "not_yours")
    if who.kind == "clinic" and not reports.visible(report):
        raise NotFound("no such report")  # a routine preliminary: the clinic gets the final
    if who.kind == "clinic":
        reports.note_seen(request.app[STORAGE], report, who.id, request.path, time.time())
    return who, report


@routes.get("/api/v1/reports/{report_id}.pdf")
async def get_report_pdf(request: web.Request) -> web.Response:
    _, report = await _report(request)
    settings, storage = request.app[SETTINGS], request.app[STORAGE]
    record = storage.read_case(report["case_id"]) or {}
    clinic = settings.clinics.get(report["clinic"])
    keys = await asyncio.to_thread(key_images.pictures, storage, report)
    picture, caption = (None, "") if keys else await asyncio.to_thread(_picture, storage, record)
    body = await asyncio.to_thread(
        pdf.build_pdf, report, record, clinic_name=clinic.name if clinic else report["clinic"],
        hospital=settings.county_hospital, community=settings.community_name,
        tz=settings.timezone, picture=picture, picture_caption=caption, key_pictures=keys,
        opinions=consultations.answered_before(storage, report))
    return web.Response(body=body, content_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{report["report_id"]}.pdf"'})


def _picture(storage: Storage, record: dict) -> tuple[bytes | None, str]:
    """The ECG sheet, or the middle image of the first image series; (None, "") if none."""
    for series in record.get("series", []):
        if series.get("modality") == "SR" or not series.get("instances"):
            continue
        sop = series["instances"][len(series["instances"]) // 2]
        path = storage.instance_path(record["study_instance_uid"],
                                     series["series_instance_uid"], sop)
        try:
            if series.get("modality") == "ECG":
                sheet = draw_dataset(dcmread(path, force=True), fmt="png", px_per_mm=4.0)
                return sheet, "心电图 ECG"
            return render(Path(path), size=900), "关键图像 Key image"
        except Exception as exc:  # noqa: BLE001 - a report prints without its picture
            log.info("no picture for case %s: %s", record.get("case_id"), type(exc).__name__)
    return None, ""


@routes.get("/api/v1/reports/{report_id}.dcm")
async def get_report_sr(request: web.Request) -> web.Response:
    _, report = await _report(request)
    settings = request.app[SETTINGS]
    body = await asyncio.to_thread(reports.sr_bytes, request.app[STORAGE], report,
                                   settings.county_hospital, settings.timezone)
    return web.Response(body=body, content_type="application/dicom", headers={
        "Content-Disposition": f'attachment; filename="{report["report_id"]}.dcm"'})


@routes.get("/api/v1/reports/{report_id}")
async def get_report(request: web.Request) -> web.Response:
    _, report = await _report(request)
    body = reports.with_ack(request.app[STORAGE], report)
    body["communication"] = reports.comm_log(request.app[STORAGE], report)
    return json_response(body)


@routes.post("/api/v1/reports/{report_id}/ack")
async def acknowledge(request: web.Request) -> web.Response:
    who = principal(request, "clinic")
    _, report = await _report(request)  # another clinic's report: 403 not_yours
    body = await read_json(request) if request.body_exists else {}
    by = body.get("by") if isinstance(body, dict) else None
    if not isinstance(by, str) or not by.strip() or len(by) > 200:
        raise BadRequest("send {\"by\": \"<who acknowledged>\"}", "invalid_ack")
    if not report["critical"]:
        raise BadRequest("only critical results are acknowledged", "not_critical")
    entry, new = await reports.acknowledge(request.app[STORAGE], request.app[QUEUE], report,
                                           who.id, by.strip(), time.time())
    return json_response({"report_id": report["report_id"], "acknowledged": True,
                          "by": entry["by"], "at": iso(entry["at"])},
                         status=201 if new else 200)


@routes.get("/api/v1/report-templates")
async def template(request: web.Request) -> web.Response:
    principal(request, "doctor", "admin")
    cfg = request.app[SETTINGS].reports
    found = find_template(cfg, request.query.get("modality", ""),
                          request.query.get("body_part", ""))
    if found is None:
        raise NotFound("no template for this modality and body part")
    return json_response({"modality": found.modality, "body_part": found.body_part,
                          "findings": found.findings, "impression": found.impression})


@routes.get("/api/v1/admin/dead-letters")
async def dead_letters(request: web.Request) -> web.Response:
    principal(request, "admin")
    items = await reports.dead_letters(request.app[REDIS])
    return json_response({"items": [dict(d, at=iso(d["at"])) for d in items]})


@routes.post("/api/v1/admin/dead-letters/{job_id}/redeliver")
async def redeliver(request: web.Request) -> web.Response:
    principal(request, "admin")
    item = await reports.redeliver(request.app[REDIS], request.match_info["job_id"],
                                   time.time())
    if item is None:
        raise NotFound("no such dead letter")
    return json_response({"id": item["id"], "status": "requeued"}, status=202)

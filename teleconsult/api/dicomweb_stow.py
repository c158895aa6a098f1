"""STOW-RS: ``POST /dicomweb/studies[/{study}]`` (PS3.18 10.5), the same ingest as C-STORE.

Each part is streamed to a temp file under the data dir in chunks (never the whole body in
memory), then handed to ``Ingest.accept_file`` in a worker thread: the response says
"stored" only for instances that are durable and recorded.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import orjson
from aiohttp import BodyPartReader, MultipartReader, web

from dicom.fields import UnreadableDataset, read_header
from teleconsult.api.appkeys import INGEST, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.dicomweb import DICOM_JSON, base_url
from teleconsult.api.errors import BadRequest, TooLarge, UnsupportedMediaType
from teleconsult.api.limits import within
from teleconsult.ingress.dicomjson import element
from teleconsult.ingress.ingest import (
    ConflictingInstance,
    IngestError,
    MalformedInstance,
    NotDurable,
    OutOfSpace,
)
from teleconsult.settings.model import Clinic
from teleconsult.store.files import check_uid

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

CHUNK = 256 * 1024
OUT_OF_RESOURCES = 0xA700
CANNOT_UNDERSTAND = 0xC000
DUPLICATE = 0x0111
MISMATCH = 0xA900  # the instance's study differs from the one in the URL


class _Outcome:
    def __init__(self, sop_class: str = "", sop: str = "", series: str = "", study: str = "",
                 failure: int | None = None) -> None:
        self.sop_class, self.sop, self.series, self.study = sop_class, sop, series, study
        self.failure = failure
        self.malformed: str | None = None  # why the dataset was refused as malformed


def _store_part(ingest, tmp: Path, clinic: Clinic, study_in_url: str | None) -> _Outcome:
    """Runs in a thread: read the UIDs, check the URL's study, hand the file to ingest."""
    try:
        try:
            ds = read_header(tmp)
        except UnreadableDataset as exc:
            out = _Outcome(failure=CANNOT_UNDERSTAND)
            out.malformed = str(exc)
            return out
        out = _Outcome(*(str(ds.get(k, "") or "").strip("\x00 ") for k in
                         ("SOPClassUID", "SOPInstanceUID", "SeriesInstanceUID",
                          "StudyInstanceUID")))
        if study_in_url and out.study != study_in_url:
            out.failure = MISMATCH
            return out
        try:
            ingest.accept_file(tmp, clinic)
        except OutOfSpace:
            raise  # the whole request is answered 507 (teleconsult.api.errors)
        except NotDurable:
            out.failure = OUT_OF_RESOURCES
        except ConflictingInstance:
            out.failure = DUPLICATE
        except MalformedInstance as exc:
            out.failure, out.malformed = CANNOT_UNDERSTAND, str(exc)
        except IngestError:
            out.failure = CANNOT_UNDERSTAND
        return out
    finally:
        tmp.unlink(missing_ok=True)


def _check_media_type(request: web.Request) -> None:
    kind = request.content_type.lower()
    part_type = request.headers.get("Content-Type", "")
    params = {k.lower(): v.strip('"').lower() for k, v in
              (p.strip().partition("=")[::2] for p in part_type.split(";")[1:])}
    if kind != "multipart/related" or params.get("type", "application/dicom") != \
            "application/dicom":
        raise UnsupportedMediaType(
            'send Content-Type: multipart/related; type="application/dicom"')
    if not params.get("boundary"):
        raise BadRequest("the multipart body has no boundary", "broken_multipart")


async def _receive_part(part: BodyPartReader, tmp: Path, budget: int, stall: float) -> int:
    """Write one part to ``tmp``; return its size. Raises TooLarge past ``budget``, 408 when
    no bytes come for ``stall`` seconds."""
    size = 0
    with tmp.open("wb") as f:
        while chunk := await within(part.read_chunk(CHUNK), stall):
            size += len(chunk)
            if size > budget:
                raise TooLarge("the upload is larger than the server accepts")
            f.write(chunk)
    if not part.at_eof():  # the body ended before the part's closing boundary
        raise ValueError("a part is truncated")
    return size


async def _parts(request: web.Request, clinic: Clinic, study: str | None) -> list[_Outcome]:
    settings, storage, ingest = request.app[SETTINGS], request.app[STORAGE], request.app[INGEST]
    budget, stall = settings.max_upload_bytes, settings.http.body_timeout_seconds
    if request.content_length is not None and request.content_length > budget:
        raise TooLarge("the upload is larger than the server accepts")
    outcomes = []
    try:
        reader = MultipartReader(request.headers, request.content)
        while True:
            part = await within(reader.next(), stall)
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                raise BadRequest("nested multipart bodies are not accepted", "broken_multipart")
            if part.headers.get("Content-Type", "application/dicom").split(";")[0].strip() \
                    .lower() != "application/dicom":
                outcomes.append(_Outcome(failure=CANNOT_UNDERSTAND))
                await part.release()
                continue
            tmp = storage.new_temp_path()
            try:
                budget -= await _receive_part(part, tmp, budget, stall)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            outcomes.append(await asyncio.to_thread(_store_part, ingest, tmp, clinic, study))
    except (ValueError, AssertionError, RuntimeError) as exc:
        raise BadRequest(f"the multipart body is broken: {exc}", "broken_multipart") from None
    if not outcomes:
        raise BadRequest("the multipart body has no parts", "broken_multipart")
    return outcomes


def _response(request: web.Request, outcomes: list[_Outcome], study: str | None) -> dict:
    base = base_url(request)
    stored, failed = [], []
    for o in outcomes:
        item = {"00081150": element("UI", o.sop_class), "00081155": element("UI", o.sop)}
        if o.failure is None:
            item["00081190"] = element(
                "UR", f"{base}/studies/{o.study}/series/{o.series}/instances/{o.sop}")
            stored.append(item)
        else:
            item["00081197"] = element("US", o.failure)
            failed.append(item)
    body: dict = {}
    studies = {o.study for o in outcomes if o.failure is None}
    if study or len(studies) == 1:
        body["00081190"] = element("UR", f"{base}/studies/{study or studies.pop()}")
    if failed:
        body["00081198"] = {"vr": "SQ", "Value": failed}
    if stored:
        body["00081199"] = {"vr": "SQ", "Value": stored}
    return body


@routes.post("/dicomweb/studies")
@routes.post("/dicomweb/studies/{study}")
async def stow(request: web.Request) -> web.Response:
    """Store instances; 200 all stored, 202 some failed, 409 none stored."""
    who = principal(request, "clinic")
    study = request.match_info.get("study")
    if study is not None:
        study = check_uid(study, "StudyInstanceUID")
    _check_media_type(request)
    clinic = request.app[SETTINGS].clinics[who.id]
    outcomes = await _parts(request, clinic, study)
    n_failed = sum(o.failure is not None for o in outcomes)
    if all(o.malformed for o in outcomes):  # nothing stored, and nothing retry could fix
        log.warning("STOW-RS %s: every part malformed: %s", who.id, outcomes[0].malformed)
        raise BadRequest(f"the DICOM data set is malformed: {outcomes[0].malformed}",
                         "malformed_dataset")
    status = 200 if n_failed == 0 else 409 if n_failed == len(outcomes) else 202
    log.info("STOW-RS %s: %d stored, %d failed", who.id, len(outcomes) - n_failed, n_failed)
    return web.Response(status=status, body=orjson.dumps(_response(request, outcomes, study)),
                        content_type=DICOM_JSON)

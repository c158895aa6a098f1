"""WADO-RS: retrieve (multipart, files unchanged), metadata (DICOM JSON), rendered images.

Stored files are streamed as they were received (any transfer syntax) in chunks; an
instance the caller wants in another syntax is transcoded into a temp file before the
answer starts (a failure is a 406, not a broken 200); rendered images are made in a worker
thread and cached under ``<data>/cache/rendered``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import orjson
from aiohttp import web
from pydicom.pixels import get_decoder
from pydicom.uid import ImplicitVRLittleEndian

from dicom.accept import DICOM, NotAcceptable, negotiate_instance, parse_accept
from dicom.fields import UnreadableDataset
from dicom.frames import NATIVE_SYNTAXES, CannotDecode, NoPixelData, pixel_info
from dicom.identity import read_ids
from dicom.render import CannotRender, FrameOutOfRange, render
from dicom.transcode import transcode
from dicom.video import BadVideo, NotVideo, to_mp4
from teleconsult.api.appkeys import STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.dicomweb import DICOM_JSON, bulk_base, fallback_charset, load_study
from teleconsult.api.errors import ApiError, BadRequest, NotFound
from teleconsult.api.params import float_arg, int_arg
from teleconsult.ingress.dicomjson import StudyInfo, metadata
from teleconsult.store.files import check_uid

routes = web.RouteTableDef()
log = logging.getLogger(__name__)
CHUNK = 256 * 1024
MAX_VIEWPORT = 4096  # pixels: larger than any screen
_STUDY = "/dicomweb/studies/{study}"
_SERIES = _STUDY + "/series/{series}"
_INSTANCE = _SERIES + "/instances/{sop}"


async def select_files(request: web.Request) -> tuple[StudyInfo, list[Path]]:
    """The caller-visible study and the files the URL names (404 when none)."""
    who = principal(request)
    study = await load_study(request, who, request.match_info["study"])
    if "series" not in request.match_info:
        return study, [f for s in study.series for f in s.files]
    series_uid = check_uid(request.match_info["series"], "SeriesInstanceUID")
    series = next((s for s in study.series if s.uid == series_uid), None)
    if series is None:
        raise NotFound("no such series", "no_such_series")
    if "sop" not in request.match_info:
        return study, list(series.files)
    path = request.app[STORAGE].instance_path(study.uid, series_uid, check_uid(
        request.match_info["sop"], "SOPInstanceUID"))
    if not path.exists():
        raise NotFound("no such instance", "no_such_instance")
    return study, [path]


@routes.get(_STUDY)
@routes.get(_SERIES)
@routes.get(_INSTANCE)
async def retrieve(request: web.Request) -> web.StreamResponse:
    """``multipart/related; type="application/dicom"``: each stored file unchanged, or
    transcoded when the caller asks for a ``transfer-syntax`` (PS3.18 8.7.3.5)."""
    _, files = await select_files(request)
    accept = request.query.get("accept") or request.headers.get("Accept", "")
    storage = request.app[STORAGE]
    made: list[Path] = []
    try:
        try:
            plan = await asyncio.to_thread(_plan, files, parse_accept(accept, DICOM))
            parts = await asyncio.to_thread(_transcoded, plan, storage.new_temp_path, made)
        except NotAcceptable as exc:
            raise ApiError(str(exc), "not_acceptable", 406) from None
        return await _stream(request, parts)
    finally:
        for path in made:
            path.unlink(missing_ok=True)


def _transcoded(plan: list[tuple[Path, str | None]], temp: Callable[[], Path],
                made: list[Path]) -> list[tuple[Path, str | None]]:
    """Runs in a thread: every transcode done into a temp file (listed in ``made``) before
    the answer starts, so that one that fails is a 406, never a broken 200; one instance in
    memory at a time."""
    out = []
    for path, target in plan:
        if target is None:
            out.append((path, None))
            continue
        try:
            data = transcode(path, target)
        except CannotDecode as exc:
            raise NotAcceptable(f"{exc}; ask for transfer-syntax=* to get it as stored"
                                ) from exc
        tmp = temp()
        made.append(tmp)
        tmp.write_bytes(data)
        out.append((tmp, target))
    return out


async def _stream(request: web.Request, parts: list[tuple[Path, str | None]]
                  ) -> web.StreamResponse:
    boundary = uuid.uuid4().hex
    resp = web.StreamResponse(headers={
        "Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}'})
    await resp.prepare(request)
    for path, target in parts:
        syntax = f"; transfer-syntax={target}" if target else ""
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            await resp.write(f"--{boundary}\r\nContent-Type: application/dicom{syntax}\r\n"
                             f"Content-Length: {size}\r\n\r\n".encode())
            while chunk := await asyncio.to_thread(f.read, CHUNK):
                await resp.write(chunk)
        await resp.write(b"\r\n")
    await resp.write(f"--{boundary}--\r\n".encode())
    await resp.write_eof()
    return resp


def _decodable(ts: str) -> bool:
    try:
        return get_decoder(ts).is_available
    except (NotImplementedError, ValueError):
        return False


def _plan(files: list[Path], ranges: list) -> list[tuple[Path, str | None]]:
    """Runs in a thread: per file, None (as stored) or the syntax to transcode to; decided
    before the answer starts so that a refusal can still be a 406."""
    plan = []
    for path in files:
        try:
            stored = read_ids(path).transfer_syntax_uid or ImplicitVRLittleEndian
        except UnreadableDataset:
            stored = ImplicitVRLittleEndian
        target = negotiate_instance(ranges, stored)
        if target is not None and stored not in NATIVE_SYNTAXES and not _decodable(stored):
                raise NotAcceptable(f"an instance stored in {stored} cannot be decoded here; "
                                    "ask for transfer-syntax=* to get it as stored")
        plan.append((path, target))
    return plan


@routes.get(_STUDY + "/metadata")
@routes.get(_SERIES + "/metadata")
@routes.get(_INSTANCE + "/metadata")
async def retrieve_metadata(request: web.Request) -> web.Response:
    """Each instance's header as DICOM JSON; bulk data as BulkDataURI."""
    study, files = await select_files(request)
    base, fallback = bulk_base(request), fallback_charset(request, study.clinic)

    def build() -> list[dict]:
        return [metadata(p, f"{base}/studies/{study.uid}/series/{p.parent.name}/instances/"
                            f"{p.stem}/bulk", fallback) for p in files]

    return web.Response(body=orjson.dumps(await asyncio.to_thread(build)),
                        content_type=DICOM_JSON)


def _format(request: web.Request) -> str:
    accept = request.query.get("accept") or request.headers.get("Accept", "")
    for item in accept.split(","):
        media = item.split(";")[0].strip().lower()
        if media == "image/png" or media in ("", "*/*", "image/*"):
            return "png"
        if media in ("image/jpeg", "image/jpg"):
            return "jpeg"
    raise ApiError("rendered images are image/png or image/jpeg", "not_acceptable", 406)


def _floats(text: str, name: str, n: int, low: float = -1e7, high: float = 1e7
            ) -> list[float]:
    values = [float_arg(v, name, low=low, high=high) for v in text.split(",")[:n]]
    if len(values) != n:
        raise BadRequest(f"{name} needs {n} numbers", "invalid_query")
    return values


def render_options(request: web.Request) -> dict:
    q = request.query
    opts: dict = {"fmt": _format(request), "window": None, "preset": q.get("preset") or None,
                  "quality": 90, "size": None}
    if q.get("window"):
        # PS3.18 window=center,width,function; only the linear function is offered
        opts["window"] = tuple(_floats(q["window"], "window", 2))
    if q.get("quality"):
        opts["quality"] = int(min(100, max(1, _floats(q["quality"], "quality", 1)[0])))
    if q.get("viewport"):
        # a rendered picture larger than a screen is never needed: bound the work
        opts["size"] = int(max(1, *_floats(q["viewport"], "viewport", 2, 0, MAX_VIEWPORT)))
    return opts


def _frame(request: web.Request) -> int:
    text = request.match_info.get("frame", "1")
    return int_arg(text, "frame number (one frame per request)", low=1,
                   code="invalid_frame") - 1


def _cached_render(cache: Path, path: Path, frame: int, opts: dict) -> bytes:
    """Runs in a thread: the cached bytes, or render and store them (temp → rename)."""
    # keyed by the stored file (study/series/SOP path, size, mtime) and the options: the
    # same SOP UID may exist in two studies of two clinics and must never share a picture
    st = path.stat()
    ident = [str(path), st.st_size, st.st_mtime_ns, opts]
    key = hashlib.sha256(orjson.dumps(ident, option=orjson.OPT_SORT_KEYS)).hexdigest()[:24]
    target = cache / f"{path.stem}-{frame}-{key}.{opts['fmt']}"
    if target.exists():
        return target.read_bytes()
    data = render(path, frame=frame, **opts)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return data


def wants_video(accept: str) -> bool:
    """Does the Accept header (or ``accept`` query) ask for MP4 video before any image?"""
    for item in accept.split(","):
        media = item.split(";")[0].strip().lower()
        if media in ("video/mp4", "video/*"):
            return True
        if media.startswith("image/") or media == "*/*":
            return False
    return False


def _cached_mp4(cache: Path, path: Path) -> Path:
    """Runs in a thread: the instance's MP4 in the cache, made on first request."""
    st = path.stat()
    key = hashlib.sha256(orjson.dumps([str(path), st.st_size, st.st_mtime_ns])).hexdigest()[:24]
    target = cache / f"{path.stem}-{key}.mp4"
    if not target.exists():
        to_mp4(path, pixel_info(path), target)
    return target


async def _video(request: web.Request) -> web.StreamResponse:
    """The whole video instance as ``video/mp4``; byte ranges honoured (a ``<video>`` seeks
    with them), the file made once and kept under ``<data>/cache/video``."""
    if "frame" in request.match_info:
        raise ApiError("a video is rendered whole: …/instances/{sop}/rendered", "not_acceptable",
                       406)
    _, files = await select_files(request)
    cache = request.app[STORAGE].root / "cache" / "video"
    try:
        target = await asyncio.to_thread(_cached_mp4, cache, files[0])
    except (NotVideo, NoPixelData) as exc:
        raise ApiError(f"video/mp4 is only for video instances: {exc}; rendered images are "
                       "image/png or image/jpeg", "not_acceptable", 406) from None
    except BadVideo as exc:
        log.warning("video %s cannot be remuxed: %s", files[0].stem, exc)
        raise BadRequest(f"this video cannot be played: {exc}", "cannot_render") from None
    return web.FileResponse(target, headers={"Content-Type": "video/mp4",
                                             "Cache-Control": "private, max-age=3600"})


@routes.get(_INSTANCE + "/rendered")
@routes.get(_INSTANCE + "/frames/{frame}/rendered")
async def rendered(request: web.Request) -> web.StreamResponse:
    """PNG (default) or JPEG of one frame, windowed by the query, a preset or the file; a
    video instance whole as MP4 when ``video/mp4`` is asked for."""
    if wants_video(request.query.get("accept") or request.headers.get("Accept", "")):
        return await _video(request)
    frame = _frame(request)
    opts = render_options(request)
    _, files = await select_files(request)
    cache = request.app[STORAGE].root / "cache" / "rendered"
    try:
        data = await asyncio.to_thread(_cached_render, cache, files[0], frame, opts)
    except FrameOutOfRange as exc:
        raise NotFound(str(exc), "no_such_frame") from None
    except CannotRender as exc:
        raise BadRequest(f"this instance cannot be rendered: {exc}", "cannot_render") from None
    except ValueError as exc:
        raise BadRequest(str(exc), "invalid_query") from None
    return web.Response(body=data, content_type=f"image/{opts['fmt']}",
                        headers={"Cache-Control": "private, max-age=3600"})

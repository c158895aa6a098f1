"""WADO-RS frames and bulk data (PS3.18 10.4): pixels for metadata-driven viewers.

``…/instances/{sop}/frames/{n[,m…]}`` sends each frame as one part of a
``multipart/related`` answer: native frames as ``application/octet-stream``, compressed
frames as stored under their transfer syntax's media type (or decoded when the caller asks
for octet-stream pixels). ``…/instances/{sop}/bulk/{tag[/item/tag…]}`` serves the
BulkDataURIs that ``/metadata`` hands out. Files are read in place, never loaded whole.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from aiohttp import web
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRBigEndian

from dicom.accept import OCTET, Choice, NotAcceptable, negotiate_frame, parse_accept
from dicom.frames import (
    PIXEL_DATA,
    CannotDecode,
    FrameNotFound,
    NoPixelData,
    PixelInfo,
    native_frame,
    pixel_info,
    stored_frame,
)
from teleconsult.api.dicomweb_wado import CHUNK, select_files
from teleconsult.api.errors import ApiError, BadRequest, NotFound

routes = web.RouteTableDef()
_INSTANCE = "/dicomweb/studies/{study}/series/{series}/instances/{sop}"
MAX_FRAMES_PER_REQUEST = 1000


def _not_acceptable(message: str) -> ApiError:
    return ApiError(message, "not_acceptable", 406)


def frame_numbers(text: str) -> list[int]:
    """``"1,3,5"`` → [1, 3, 5]; frame numbers count from 1 (PS3.18 10.4.1.1.4)."""
    parts = [p.strip() for p in text.split(",")]
    if not parts or len(parts) > MAX_FRAMES_PER_REQUEST or not all(p.isdigit() for p in parts):
        raise BadRequest("frames are numbers from 1, separated by commas", "invalid_frame")
    numbers = [int(p) for p in parts]
    if min(numbers) < 1:
        raise BadRequest("frame numbers start at 1", "invalid_frame")
    return numbers


def _accept(request: web.Request) -> str:
    return request.query.get("accept") or request.headers.get("Accept", "")


def _info(path: Path) -> PixelInfo:
    try:
        return pixel_info(path)
    except NoPixelData as exc:
        raise BadRequest(f"this instance has no frames: {exc}", "not_an_image") from None


def _read_frames(path: Path, info: PixelInfo, numbers: list[int], choice: Choice) -> list[bytes]:
    """Runs in a thread. One frame at a time: a request for all frames of a big cine
    holds them all, so the number per request is bounded."""
    read = native_frame if choice.decode else stored_frame
    return [read(path, info, n) for n in numbers]


async def _multipart(request: web.Request, media: str, ts: str | None,
                     parts: list[bytes]) -> web.StreamResponse:
    boundary = uuid.uuid4().hex
    part_type = f"{media}; transfer-syntax={ts}" if ts else media
    resp = web.StreamResponse(headers={
        "Content-Type": f'multipart/related; type="{media}"; boundary={boundary}'})
    await resp.prepare(request)
    for data in parts:
        await resp.write(f"--{boundary}\r\nContent-Type: {part_type}\r\n"
                         f"Content-Length: {len(data)}\r\n\r\n".encode())
        await resp.write(data)
        await resp.write(b"\r\n")
    await resp.write(f"--{boundary}--\r\n".encode())
    await resp.write_eof()
    return resp


@routes.get(_INSTANCE + "/frames/{frames}")
async def retrieve_frames(request: web.Request) -> web.StreamResponse:
    """The frames named in the URL, in that order, one part each."""
    numbers = frame_numbers(request.match_info["frames"])
    _, files = await select_files(request)
    info = await asyncio.to_thread(_info, files[0])
    return await _send_frames(request, files[0], info, numbers)


async def _send_frames(request: web.Request, path: Path, info: PixelInfo,
                       numbers: list[int]) -> web.StreamResponse:
    try:
        choice = negotiate_frame(parse_accept(_accept(request)), info.transfer_syntax)
        parts = await asyncio.to_thread(_read_frames, path, info, numbers, choice)
    except NotAcceptable as exc:
        raise _not_acceptable(str(exc)) from None
    except CannotDecode as exc:
        raise _not_acceptable(f"{exc}; ask for transfer-syntax=* to get it as stored") from None
    except FrameNotFound as exc:
        raise NotFound(str(exc), "no_such_frame") from None
    except NoPixelData as exc:
        raise BadRequest(str(exc), "not_an_image") from None
    return await _multipart(request, choice.media, choice.transfer_syntax, parts)


def bulk_path(text: str) -> list[int | str]:
    """``7FE00010`` or ``00540016/0/00181072`` → [tag, index, tag …] (validated)."""
    steps = text.strip("/").split("/")
    out: list[int | str] = []
    for i, step in enumerate(steps):
        if i % 2 == 0:
            if len(step) != 8:
                raise BadRequest("bulk data paths are tags (8 hex digits) and item numbers",
                                 "invalid_bulk_path")
            try:
                out.append(int(step, 16))
            except ValueError:
                raise BadRequest("tags are 8 hex digits", "invalid_bulk_path") from None
        elif step.isdigit():
            out.append(step)
        else:
            raise BadRequest("item numbers are digits", "invalid_bulk_path")
    if len(steps) % 2 == 0:
        raise BadRequest("a bulk data path ends with a tag", "invalid_bulk_path")
    return out


def _bulk_value(path: Path, steps: list[int | str]) -> bytes:
    """Runs in a thread: the raw value of a (possibly nested) bulk element."""
    ds: Dataset = dcmread(path, defer_size=1024, force=True)
    value = None
    for step in steps:
        if isinstance(step, str):
            seq = value if isinstance(value, list) or hasattr(value, "__getitem__") else None
            if seq is None or int(step) >= len(seq):
                raise KeyError(step)
            ds = seq[int(step)]
            continue
        value = ds[step].value
    if not isinstance(value, bytes | bytearray):
        raise KeyError("not a bulk data element")
    return bytes(value)


@routes.get(_INSTANCE + "/bulk/{path:.+}")
async def retrieve_bulk(request: web.Request) -> web.StreamResponse:
    """A BulkDataURI from ``/metadata``: pixel data as its frames, others as octet-stream."""
    steps = bulk_path(request.match_info["path"])
    _, files = await select_files(request)
    if steps == [PIXEL_DATA]:
        return await _pixel_bulk(request, files[0])
    try:
        data = await asyncio.to_thread(_bulk_value, files[0], steps)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        raise NotFound("no such bulk data element", "no_such_bulk_data") from None
    ranges = parse_accept(_accept(request), OCTET)
    if not any(r.media in ("*/*", "application/*", OCTET) for r in ranges):
        raise _not_acceptable(f"bulk data is {OCTET}")
    return await _multipart(request, OCTET, None, [data])


async def _pixel_bulk(request: web.Request, path: Path) -> web.StreamResponse:
    """Native pixel data streamed from its place in the file; encapsulated as all frames."""
    info = await asyncio.to_thread(_info, path)
    if info.encapsulated or info.offset < 0 or info.transfer_syntax == ExplicitVRBigEndian:
        if info.frames > MAX_FRAMES_PER_REQUEST:
            raise BadRequest("too many frames for one answer; fetch them by /frames/{n}",
                             "too_many_frames")
        return await _send_frames(request, path, info, list(range(1, info.frames + 1)))
    ranges = parse_accept(_accept(request), OCTET)
    if not any(r.media in ("*/*", "application/*", OCTET) for r in ranges):
        raise _not_acceptable(f"native pixel data is {OCTET}")
    boundary = uuid.uuid4().hex
    resp = web.StreamResponse(headers={
        "Content-Type": f'multipart/related; type="{OCTET}"; boundary={boundary}'})
    await resp.prepare(request)
    await resp.write(f"--{boundary}\r\nContent-Type: {OCTET}; transfer-syntax="
                     f"1.2.840.10008.1.2.1\r\nContent-Length: {info.length}\r\n\r\n".encode())
    with path.open("rb") as f:
        f.seek(info.offset)
        left = info.length
        while left > 0 and (chunk := await asyncio.to_thread(f.read, min(CHUNK, left))):
            await resp.write(chunk)
            left -= len(chunk)
    await resp.write(f"\r\n--{boundary}--\r\n".encode())
    await resp.write_eof()
    return resp

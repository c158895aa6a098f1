"""HTTP limits per route: the body-limit middleware, the read timeouts.

aiohttp reads a request body only when the handler asks, and its ``client_max_size`` is one
number for the whole app; an unauthenticated ``POST /login`` could make it buffer gigabytes.
Here every route gets the smallest limit that serves it (the ``[http]`` table,
``teleconsult.settings.http``): page forms tiny, JSON small, and only the streamed uploads
(STOW-RS, ECG) big — those handlers write to disk as they read. A body over its route's limit is
answered 413 before it is read (declared length) or as soon as the limit is passed (chunked);
a body that stops arriving is answered 408. Small bodies are read here, whole, under one
deadline; the streamed uploads read chunk by chunk with ``within`` around each read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from aiohttp import web

from teleconsult.api.appkeys import SETTINGS
from teleconsult.api.errors import ApiError, TooLarge
from teleconsult.settings.http import HttpLimits

T = TypeVar("T")
# after answering 413/408 with a body still coming, read and drop it this long (so the
# client sees the answer instead of a reset), then close
LINGER_SECONDS = 2.0
FORM_ROUTES = frozenset({("POST", "/login"), ("POST", "/logout")})
STREAMED_ROUTES = frozenset({("POST", "/dicomweb/studies"), ("POST", "/dicomweb/studies/{study}"),
                             ("POST", "/api/v1/ecg"),
                             # lab bundles: read in chunks up to lab_api.MAX_FHIR_BYTES
                             ("POST", "/api/v1/fhir")})


def body_limit(method: str, route: str, limits: HttpLimits, max_upload: int) -> int:
    """The most body bytes a request to ``route`` (its canonical path) may carry."""
    if (method, route) in STREAMED_ROUTES:
        return max_upload
    if (method, route) in FORM_ROUTES:
        return limits.max_form_kb * 1024
    return limits.max_json_kb * 1024


def runner_options(limits: HttpLimits) -> dict[str, float]:
    """``web.AppRunner`` keyword arguments for the timeouts.

    aiohttp arms its keep-alive timer when a connection opens and after every response, and
    closes the connection if no complete request head has arrived when it fires: the same
    timer is the header-read timeout (slowloris) and the idle keep-alive timeout.
    """
    return {"keepalive_timeout": limits.header_timeout_seconds,
            "lingering_time": LINGER_SECONDS}


class BodyTimeout(ApiError):
    status, code = 408, "request_timeout"


async def within(aw: Awaitable[T], seconds: float) -> T:
    """``aw`` (one read of a request body), or 408 when the client sends nothing that long."""
    try:
        async with asyncio.timeout(seconds):
            return await aw
    except TimeoutError:
        raise BodyTimeout(f"the request body stalled for {seconds:g} s") from None


async def read_bounded(request: web.Request, limit: int, what: str) -> bytes:
    """The whole body, refused with 413 once past ``limit`` (declared or sent) without reading
    further, and with 408 when it stalls past the configured body timeout."""
    too_large = f"{what} may be at most {_size(limit)}"
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(too_large)
    body, stall = bytearray(), request.app[SETTINGS].http.body_timeout_seconds
    while chunk := await within(request.content.read(256 * 1024), stall):
        body += chunk
        if len(body) > limit:
            raise TooLarge(too_large)
    return bytes(body)


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n // 1024} KiB"


@web.middleware
async def body_limits(request: web.Request, handler) -> web.StreamResponse:
    """Refuse oversized bodies before reading them; read small ones under a deadline."""
    settings = request.app[SETTINGS]
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else request.path
    limit = body_limit(request.method, route, settings.http, settings.max_upload_bytes)
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(f"this request's body may be at most {_size(limit)}")
    if (request.method, route) in STREAMED_ROUTES or not request.body_exists:
        return await handler(request)
    request = request.clone(client_max_size=limit)
    await within(request.read(), settings.http.body_timeout_seconds)  # cached for the handler
    return await handler(request)

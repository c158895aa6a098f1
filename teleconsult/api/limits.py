"""The body-limit middleware and the read timeout helper of the HTTP edge.

Limits per route come from ``teleconsult.core.http_limits``. A body over its route's limit is
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
from teleconsult.core.http_limits import STREAMED_ROUTES, body_limit

T = TypeVar("T")


class BodyTimeout(ApiError):
    status, code = 408, "request_timeout"


async def within(aw: Awaitable[T], seconds: float) -> T:
    """``aw`` (one read of a request body), or 408 when the client sends nothing that long."""
    try:
        async with asyncio.timeout(seconds):
            return await aw
    except TimeoutError:
        raise BodyTimeout(f"the request body stalled for {seconds:g} s") from None


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

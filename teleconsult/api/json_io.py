"""JSON in and out of the API: a response, a request body that must be JSON (415 otherwise,
400 ``invalid_json`` when it does not parse), an optional one."""

from __future__ import annotations

import orjson
from aiohttp import web

from teleconsult.api.errors import BadRequest, UnsupportedMediaType


def json_response(data: object, status: int = 200) -> web.Response:
    """``data`` as an ``application/json`` response (orjson)."""
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


async def read_json(request: web.Request) -> object:
    """The request body as JSON."""
    if request.content_type != "application/json":
        raise UnsupportedMediaType("send Content-Type: application/json")
    try:
        return orjson.loads(await request.read())
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}", "invalid_json") from None


async def optional_json(request: web.Request) -> object:
    """The body as JSON, or ``{}`` when there is none."""
    return await read_json(request) if request.body_exists else {}

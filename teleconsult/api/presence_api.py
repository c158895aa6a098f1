"""Doctors say when they are reading: check in, check out."""

from __future__ import annotations

from aiohttp import web

from teleconsult.api.appkeys import REDIS, SETTINGS
from teleconsult.api.auth import principal
from teleconsult.api.json_io import json_response
from teleconsult.routing import presence
from teleconsult.store import keys

routes = web.RouteTableDef()


async def _status(request: web.Request, doctor_id: str) -> dict:
    client = request.app[REDIS]
    return {"doctor": doctor_id, "online": bool(await client.exists(keys.online(doctor_id))),
            "checked_out": bool(await client.exists(keys.checked_out(doctor_id)))}


@routes.get("/api/v1/presence")
async def status(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    return json_response(await _status(request, who.id))


@routes.post("/api/v1/presence/check-in")
async def check_in(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    await presence.check_in(request.app[REDIS], who.id,
                            request.app[SETTINGS].routing.presence_seconds)
    return json_response(await _status(request, who.id))


@routes.post("/api/v1/presence/check-out")
async def check_out(request: web.Request) -> web.Response:
    """Unopened cases go back to the queue on the timers' next pass."""
    who = principal(request, "doctor")
    await presence.check_out(request.app[REDIS], who.id)
    await request.app[REDIS].lpush(keys.ROUTE_WAKE, f"offline:{who.id}")
    return json_response(await _status(request, who.id))

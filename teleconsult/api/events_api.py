"""``GET /api/v1/events``: server-sent events for the caller, read from the event stream.

Each event is written as ``id: <stream id>`` / ``event: <type>`` / ``data: <json>``. A client
that reconnects with ``Last-Event-ID`` (or ``?last_event_id=``) gets what it missed, replayed
from the Redis stream; without one it starts from now. ``: ping`` every 15 s keeps proxies
from closing an idle stream.
"""

from __future__ import annotations

import logging
import re

import orjson
import redis
import redis.asyncio as aioredis
from aiohttp import web

from teleconsult import keys, presence
from teleconsult.api.appkeys import REDIS, SETTINGS
from teleconsult.api.auth import Principal, principal
from teleconsult.api.errors import BadRequest
from teleconsult.settings import Settings

HEARTBEAT_SECONDS = 15
log = logging.getLogger(__name__)
_STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
routes = web.RouteTableDef()


def visible(event: dict, who: Principal, settings: Settings) -> bool:
    """Whether ``who`` may see ``event``: a clinic its own (not the routing escalations), a
    doctor its own and the new cases of its specialties, a supervising doctor (flagged or an
    escalation contact) the escalations of its specialties, an admin everything."""
    if who.kind == "admin":
        return True
    if who.kind == "clinic":
        return event.get("clinic") == who.id and event.get("type") != "escalation"
    if event.get("doctor") == who.id:
        return True
    doctor = settings.doctors.get(who.id)
    if doctor is None:
        return False
    if event.get("type") == "escalation" and (
            doctor.supervisor or doctor.id in settings.routing.escalation_contacts):
        return event.get("specialty") in doctor.specialties
    return event.get("type") == "case_queued" and event.get("specialty") in doctor.specialties


def frame(event_id: str, event: dict) -> bytes:
    return (f"id: {event_id}\nevent: {event.get('type', 'message')}\n".encode()
            + b"data: " + orjson.dumps(event) + b"\n\n")


async def _start_id(client: aioredis.Redis, request: web.Request) -> str:
    last = request.headers.get("Last-Event-ID") or request.query.get("last_event_id")
    if last:
        if not _STREAM_ID.match(last):
            raise BadRequest("Last-Event-ID must be an id this stream sent", "invalid_event_id")
        return last
    # "from now" is the newest id at connect time, so nothing published while the
    # response starts is lost (XREAD with "$" would skip it)
    newest = await client.xrevrange(keys.EVENTS, count=1)
    return newest[0][0].decode() if newest else "0-0"


@routes.get("/api/v1/events")
async def event_stream(request: web.Request) -> web.StreamResponse:
    who = principal(request)
    client, settings = request.app[REDIS], request.app[SETTINGS]
    cursor = await _start_id(client, request)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache",
                                           "X-Accel-Buffering": "no"})
    await response.prepare(request)
    await response.write(b": connected\n\n")
    presence_ttl = settings.routing.presence_seconds
    try:
        while True:
            if who.kind == "doctor":
                # an open event stream is presence, like a worklist poll
                await presence.seen(client, who.id, presence_ttl)
            got = await client.xread({keys.EVENTS: cursor}, count=200,
                                     block=HEARTBEAT_SECONDS * 1000)
            if not got:
                await response.write(b": ping\n\n")
                continue
            for raw_id, fields in got[0][1]:
                cursor = raw_id.decode()
                event = orjson.loads(fields[b"data"])
                if visible(event, who, settings):
                    await response.write(frame(cursor, event))
    except (ConnectionResetError, ConnectionError):
        pass  # the client went away
    except redis.RedisError as exc:
        # Redis went away or the server is shutting down: end the stream; the browser
        # reconnects with Last-Event-ID and misses nothing
        log.info("event stream for %s ended: %s", who.id, type(exc).__name__)
    return response

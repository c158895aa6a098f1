"""``GET /api/v1/events``: server-sent events for the caller, from the process's event hub.

Every stream starts with a ``ready`` frame whose ``id:`` is the position it starts from (the
stream's current end, or the ``Last-Event-ID`` it resumes), so a browser that reconnects
always sends a position and never misses what was published in between. Each event is
``id: <stream id>`` / ``event: <type>`` / ``data: <json>``; a ``heartbeat`` event (with the
current position as its id) comes every ``stream_heartbeat_seconds`` when nothing else does,
also while Redis is down. A client resuming with ``Last-Event-ID`` (or ``?last_event_id=``)
gets what it missed, replayed from Redis. Streams are capped per caller (429) and per process
(503).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator

import orjson
import redis
import redis.asyncio as aioredis
from aiohttp import web

from teleconsult.api.appkeys import EVENT_HUB, REDIS, SETTINGS
from teleconsult.api.auth import principal
from teleconsult.api.errors import ApiError, BadRequest
from teleconsult.api.event_hub import (
    EventHub,
    Subscriber,
    TooManyStreams,
    decode_entry,
    later,
    stream_id,
)
from teleconsult.routing import presence
from teleconsult.settings.model import Settings
from teleconsult.store import keys
from teleconsult.store.sessions import Principal

log = logging.getLogger(__name__)
_STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}\Z")
WRITE_SECONDS = 30  # a client that takes no bytes this long is gone
READY_SECONDS = 5  # how long a new stream waits for a hub that is still connecting
REPLAY_PAGE = 500
routes = web.RouteTableDef()


# what a display account (the big screen) is told: that something happened, never to whom
SCREEN_EVENTS = frozenset({"case_queued", "case_assigned", "case_released", "report_signed",
                           "critical_result", "critical_acknowledged", "delivery_failed"})


def shown(event: dict, who: Principal) -> dict:
    """The event as ``who`` receives it: whole, or for the screen its type and time only."""
    if who.kind == "screen" and event.get("type") in SCREEN_EVENTS:
        return {"type": event["type"], "at": event.get("at")}
    return event


def visible(event: dict, who: Principal, settings: Settings) -> bool:
    """Whether ``who`` may see ``event``: a clinic its own (not the routing escalations), a
    doctor its own and the new cases of its specialties, a supervising doctor (flagged or an
    escalation contact) the escalations of its specialties (of its own community, for both),
    an admin everything."""
    if who.kind == "admin":
        return True
    if who.kind == "screen":
        return event.get("type") in SCREEN_EVENTS
    if who.kind == "clinic":
        return event.get("clinic") == who.id and event.get("type") != "escalation"
    if event.get("doctor") == who.id:
        return True
    doctor = settings.doctors.get(who.id)
    if doctor is None:
        return False
    if event.get("case_id") and keys.case_community(event["case_id"]) != doctor.community:
        return False  # another community's case: its own doctors and supervisors are told
    if event.get("type") == "escalation" and (
            doctor.supervisor or doctor.id in settings.routing.escalation_contacts):
        return event.get("specialty") in doctor.specialties
    return event.get("type") == "case_queued" and event.get("specialty") in doctor.specialties


def frame(event_id: str, event: dict) -> bytes:
    return (f"id: {event_id}\nevent: {event.get('type', 'message')}\n".encode()
            + b"data: " + orjson.dumps(event) + b"\n\n")


async def hub_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    hub = EventHub(settings.redis_target(), settings.http.max_streams_per_caller,
                   settings.http.max_streams)
    hub.start()
    app[EVENT_HUB] = hub
    yield
    await hub.stop()


async def end_streams(app: web.Application) -> None:
    """On shutdown: end every open stream now (clients reconnect to whoever serves next)."""
    app[EVENT_HUB].end_all("shutdown")


def _last_event_id(request: web.Request) -> str | None:
    last = request.headers.get("Last-Event-ID") or request.query.get("last_event_id")
    if last and not _STREAM_ID.match(last):
        raise BadRequest("Last-Event-ID must be an id this stream sent", "invalid_event_id")
    return last or None


async def _subscribe(hub: EventHub, who: Principal, settings: Settings) -> Subscriber:
    if not hub.ready.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(hub.ready.wait(), READY_SECONDS)
    if not hub.ready.is_set():
        raise ApiError("the event stream is not available yet; retry shortly",
                       "events_unavailable", 503)
    try:
        return hub.subscribe(f"{who.kind}:{who.id}", lambda e: visible(e, who, settings))
    except TooManyStreams as exc:
        if exc.scope == "caller":
            raise ApiError(f"at most {exc.limit} event streams may be open per caller; close "
                           "another tab or window", "too_many_streams", 429) from None
        raise ApiError("this server has too many open event streams; retry shortly",
                       "too_many_streams", 503) from None


async def _write(response: web.StreamResponse, data: bytes) -> None:
    async with asyncio.timeout(WRITE_SECONDS):
        await response.write(data)


async def _replay(client: aioredis.Redis, response: web.StreamResponse, after: str, until: str,
                  accepts, who: Principal) -> None:  # noqa: ANN001
    """The events in (after, until] from Redis, in short non-blocking pages."""
    while stream_id(after) < stream_id(until):
        page = await client.xrange(keys.EVENTS, f"({after}", until, count=REPLAY_PAGE)
        if not page:
            return
        for raw, fields in page:
            after = raw.decode()
            event = decode_entry(fields)
            if event.get("type") != "unreadable" and accepts(event):
                await _write(response, frame(after, shown(event, who)))


async def _present(request: web.Request, who: Principal) -> None:
    """An open event stream is presence, like a worklist poll (best effort)."""
    if who.kind != "doctor":
        return
    # Redis down: the hub logs it; the stream itself goes on
    with contextlib.suppress(redis.RedisError, OSError):
        await presence.seen(request.app[REDIS], who.id,
                            request.app[SETTINGS].routing.presence_seconds)


async def _pump(request: web.Request, response: web.StreamResponse, sub: Subscriber,
                position: str, who: Principal) -> None:
    """Queued events and heartbeats until the client goes or the hub ends the stream."""
    hub, beat = request.app[EVENT_HUB], request.app[SETTINGS].http.stream_heartbeat_seconds
    loop = asyncio.get_running_loop()
    noted = loop.time()
    while not sub.ended:
        if loop.time() - noted >= beat:  # also when events keep the stream busy
            await _present(request, who)
            noted = loop.time()
        try:
            item = await asyncio.wait_for(sub.queue.get(), beat)
        except TimeoutError:
            if sub.queue.empty() and hub.position is not None:
                position = later(position, hub.position)
            await _write(response, frame(position, {"type": "heartbeat"}))
            continue
        if item is None or sub.ended:
            return
        event_id, event = item
        if stream_id(event_id) > stream_id(position):
            position = event_id
            await _write(response, frame(event_id, shown(event, who)))


@routes.get("/api/v1/events")
async def event_stream(request: web.Request) -> web.StreamResponse:
    who = principal(request, "clinic", "doctor", "admin", "screen")
    settings, hub = request.app[SETTINGS], request.app[EVENT_HUB]
    last = _last_event_id(request)
    sub = await _subscribe(hub, who, settings)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache",
                                           "X-Accel-Buffering": "no"})
    position = last or sub.start
    try:
        await response.prepare(request)
        beat = settings.http.stream_heartbeat_seconds
        await _write(response, b"retry: 3000\n" + frame(position, {
            "type": "ready", "heartbeat_seconds": beat}))
        await _present(request, who)
        await _replay(request.app[REDIS], response, position, sub.start, sub.accepts, who)
        await _pump(request, response, sub, later(position, sub.start), who)
    except (ConnectionError, TimeoutError):
        pass  # the client went away or stopped reading
    except redis.RedisError as exc:
        # the replay needs Redis: end the stream; the client resumes with Last-Event-ID
        log.info("event stream for %s ended: %s", who.id, type(exc).__name__)
    finally:
        hub.unsubscribe(sub)
    return response

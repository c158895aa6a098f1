"""Domain events on one Redis stream, read by the event stream endpoint and supervisors."""

from __future__ import annotations

import time

import orjson
import redis.asyncio as aioredis

from teleconsult import keys

MAX_EVENTS = 100_000


async def publish(client: aioredis.Redis, kind: str, **fields: object) -> str:
    """Append an event; ``audience`` fields (clinic, doctor, specialty) let readers filter."""
    body = {"type": kind, "at": time.time(), **fields}
    event_id = await client.xadd(keys.EVENTS, {"data": orjson.dumps(body)},
                                 maxlen=MAX_EVENTS, approximate=True)
    return event_id.decode() if isinstance(event_id, bytes) else event_id

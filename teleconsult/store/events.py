"""Domain events on one Redis stream, read by the event stream endpoint and supervisors."""

from __future__ import annotations

import time

import orjson
import redis.asyncio as aioredis

from teleconsult.store import keys

MAX_EVENTS = 100_000


async def publish(client: aioredis.Redis, kind: str, **fields: object) -> str:
    """Append an event; ``audience`` fields (clinic, doctor, specialty) let readers filter."""
    event_id = await publish_into(client, kind, **fields)
    return event_id.decode() if isinstance(event_id, bytes) else event_id


# KEYS: the events stream   ARGV: MAXLEN, then one JSON body per event
_PUBLISH_MANY = """
for i = 2, #ARGV do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'data', ARGV[i])
end
return #ARGV - 1
"""


async def publish_many(client: aioredis.Redis, items: list[tuple[str, float, dict]]) -> None:
    """Many events (kind, at, fields) in one call, in order (a routing page publishes a
    hundred: one XADD each spent more in the client than in Redis)."""
    if items:
        await client.register_script(_PUBLISH_MANY)(keys=[keys.EVENTS], args=[
            MAX_EVENTS, *(orjson.dumps({"type": kind, "at": at, **fields})
                          for kind, at, fields in items)])


def publish_into(client, kind: str, at: float | None = None, **fields: object):  # noqa: ANN001
    """The XADD of an event on a client (awaitable) or a pipeline (queued); ``at`` defaults
    to now (an injected clock passes its own)."""
    body = {"type": kind, "at": time.time() if at is None else at, **fields}
    return client.xadd(keys.EVENTS, {"data": orjson.dumps(body)}, maxlen=MAX_EVENTS,
                       approximate=True)

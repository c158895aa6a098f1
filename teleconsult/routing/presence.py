"""Who is online: a doctor counts as present for ``presence_seconds`` after a worklist poll,
an event-stream connection or a check-in, until they check out."""

from __future__ import annotations

from collections.abc import Iterable

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline

from teleconsult.store import keys

WATCH_SECONDS = 45  # a worklist page polls every 5 s (stream: every 15 s): open within this


# KEYS: checked-out, online, watching   ARGV: the online TTL, WATCH_SECONDS
# 1 when the doctor was not online before, else 0 (also while checked out: nothing set).
_SEEN = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local was = redis.call('SET', KEYS[2], '1', 'EX', ARGV[1], 'GET')
redis.call('SET', KEYS[3], '1', 'EX', ARGV[2])
if was then return 0 end
return 1
"""


async def seen(client: aioredis.Redis, doctor_id: str, ttl: int) -> bool:
    """Note activity; True when the doctor was not online before (routers should look).

    Also marks the doctor as *watching* for a short while: a STAT given to someone with no
    page open is paged to their phone (``teleconsult.routing.pager``).
    """
    came = await client.eval(_SEEN, 3, keys.checked_out(doctor_id), keys.online(doctor_id),
                             keys.watching(doctor_id), ttl, WATCH_SECONDS)
    return await after_seen(client, doctor_id, came)


def seen_into(pipe: Pipeline, doctor_id: str, ttl: int) -> None:
    """Queue ``seen``'s one command in ``pipe`` (a worklist poll sends it with its own first
    step: one round trip), to be finished by ``after_seen`` with its reply. A plain EVAL:
    an EVALSHA in a pipeline costs redis-py a SCRIPT EXISTS round trip on every execute,
    and a cluster pipeline never loads a script."""
    pipe.eval(_SEEN, 3, keys.checked_out(doctor_id), keys.online(doctor_id),
              keys.watching(doctor_id), ttl, WATCH_SECONDS)


async def after_seen(client: aioredis.Redis, doctor_id: str, came: int) -> bool:
    """Wake the routers when ``seen_into``'s reply says the doctor just came online (the
    wake-up list is under another hash tag: not in the script)."""
    if not came:
        return False
    await client.lpush(keys.ROUTE_WAKE, f"online:{doctor_id}")
    return True


async def check_in(client: aioredis.Redis, doctor_id: str, ttl: int) -> None:
    await client.delete(keys.checked_out(doctor_id))
    await seen(client, doctor_id, ttl)


async def check_out(client: aioredis.Redis, doctor_id: str) -> None:
    pipe = client.pipeline(transaction=True)
    pipe.set(keys.checked_out(doctor_id), "1")
    pipe.delete(keys.online(doctor_id))
    pipe.delete(keys.watching(doctor_id))
    await pipe.execute()


async def online_ids(client: aioredis.Redis, doctor_ids: Iterable[str]) -> set[str]:
    ids = list(doctor_ids)
    if not ids:
        return set()
    flags = await client.mget([keys.online(d) for d in ids])
    return {d for d, f in zip(ids, flags, strict=True) if f}

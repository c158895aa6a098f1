"""Who is online: a doctor counts as present for ``presence_seconds`` after a worklist poll,
an event-stream connection or a check-in, until they check out."""

from __future__ import annotations

from collections.abc import Iterable

import redis.asyncio as aioredis

from teleconsult.store import keys

WATCH_SECONDS = 45  # a worklist page polls every 5 s (stream: every 15 s): open within this


async def seen(client: aioredis.Redis, doctor_id: str, ttl: int) -> bool:
    """Note activity; True when the doctor was not online before (routers should look).

    Also marks the doctor as *watching* for a short while: a STAT given to someone with no
    page open is paged to their phone (``teleconsult.routing.pager``).
    """
    if await client.exists(keys.checked_out(doctor_id)):
        return False
    pipe = client.pipeline(transaction=False)
    pipe.set(keys.online(doctor_id), "1", ex=ttl, get=True)
    pipe.set(keys.watching(doctor_id), "1", ex=WATCH_SECONDS)
    was, _ = await pipe.execute()
    if was is None:
        await client.lpush(keys.ROUTE_WAKE, f"online:{doctor_id}")
        return True
    return False


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

"""Short Redis locks with an owner token: only the holder may release one."""

from __future__ import annotations

import os

import redis.asyncio as aioredis

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


async def acquire(client: aioredis.Redis, key: str, ttl_ms: int) -> str | None:
    """The token of a newly taken lock, or None when someone else holds it."""
    token = os.urandom(8).hex()
    return token if await client.set(key, token, nx=True, px=ttl_ms) else None


async def release(client: aioredis.Redis, key: str, token: str) -> None:
    """Release the lock only if it is still ours (it may have expired and been retaken)."""
    await client.eval(_RELEASE, 1, key, token)

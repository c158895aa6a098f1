"""Short Redis locks with an owner token: only the holder may release one."""

from __future__ import annotations

import os

import redis.asyncio as aioredis

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# Take a lock back from an earlier token of the same owner: ARGV = owner prefix, new token, ttl.
_TAKE_BACK = """
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, string.len(ARGV[1])) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""


async def acquire(client: aioredis.Redis, key: str, ttl_ms: int, owner: str = "") -> str | None:
    """The token of a newly taken lock, or None when someone else holds it.

    An ``owner`` that does one task at a time (a worker: its rounds never overlap) takes
    back a lock it left itself: that happens when Redis went away in the middle of the task
    and the release failed, and the lock came back with Redis (AOF). Waiting out its
    expiry held a STAT ECG that was being made into a case for a whole minute.
    """
    token = f"{owner}/{os.urandom(8).hex()}" if owner else os.urandom(8).hex()
    if await client.set(key, token, nx=True, px=ttl_ms):
        return token
    if owner and await client.eval(_TAKE_BACK, 1, key, f"{owner}/", token, ttl_ms):
        return token
    return None


async def release(client: aioredis.Redis, key: str, token: str) -> None:
    """Release the lock only if it is still ours (it may have expired and been retaken)."""
    await client.eval(_RELEASE, 1, key, token)

"""Short Redis locks with an owner token: only the holder may release one.

A worker's lock (its owner is the worker's name) is also taken over from a worker whose
heartbeat (``keys.WORKER_HEARTBEATS``) is older than ``nodes.DEAD_AFTER_SECONDS``: a node
killed while it held one must not hold up a STAT study or a routing queue for the lock's
whole expiry. The holder's work is idempotent, and it checks ``still_held`` before its
writes, so a holder that was only paused (SIGSTOP) and comes back does not redo them.
"""

from __future__ import annotations

import logging
import os
import time

import redis.asyncio as aioredis

from teleconsult.store import keys, nodes

log = logging.getLogger(__name__)

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


# Replace the lock only if it is still the token seen (one key: valid on Redis Cluster).
_SWAP = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
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
    if owner and await _take_from_the_dead(client, key, token, ttl_ms):
        return token
    return None


async def _take_from_the_dead(client: aioredis.Redis, key: str, token: str, ttl_ms: int
                              ) -> bool:
    """Take ``key`` over when its holder is a worker whose heartbeat stopped."""
    held = await client.get(key)
    if held is None:
        return bool(await client.set(key, token, nx=True, px=ttl_ms))
    holder, sep, _ = held.decode().rpartition("/")
    if not sep:
        return False
    beat = await client.zscore(keys.WORKER_HEARTBEATS, holder)
    if beat is None or nodes.alive(beat, time.time()):
        return False  # not a worker's, or its worker is alive: wait for the release
    if await client.eval(_SWAP, 1, key, held, token, ttl_ms):
        log.warning("took over %s from %s (no heartbeat for %.0f s)", key, holder,
                    time.time() - beat)
        return True
    return False


async def still_held(client: aioredis.Redis, key: str, token: str) -> bool:
    """The lock is still ours (not expired, not taken over): the fence before a write."""
    held = await client.get(key)
    return held is not None and held.decode() == token


async def release(client: aioredis.Redis, key: str, token: str) -> None:
    """Release the lock only if it is still ours (it may have expired and been retaken)."""
    await client.eval(_RELEASE, 1, key, token)

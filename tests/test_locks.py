"""Owner-token locks on a real Redis."""

from __future__ import annotations

import time

import redis.asyncio as aioredis

from teleconsult.store import keys, locks, nodes


async def test_only_the_holder_releases_and_others_wait(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    try:
        token = await locks.acquire(client, "t:lock", 60_000, owner="w1")
        assert token is not None
        assert await locks.acquire(client, "t:lock", 60_000, owner="w2") is None
        assert await locks.acquire(client, "t:lock", 60_000) is None  # no owner: no take-back
        await locks.release(client, "t:lock", "w2/not-the-token")
        assert await client.exists("t:lock")
        await locks.release(client, "t:lock", token)
        assert not await client.exists("t:lock")
    finally:
        await client.aclose()


async def test_an_owner_takes_back_a_lock_it_left_when_its_release_failed(redis_url: str) -> None:
    """As after Redis went away mid-task: the release failed, the lock came back with
    Redis's data; the same worker's next round takes it at once instead of waiting out
    its expiry, and nobody else can (a name that merely starts alike included)."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        left = await locks.acquire(client, "t:lock2", 60_000, owner="host-1-w1")
        assert left is not None  # ... and never released
        assert await locks.acquire(client, "t:lock2", 60_000, owner="host-1-w10") is None
        again = await locks.acquire(client, "t:lock2", 60_000, owner="host-1-w1")
        assert again is not None and again != left
        await locks.release(client, "t:lock2", left)  # the stale token no longer releases it
        assert await client.get("t:lock2") == again.encode()
        assert 0 < await client.pttl("t:lock2") <= 60_000
    finally:
        await client.aclose()


async def test_a_lock_of_a_worker_whose_heartbeat_stopped_is_taken_over(redis_url: str) -> None:
    """A node killed while it held a study's or a queue's lock: another worker takes the
    lock once the holder has missed DEAD_AFTER_SECONDS of beats, not after the lock's whole
    expiry; a live holder keeps it, and the old holder's fence then says it lost it."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        now = time.time()
        await client.zadd(keys.WORKER_HEARTBEATS, {"a/1/w0": now})
        held = await locks.acquire(client, "t:lock3", 60_000, owner="a/1/w0")
        assert held is not None and await locks.still_held(client, "t:lock3", held)
        assert await locks.acquire(client, "t:lock3", 60_000, owner="b/2/w0") is None  # alive
        await client.zadd(keys.WORKER_HEARTBEATS,
                          {"a/1/w0": now - nodes.DEAD_AFTER_SECONDS - 1})
        taken = await locks.acquire(client, "t:lock3", 60_000, owner="b/2/w0")
        assert taken is not None and taken.startswith("b/2/w0/")
        assert not await locks.still_held(client, "t:lock3", held)
        await locks.release(client, "t:lock3", held)  # the old holder's release is void
        assert await client.get("t:lock3") == taken.encode()
        # a lock held by no worker (no heartbeat under that name) is never taken over
        await client.set("t:lock4", "someone/abc", px=60_000)
        assert await locks.acquire(client, "t:lock4", 60_000, owner="b/2/w0") is None
    finally:
        await client.aclose()

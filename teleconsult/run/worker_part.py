"""The worker part: the background loops (``workers.runner``) on one asyncio Redis client."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator

import redis

from teleconsult.settings.model import Settings
from teleconsult.settings.node import PARTS_ENV
from teleconsult.store import nodes
from teleconsult.store.redis import async_client
from workers.context import WorkerContext
from workers.runner import Worker
from workers.stats import StatsFollower


@contextlib.asynccontextmanager
async def worker_part(settings: Settings, count: int = 1) -> AsyncIterator[list[Worker]]:
    """Run ``count`` workers until the block is left."""
    client = async_client(settings.redis_target())
    # The name is the consumer in the arrivals group: unique per node and process, so a
    # restarted worker never mistakes a dead one's unacknowledged arrivals for its own (it
    # reclaims them), nor does a worker of another node sharing the Redis.
    names = [nodes.worker_name(settings.node_id, i) for i in range(count)]
    workers = [Worker(WorkerContext.create(settings, client, name=n)) for n in names]
    with contextlib.suppress(redis.RedisError, OSError):  # details only: the beat is the truth
        parts = os.environ.get(PARTS_ENV, "")
        await nodes.describe(client, names, parts.split(",") if parts else ["workers"],
                             time.time())
    tasks = [asyncio.create_task(w.run()) for w in workers]
    # one follower per process: several would only take turns at the store's lock
    follower = StatsFollower(settings)
    tasks.append(asyncio.create_task(follower.run()))
    try:
        yield workers
    finally:
        follower.stop()
        for w in workers:
            w.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()

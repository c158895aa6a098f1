"""The worker part: the background loops (``workers.runner``) on one asyncio Redis client."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator

from teleconsult.settings.model import Settings
from teleconsult.store.redis import async_client
from workers.context import WorkerContext
from workers.runner import Worker
from workers.stats import StatsFollower


@contextlib.asynccontextmanager
async def worker_part(settings: Settings, count: int = 1) -> AsyncIterator[list[Worker]]:
    """Run ``count`` workers until the block is left."""
    client = async_client(settings.redis_target())
    # The name is the consumer in the arrivals group: unique per process, so a restarted
    # worker never mistakes a dead one's unacknowledged arrivals for its own (it reclaims them).
    host = socket.gethostname()
    workers = [Worker(WorkerContext.create(settings, client,
                                           name=f"{host}-{os.getpid()}-w{i}"))
               for i in range(count)]
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

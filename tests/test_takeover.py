"""What a dead (or paused) node held is taken over by the others within
``nodes.DEAD_AFTER_SECONDS`` of its last heartbeat, and the holder, back from a pause, is
fenced off: due jobs (delivery, paging, critical results) and study locks; real Redis."""

from __future__ import annotations

import time

import redis.asyncio as aioredis

from teleconsult.store import keys, nodes
from workers import claims
from workers.context import WorkerContext


async def test_a_dead_workers_claimed_job_is_due_again_for_the_others(settings) -> None:
    client = aioredis.Redis.from_url(settings.redis_target().url)
    a = WorkerContext.create(settings, client, name="node-a/11/w0")
    b = WorkerContext.create(settings, client, name="node-b/22/w0")
    try:
        now = time.time()
        await client.zadd(keys.WORKER_HEARTBEATS, {a.name: now, b.name: now})
        await client.zadd("t:{x}:due", {"job-1": now - 1, "job-2": now - 1})
        assert sorted(await claims.claim_due(a, "t:{x}:due")) == ["job-1", "job-2"]
        await claims.finish(a, "t:{x}:due", "job-2")
        assert await claims.claim_due(b, "t:{x}:due") == []  # a is alive: its lease holds
        assert await claims.still_claimed(a, "t:{x}:due", "job-1")
        # a stops beating (killed, or SIGSTOP): past DEAD_AFTER_SECONDS b takes the job
        await client.zadd(keys.WORKER_HEARTBEATS,
                          {a.name: time.time() - nodes.DEAD_AFTER_SECONDS - 0.5})
        assert await claims.claim_due(b, "t:{x}:due") == ["job-1"]
        assert await claims.still_claimed(b, "t:{x}:due", "job-1")
        # a, back from its pause, is fenced off: it must not deliver job-1 as well
        assert not await claims.still_claimed(a, "t:{x}:due", "job-1")
        await claims.finish(b, "t:{x}:due", "job-1")
        assert await client.hlen(claims.claimers("t:{x}:due")) == 0
        assert await client.zcard("t:{x}:due") == 0
    finally:
        await client.aclose()


async def test_a_retried_job_is_not_pulled_forward_by_its_dead_last_holder(settings) -> None:
    """A job a worker scheduled for a later retry before it died keeps its backoff."""
    client = aioredis.Redis.from_url(settings.redis_target().url)
    a = WorkerContext.create(settings, client, name="node-a/11/w0")
    b = WorkerContext.create(settings, client, name="node-b/22/w0")
    try:
        now = time.time()
        await client.zadd("t:{y}:due", {"job": now - 1})
        assert await claims.claim_due(a, "t:{y}:due") == ["job"]
        await claims.due_again(a, "t:{y}:due", "job", now + 300)
        await client.zadd(keys.WORKER_HEARTBEATS, {a.name: now - 60})
        assert await claims.claim_due(b, "t:{y}:due") == []
        assert await client.zscore("t:{y}:due", "job") == now + 300
    finally:
        await client.aclose()

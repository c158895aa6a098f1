"""Due jobs, shared by report delivery, paging and critical results.

A job is a member of a due-time zset (member → when it is due). A worker claims due jobs by
pushing their due time a lease into the future in one Lua call, so several workers never run
one job at once and a crashed worker's job comes back after the lease. A failed try counts an
attempt; the caller's schedule says when the next one is due, or that the job is given up —
to a dead-letter hash where one is kept.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson

from workers.context import WorkerContext

LEASE_SECONDS = 120
_CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
return due
"""


async def claim_due(ctx: WorkerContext, key: str, limit: int = 20) -> list[str]:
    """Due members of ``key``, each pushed a lease ahead so no other worker takes it."""
    now = ctx.clock()
    got = await ctx.redis.eval(_CLAIM, 1, key, now, now + LEASE_SECONDS, limit)
    return [m.decode() if isinstance(m, bytes) else m for m in got]


async def due_again(ctx: WorkerContext, key: str, job: str, at: float) -> None:
    """``job`` is next due at ``at`` (a retry, a repeat, a job held back)."""
    await ctx.redis.zadd(key, {job: at})


async def next_attempt(ctx: WorkerContext, attempts_key: str, job: str,
                       schedule: Callable[[int], float | None]) -> tuple[int, float | None]:
    """Count one more try of ``job``: its number and, by ``schedule``, the delay before the
    next one (None: give the job up)."""
    attempt = int(await ctx.redis.hincrby(attempts_key, job, 1))
    return attempt, schedule(attempt)


async def finish(ctx: WorkerContext, key: str, job: str, *hashes: str) -> None:
    """``job`` is done (or forgotten): off the due set, and its fields in ``hashes`` gone."""
    pipe = ctx.redis.pipeline(transaction=False)
    pipe.zrem(key, job)
    for name in hashes:
        pipe.hdel(name, job)
    await pipe.execute()


async def bury(ctx: WorkerContext, key: str, dead_letters: str, job: str, record: dict) -> None:
    """Give ``job`` up for good: ``record`` says why in ``dead_letters``; off the due set."""
    await ctx.redis.hset(dead_letters, job, orjson.dumps(record))
    await ctx.redis.zrem(key, job)

"""Due jobs, shared by report delivery, paging and critical results.

A job is a member of a due-time zset (member → when it is due). A worker claims due jobs by
pushing their due time a lease into the future in one Lua call, so several workers never run
one job at once and a crashed worker's job comes back after the lease. A failed try counts an
attempt; the caller's schedule says when the next one is due, or that the job is given up —
to a dead-letter hash where one is kept.

Who holds each claimed job is kept beside the due set (``<key>:claimers``, same hash tag):
a job whose holder's heartbeat stopped (``nodes.DEAD_AFTER_SECONDS``: a node killed or
paused mid-delivery) is due again at once for the others instead of after the whole lease,
and a holder checks ``still_claimed`` before the job's side effect, so one that comes back
from a pause does not deliver what another has taken over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import orjson

from teleconsult.store import keys, nodes
from workers.context import WorkerContext

log = logging.getLogger(__name__)
LEASE_SECONDS = 120
_CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], member)
  redis.call('HSET', KEYS[2], member, ARGV[4])
end
return due
"""
# Due again now, if still held by the dead holder seen (a job retried or finished since is
# left alone).
_RELEASE_DEAD = """
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[1])
  return 1
end
return 0
"""


def claimers(key: str) -> str:
    """The hash job → the worker holding it, beside the due set ``key``."""
    return f"{key}:claimers"


async def claim_due(ctx: WorkerContext, key: str, limit: int = 20) -> list[str]:
    """Due members of ``key``, each pushed a lease ahead so no other worker takes it."""
    await release_dead(ctx, key)
    now = ctx.clock()
    got = await ctx.redis.eval(_CLAIM, 2, key, claimers(key), now, now + LEASE_SECONDS, limit,
                               ctx.name)
    return [m.decode() if isinstance(m, bytes) else m for m in got]


async def release_dead(ctx: WorkerContext, key: str) -> int:
    """Make due at once every job of ``key`` held by a worker whose heartbeat stopped;
    forget holders of jobs no longer in ``key``. Returns how many were released."""
    held = {job.decode(): who.decode()
            for job, who in (await ctx.redis.hgetall(claimers(key))).items()}
    if not held:
        return 0
    jobs = list(held)
    gone = [j for j, at in zip(jobs, await ctx.redis.zmscore(key, jobs), strict=True)
            if at is None]
    if gone:  # finished by a path that did not say so here
        await ctx.redis.hdel(claimers(key), *gone)
    others = sorted({who for j, who in held.items() if who != ctx.name and j not in gone})
    if not others:
        return 0
    beats = dict(zip(others, await ctx.redis.zmscore(keys.WORKER_HEARTBEATS, others),
                     strict=True))
    now, released = ctx.clock(), 0
    for job, who in held.items():
        beat = None if job in gone else beats.get(who)
        if beat is None or nodes.alive(beat, now):
            continue  # alive, ours, or not a beating worker's: its lease decides
        if await ctx.redis.eval(_RELEASE_DEAD, 2, key, claimers(key), job, who, now):
            released += 1
            log.warning("%s: took over job %s from %s (no heartbeat for %.0f s)", key, job,
                        who, now - beat)
    return released


async def still_claimed(ctx: WorkerContext, key: str, job: str) -> bool:
    """This worker still holds ``job``: the fence before its side effect."""
    who = await ctx.redis.hget(claimers(key), job)
    return who is not None and who.decode() == ctx.name


async def due_again(ctx: WorkerContext, key: str, job: str, at: float) -> None:
    """``job`` is next due at ``at`` (a retry, a repeat, a job held back)."""
    pipe = ctx.redis.pipeline(transaction=False)
    pipe.zadd(key, {job: at})
    pipe.hdel(claimers(key), job)
    await pipe.execute()


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
    pipe.hdel(claimers(key), job)
    for name in hashes:
        pipe.hdel(name, job)
    await pipe.execute()


async def bury(ctx: WorkerContext, key: str, dead_letters: str, job: str, record: dict) -> None:
    """Give ``job`` up for good: ``record`` says why in ``dead_letters``; off the due set."""
    await ctx.redis.hset(dead_letters, job, orjson.dumps(record))
    await ctx.redis.zrem(key, job)
    await ctx.redis.hdel(claimers(key), job)

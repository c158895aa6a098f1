"""The worker loop: assembler + router + timers in one task, with a burst mode for tests.

The loop outlives everything but ``stop()``: a failed step, a Redis outage of any length
(blip, restart, ``kill -9``, MISCONF on a full disk) is logged and retried with backoff, and
work resumes by itself when Redis answers again.

Arrivals are taken as they come (a STAT ECG must become a case at once), but the other
duties (routing, timers, delivery, paging) cost a dozen Redis round trips whether or not
anything is due. A series of 400 CT instances arriving one by one would pay them 400 times,
taking a core from the ingress that is receiving it; so they run when a case was made, when
something nudged the router, and otherwise every ``FULL_ROUND_EVERY`` — about as often as
an idle loop runs them. Likewise a round that took arrivals but made no case waits
``GATHER_ARRIVALS`` before the next read, so that such a series is read a dozen instances
per round instead of one (each read is four round trips); an instance that makes a case
(an ECG) is never held back, and one arriving during the wait is read at its end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import redis

from teleconsult.store import keys
from workers import assembler, critical, delivery, paging, router, timers
from workers.context import WorkerContext

log = logging.getLogger(__name__)

BACKOFF_INITIAL = 0.1  # seconds; doubles per failed round while Redis (or a step) fails
BACKOFF_MAX = 5.0
BEAT_EVERY = 1.0  # seconds between heartbeats in Redis
RECLAIM_EVERY = 1.0  # seconds between sweeps for arrivals a dead worker never acknowledged
FULL_ROUND_EVERY = 0.25  # seconds: the longest the other duties wait while arrivals stream in
GATHER_ARRIVALS = 0.02  # seconds: the pause after a round that only took arrivals
_BEAT_KEEP = 3600  # heartbeats older than this (long-gone workers) are dropped


class Worker:
    """Runs every background step; ``run(burst=True)`` returns once nothing is left to do."""

    def __init__(self, ctx: WorkerContext, poll_ms: int = 200) -> None:
        self.ctx = ctx
        self.poll_ms = poll_ms
        self._stop = asyncio.Event()
        self._next_reclaim = 0.0
        self._next_round = 0.0
        self._nudged = False

    def stop(self) -> None:
        self._stop.set()

    async def step(self, block_ms: int | None = None) -> int:
        """One round of every duty; the number of things that happened."""
        arrived, made = await self._assemble(block_ms)
        return arrived + made + await self._duties()

    async def _assemble(self, block_ms: int | None) -> tuple[int, int]:
        """(arrivals taken, cases made)."""
        arrived = await assembler.take_arrivals(self.ctx, block_ms)
        # a stop does not wait for a batch of ECGs to be measured (~25 ms each)
        return arrived, await assembler.promote_due(self.ctx, lambda: not self._stop.is_set())

    async def _duties(self) -> int:
        self._next_round = time.monotonic() + FULL_ROUND_EVERY
        self._nudged = False
        n = await timers.reclaim_expired(self.ctx)
        n += await timers.sweep_absent(self.ctx)
        n += await timers.check_slas(self.ctx)
        routed = await router.route_once(self.ctx)
        # a router's turn at a queue is bounded: when it assigned, more may be waiting, so
        # the next round routes again at once instead of after the interval
        self._nudged = routed > 0
        n += routed
        n += await delivery.deliver_due(self.ctx)
        n += await critical.escalate_due(self.ctx)
        n += await timers.check_reads(self.ctx)
        n += await timers.check_consultations(self.ctx)
        n += await paging.page_due(self.ctx)
        return n

    async def run(self, burst: bool = False) -> None:
        await self._beat()
        beat = asyncio.create_task(self._beat_forever())
        try:
            await self._loop(burst)
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
        if not burst:  # a burst (a test draining the queue) leaves its beat, as a round would
            await self._farewell()

    async def _loop(self, burst: bool) -> None:
        delay, failing_since, group_ready = BACKOFF_INITIAL, None, False
        while not self._stop.is_set():
            try:
                if not group_ready:  # again after every failure: a fresh Redis has no group
                    await assembler.ensure_group(self.ctx.redis)
                    group_ready = True
                await self._housekeeping()
                n = await self._round(burst)
                if burst and n == 0:
                    return
                # nothing arrived during the blocking read: wait for a router nudge briefly
                if n == 0 and await self.ctx.redis.blpop([keys.ROUTE_WAKE], timeout=0.05):
                    # The next round routes whatever they were about: drop the rest of the
                    # nudges (one per case made) so that they do not each cost a round.
                    await self.ctx.redis.delete(keys.ROUTE_WAKE)
                    self._nudged = True
            except Exception as exc:  # noqa: BLE001 - a worker must outlive any bad round
                if burst:
                    raise
                group_ready = False
                if failing_since is None:
                    failing_since = time.monotonic()
                    self._log_failure(exc)
                await self._pause(delay)
                delay = min(delay * 2, BACKOFF_MAX)
                continue
            if failing_since is not None:
                log.warning("worker %s resumed after %.1f s of failures", self.ctx.name,
                            time.monotonic() - failing_since)
                delay, failing_since = BACKOFF_INITIAL, None

    async def _round(self, burst: bool) -> int:
        """Arrivals always; the other duties when due (see the module's docstring)."""
        arrived, made = await self._assemble(None if burst or self._nudged else self.poll_ms)
        if burst or made or self._nudged or time.monotonic() >= self._next_round:
            return arrived + made + await self._duties()
        if arrived:
            await self._pause(GATHER_ARRIVALS)
        return arrived

    def _log_failure(self, exc: Exception) -> None:
        if isinstance(exc, (redis.RedisError, OSError)):
            log.error("worker %s: Redis unavailable (%s: %s); retrying with backoff up to "
                      "%.0f s", self.ctx.name, type(exc).__name__, exc, BACKOFF_MAX)
        else:
            log.exception("worker %s: step failed; retrying with backoff", self.ctx.name)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def _housekeeping(self) -> None:
        """Taking over a dead worker's arrivals."""
        now = time.monotonic()
        if now >= self._next_reclaim:
            self._next_reclaim = now + RECLAIM_EVERY
            await assembler.reclaim_orphans(self.ctx)

    async def _beat_forever(self) -> None:
        """The heartbeat readiness, the node registry and lock takeover look at: its own
        task, so a long round (a big study read from disk) never makes this worker look
        dead to the others."""
        while True:
            await asyncio.sleep(BEAT_EVERY)
            await self._beat()

    async def _beat(self) -> None:
        wall = self.ctx.clock()
        pipe = self.ctx.redis.pipeline(transaction=False)
        pipe.zadd(keys.WORKER_HEARTBEATS, {self.ctx.name: wall})
        pipe.zremrangebyscore(keys.WORKER_HEARTBEATS, "-inf", wall - _BEAT_KEEP)
        with contextlib.suppress(redis.RedisError, OSError):  # the round logs outages
            await pipe.execute()

    async def _farewell(self) -> None:
        # A clean stop takes this worker out of readiness and reindex's live check at once.
        with contextlib.suppress(redis.RedisError, OSError):
            await self.ctx.redis.zrem(keys.WORKER_HEARTBEATS, self.ctx.name)
            await self.ctx.redis.hdel(keys.NODE_INFO, self.ctx.name)

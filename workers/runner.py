"""The worker loop: assembler + router + timers in one task, with a burst mode for tests."""

from __future__ import annotations

import asyncio
import logging

from teleconsult import keys
from workers import assembler, critical, delivery, paging, router, timers
from workers.context import WorkerContext

log = logging.getLogger(__name__)


class Worker:
    """Runs every background step; ``run(burst=True)`` returns once nothing is left to do."""

    def __init__(self, ctx: WorkerContext, poll_ms: int = 200) -> None:
        self.ctx = ctx
        self.poll_ms = poll_ms
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def step(self, block_ms: int | None = None) -> int:
        """One round of every duty; the number of things that happened."""
        n = await assembler.take_arrivals(self.ctx, block_ms)
        n += await assembler.promote_due(self.ctx)
        n += await timers.reclaim_expired(self.ctx)
        n += await timers.sweep_absent(self.ctx)
        n += await timers.check_slas(self.ctx)
        n += await router.route_once(self.ctx)
        n += await delivery.deliver_due(self.ctx)
        n += await critical.escalate_due(self.ctx)
        n += await timers.check_reads(self.ctx)
        n += await paging.page_due(self.ctx)
        return n

    async def run(self, burst: bool = False) -> None:
        await assembler.ensure_group(self.ctx.redis)
        while not self._stop.is_set():
            try:
                n = await self.step(block_ms=None if burst else self.poll_ms)
            except Exception:  # noqa: BLE001 - a worker must outlive one bad step
                log.exception("worker step failed; continuing")
                n = 0
                if burst:
                    raise
            if burst and n == 0:
                return
            if not burst and n == 0:
                # nothing arrived during the blocking read: wait for a router nudge briefly
                await self.ctx.redis.blpop([keys.ROUTE_WAKE], timeout=0.05)

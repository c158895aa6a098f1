"""The statistics follower: keeps the statistics store (``teleconsult.stats``) up to date from
the case files, every couple of seconds, beside the worker loop and never inside it — a
catch-up of thousands of cases must not hold up routing a STAT. Its work is a blocking
catch-up run in a thread; a store another process is writing is skipped for that round.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from teleconsult.settings.model import Settings

log = logging.getLogger(__name__)

FOLLOW_EVERY = 2.0  # seconds between catch-ups
BACKOFF_MAX = 60.0


class StatsFollower:
    """``run()`` until ``stop()``; failures are logged and retried with backoff."""

    def __init__(self, settings: Settings, every: float = FOLLOW_EVERY) -> None:
        self.settings = settings
        self.every = every
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        # DuckDB is ~25 MiB per process: loaded here, by the worker process that follows,
        # never by the supervisor that forks every part (ingress processes included)
        from teleconsult.stats import follow

        delay = self.every
        while not self._stop.is_set():
            try:
                progress = await asyncio.to_thread(follow.catch_up, self.settings)
            except Exception as exc:  # noqa: BLE001 - the follower outlives any bad round
                log.error("statistics store not updated (%s: %s); retrying in %.0f s",
                          type(exc).__name__, exc, delay)
                delay = min(delay * 2, BACKOFF_MAX)
            else:
                delay = self.every
                if progress.cases >= 100:
                    log.info("statistics store: %d cases in %.1f s", progress.cases,
                             progress.seconds)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), delay)



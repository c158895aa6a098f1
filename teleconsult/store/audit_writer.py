"""The access log's writer: one fsynced line per access, with group commit.

Every request that touches patient data waits until its line is on disk, but concurrent
requests share one ``fsync`` (the batch collected while the previous one ran), so a viewer
fetching fifty frames costs a few syncs, not fifty. Repeated identical reads by the same
caller (a worklist polled every few seconds) are written once per ``repeat_window``: the log
says who saw what and when, without a line per poll.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from pathlib import Path

import orjson

REPEATS_TRACKED = 10_000  # memory bound of the repeat filter


class AuditWriter:
    """Append access records to ``path`` durably; ``await record(entry)`` returns once synced."""

    def __init__(self, path: Path, repeat_window: float = 60.0) -> None:
        self.path = path
        self.repeat_window = repeat_window
        self._batch: list[tuple[bytes, asyncio.Future[None]]] = []
        self._draining = False
        self._seen: OrderedDict[tuple, float] = OrderedDict()

    def repeated(self, key: tuple, now: float) -> bool:
        """True when the same read by the same caller was recorded within the window."""
        last = self._seen.get(key)
        if last is not None and now - last < self.repeat_window:
            return True
        self._seen[key] = now
        self._seen.move_to_end(key)
        while len(self._seen) > REPEATS_TRACKED:
            self._seen.popitem(last=False)
        return False

    async def record(self, entry: dict) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._batch.append((orjson.dumps(entry) + b"\n", future))
        if not self._draining:
            self._draining = True
            asyncio.create_task(self._drain())
        await future

    async def _drain(self) -> None:
        try:
            while self._batch:
                batch, self._batch = self._batch, []
                try:
                    await asyncio.to_thread(self._append, b"".join(line for line, _ in batch))
                except OSError as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for _, future in batch:
                    if not future.done():
                        future.set_result(None)
        finally:
            self._draining = False

    def _append(self, lines: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, lines)
            os.fsync(fd)
        finally:
            os.close(fd)

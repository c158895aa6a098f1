"""One reader of the event stream per process, fanned out to every open SSE stream.

Each open ``GET /api/v1/events`` used to sit in its own blocking ``XREAD`` on a pooled Redis
connection, so a hundred open pages emptied the pool and the whole API failed. Here one task
per process reads the stream on a connection of its own (its socket timeout longer than its
block time: redis-py 8 would otherwise time the block out after 5 s) and hands each event to
the subscribers that may see it, through bounded in-memory queues. A subscriber that falls
behind is ended, not buffered without limit: its client reconnects with ``Last-Event-ID``
and replays the gap from Redis. A Redis outage only pauses the reader; it resumes from its
position, so open streams (kept alive by their heartbeats) miss nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
import redis

from teleconsult.store import keys
from teleconsult.store.redis import blocking_reader
from teleconsult.store.redis_target import RedisTarget

log = logging.getLogger(__name__)
BLOCK_MS = 10_000
QUEUE_SIZE = 1000  # events a subscriber may have waiting before it is ended
_BACKOFF = (0.5, 1.0, 2.0, 5.0)


def stream_id(raw: str) -> tuple[int, int]:
    """A Redis stream id ``ms-seq`` as a comparable pair."""
    ms, _, seq = raw.partition("-")
    return int(ms), int(seq or 0)


def later(a: str, b: str) -> str:
    """The later of two stream ids."""
    return a if stream_id(a) >= stream_id(b) else b


class TooManyStreams(Exception):
    """The caller (``scope`` = "caller") or the process (``scope`` = "total") is at its cap."""

    def __init__(self, scope: str, limit: int) -> None:
        super().__init__(f"{scope} limit {limit}")
        self.scope, self.limit = scope, limit


@dataclass(eq=False)
class Subscriber:
    """One open stream: what it may see, where it joined, and its waiting events."""

    caller: str
    accepts: Callable[[dict], bool]
    start: str  # the hub's position when it joined: every later event is queued
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    ended: str = ""  # why the hub ended it ("lagging", "shutdown"), "" while open

    def end(self, why: str) -> None:
        self.ended = why
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)  # wake the handler (a full queue wakes it anyway)


class EventHub:
    """The process's one reader of ``keys.EVENTS``; ``subscribe`` a stream, ``unsubscribe``."""

    def __init__(self, target: RedisTarget, max_per_caller: int, max_total: int,
                 block_ms: int = BLOCK_MS) -> None:
        self._client = blocking_reader(target, block_ms)
        self._block_ms = block_ms
        self.max_per_caller, self.max_total = max_per_caller, max_total
        self.position: str | None = None  # the last stream id fanned out
        self.ready = asyncio.Event()  # set once the position is known
        self._subs: set[Subscriber] = set()
        self._per_caller: Counter[str] = Counter()
        self._task: asyncio.Task | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="event-hub")

    async def stop(self) -> None:
        self.end_all("shutdown")
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            done, _ = await asyncio.wait({self._task}, timeout=0.1)
            if not done and self._client.connection is not None:
                # redis-py can swallow a cancel that lands in a blocking read: closing the
                # socket ends the read, and the loop sees it is stopping
                await self._client.connection.disconnect(nowait=True)
                await asyncio.wait({self._task}, timeout=5)
        await self._client.aclose()

    def end_all(self, why: str) -> None:
        for sub in list(self._subs):
            sub.end(why)

    @property
    def open_streams(self) -> int:
        return len(self._subs)

    def subscribe(self, caller: str, accepts: Callable[[dict], bool]) -> Subscriber:
        """A new subscriber at the current position; TooManyStreams past a cap."""
        if self.position is None:
            raise RuntimeError("the event hub has not read its position yet")
        if len(self._subs) >= self.max_total:
            raise TooManyStreams("total", self.max_total)
        if self._per_caller[caller] >= self.max_per_caller:
            raise TooManyStreams("caller", self.max_per_caller)
        sub = Subscriber(caller, accepts, self.position)
        self._subs.add(sub)
        self._per_caller[caller] += 1
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        if sub in self._subs:
            self._subs.discard(sub)
            self._per_caller[sub.caller] -= 1
            if self._per_caller[sub.caller] <= 0:
                del self._per_caller[sub.caller]

    def fan_out(self, entries: list[tuple[str, dict]]) -> None:
        """Queue each event for the subscribers that may see it, then advance the position
        (synchronously: a handler that finds its queue empty has everything up to it)."""
        for event_id, event in entries:
            for sub in list(self._subs):
                if sub.ended or event.get("type") == "unreadable" or not sub.accepts(event):
                    continue
                try:
                    sub.queue.put_nowait((event_id, event))
                except asyncio.QueueFull:
                    log.warning("event stream of %s ended: %d events behind", sub.caller,
                                QUEUE_SIZE)
                    sub.ended = "lagging"
            self.position = event_id

    async def _read(self) -> None:
        if self.position is None:
            newest = await self._client.xrevrange(keys.EVENTS, count=1)
            self.position = newest[0][0].decode() if newest else "0-0"
            self.ready.set()
        got = await self._client.xread({keys.EVENTS: self.position}, count=500,
                                       block=self._block_ms)
        if got:
            self.fan_out([(raw.decode(), decode_entry(fields)) for raw, fields in got[0][1]])

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                await self._read()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the reader must outlive any failure
                if self._stopping:
                    return
                if failures == 0 and isinstance(exc, redis.RedisError | OSError):
                    log.error("event hub lost Redis (%s); open streams keep their heartbeats "
                              "and resume when it is back", type(exc).__name__)
                elif failures == 0:
                    log.exception("event hub read failed; retrying")
                await asyncio.sleep(_BACKOFF[min(failures, len(_BACKOFF) - 1)])
                failures += 1
                continue
            if failures:
                log.info("event hub reading again from %s", self.position)
                failures = 0


def decode_entry(fields: dict) -> dict:
    """An entry's event; an unreadable one becomes an event nobody is shown."""
    try:
        event = orjson.loads(fields[b"data"])
    except (KeyError, orjson.JSONDecodeError):
        return {"type": "unreadable"}
    return event if isinstance(event, dict) else {"type": "unreadable"}

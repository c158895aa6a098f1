"""Connections that find the Redis master through Sentinel, every time they connect.

redis-py's own sentinel pool resolves the master in ``connect()`` only; its socket-level
retries (``connect_check_health`` → ``_connect``) go back to the address it had, so after a
failover an asyncio client keeps knocking on the dead master (redis/redis-py#3874, #3560),
and a connection that survived a manual failover gets READONLY (#435). Here the lookup is in
``_connect`` itself, so every attempt, first or retried, asks the sentinels; a fresh
connection must then answer ``ROLE`` as master (a sentinel's stale view or a restarted old
master never gets a write); and READONLY, or a blocked read unblocked by a demotion, closes
the connection and is raised as a ``ConnectionError`` so the client's bounded retry runs the
command again on the new master (the demoted server executed nothing).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import redis
import redis.asyncio as aioredis
import redis.asyncio.sentinel as aiosentinel
import redis.sentinel as sentinel
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import EqualJitterBackoff, NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError, ResponseError
from redis.retry import Retry

from teleconsult.store.redis_target import RedisTarget

# A command waits at most this long for a master (from its first failure): long enough for
# detection (down-after-milliseconds, 5 s in production) plus the election, after which the
# error reaches the caller, whose own loop carries on. redis-py retries a command and, inside
# each attempt, the connect: nested retry counts would multiply, so one deadline bounds them
# all (shared through a context variable by the nested calls of one thread or task).
RETRY_SECONDS = 30.0
BACKOFF_BASE = 0.1
BACKOFF_CAP = 2.0
# One sentinel that does not answer must not hold up asking the next.
SENTINEL_TIMEOUT = 0.5
CONNECT_TIMEOUT = 2.0
# The reply a blocked client gets when its master turns replica (Redis 6.2+).
_UNBLOCKED = "UNBLOCKED"


T = TypeVar("T")
# The deadline of the outermost retry loop of this thread or task: [monotonic s] once a
# failure started the clock, [] before.
_DEADLINE: ContextVar[list[float] | None] = ContextVar("redis_retry_deadline", default=None)


def _backoff() -> EqualJitterBackoff:
    return EqualJitterBackoff(cap=BACKOFF_CAP, base=BACKOFF_BASE)


def _within(clock: list[float], also: Callable[[Exception], bool] | None
            ) -> Callable[[Exception], bool]:
    def retryable(error: Exception) -> bool:
        if not clock:
            clock.append(time.monotonic() + RETRY_SECONDS)
        return time.monotonic() < clock[0] and (also is None or also(error))
    return retryable


class BoundedRetry(Retry):
    """redis-py's retry with backoff, stopped by one deadline however deeply nested."""

    def __init__(self) -> None:
        super().__init__(_backoff(), retries=-1)  # -1: no count, the deadline decides

    def call_with_retry(self, do: Callable[[], T], fail: Callable[..., Any],
                        is_retryable: Callable[[Exception], bool] | None = None,
                        with_failure_count: bool = False) -> T:
        shared = _DEADLINE.get()
        clock: list[float] = [] if shared is None else shared
        token = _DEADLINE.set(clock)
        try:
            return super().call_with_retry(do, fail, _within(clock, is_retryable),
                                           with_failure_count)
        finally:
            _DEADLINE.reset(token)


class AsyncBoundedRetry(AsyncRetry):
    """The asyncio twin of ``BoundedRetry``."""

    def __init__(self) -> None:
        super().__init__(_backoff(), retries=-1)

    async def call_with_retry(self, do: Callable[[], Awaitable[T]], fail: Callable[..., Any],
                              is_retryable: Callable[[Exception], bool] | None = None,
                              with_failure_count: bool = False) -> T:
        shared = _DEADLINE.get()
        clock: list[float] = [] if shared is None else shared
        token = _DEADLINE.set(clock)
        try:
            return await super().call_with_retry(
                do, fail, _within(clock, is_retryable), with_failure_count)
        finally:
            _DEADLINE.reset(token)


def _sentinel_kwargs(target: RedisTarget, retry: Retry | AsyncRetry) -> dict:
    return {"socket_timeout": SENTINEL_TIMEOUT, "socket_connect_timeout": SENTINEL_TIMEOUT,
            "retry": retry, "password": target.sentinel_password}


def _is_master(role: object) -> bool:
    return isinstance(role, list | tuple) and bool(role) and role[0] in (b"master", "master")


def _demoted(exc: ResponseError) -> bool:
    return isinstance(exc, ReadOnlyError) or str(exc).startswith(_UNBLOCKED)


class SyncSentinelConnection(redis.Connection):
    """A blocking connection to whichever server the sentinels name master now."""

    def __init__(self, *, sentinels: sentinel.Sentinel, master: str, **kwargs: object) -> None:
        self._sentinels = sentinels
        self._master = master
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def _connect(self):  # noqa: ANN202 - redis-py's socket
        self.host, self.port = self._sentinels.discover_master(self._master)
        return super()._connect()

    def on_connect_check_health(self, check_health: bool = True) -> None:
        super().on_connect_check_health(check_health=check_health)
        self.send_command("ROLE", check_health=False)
        if not _is_master(self.read_response()):
            raise RedisConnectionError(f"{self.host}:{self.port} is not the master (yet)")

    def read_response(self, *args: object, **kwargs: object):  # noqa: ANN201
        try:
            return super().read_response(*args, **kwargs)  # type: ignore[arg-type]
        except ResponseError as exc:
            if not _demoted(exc):
                raise
            self.disconnect()
            raise RedisConnectionError(f"{self.host}:{self.port} was demoted: {exc}") from exc


class AsyncSentinelConnection(aioredis.Connection):
    """The asyncio twin of ``SyncSentinelConnection``."""

    def __init__(self, *, sentinels: aiosentinel.Sentinel, master: str,
                 **kwargs: object) -> None:
        self._sentinels = sentinels
        self._master = master
        super().__init__(**kwargs)  # type: ignore[arg-type]

    async def _connect(self) -> None:
        self.host, self.port = await self._sentinels.discover_master(self._master)
        await super()._connect()

    async def on_connect_check_health(self, check_health: bool = True) -> None:
        await super().on_connect_check_health(check_health=check_health)
        await self.send_command("ROLE", check_health=False)
        if not _is_master(await self.read_response()):
            raise RedisConnectionError(f"{self.host}:{self.port} is not the master (yet)")

    async def read_response(self, *args: object, **kwargs: object):  # noqa: ANN201
        try:
            return await super().read_response(*args, **kwargs)  # type: ignore[arg-type]
        except ResponseError as exc:
            if not _demoted(exc):
                raise
            await self.disconnect()
            raise RedisConnectionError(f"{self.host}:{self.port} was demoted: {exc}") from exc


def sync_pool(target: RedisTarget, **kwargs: object) -> redis.ConnectionPool:
    """A pool of ``SyncSentinelConnection``s for ``target`` (kind sentinel)."""
    finder = sentinel.Sentinel(list(target.nodes),
                               sentinel_kwargs=_sentinel_kwargs(target, Retry(NoBackoff(), 0)))
    return redis.ConnectionPool(connection_class=SyncSentinelConnection, sentinels=finder,
                                master=target.master, retry=BoundedRetry(),
                                password=target.password,
                                **{"socket_connect_timeout": CONNECT_TIMEOUT, **kwargs})


def async_pool(target: RedisTarget, **kwargs: object) -> aioredis.ConnectionPool:
    """A pool of ``AsyncSentinelConnection``s for ``target`` (kind sentinel)."""
    once = AsyncRetry(NoBackoff(), 0)
    finder = aiosentinel.Sentinel(list(target.nodes),
                                  sentinel_kwargs=_sentinel_kwargs(target, once))
    return aioredis.ConnectionPool(connection_class=AsyncSentinelConnection, sentinels=finder,
                                   master=target.master, retry=AsyncBoundedRetry(),
                                   password=target.password,
                                   **{"socket_connect_timeout": CONNECT_TIMEOUT, **kwargs})

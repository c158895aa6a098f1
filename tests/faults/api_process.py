"""A real ``teleconsult api`` process for the HTTP fault tests: the demo community plus an
``[http]`` table of the test's choosing, the test's private Redis, a free port."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import DEMO_CONFIG
from tests.faults.parts import rss_mib, spawn_part
from tests.ports import free_port
from tests.test_e2e_serve import http, poll


@dataclass(frozen=True)
class ApiProcess:
    port: int
    proc: subprocess.Popen
    log: Path

    def rss_mib(self) -> float:
        return rss_mib(self.proc.pid)

    def connect(self, timeout: float = 10) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return sock


@contextlib.contextmanager
def api_process(data_dir: Path, redis_url: str, http_table: str = "") -> Iterator[ApiProcess]:
    """``teleconsult api`` with ``[http]`` set to ``http_table`` (TOML lines)."""
    config = data_dir / "teleconsult.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + f"\n[http]\n{http_table}\n",
                      encoding="utf-8")
    port, log = free_port(), data_dir / "api.log"
    proc = spawn_part("api", data_dir, redis_url, config, log,
                      TELECONSULT_HTTP_PORT=str(port))
    api = ApiProcess(port, proc, log)

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(log.read_text())
        try:
            return http(port, "/healthz")[0] == 200
        except OSError:
            return False

    try:
        poll(up, 30, "teleconsult api to answer")
        yield api
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def read_response(sock: socket.socket, timeout: float) -> tuple[int, bytes]:
    """(status, body) of one HTTP/1.1 response on ``sock`` (Content-Length framed)."""
    sock.settimeout(timeout)
    deadline = time.monotonic() + timeout
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk or time.monotonic() > deadline:
            raise AssertionError(f"no complete response head: {data[:200]!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next((int(v) for k, _, v in (h.partition(": ") for h in lines[1:])
                   if k.lower() == "content-length"), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), body


def closed_by_server(sock: socket.socket) -> bool:
    """True once the server has closed ``sock`` (reads give EOF or a reset)."""
    sock.setblocking(False)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True

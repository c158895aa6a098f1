"""DICOM listening sockets that ``serve`` opens once and every ingress process accepts from.

With one socket per process (``SO_REUSEPORT``) the kernel hashes each connection to a
process: four clinics pushing at once land 3 + 1 or 4 + 0 on two processes as often as
2 + 2, and a process holding three associations is one core. With one shared socket, every
ingress process waits on it and whoever calls ``accept`` first gets the connection; each
waits longer the more it is already carrying (``accept_delay``), so the least loaded one
wins. The kernel queue outlives any one process: connections that arrive while a process
is being restarted wait for the others instead of being reset with its socket.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping

ENV = "TELECONSULT_DICOM_LISTEN_FDS"  # "port=fd,port=fd", set by serve for its children
BACKLOG = 1024
# Per association (or connection still before its A-ASSOCIATE-RQ) a process already has:
# small against a push's time on the wire, long against the other processes' wake-up. A
# process busy in Python may take up to the interpreter's 5 ms switch interval to run its
# accept loop at all: at 2 ms per association, four clinics starting at once still landed
# 3 + 1 on two processes in 2 of 5 tries (8-10 % slower than 2 + 2); at 10 ms, 0 of 8.
DELAY_PER_LOAD = 0.01
MAX_DELAY = 0.05


def open_shared(host: str, ports: list[int]) -> dict[int, socket.socket]:
    """Listening, non-blocking sockets for ``ports`` (0s skipped), to be inherited by fork."""
    out: dict[int, socket.socket] = {}
    try:
        for port in ports:
            if not port or port in out:
                continue
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(BACKLOG)
            sock.setblocking(False)  # the processes race for each connection: losers move on
            out[port] = sock
    except OSError:
        for sock in out.values():
            sock.close()
        raise
    return out


def env_value(sockets: Mapping[int, socket.socket]) -> str:
    return ",".join(f"{port}={sock.fileno()}" for port, sock in sorted(sockets.items()))


def inherited(env: Mapping[str, str]) -> dict[int, int]:
    """port → inherited listening fd, from what ``serve`` put in the environment."""
    out: dict[int, int] = {}
    for item in filter(None, env.get(ENV, "").split(",")):
        port, _, fd = item.partition("=")
        if port.isdigit() and fd.isdigit():
            out[int(port)] = int(fd)
    return out


def accept_delay(load: int) -> float:
    """How long a process carrying ``load`` connections lets the others go first."""
    return min(MAX_DELAY, DELAY_PER_LOAD * load)

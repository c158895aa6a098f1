"""Ports for servers the tests and benchmarks start (imported by both, so no pytest here)."""

from __future__ import annotations

import itertools
import random
import socket

# Ports handed to servers that bind them later come from below the kernel's ephemeral range
# (32768-60999 on Linux): a port taken from that range with bind(0) and closed can be reused
# as the local port of any outgoing connection (a storescu, a Redis client) before the server
# binds it, which CI saw as EADDRINUSE. Below the range only listeners take ports; a per-run
# random start and a counter keep this run (and a parallel one) off ports it already gave out.
_PORTS = itertools.count(random.randrange(20000, 31000))


def free_port() -> int:
    for port in _PORTS:
        if port >= 32000:
            break
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")

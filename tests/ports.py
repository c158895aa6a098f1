"""Ports for servers the tests and benchmarks start (imported by both, so no pytest here)."""

from __future__ import annotations

import itertools
import os
import random
import socket

# Ports handed to servers that bind them later come from below the kernel's ephemeral range
# (32768-60999 on Linux): a port taken from that range with bind(0) and closed can be reused
# as the local port of any outgoing connection (a storescu, a Redis client) before the server
# binds it, which CI saw as EADDRINUSE. Below the range only listeners take ports. Each
# pytest-xdist worker (gw0, gw1, …) counts through its own block, so parallel workers never
# hand out the same port; a random start inside the block keeps a second run apart too.
_FIRST, _BLOCK, _BLOCKS = 20000, 1500, 8
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % _BLOCKS
_START = _FIRST + _WORKER * _BLOCK
_PORTS = itertools.count(random.randrange(_START, _START + _BLOCK // 2))


def free_port() -> int:
    for port in _PORTS:
        if port >= _START + _BLOCK:
            break
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")

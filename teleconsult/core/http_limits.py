"""HTTP limits: the ``[http]`` table, per-route body limits and read timeouts.

aiohttp reads a request body only when the handler asks, and its ``client_max_size`` is one
number for the whole app; an unauthenticated ``POST /login`` could make it buffer gigabytes.
Here every route gets the smallest limit that serves it: page forms tiny, JSON small, and
only the streamed uploads (STOW-RS, ECG) big — those handlers write to disk as they read.
A declared ``Content-Length`` over the limit is refused before one byte of the body is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# after answering 413/408 with a body still coming, read and drop it this long (so the
# client sees the answer instead of a reset), then close
LINGER_SECONDS = 2.0
FORM_ROUTES = frozenset({("POST", "/login"), ("POST", "/logout")})
STREAMED_ROUTES = frozenset({("POST", "/dicomweb/studies"), ("POST", "/dicomweb/studies/{study}"),
                             ("POST", "/api/v1/ecg")})


@dataclass(frozen=True)
class HttpLimits:
    """The ``[http]`` table (defaults serve the demo community)."""

    max_json_kb: int = 1024
    max_form_kb: int = 64
    header_timeout_seconds: float = 15.0
    body_timeout_seconds: float = 30.0
    max_streams_per_caller: int = 10
    max_streams: int = 2000
    stream_heartbeat_seconds: float = 15.0


_BOUNDS: dict[str, tuple[type, float, float]] = {
    "max_json_kb": (int, 1, 1024 * 1024),
    "max_form_kb": (int, 1, 1024 * 1024),
    "header_timeout_seconds": (float, 1, 3600),
    "body_timeout_seconds": (float, 1, 3600),
    "max_streams_per_caller": (int, 1, 100_000),
    "max_streams": (int, 1, 1_000_000),
    "stream_heartbeat_seconds": (float, 1, 300),
}


def parse_http(r: Any, data: Any) -> HttpLimits:
    """The ``[http]`` table read with the config ``Reader`` ``r`` (problems recorded on it)."""
    table = r.table(data, "http", set(_BOUNDS), set())
    values = {}
    for key, (kind, low, high) in _BOUNDS.items():
        value = r.get(table, key, "http", int if kind is int else (int, float))
        if value is None:
            continue
        if isinstance(value, bool):
            r.fail(f"http.{key}", "must be a number")
            continue
        if not low <= value <= high:
            r.fail(f"http.{key}", f"must be between {low:g} and {high:g}, got {value!r}")
            continue
        values[key] = kind(value)
    return HttpLimits(**values)


def body_limit(method: str, route: str, limits: HttpLimits, max_upload: int) -> int:
    """The most body bytes a request to ``route`` (its canonical path) may carry."""
    if (method, route) in STREAMED_ROUTES:
        return max_upload
    if (method, route) in FORM_ROUTES:
        return limits.max_form_kb * 1024
    return limits.max_json_kb * 1024


def runner_options(limits: HttpLimits) -> dict[str, float]:
    """``web.AppRunner`` keyword arguments for the timeouts.

    aiohttp arms its keep-alive timer when a connection opens and after every response, and
    closes the connection if no complete request head has arrived when it fires: the same
    timer is the header-read timeout (slowloris) and the idle keep-alive timeout.
    """
    return {"keepalive_timeout": limits.header_timeout_seconds,
            "lingering_time": LINGER_SECONDS}

"""The ``[http]`` table: JSON and form body limits, request read timeouts, event-stream
caps and heartbeat (the defaults serve the demo community), and ``public_url``: the
service's address as its users reach it (``https://pacs.county.example``), from which
DICOMweb's RetrieveURL and BulkDataURI are built when set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from teleconsult.settings.reader import Reader


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
    public_url: str = ""  # "" = RetrieveURL from the request, BulkDataURI relative


_BOUNDS: dict[str, tuple[type, float, float]] = {
    "max_json_kb": (int, 1, 1024 * 1024),
    "max_form_kb": (int, 1, 1024 * 1024),
    "header_timeout_seconds": (float, 1, 3600),
    "body_timeout_seconds": (float, 1, 3600),
    "max_streams_per_caller": (int, 1, 100_000),
    "max_streams": (int, 1, 1_000_000),
    "stream_heartbeat_seconds": (float, 1, 300),
}


def parse_http(r: Reader, data: Any) -> HttpLimits:
    """The ``[http]`` table read with the config ``Reader`` ``r`` (problems recorded on it)."""
    table = r.table(data, "http", {*_BOUNDS, "public_url"}, set())
    values: dict[str, Any] = {}
    public = r.get(table, "public_url", "http", str, "")
    if public and not public.startswith(("http://", "https://")):
        r.fail("http.public_url", f"must be an http(s) URL, got {public!r}")
    elif public:
        values["public_url"] = public.rstrip("/")
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

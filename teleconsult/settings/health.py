"""The ``[health]`` table: the bounds ``/readyz`` holds the chain to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from teleconsult.settings.reader import Reader


@dataclass(frozen=True)
class HealthConfig:
    """The ``[health]`` table (config/README.md): the bounds ``/readyz`` holds the chain to."""

    min_free_disk_mb: int = 512
    worker_heartbeat_max_seconds: float = 30.0
    arrival_lag_max_seconds: float = 120.0


def parse_health(r: Reader, data: Any) -> HealthConfig:
    """Read the optional ``[health]`` table; problems are recorded on ``r``."""
    default = HealthConfig()
    if data is None:
        return default
    names = {"min_free_disk_mb", "worker_heartbeat_max_seconds", "arrival_lag_max_seconds"}
    t = r.table(data, "health", names, set())
    values: dict[str, Any] = {}
    for name in sorted(names & set(t)):
        kind = int if name == "min_free_disk_mb" else (int, float)
        value = r.get(t, name, "health", kind, getattr(default, name))
        if value < 0 or (name.endswith("seconds") and value == 0):
            r.fail(f"health.{name}", f"must be {'> 0' if name.endswith('seconds') else '≥ 0'}"
                   f", got {value}")
            continue
        values[name] = value
    return HealthConfig(**values)

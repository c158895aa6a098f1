"""What ``/healthz`` and ``/readyz`` decide, from facts gathered elsewhere — pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from teleconsult.settings.health import HealthConfig

OK = "ok"


@dataclass(frozen=True)
class Facts:
    """What the readiness probe observed; ``None`` where it could not look."""

    redis_error: str | None
    free_disk_mb: float | None
    heartbeat_age: float | None  # the freshest worker's; None = no worker ever beat
    arrival_lag: float | None  # the oldest unprocessed arrival's age; None = nothing waiting
    parts: dict[str, dict] | None = None  # under ``serve``: the supervisor's view of its parts


def readiness(facts: Facts, cfg: HealthConfig) -> dict[str, str]:
    """One verdict per check: ``"ok"`` or a sentence saying what is wrong."""
    checks: dict[str, str] = {}
    checks["redis"] = OK if facts.redis_error is None else f"unreachable: {facts.redis_error}"
    if facts.free_disk_mb is None:
        checks["disk"] = "data dir not writable"
    elif facts.free_disk_mb < cfg.min_free_disk_mb:
        checks["disk"] = (f"{facts.free_disk_mb:.0f} MiB free, below the floor of "
                          f"{cfg.min_free_disk_mb} MiB")
    else:
        checks["disk"] = OK
    if facts.parts is not None:
        down = sorted(name for name, part in facts.parts.items() if not part.get("up"))
        checks["parts"] = OK if not down else f"not up: {', '.join(down)}"
    if facts.redis_error is not None:
        checks["worker"] = checks["arrivals"] = "unknown: redis unreachable"
        return checks
    if facts.heartbeat_age is None:
        checks["worker"] = "no worker heartbeat"
    elif facts.heartbeat_age > cfg.worker_heartbeat_max_seconds:
        checks["worker"] = f"last heartbeat {facts.heartbeat_age:.0f} s ago"
    else:
        checks["worker"] = OK
    if facts.arrival_lag is not None and facts.arrival_lag > cfg.arrival_lag_max_seconds:
        checks["arrivals"] = f"oldest unprocessed arrival is {facts.arrival_lag:.0f} s old"
    else:
        checks["arrivals"] = OK
    return checks


def liveness(parts: dict[str, dict] | None) -> dict[str, str]:
    """``/healthz``: this process answers; under ``serve``, every supervised part too."""
    checks = {"process": OK}
    for name, part in sorted((parts or {}).items()):
        state = part.get("state", "unknown")
        checks[name] = OK if state in ("running", "restarting") else (
            f"{state} after {part.get('restarts', 0)} restarts")
    return checks


def all_ok(checks: dict[str, str]) -> bool:
    return all(v == OK for v in checks.values())



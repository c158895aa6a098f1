"""The ``[supervision]`` table: how many DICOM ingress processes ``serve`` runs, the restart
budget and backoff, heartbeat and start-up allowances, the worker's CPU priority."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from teleconsult.settings.reader import Reader


def _default_dicom_processes() -> int:
    # Four clinics pushing at once should use four cores; more processes than cores only
    # add context switches.
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class SupervisionConfig:
    """The ``[supervision]`` table (config/README.md)."""

    dicom_processes: int = field(default_factory=_default_dicom_processes)
    restart_budget: int = 5
    restart_window_seconds: float = 300.0
    backoff_initial_seconds: float = 0.5
    backoff_max_seconds: float = 30.0
    heartbeat_timeout_seconds: float = 30.0
    startup_timeout_seconds: float = 180.0
    # The worker's work waits in a durable queue; a modality waits on the wire for each
    # C-STORE-RSP. When both want the CPU (a burst of pushes), the ingress goes first and the
    # worker catches up in the gaps (an ECG's measurements alone cost ~10 ms of CPU).
    worker_nice: int = 5


# name → (lowest, highest, wording); every "…_seconds" must be > 0
_BOUNDS = {"dicom_processes": (1, None, "≥ 1"), "restart_budget": (0, None, "≥ 0"),
           "worker_nice": (0, 19, "between 0 and 19")}


def _in_bounds(name: str, value: float) -> bool:
    if name.endswith("seconds"):
        return value > 0
    low, high, _ = _BOUNDS[name]
    return low <= value and (high is None or value <= high)


def parse_supervision(r: Reader, data: Any) -> SupervisionConfig:
    """Read the optional ``[supervision]`` table; problems are recorded on ``r``."""
    default = SupervisionConfig()
    if data is None:
        return default
    names = {"dicom_processes", "restart_budget", "restart_window_seconds",
             "backoff_initial_seconds", "backoff_max_seconds", "heartbeat_timeout_seconds",
             "startup_timeout_seconds", "worker_nice"}
    t = r.table(data, "supervision", names, set())
    values: dict[str, Any] = {}
    for name in sorted(names & set(t)):
        kind = int if name in _BOUNDS else (int, float)
        value = r.get(t, name, "supervision", kind, getattr(default, name))
        if not _in_bounds(name, value):
            wording = _BOUNDS[name][2] if name in _BOUNDS else "> 0"
            r.fail(f"supervision.{name}", f"must be {wording}, got {value}")
            continue
        values[name] = value
    cfg = SupervisionConfig(**values)
    if cfg.backoff_initial_seconds > cfg.backoff_max_seconds:
        r.fail("supervision.backoff_initial_seconds", "must not exceed backoff_max_seconds")
    return cfg

"""Restart decisions for supervised parts: backoff, budget, wedged — pure, no I/O.

A part that exits is restarted after a delay that doubles with each exit inside the
budget window (``backoff_initial_seconds`` … ``backoff_max_seconds``). More exits inside the
window than ``restart_budget`` make the part *failed*: it is still restarted (at the longest
delay), but ``/healthz`` fails until it has stayed up for a whole window again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teleconsult.settings.people import Reader


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


@dataclass(frozen=True)
class PartHistory:
    """When a part last started and the exits that still count against its budget."""

    exits: tuple[float, ...] = ()

    def after_exit(self, now: float, cfg: SupervisionConfig) -> PartHistory:
        """The history with one more exit at ``now``, older ones outside the window dropped."""
        return PartHistory((*self.recent(now, cfg), now))

    def recent(self, now: float, cfg: SupervisionConfig) -> tuple[float, ...]:
        return tuple(t for t in self.exits if now - t < cfg.restart_window_seconds)

    def restart_delay(self, now: float, cfg: SupervisionConfig) -> float:
        """How long to wait before the next start: doubles with each recent exit."""
        n = len(self.recent(now, cfg))
        if n == 0:
            return 0.0
        return min(cfg.backoff_max_seconds, cfg.backoff_initial_seconds * 2 ** (n - 1))

    def failed(self, now: float, cfg: SupervisionConfig) -> bool:
        """More exits inside the window than the budget allows."""
        return len(self.recent(now, cfg)) > cfg.restart_budget


def wedged(started_at: float, last_beat: float | None, now: float,
           cfg: SupervisionConfig) -> bool:
    """A running part whose heartbeat is too old, or that has not beaten at all within the
    start-up allowance (imports on a loaded machine take a while)."""
    if last_beat is None or last_beat < started_at:
        return now - started_at > cfg.startup_timeout_seconds
    return now - last_beat > cfg.heartbeat_timeout_seconds


def part_state(alive: bool, history: PartHistory, now: float, cfg: SupervisionConfig) -> str:
    """What the status file and ``/healthz`` say about one part."""
    if history.failed(now, cfg):
        return "failed"
    return "running" if alive else "restarting"


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

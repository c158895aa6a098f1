"""Restart decisions for supervised parts: backoff, budget, wedged — pure, no I/O.

A part that exits is restarted after a delay that doubles with each exit inside the
budget window (``backoff_initial_seconds`` … ``backoff_max_seconds``). More exits inside the
window than ``restart_budget`` make the part *failed*: it is still restarted (at the longest
delay), but ``/healthz`` fails until it has stayed up for a whole window again.
"""

from __future__ import annotations

from dataclasses import dataclass

from teleconsult.settings.supervision import SupervisionConfig


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



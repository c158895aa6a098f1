"""The ``[stats]`` table: the 时限 table (time limits per stage, priority and modality) the
statistics judge turnaround against, the workload weights of the monthly 绩效 workbook and
when a clinic's STAT share counts as inflated. Pure: no I/O.

```toml
[stats]
stat_share_warn_pct = 25          # a clinic sending more of its cases as STAT is flagged …
stat_share_rise_pct = 10          # … as is one whose share rose this many points on the
                                  #     previous period of the same length
[stats.weights]                   # 绩效 workload units per signed report, by modality
default = 1.0
CT = 1.5
ECG = 0.3
[stats.limits.arrival_to_report]  # minutes; a priority's table replaces the built-in one
stat = { default = 30, CT = 60, ECG = 10 }
urgent = { default = 120 }
routine = { default = 1440 }
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from teleconsult.settings.reader import ConfigError, known_table
from teleconsult.settings.terms import PRIORITIES

# The stages the statistics time, in the order a case goes through them.
STAGES = ("arrival_to_assigned", "arrival_to_opened", "arrival_to_report",
          "arrival_to_final", "report_to_delivered", "critical_to_acknowledged")

# minutes, per stage → priority → modality ("default" for the rest); the county's usual 时限
_DEFAULT_LIMITS: dict[str, dict[str, dict[str, float]]] = {
    "arrival_to_assigned": {"stat": {"default": 5}, "urgent": {"default": 15},
                            "routine": {"default": 60}},
    "arrival_to_opened": {"stat": {"default": 10}, "urgent": {"default": 30},
                          "routine": {"default": 240}},
    "arrival_to_report": {"stat": {"default": 30, "CT": 60, "MR": 60, "ECG": 10},
                          "urgent": {"default": 120}, "routine": {"default": 1440}},
    "arrival_to_final": {"stat": {"default": 30, "CT": 60, "MR": 60, "ECG": 15},
                         "urgent": {"default": 180}, "routine": {"default": 1440}},
    "report_to_delivered": {"stat": {"default": 5}, "urgent": {"default": 5},
                            "routine": {"default": 15}},
    "critical_to_acknowledged": {"stat": {"default": 15}, "urgent": {"default": 15},
                                 "routine": {"default": 15}},
}
_DEFAULT_WEIGHTS = {"default": 1.0, "CT": 1.5, "MR": 2.0, "DX": 0.6, "CR": 0.6, "US": 0.8,
                    "ECG": 0.3, "SM": 2.0}


@dataclass(frozen=True)
class StatsConfig:
    limits: Mapping[str, Mapping[str, Mapping[str, float]]] = field(
        default_factory=lambda: _DEFAULT_LIMITS)
    weights: Mapping[str, float] = field(default_factory=lambda: dict(_DEFAULT_WEIGHTS))
    stat_share_warn_pct: float = 25.0
    stat_share_rise_pct: float = 10.0

    def limit_minutes(self, stage: str, priority: str, modality: str) -> float | None:
        """The 时限 of a stage for a case, or None when the table has none."""
        table = self.limits.get(stage, {}).get(priority)
        if not table:
            return None
        return table.get(modality.upper(), table.get("default"))

    def weight(self, modality: str) -> float:
        return self.weights.get(modality.upper(), self.weights.get("default", 1.0))


def _number(problems: list[str], src: str, path: str, value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        problems.append(f"{src}: {path}: must be a number ≥ 0")
        return None
    return float(value)


def _modality_table(problems: list[str], src: str, path: str, raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(f"{src}: {path}: must be a table of modality = number")
        return {}
    out = {}
    for key, value in raw.items():
        number = _number(problems, src, f"{path}.{key}", value)
        if number is not None:
            out[key if key == "default" else key.upper()] = number
    return out


def _limits(problems: list[str], src: str, raw: Any) -> dict:
    raw = known_table(problems, src, raw, set(STAGES), "stats.limits")
    limits = {stage: dict(table) for stage, table in _DEFAULT_LIMITS.items()}
    for stage, prios in raw.items():
        prios = known_table(problems, src, prios, set(PRIORITIES), f"stats.limits.{stage}")
        for prio, table in prios.items():
            limits[stage][prio] = _modality_table(problems, src,
                                                  f"stats.limits.{stage}.{prio}", table)
    return limits


def parse_stats(data: Any, src: str) -> StatsConfig:
    """The ``[stats]`` table; ``ConfigError`` lists every problem."""
    problems: list[str] = []
    t = known_table(problems, src, data if data is not None else {},
                    {"limits", "weights", "stat_share_warn_pct", "stat_share_rise_pct"}, "stats")
    base = StatsConfig()
    weights = dict(base.weights)
    if "weights" in t:
        weights.update(_modality_table(problems, src, "stats.weights", t["weights"]))
    cfg = StatsConfig(
        limits=_limits(problems, src, t.get("limits", {})),
        weights=weights,
        stat_share_warn_pct=_number(problems, src, "stats.stat_share_warn_pct",
                                    t.get("stat_share_warn_pct", 25)) or 0.0,
        stat_share_rise_pct=_number(problems, src, "stats.stat_share_rise_pct",
                                    t.get("stat_share_rise_pct", 10)) or 0.0,
    )
    if problems:
        raise ConfigError(problems)
    return cfg

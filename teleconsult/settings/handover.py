"""The ``[handover]`` table: when an open read goes back to routing and how long a read may
stay in review. Pure: no I/O.

```toml
[handover]
grace_minutes = { stat = 3, urgent = 10, routine = 30 }   # silent this long → handed over
end_of_shift_minutes = 30      # off shift: this long to finish what was opened
page_alive_seconds = 45        # a case page that beat within this counts as open
read_limit_minutes = { stat = 10 }                        # in review longer → escalated
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from teleconsult.settings.reader import ConfigError, known_table, positive_number
from teleconsult.settings.terms import PRIORITIES


@dataclass(frozen=True)
class HandoverConfig:
    grace_seconds: Mapping[str, float] = field(default_factory=lambda: {
        "stat": 180.0, "urgent": 600.0, "routine": 1800.0})
    end_of_shift_seconds: float = 1800.0
    page_alive_seconds: float = 45.0
    read_limit_seconds: Mapping[str, float] = field(default_factory=lambda: {"stat": 600.0})


def _minutes_map(problems: list[str], src: str, t: dict, key: str, default: Mapping[str, float],
                 path: str, required: bool) -> dict[str, float]:
    raw = t.get(key)
    if raw is None:
        return dict(default)
    raw = known_table(problems, src, raw, set(PRIORITIES), f"{path}.{key}")
    out = {} if not required else dict(default)
    for prio, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            problems.append(f"{src}: {path}.{key}.{prio}: must be a positive number of minutes")
            continue
        out[prio] = float(value) * 60
    return out


def parse_handover(data: Any, src: str) -> HandoverConfig:
    """The ``[handover]`` table; ``ConfigError`` lists every problem."""
    problems: list[str] = []
    t = known_table(problems, src, data if data is not None else {}, {
        "grace_minutes", "end_of_shift_minutes", "page_alive_seconds", "read_limit_minutes"},
        "handover")
    base = HandoverConfig()
    cfg = HandoverConfig(
        grace_seconds=_minutes_map(problems, src, t, "grace_minutes", base.grace_seconds,
                                   "handover", True),
        end_of_shift_seconds=positive_number(problems, src, t, "end_of_shift_minutes", 30,
                                             "handover") * 60,
        page_alive_seconds=positive_number(problems, src, t, "page_alive_seconds", 45, "handover"),
        read_limit_seconds=_minutes_map(problems, src, t, "read_limit_minutes",
                                        base.read_limit_seconds, "handover", False))
    if problems:
        raise ConfigError(problems)
    return cfg

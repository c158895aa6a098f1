"""The ``[lab]`` table: laboratory results (检验) over HL7 v2 MLLP and FHIR.

Bounds for the MLLP listener (the largest message held in memory, how long a silent
connection is kept), the critical-value table (危急值 limits per test, applied on top of the
lab's own HH/LL flags) and the community's recognised list (结果互认: which facility's
result of which test another facility accepts, and for how long).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from teleconsult.settings.reader import Reader


@dataclass(frozen=True)
class CriticalLimit:
    """A test (by code) whose value below ``low`` or above ``high`` is a critical value."""

    code: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Recognition:
    """Results of ``tests`` from ``facilities`` are accepted across the community (可互认)
    for ``validity_days`` after they were observed."""

    facilities: tuple[str, ...]
    tests: tuple[str, ...]
    validity_days: int


@dataclass(frozen=True)
class LabConfig:
    max_message_bytes: int = 1 << 20  # one HL7 message held in memory at most
    idle_timeout_seconds: float = 300.0  # a connection silent this long is closed
    critical: tuple[CriticalLimit, ...] = ()
    recognised: tuple[Recognition, ...] = ()
    # whose on-duty doctors (covering the clinic) are paged with the clinic's contact for a
    # critical value; "" = the clinic's contact and the escalation contacts only
    on_call_specialty: str = ""

    def critical_limit(self, code: str) -> CriticalLimit | None:
        return next((c for c in self.critical if c.code == code), None)


_KEYS = {"max_message_kb", "idle_timeout_seconds", "critical", "recognised",
         "on_call_specialty"}


def parse_lab(r: Reader, data: Any, clinics: Collection[str],
              specialties: Collection[str] = ()) -> LabConfig:
    """Read the optional ``[lab]`` table; problems are recorded on ``r``."""
    if data is None:
        return LabConfig()
    t = r.table(data, "lab", _KEYS, set())
    kb = r.get(t, "max_message_kb", "lab", int, 1024)
    if not 1 <= kb <= 64 * 1024:
        r.fail("lab.max_message_kb", f"must be 1..65536, got {kb}")
    idle = r.get(t, "idle_timeout_seconds", "lab", (int, float), 300.0)
    if idle <= 0:
        r.fail("lab.idle_timeout_seconds", f"must be > 0, got {idle}")
    on_call = r.get(t, "on_call_specialty", "lab", str, "")
    if on_call and on_call not in specialties:
        r.fail("lab.on_call_specialty", f"no doctor has specialty {on_call!r}")
    return LabConfig(max_message_bytes=kb * 1024, idle_timeout_seconds=float(idle),
                     critical=_critical(r, t.get("critical", [])),
                     recognised=_recognised(r, t.get("recognised", []), clinics),
                     on_call_specialty=on_call)


def _critical(r: Reader, items: Any) -> tuple[CriticalLimit, ...]:
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = f"lab.critical[{i}]"
        t = r.table(item, p, {"code", "name", "low", "high"}, {"code"})
        low = r.get(t, "low", p, (int, float))
        high = r.get(t, "high", p, (int, float))
        if low is None and high is None:
            r.fail(p, "give low, high or both")
        elif low is not None and high is not None and low >= high:
            r.fail(p, f"low ({low}) must be below high ({high})")
        out.append(CriticalLimit(r.get(t, "code", p, str, ""), low, high))
    return tuple(out)


def _recognised(r: Reader, items: Any, clinics: Collection[str]) -> tuple[Recognition, ...]:
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = f"lab.recognised[{i}]"
        t = r.table(item, p, {"facilities", "tests", "validity_days"},
                    {"facilities", "tests", "validity_days"})
        facilities = r.str_list(t, "facilities", p)
        for f in facilities:
            if f not in clinics:
                r.fail(f"{p}.facilities", f"unknown clinic {f!r}")
        days = r.get(t, "validity_days", p, int, 0)
        if days <= 0:
            r.fail(f"{p}.validity_days", f"must be > 0, got {days}")
        out.append(Recognition(facilities, r.str_list(t, "tests", p), days))
    return tuple(out)

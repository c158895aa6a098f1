"""Two-level reporting and upward consultation as configured: doctors' titles, the
``[review]`` rule table (whose reports need an attending's review, who may review) and the
``[[consult_pools]]`` of experts a case may be sent up to.

```toml
[review]
release_preliminary = ["stat", "urgent"]   # these priorities' preliminaries go to the clinic
sla_minutes = { stat = 30, urgent = 120, routine = 1440 }   # preliminary -> final

[[review.rules]]                 # the first rule that matches the report decides
titles = ["resident"]            # writer's title ([] = any)
modalities = ["CT", "DX", "DR"]  # [] = any
priorities = []                  # [] = any
hours = "20:00-08:00"            # optional: only reports signed in this local window
min_reviewer_title = "attending"
same_zone = false                # the reviewer must cover the case's clinic or zone

[[consult_pools]]
id = "provincial"
name = "市人民医院影像专家组"
organisation = "市人民医院"
specialties = ["radiology"]
members = ["exp-liu"]            # doctors with expert = true
sla_minutes = { stat = 30, urgent = 120, routine = 1440 }
lease_minutes = 15
```
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from teleconsult.settings.reader import HHMM_RE, Reader
from teleconsult.settings.terms import PRIORITIES

# lowest first: a rule's ``min_reviewer_title`` admits this title and every later one
TITLES = ("resident", "attending", "associate_chief", "chief")
DEFAULT_TITLE = "attending"  # a doctor configured before titles existed signs finals alone


@dataclass(frozen=True)
class ReviewRule:
    min_reviewer_title: str = "attending"
    titles: tuple[str, ...] = ()  # writer's title; () = any
    modalities: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    hours: tuple[time, time] | None = None  # local [start, end); end <= start past midnight
    same_zone: bool = False


@dataclass(frozen=True)
class ReviewConfig:
    rules: tuple[ReviewRule, ...] = ()
    release_preliminary: tuple[str, ...] = ("stat", "urgent")
    sla_seconds: Mapping[str, int] = field(default_factory=lambda: {
        "stat": 30 * 60, "urgent": 120 * 60, "routine": 24 * 3600})


@dataclass(frozen=True)
class ConsultPool:
    id: str
    name: str
    organisation: str
    specialties: tuple[str, ...]
    members: tuple[str, ...]
    sla_seconds: Mapping[str, int]
    lease_seconds: int = 15 * 60
    communities: tuple[str, ...] = ()  # whose cases may be sent up to it; () = every one

    def serves(self, community: str) -> bool:
        return not self.communities or community in self.communities


def title_rank(title: str) -> int:
    """0 for a resident … 3 for a chief; an unknown title ranks lowest."""
    return TITLES.index(title) if title in TITLES else 0


def admits_reviewer(min_title: str, title: str, expert: bool, doctor_id: str,
                    writer_id: str) -> bool:
    """A review item's reviewer: not its writer, not an expert, of at least ``min_title``
    (used by the router's pool and by the doctors a page calls in for a review)."""
    return (doctor_id != writer_id and not expert
            and title_rank(title) >= title_rank(min_title or "attending"))


def _hhmm(r: Reader, value: str, path: str) -> time:
    if not HHMM_RE.match(value) or value == "24:00":
        r.fail(path, f"must be 'HH:MM-HH:MM', got {value!r}")
        return time(0)
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


def _sla(r: Reader, t: dict, path: str, default: Mapping[str, int]) -> dict[str, int]:
    raw = r.get(t, "sla_minutes", path, dict, None)
    if raw is None:
        return dict(default)
    out = dict(default)
    for prio, minutes in raw.items():
        if prio not in PRIORITIES:
            r.fail(f"{path}.sla_minutes.{prio}", f"unknown priority (use {', '.join(PRIORITIES)})")
        elif isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes <= 0:
            r.fail(f"{path}.sla_minutes.{prio}", "must be a positive number of minutes")
        else:
            out[prio] = int(minutes * 60)
    return out


def _title(r: Reader, value: Any, path: str) -> str:
    if value not in TITLES:
        r.fail(path, f"must be one of {', '.join(TITLES)}, got {value!r}")
        return DEFAULT_TITLE
    return str(value)


def _rule(r: Reader, raw: Any, path: str) -> ReviewRule:
    t = r.table(raw, path, {"titles", "modalities", "priorities", "hours",
                            "min_reviewer_title", "same_zone"}, set())
    titles = r.str_list(t, "titles", path)
    for i, title in enumerate(titles):
        _title(r, title, f"{path}.titles[{i}]")
    priorities = r.str_list(t, "priorities", path)
    for p in priorities:
        if p not in PRIORITIES:
            r.fail(f"{path}.priorities", f"unknown priority {p!r}")
    hours = None
    if "hours" in t:
        start, sep, end = str(t["hours"]).partition("-")
        if not sep:
            r.fail(f"{path}.hours", "must be 'HH:MM-HH:MM'")
        else:
            hours = (_hhmm(r, start.strip(), f"{path}.hours"),
                     _hhmm(r, end.strip(), f"{path}.hours"))
    return ReviewRule(
        min_reviewer_title=_title(r, t.get("min_reviewer_title", "attending"),
                                  f"{path}.min_reviewer_title"),
        titles=titles, modalities=tuple(m.upper() for m in r.str_list(t, "modalities", path)),
        priorities=priorities, hours=hours, same_zone=r.get(t, "same_zone", path, bool, False))


def parse_review(r: Reader, data: Any) -> ReviewConfig:
    """The ``[review]`` table (absent: nobody's report needs review)."""
    if data is None:
        return ReviewConfig()
    t = r.table(data, "review", {"rules", "release_preliminary", "sla_minutes"}, set())
    release = r.str_list(t, "release_preliminary", "review") if "release_preliminary" in t \
        else ("stat", "urgent")
    for p in release:
        if p not in PRIORITIES:
            r.fail("review.release_preliminary", f"unknown priority {p!r}")
    rules = tuple(_rule(r, raw, f"review.rules[{i}]")
                  for i, raw in enumerate(r.get(t, "rules", "review", list, [])))
    return ReviewConfig(rules=rules, release_preliminary=tuple(release),
                        sla_seconds=_sla(r, t, "review", ReviewConfig().sla_seconds))


def parse_title(r: Reader, t: dict, path: str) -> str:
    """A doctor's ``title`` (default attending)."""
    return _title(r, t.get("title", DEFAULT_TITLE), f"{path}.title")


def parse_pools(r: Reader, items: Any, experts: set[str], communities: Collection[str] = ()
                ) -> dict[str, ConsultPool]:
    """``[[consult_pools]]``; every member must be a doctor configured with expert = true.
    A pool may be shared by several communities (``communities``; none named = all)."""
    pools: dict[str, ConsultPool] = {}
    if items is None:
        return pools
    if not isinstance(items, list):
        r.fail("consult_pools", "must be a list of tables")
        return pools
    for i, raw in enumerate(items):
        p = f"consult_pools[{i}]"
        t = r.table(raw, p, {"id", "name", "organisation", "specialties", "members",
                             "sla_minutes", "lease_minutes", "communities"},
                    {"id", "name", "members"})
        pid = r.new_id(t, p, pools, "pool id")
        members = r.str_list(t, "members", p)
        if not members:
            r.fail(f"{p}.members", "at least one expert is required")
        for m in members:
            if m not in experts:
                r.fail(f"{p}.members", f"{m!r} is not a doctor with expert = true")
        served = r.str_list(t, "communities", p)
        for c in served:
            if c not in communities:
                r.fail(f"{p}.communities", f"unknown community {c!r}")
        lease = r.get(t, "lease_minutes", p, (int, float), 15)
        if lease <= 0:
            r.fail(f"{p}.lease_minutes", "must be positive")
        pools[pid] = ConsultPool(
            id=pid, name=r.get(t, "name", p, str, pid),
            organisation=r.get(t, "organisation", p, str, ""),
            specialties=r.str_list(t, "specialties", p), members=members,
            sla_seconds=_sla(r, t, p, ReviewConfig().sla_seconds),
            lease_seconds=int(lease * 60), communities=served)
    return pools

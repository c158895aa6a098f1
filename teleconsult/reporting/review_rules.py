"""Who must have a report reviewed, and who may review it: pure decisions over the
community's ``[review]`` rule table (no I/O, unit-tested alone).

A report needs review when the first rule matching the writer's title, the case's modality
and priority and the local time of signing says so; the same rule then names the lowest
title that may review it and whether the reviewer must cover the case's clinic or zone.
A reviewer is never the writer, and always has the case's specialty.
"""

from __future__ import annotations

import difflib
from datetime import datetime, time

from teleconsult.settings.model import Doctor
from teleconsult.settings.review import TITLES, ReviewConfig, ReviewRule, admits_reviewer

STAGES = ("preliminary", "final")
DECISIONS = ("approve", "revise", "return")
GRADES = ("agree", "minor", "major")


def _in_hours(hours: tuple[time, time] | None, local: time) -> bool:
    if hours is None:
        return True
    start, end = hours
    if start < end:
        return start <= local < end
    return local >= start or local < end  # past midnight (or all day when start == end)


def _matches(rule: ReviewRule, title: str, modality: str, priority: str, local: time) -> bool:
    return ((not rule.titles or title in rule.titles)
            and (not rule.modalities or modality.upper() in rule.modalities)
            and (not rule.priorities or priority in rule.priorities)
            and _in_hours(rule.hours, local))


def review_rule(cfg: ReviewConfig, writer: Doctor, modality: str, priority: str,
                signed_local: datetime) -> ReviewRule | None:
    """The rule that sends this writer's report to review, or None (they may sign final)."""
    t = signed_local.time()
    return next((r for r in cfg.rules if _matches(r, writer.title, modality, priority, t)),
                None)


def may_review(rule: ReviewRule, reviewer: Doctor, writer_id: str, specialty: str,
               clinic_id: str, zone: str) -> bool:
    """``reviewer`` may co-sign a report the rule sent to review."""
    return (admits_reviewer(rule.min_reviewer_title, reviewer.title, reviewer.expert,
                            reviewer.id, writer_id)
            and specialty in reviewer.specialties
            and (not rule.same_zone or reviewer.covers(clinic_id, zone)))


def released_at_once(cfg: ReviewConfig, priority: str) -> bool:
    """A preliminary of this priority goes to the clinic at once (else only the final)."""
    return priority in cfg.release_preliminary


def check_stage(raw: object) -> str:
    """The requested stage (default final); ValueError naming the choices otherwise."""
    if raw is None:
        return "final"
    if raw not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}")
    return str(raw)


def review_plan(cfg: ReviewConfig, rule: ReviewRule | None, priority: str, now: float,
                warning_fraction: float) -> dict:
    """Where a preliminary signed at ``now`` goes: due by the review SLA of its priority,
    looked at first at the SLA's warning point, reviewed by whom the rule says (a
    preliminary no rule asked for: by any attending or above but the writer)."""
    sla = cfg.sla_seconds.get(priority, cfg.sla_seconds.get("routine", 86400))
    chosen = rule or ReviewRule()
    return {"first_check": now + sla * warning_fraction, "due": now + sla,
            "min_title": chosen.min_reviewer_title, "same_zone": chosen.same_zone}


def rule_of_item(min_title: str, same_zone: str | bool) -> ReviewRule:
    """The reviewer requirements a review item carries (its Redis hash fields)."""
    return ReviewRule(min_reviewer_title=min_title if min_title in TITLES else "attending",
                      same_zone=same_zone in (True, "1"))


def diff_text(before: dict, after: dict) -> str:
    """What the reviewer changed in the preliminary (a unified diff of the report text;
    empty when nothing changed)."""
    def lines(r: dict) -> list[str]:
        return [f"所见: {line}" for line in r.get("findings", "").splitlines()] + \
               [f"印象: {line}" for line in r.get("impression", "").splitlines()] + \
               [f"危急值: {'是' if r.get('critical') else '否'}"]

    return "\n".join(difflib.unified_diff(lines(before), lines(after), "preliminary", "final",
                                          lineterm="", n=1))

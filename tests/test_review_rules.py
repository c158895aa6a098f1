"""The rule table of two-level reporting, alone (pure functions, no I/O), and the
configuration that feeds it: who needs review, who may review, what a preliminary plans."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from teleconsult.reporting import review_rules
from teleconsult.settings.model import Doctor
from teleconsult.settings.reader import ConfigError, Reader
from teleconsult.settings.review import (
    ReviewConfig,
    ReviewRule,
    admits_reviewer,
    parse_pools,
    parse_review,
)

TZ = ZoneInfo("Asia/Shanghai")


def doc(did: str, title: str, *, expert: bool = False, zones=(), clinics=("*",),
        specialties=("radiology",)) -> Doctor:
    return Doctor(id=did, name=did, specialties=specialties, clinics=clinics, capacity=10,
                  token_sha256="0" * 64, shifts=(), zones=zones, title=title, expert=expert)


def at(hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 12, 7, hh, mm, tzinfo=TZ)


CFG = ReviewConfig(rules=(
    ReviewRule(titles=("resident",), modalities=("CT", "DX"), min_reviewer_title="attending"),
    ReviewRule(titles=("attending",), modalities=("CT", "MR"), hours=(time(20), time(8)),
               min_reviewer_title="associate_chief", same_zone=True),
))


@pytest.mark.parametrize(("title", "modality", "when", "expected"), [
    ("resident", "CT", at(10), "attending"),
    ("resident", "dx", at(10), "attending"),  # modality compared in upper case
    ("resident", "ECG", at(10), None),
    ("attending", "CT", at(10), None),  # by day an attending signs alone
    ("attending", "CT", at(23), "associate_chief"),  # past midnight window: 20:00-08:00
    ("attending", "MR", at(7, 59), "associate_chief"),
    ("attending", "MR", at(8), None),
    ("chief", "CT", at(23), None),
])
def test_who_needs_review(title, modality, when, expected):
    rule = review_rules.review_rule(CFG, doc("w", title), modality, "routine", when)
    assert (rule.min_reviewer_title if rule else None) == expected


def test_a_priority_rule_only_matches_its_priorities():
    cfg = ReviewConfig(rules=(ReviewRule(priorities=("stat",)),))
    assert review_rules.review_rule(cfg, doc("w", "chief"), "CT", "stat", at(9)) is not None
    assert review_rules.review_rule(cfg, doc("w", "chief"), "CT", "urgent", at(9)) is None
    assert review_rules.review_rule(ReviewConfig(), doc("w", "resident"), "CT", "stat",
                                    at(9)) is None  # no table: nobody needs review


def test_who_may_review():
    rule = ReviewRule(min_reviewer_title="associate_chief", same_zone=True)
    ok = doc("a", "chief", zones=("z1",), clinics=())
    assert review_rules.may_review(rule, ok, "w", "radiology", "futian", "z1")
    assert not review_rules.may_review(rule, ok, "w", "radiology", "miaoyu", "z2")  # zone
    assert not review_rules.may_review(rule, ok, "a", "radiology", "futian", "z1")  # writer
    assert not review_rules.may_review(rule, doc("b", "attending"), "w", "radiology", "f", "")
    assert not review_rules.may_review(rule, doc("c", "chief", expert=True), "w", "radiology",
                                       "f", "")
    assert not review_rules.may_review(ReviewRule(), doc("d", "chief"), "w", "cardiology",
                                       "f", "")  # not of the case's specialty
    assert admits_reviewer("", "attending", False, "x", "w")  # no rule: attending or above
    assert not admits_reviewer("", "resident", False, "x", "w")


def test_review_plan_release_and_stage():
    plan = review_rules.review_plan(CFG, None, "stat", 1000.0, 0.8)
    assert plan == {"first_check": 1000.0 + 1800 * 0.8, "due": 2800.0,
                    "min_title": "attending", "same_zone": False}
    assert review_rules.released_at_once(CFG, "stat")
    assert not review_rules.released_at_once(CFG, "routine")
    assert review_rules.check_stage(None) == "final"
    with pytest.raises(ValueError, match="preliminary"):
        review_rules.check_stage("draft")
    item = review_rules.rule_of_item("bogus", "1")
    assert (item.min_reviewer_title, item.same_zone) == ("attending", True)


def test_diff_keeps_what_changed():
    before = {"findings": "右肺结节", "impression": "建议随访", "critical": False}
    assert review_rules.diff_text(before, dict(before)) == ""
    diff = review_rules.diff_text(before, dict(before, impression="建议3个月复查", critical=True))
    assert "-印象: 建议随访" in diff and "+印象: 建议3个月复查" in diff
    assert "+危急值: 是" in diff


def test_the_tables_refuse_what_makes_no_sense():
    r = Reader("t.toml")
    cfg = parse_review(r, {"release_preliminary": ["stat"], "sla_minutes": {"stat": 20},
                           "rules": [{"titles": ["resident"], "hours": "22:00-06:00"}]})
    assert r.problems == [] and cfg.sla_seconds["stat"] == 1200
    assert cfg.rules[0].hours == (time(22), time(6))
    r = Reader("t.toml")
    parse_review(r, {"rules": [{"titles": ["intern"], "hours": "late", "min_reviewer_title":
                                "boss", "colour": 1}], "sla_minutes": {"soon": 5}})
    text = "\n".join(r.problems)
    for bad in ("titles[0]", "hours", "min_reviewer_title", "colour", "sla_minutes.soon"):
        assert bad in text, text
    r = Reader("t.toml")
    parse_pools(r, [{"id": "p", "name": "P", "members": ["rad-li"]}], {"exp-liu"})
    assert any("expert = true" in p for p in r.problems)
    with pytest.raises(ConfigError):
        raise ConfigError(r.problems)


def test_a_consultation_pages_the_pool_expert_it_names():
    """Consultation requests and escalations page the expert (when paging names them)."""
    from teleconsult.routing import paging
    from teleconsult.settings.load import load_settings
    from teleconsult.settings.paging import Channel, PagingConfig, Person
    from tests.conftest import DEMO_CONFIG

    settings = load_settings(DEMO_CONFIG, env={})
    hook = Channel("hook", "webhook", url="http://127.0.0.1:9/page", secret_env="X")
    cfg = PagingConfig(channels={"hook": hook}, people={"exp-liu": Person("exp-liu", ("hook",))})
    for event in ("consultation_requested", "consultation_escalated"):
        assert [p.id for p, _c in paging.targets(event, {"doctor": "exp-liu"}, settings,
                                                 cfg)] == ["exp-liu"]
    assert paging.targets("consultation_requested", {"doctor": "rad-li"}, settings, cfg) == []

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


# --- the rules at their edges (each one a mutant of review_rules.py once survived) -------

def _needs_review(hours: tuple[time, time], when: datetime) -> bool:
    cfg = ReviewConfig(rules=(ReviewRule(hours=hours),))
    return review_rules.review_rule(cfg, doc("w", "attending"), "CT", "routine",
                                    when) is not None


def test_a_daytime_window_includes_its_first_minute_and_excludes_its_end():
    day = (time(8), time(17))
    assert not _needs_review(day, at(7, 59))
    assert _needs_review(day, at(8))
    assert _needs_review(day, at(16, 59))
    assert not _needs_review(day, at(17))


def test_a_night_window_starts_at_its_first_minute_and_runs_past_midnight():
    night = (time(20), time(8))
    assert not _needs_review(night, at(19, 59))
    assert _needs_review(night, at(20))
    assert _needs_review(night, at(0))
    assert not _needs_review(night, at(8))


def test_a_window_that_ends_where_it_starts_is_the_whole_day():
    for when in (at(0), at(7, 59), at(8), at(13), at(23, 59)):
        assert _needs_review((time(8), time(8)), when), when


def test_a_same_zone_review_may_go_to_a_reviewer_covering_the_clinic_by_name():
    rule = ReviewRule(same_zone=True)
    named = doc("a", "attending", clinics=("futian",), zones=())
    assert review_rules.may_review(rule, named, "w", "radiology", "futian", "z1")
    assert not review_rules.may_review(rule, named, "w", "radiology", "miaoyu", "z1")
    # without same_zone the reviewer need not cover the clinic at all (review is remote work)
    assert review_rules.may_review(ReviewRule(), named, "w", "radiology", "miaoyu", "z1")


def test_a_priority_without_its_own_review_sla_is_due_by_the_routine_one_else_in_a_day():
    routine_only = ReviewConfig(sla_seconds={"routine": 3600})
    plan = review_rules.review_plan(routine_only, None, "urgent", 1000.0, 0.5)
    assert (plan["due"], plan["first_check"]) == (4600.0, 2800.0)
    plan = review_rules.review_plan(ReviewConfig(sla_seconds={}), None, "urgent", 0.0, 0.5)
    assert (plan["due"], plan["first_check"]) == (86400.0, 43200.0)
    # its own SLA wins over the routine one
    own = ReviewConfig(sla_seconds={"urgent": 600, "routine": 3600})
    assert review_rules.review_plan(own, None, "urgent", 0.0, 0.5)["due"] == 600.0


def test_a_review_plan_carries_the_rules_reviewer_requirements():
    rule = ReviewRule(min_reviewer_title="associate_chief", same_zone=True)
    plan = review_rules.review_plan(CFG, rule, "routine", 0.0, 0.8)
    assert (plan["min_title"], plan["same_zone"]) == ("associate_chief", True)


def test_a_review_item_keeps_its_reviewer_title_and_same_zone_flag():
    for title in ("resident", "attending", "associate_chief", "chief"):
        assert review_rules.rule_of_item(title, "").min_reviewer_title == title
    for unknown in ("", "boss", "Chief"):  # missing or unknown: attending or above
        assert review_rules.rule_of_item(unknown, "").min_reviewer_title == "attending"
    for flag, same in ((True, True), ("1", True), (False, False), ("0", False), ("", False)):
        assert review_rules.rule_of_item("attending", flag).same_zone is same, flag


def test_the_stage_asked_for_is_the_stage_signed():
    assert review_rules.check_stage("preliminary") == "preliminary"
    assert review_rules.check_stage("final") == "final"
    with pytest.raises(ValueError) as bad:
        review_rules.check_stage("approved")
    # the client is told its choices, as written in the API
    assert str(bad.value) == "stage must be one of preliminary, final"


CHEST = {"findings": "右肺上叶结节\n纵隔未见肿大淋巴结\n心影不大\n双侧胸腔无积液",
         "impression": "右肺结节", "critical": False}


def test_the_diff_is_a_unified_diff_from_the_preliminary_to_the_final():
    after = dict(CHEST, findings=CHEST["findings"].replace("右肺上叶结节", "右肺上叶结节 8mm"))
    assert review_rules.diff_text(CHEST, after).split("\n") == [
        "--- preliminary",
        "+++ final",
        "@@ -1,2 +1,2 @@",
        "-所见: 右肺上叶结节",
        "+所见: 右肺上叶结节 8mm",
        " 所见: 纵隔未见肿大淋巴结",
    ]


def test_the_diff_shows_a_change_with_one_line_either_side_not_the_whole_report():
    after = dict(CHEST, findings=CHEST["findings"].replace("纵隔未见肿大淋巴结", "纵隔淋巴结肿大"))
    lines = review_rules.diff_text(CHEST, after).split("\n")
    assert " 所见: 右肺上叶结节" in lines and " 所见: 心影不大" in lines
    assert not any("双侧胸腔无积液" in x for x in lines)  # two lines from the change
    assert not any("印象" in x for x in lines)


def test_the_diff_shows_a_removed_line_as_removed_and_an_added_one_as_added():
    after = dict(CHEST, findings="右肺上叶结节\n纵隔未见肿大淋巴结\n心影不大",
                 impression="右肺结节\n建议3个月复查")
    lines = review_rules.diff_text(CHEST, after).split("\n")
    assert "-所见: 双侧胸腔无积液" in lines
    assert "+印象: 建议3个月复查" in lines
    assert not any(x.startswith(("-", "+")) and "右肺结节" in x for x in lines)
    # every line is a header, a hunk, kept, removed or added: nothing else, no blank line
    assert all(x.startswith(("--- ", "+++ ", "@@ ", " ", "-", "+")) for x in lines), lines


def test_the_diff_shows_a_critical_result_flagged_by_the_reviewer():
    lines = review_rules.diff_text(CHEST, dict(CHEST, critical=True)).split("\n")
    assert "-危急值: 否" in lines and "+危急值: 是" in lines
    lines = review_rules.diff_text(dict(CHEST, critical=True), CHEST).split("\n")
    assert "-危急值: 是" in lines and "+危急值: 否" in lines


def test_a_section_a_report_lacks_is_empty_in_the_diff():
    # the impression written only by the reviewer: it appears as added, nothing removed
    no_impression = {"findings": "右肺上叶结节", "critical": False}
    lines = review_rules.diff_text(no_impression, dict(no_impression, impression="右肺结节"))
    assert [x for x in lines.split("\n") if x.startswith(("-", "+"))
            and not x.startswith(("---", "+++"))] == ["+印象: 右肺结节"]
    no_findings = {"impression": "右肺结节", "critical": False}
    lines = review_rules.diff_text(no_findings, dict(no_findings, findings="右肺上叶结节"))
    assert [x for x in lines.split("\n") if x.startswith(("-", "+"))
            and not x.startswith(("---", "+++"))] == ["+所见: 右肺上叶结节"]

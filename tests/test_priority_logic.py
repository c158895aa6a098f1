"""Priority and reading order as rules in words (``teleconsult.cases.priority``), on a
routing table made here: no Redis, no configuration file."""

from __future__ import annotations

import pytest

from teleconsult.cases.priority import (
    decide_priority,
    decide_subspecialty,
    more_urgent,
    queue_score,
    rank,
)
from teleconsult.settings.model import PriorityRule, Routing, SubspecialtyRule


def routing(*rules: PriorityRule, sub: tuple[SubspecialtyRule, ...] = ()) -> Routing:
    return Routing(specialty_by_modality={}, default_specialty="radiology",
                   stability_seconds={}, default_stability_seconds=0.0, priority_times={},
                   priority_rules=rules, escalation_contacts=(), subspecialty_rules=sub)


TRAUMA = PriorityRule("urgent", modalities=("CT",), keywords=("trauma",))
CHEST_PAIN = PriorityRule("stat", modalities=("ECG",), keywords=("胸痛",))


@pytest.mark.parametrize("priority", ["stat", "urgent", "routine"])
def test_within_one_priority_the_earlier_arrival_is_read_first(priority):
    first, later = 1_764_000_000.0, 1_764_000_060.0
    assert queue_score(priority, first) < queue_score(priority, later)


def test_a_more_urgent_priority_is_read_first_however_late_it_came():
    assert queue_score("stat", 2e9) < queue_score("urgent", 1.0) < queue_score("routine", 1.0)
    assert [rank(p) for p in ("stat", "urgent", "routine")] == [0, 1, 2]


@pytest.mark.parametrize("a,b,winner", [
    ("stat", "routine", "stat"), ("routine", "stat", "stat"),
    ("urgent", "routine", "urgent"), ("routine", "urgent", "urgent"),
    ("stat", "urgent", "stat"), ("urgent", "stat", "stat"), ("urgent", "urgent", "urgent"),
])
def test_more_urgent_is_the_more_urgent_of_two_in_either_order(a, b, winner):
    assert more_urgent(a, b) == winner


def test_sources_combine_to_the_most_urgent_never_the_last_one_looked_at():
    r = routing(TRAUMA)
    trauma = {"modality": "CT", "study_description": "Trauma head"}
    # a clinic's STAT request and an urgent rule: STAT
    assert decide_priority(trauma, "futian", r, requested="stat") == "stat"
    # the DICOM request says STAT, the rule urgent: STAT
    assert decide_priority(dict(trauma, requested_priority="STAT"), "futian", r) == "stat"
    # an urgent rule is not lowered by a routine request or a routine DICOM priority
    assert decide_priority(dict(trauma, requested_priority="LOW"), "futian", r,
                           requested="routine") == "urgent"
    # a machine's routine flag after a STAT request keeps the STAT
    flagged = {"modality": "CT", "machine_flags": [{"priority": "routine"}]}
    assert decide_priority(flagged, "futian", r, requested="stat") == "stat"
    # an urgent rule after the DICOM STAT, and then a machine's STAT over an urgent rule
    assert decide_priority(dict(trauma, machine_flags=[{"priority": "stat"}]), "futian",
                           r) == "stat"
    assert decide_priority(dict(trauma, machine_flags=[{}]), "futian", r) == "urgent"


@pytest.mark.parametrize("dicom,expect", [
    ("STAT", "stat"), ("HIGH", "urgent"), ("ROUTINE", "routine"), ("MEDIUM", "routine"),
    ("LOW", "routine"), ("ASAP", "routine"), ("", "routine"),
])
def test_dicom_requested_priority_maps_to_ours(dicom, expect):
    assert decide_priority({"modality": "CT", "requested_priority": dicom}, "x",
                           routing()) == expect
    # and an urgent request is never lowered by it
    assert decide_priority({"modality": "CT", "requested_priority": dicom}, "x", routing(),
                           requested="urgent") == more_urgent("urgent", expect)


def test_a_request_that_is_no_priority_is_ignored():
    assert decide_priority({"modality": "CT"}, "x", routing(), requested="ASAP") == "routine"
    assert decide_priority({"modality": "CT"}, "x", routing(), requested=None) == "routine"
    assert decide_priority({}, "x", routing()) == "routine"


def test_a_rule_for_some_clinics_applies_to_those_clinics_only():
    r = routing(PriorityRule("urgent", modalities=("DX",), clinics=("futian", "guandu")))
    assert decide_priority({"modality": "DX"}, "futian", r) == "urgent"
    assert decide_priority({"modality": "DX"}, "guandu", r) == "urgent"
    assert decide_priority({"modality": "DX"}, "xiaojie", r) == "routine"
    every = routing(PriorityRule("urgent", modalities=("DX",)))  # no clinics: every clinic
    assert decide_priority({"modality": "DX"}, "xiaojie", every) == "urgent"


def test_an_emergency_clinic_rule_needs_an_emergency_clinic():
    r = routing(PriorityRule("stat", modalities=("ECG",), emergency_clinic=True))
    assert decide_priority({"modality": "ECG"}, "futian", r, emergency_clinic=True) == "stat"
    assert decide_priority({"modality": "ECG"}, "futian", r) == "routine"


@pytest.mark.parametrize("miss", [
    PriorityRule("urgent", modalities=("MR",)),  # another modality
    PriorityRule("urgent", clinics=("guandu",)),  # another clinic
    PriorityRule("urgent", emergency_clinic=True),  # not an emergency clinic
    PriorityRule("urgent", keywords=("fracture",)),  # words not in the study
])
def test_a_rule_that_does_not_match_does_not_stop_the_rules_after_it(miss):
    summary = {"modality": "ECG", "reason": "胸痛 2小时"}
    assert decide_priority(summary, "futian", routing(miss, CHEST_PAIN)) == "stat"
    assert decide_priority(summary, "futian", routing(miss)) == "routine"


@pytest.mark.parametrize("field", ["study_description", "reason", "body_part",
                                   "clinical_note"])
def test_keywords_are_found_in_any_text_of_the_study_whatever_the_case(field):
    r = routing(TRAUMA)
    assert decide_priority({"modality": "ct", field: "TRAUMA series"}, "x", r) == "urgent"
    assert decide_priority({"modality": "CT", field: "routine check"}, "x", r) == "routine"


def test_keywords_are_not_found_across_two_fields_glued_together():
    r = routing(PriorityRule("urgent", keywords=("head trauma",)))
    assert decide_priority({"modality": "CT", "study_description": "head",
                            "reason": "trauma"}, "x", r) == "urgent"  # joined by a space
    assert decide_priority({"modality": "CT", "study_description": "head"}, "x",
                           r) == "routine"


def test_a_rule_without_modalities_or_keywords_matches_every_study():
    r = routing(PriorityRule("urgent"))
    assert decide_priority({"modality": "US"}, "x", r) == "urgent"


def test_sub_specialty_is_the_first_rule_that_matches_modality_and_words():
    neuro = SubspecialtyRule("neuro", modalities=("CT", "MR"), keywords=("head", "brain"))
    chest = SubspecialtyRule("chest", keywords=("chest",))
    anyct = SubspecialtyRule("body", modalities=("CT",))
    r = routing(sub=(neuro, chest, anyct))
    for field in ("study_description", "reason", "body_part"):
        assert decide_subspecialty({"modality": "ct", field: "HEAD"}, r) == "neuro"
    assert decide_subspecialty({"modality": "DX", "body_part": "HEAD"}, r) is None
    assert decide_subspecialty({"modality": "DX", "body_part": "CHEST"}, r) == "chest"
    # a rule that misses does not stop the next; the first match wins over later ones
    assert decide_subspecialty({"modality": "CT", "body_part": "ABDOMEN"}, r) == "body"
    assert decide_subspecialty({"modality": "CT", "body_part": "chest"}, r) == "chest"
    # the clinical note is for priority, not for which sub-specialist reads it
    assert decide_subspecialty({"modality": "MR", "clinical_note": "head"}, r) is None
    assert decide_subspecialty({"modality": "MR", "study_description": "head",
                                "reason": "brain"}, r) == "neuro"
    assert decide_subspecialty({}, routing()) is None


@pytest.mark.parametrize("word", ["none", "null"])
def test_a_missing_text_field_adds_no_words(word):
    # an absent description is no text at all, not the word a placeholder would make
    r = routing(PriorityRule("urgent", keywords=(word,)),
                sub=(SubspecialtyRule("neuro", keywords=(word,)),))
    assert decide_priority({"modality": "CT"}, "x", r) == "routine"
    assert decide_subspecialty({"modality": "CT"}, r) is None


def test_sub_specialty_words_are_not_found_across_two_fields_glued_together():
    r = routing(sub=(SubspecialtyRule("neuro", keywords=("head ct",)),))
    assert decide_subspecialty({"study_description": "head", "reason": "ct"}, r) == "neuro"
    assert decide_subspecialty({"study_description": "head"}, r) is None

"""The decisions ``dicom.ecg_measure`` takes on numbers already measured, as rules in
words: which values are impossible (null, with the reason) and the frontal axis from the
limb leads' areas. Pure: no signal."""

from __future__ import annotations

import math

import pytest

from dicom import ecg_measure
from dicom.ecg_measure import BOUNDS, MAX_ST_UV, apply_bounds, empty

LIMB_ANGLES = {"I": 0, "II": 60, "III": 120, "aVR": -150, "aVL": -30, "aVF": 90}


def measured(**values) -> dict:
    out = empty()
    out.update({"hr_bpm": 70, "pr_ms": 160, "qrs_ms": 90, "qt_ms": 380,
                "qtc_bazett_ms": 410, "qtc_fridericia_ms": 400, "t_axis_deg": 40,
                "qrs_axis_deg": 30})
    out.update(values)
    return out


@pytest.mark.parametrize("key", sorted(BOUNDS))
def test_values_on_the_bounds_stand_and_beyond_them_become_null_with_why(key):
    lo, hi = BOUNDS[key]
    for ok in (lo, hi):
        out = measured(**{key: ok})
        apply_bounds(out)
        assert out[key] == ok and key not in out["reasons"]
    for bad in (lo - 1, hi + 1):
        out = measured(**{key: bad})
        apply_bounds(out)
        assert out[key] is None
        assert out["reasons"][key] == f"implausible value {bad} (outside {lo}–{hi})"


def test_an_impossible_qt_takes_the_corrected_qts_and_the_t_axis_with_it():
    out = measured(qt_ms=900)
    apply_bounds(out)
    for key in ("qtc_bazett_ms", "qtc_fridericia_ms", "t_axis_deg"):
        assert out[key] is None and out["reasons"][key] == "QT not measurable"
    assert out["qrs_axis_deg"] == 30 and out["pr_ms"] == 160  # the rest stands
    other = measured(pr_ms=900)  # another impossible value takes nothing else with it
    apply_bounds(other)
    assert other["qtc_bazett_ms"] == 410 and other["t_axis_deg"] == 40
    assert set(other["reasons"]) == {"pr_ms"}


def test_unknown_values_stay_unknown_without_a_reason():
    out = measured(hr_bpm=None, qt_ms=None)
    apply_bounds(out)
    assert out["hr_bpm"] is None and out["reasons"] == {}


def test_an_st_deviation_over_the_maximum_is_null_with_why():
    out = measured(st_deviation_uv={"V2": MAX_ST_UV, "V3": -MAX_ST_UV - 1, "V4": None,
                                    "V5": MAX_ST_UV + 1, "V6": 120})
    apply_bounds(out)
    assert out["st_deviation_uv"] == {"V2": MAX_ST_UV, "V3": None, "V4": None, "V5": None,
                                      "V6": 120}
    assert out["reasons"] == {
        "st_deviation_uv.V3": f"implausible ST deviation {-MAX_ST_UV - 1} µV (over {MAX_ST_UV})",
        "st_deviation_uv.V5": f"implausible ST deviation {MAX_ST_UV + 1} µV (over {MAX_ST_UV})"}


def areas(angle: float, leads=tuple(LIMB_ANGLES), size: float = 100.0) -> dict[str, float]:
    """The limb leads' areas of a vector at ``angle`` (°): its projections."""
    gains = {"aVR": math.sqrt(3) / 2, "aVL": math.sqrt(3) / 2, "aVF": math.sqrt(3) / 2}
    return {k: size * gains.get(k, 1.0) * math.cos(math.radians(angle - LIMB_ANGLES[k]))
            for k in leads}


@pytest.mark.parametrize("angle", [-90, -30, 0, 45, 60, 90, 120, 180])
def test_the_axis_is_the_angle_whose_projections_fit_the_limb_leads(angle):
    got = ecg_measure._axis(areas(angle))
    assert got in (angle, angle - 360, angle + 360)


def test_two_limb_leads_are_enough_for_an_axis_one_is_not():
    assert ecg_measure._axis(areas(60, ("I", "aVF"))) == 60
    assert ecg_measure._axis(areas(60, ("I",))) is None
    assert ecg_measure._axis({"V1": 50.0, "V2": 80.0, "I": 10.0}) is None  # precordials: no


def test_no_electrical_activity_has_no_axis():
    assert ecg_measure._axis(dict.fromkeys(LIMB_ANGLES, 0.0)) is None


def test_a_vector_straight_down_has_an_axis_of_90():
    # lead I flat, aVF positive: the vector has no horizontal part at all
    assert ecg_measure._axis({"I": 0.0, "aVF": 50.0}) == 90


def test_nothing_measured_is_every_value_unknown_and_no_verdict():
    out = empty()
    assert {k: out[k] for k in ecg_measure.FIELDS} == dict.fromkeys(ecg_measure.FIELDS)
    assert out["st_deviation_uv"] == {} and out["reasons"] == {}
    assert out["quality"] == {"measurable": False, "reasons": [], "leads": {}, "excluded": []}
    assert out["rhythm"] == {"code": "undetermined",
                             "text": ecg_measure.ecg_rhythm.TEXT["undetermined"],
                             "confidence": 0.0, "statements": []}

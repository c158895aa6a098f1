"""Automatic ECG measurements (median beat) and the STEMI criteria: pure logic, no I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from dicom.ecg import STANDARD_LEADS, waveform_leads
from dicom.ecg_measure import FIELDS, measure
from dicom.ecg_stemi import age_years, assess, contiguous_pairs, threshold_uv
from dicom.ecg_synth import Beat, direction, synth


def test_mortara_cart_measurements_are_matched_within_tolerance():
    """pydicom's waveform_ecg.dcm: the cart measured PR 161, QRS 75, QT 368 ms, axes
    P 74° / QRS 52° / T 57° (its WaveformAnnotationSequence)."""
    fs, leads = waveform_leads(dcmread(get_testdata_file("waveform_ecg.dcm")))
    m = measure(leads, fs)
    assert abs(m["pr_ms"] - 161) <= 10
    assert abs(m["qrs_ms"] - 75) <= 10
    assert abs(m["qt_ms"] - 368) <= 20
    assert abs(m["qtc_bazett_ms"] - 370) <= 20
    for name, cart in (("p_axis_deg", 74), ("qrs_axis_deg", 52), ("t_axis_deg", 57)):
        assert abs(m[name] - cart) <= 15, name
    assert 58 <= m["hr_bpm"] <= 63  # R–R 982 ms
    assert set(m["st_deviation_uv"]) == set(STANDARD_LEADS)
    assert max(abs(v) for v in m["st_deviation_uv"].values()) < 200  # "ECG NORMALE"


CASES = [  # beat, heart rate, sampling rate
    (Beat(), 70, 500),
    (Beat(pr_ms=200, qrs_ms=110, qt_ms=420, p_axis=30, qrs_axis=-20, t_axis=10), 58, 500),
    (Beat(pr_ms=140, qrs_ms=80, qt_ms=340, p_axis=70, qrs_axis=80, t_axis=60), 90, 1000),
    (Beat(pr_ms=240, qrs_ms=130, qt_ms=460, p_axis=50, qrs_axis=110, t_axis=-10), 52, 500),
]


@pytest.mark.parametrize(("beat", "hr", "fs"), CASES)
def test_synthetic_intervals_and_axes_with_noise_and_wander(beat, hr, fs):
    trace = synth(beat, hr_bpm=hr, fs=fs, noise_uv=20, wander_uv=150, seed=hr)
    m = measure(trace.leads, trace.fs)
    assert abs(m["hr_bpm"] - hr) <= 1
    assert abs(m["pr_ms"] - beat.pr_ms) <= 10
    assert abs(m["qrs_ms"] - beat.qrs_ms) <= 10
    assert abs(m["qt_ms"] - beat.qt_ms) <= 20
    rr = 60 / hr
    assert abs(m["qtc_bazett_ms"] - m["qt_ms"] / rr ** 0.5) <= 1
    assert abs(m["qtc_fridericia_ms"] - m["qt_ms"] / rr ** (1 / 3)) <= 1
    assert abs(m["p_axis_deg"] - beat.p_axis) <= 10
    assert abs(m["qrs_axis_deg"] - trace.qrs_axis_true) <= 10
    assert abs(m["t_axis_deg"] - beat.t_axis) <= 10


def test_st_deviation_follows_an_injury_vector():
    st = 250 * direction(100, 0.2)  # inferior injury: up in II, III, aVF, down in aVL
    trace = synth(replace(Beat(), st_vector=tuple(st)), noise_uv=15, wander_uv=100, seed=4)
    m = measure(trace.leads, trace.fs)
    for lead in STANDARD_LEADS:
        assert abs(m["st_deviation_uv"][lead] - trace.st_true_uv[lead]) <= 30, lead
    assert m["st_deviation_uv"]["III"] > 150 and m["st_deviation_uv"]["aVL"] < -100


def test_no_p_wave_and_irregular_rhythm_gives_null_pr():
    rng = np.random.default_rng(2)
    beat = replace(Beat(), p_uv=0.0)
    parts = [synth(beat, hr_bpm=float(rng.uniform(60, 110)), seconds=2.5, seed=i)
             for i in range(4)]
    leads = {k: np.concatenate([p.leads[k] for p in parts]) + rng.normal(0, 15, 5000)
             for k in STANDARD_LEADS}
    m = measure(leads, 500)
    assert m["pr_ms"] is None and m["p_axis_deg"] is None
    assert m["qrs_ms"] is not None


@pytest.mark.parametrize("leads", [
    {}, {k: np.zeros(5000) for k in STANDARD_LEADS},
    {k: np.random.default_rng(1).normal(0, 30, 5000) for k in ("I", "II")}])
def test_nothing_measurable_is_all_null(leads):
    m = measure(leads, 500)
    assert all(m[k] is None for k in FIELDS)
    assert all(v is None for v in m["st_deviation_uv"].values())
    assert m["quality"]["measurable"] is False and m["quality"]["reasons"]
    assert all(m["reasons"].get(k) for k in FIELDS) if leads else True


def test_stemi_thresholds_by_sex_and_age():
    assert threshold_uv("II", "F", 30) == 100
    assert threshold_uv("V2", "M", 45) == 200
    assert threshold_uv("V3", "M", 39) == 250
    assert threshold_uv("V2", "F", 70) == 150
    assert threshold_uv("V2", "", None) == 150  # unknown: the most sensitive
    assert threshold_uv("V3", "M", None) == 200


def test_stemi_needs_two_contiguous_leads():
    assert ("II", "III") in contiguous_pairs() and ("V4", "V5") in contiguous_pairs()
    assert ("II", "V1") not in contiguous_pairs()
    inferior = assess({"II": 120, "III": 180, "aVF": 150, "I": -80, "aVL": -120})
    assert inferior["suspected"] and inferior["leads"] == ["II", "III", "aVF"]
    assert "J+60" in inferior["criteria"]
    assert not assess({"II": 150, "V1": 150, "aVR": 300, "V4": 20})["suspected"]
    # V2–V3 at 180 µV: a woman's STEMI, not a man's over 40 (200), nor under 40 (250)
    v23 = {"V2": 180, "V3": 180}
    assert assess(v23, "F", 50)["suspected"]
    assert not assess(v23, "M", 50)["suspected"]
    assert not assess({"V2": 230, "V3": 230}, "M", 35)["suspected"]
    assert assess({"V2": 230, "V3": 230}, "M", 45)["leads"] == ["V2", "V3"]
    assert not assess({"II": None, "III": 500})["suspected"]


def test_age_from_dicom_age_or_dates():
    assert age_years(None, None, "042Y") == 42
    assert age_years(None, None, "006M") == 0.5
    assert age_years(date(1971, 1, 23), date(2013, 1, 25)) == 42
    assert age_years(date(1971, 1, 26), date(2013, 1, 25)) == 41
    assert age_years(None, date(2013, 1, 25), "bad") is None

"""Beats before intervals and the rhythm statement, on generated traces whose rhythm is known
by construction: sinus at three rates, atrial fibrillation (irregular R–R, no P waves),
ventricular and supraventricular premature beats, and pacing spikes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dicom.ecg_measure import measure
from dicom.ecg_synth import Beat, synth

FS = 500


def _beats(plan: list[tuple[Beat, float]], seed: int = 1) -> dict[str, np.ndarray]:
    """The beats of ``plan`` (shape, R–R to the next in ms) laid out in one trace."""
    seconds = sum(rr for _, rr in plan) / 1000
    return dict(synth(plan[0][0], fs=FS, seconds=seconds, noise_uv=10, seed=seed,
                      schedule=plan).leads)


@pytest.mark.parametrize(("hr", "code"), [(50, "sinus_brady"), (72, "sinus"),
                                          (118, "sinus_tachy")])
def test_sinus_rhythm_at_its_rate(hr, code):
    qt = 400 * math.sqrt(60 / hr)  # QT shortens with the rate (Bazett, QTc 400 ms)
    trace = synth(Beat(qt_ms=qt), hr_bpm=hr, fs=FS, noise_uv=10, wander_uv=80, seed=2)
    m = measure(trace.leads, FS)
    assert m["rhythm"]["code"] == code and m["rhythm"]["confidence"] >= 0.5
    assert abs(m["hr_bpm"] - hr) <= 2 and m["pr_ms"] is not None


def test_atrial_fibrillation_has_no_pr_and_no_p_axis():
    rng = np.random.default_rng(7)
    no_p = Beat(p_uv=0)
    trace = _beats([(no_p, float(rng.uniform(450, 1000))) for _ in range(16)])
    t = np.arange(len(trace["II"])) / FS
    for k in ("II", "III", "aVF", "V1"):  # fibrillatory waves, ~6 Hz, 40 µV
        trace[k] = trace[k] + 40 * np.sin(2 * math.pi * (6 + 0.3 * np.sin(t)) * t)
    m = measure(trace, FS)
    assert m["rhythm"]["code"] == "af", m["rhythm"]
    assert m["pr_ms"] is None and m["p_axis_deg"] is None
    assert "P" in m["reasons"]["pr_ms"]
    assert m["qrs_ms"] is not None and m["hr_bpm"] is not None


def test_pvcs_stay_in_the_rate_but_not_in_the_median_beat():
    normal, pvc = Beat(), Beat(p_uv=0, qrs_ms=150, qrs_axis=-70, t_axis=140, r_uv=1800)
    seq = []
    for i in range(14):
        seq.append((normal, 850) if i % 4 != 1 else (normal, 520))  # coupled early...
        if i % 4 == 1:
            seq.append((pvc, 1180))  # ...then the PVC and its compensatory pause
    trace = _beats(seq)
    m = measure(trace, FS)
    beats = m["quality"]["beats"]
    assert beats["ventricular"] >= 3 and beats["total"] == len(seq)
    assert abs(m["qrs_ms"] - 90) <= 12  # the dominant beat's QRS, not the PVC's 150
    duration = sum(rr for _, rr in seq[:-1]) / 60000
    assert abs(m["hr_bpm"] - (len(seq) - 1) / duration) <= 3  # all beats counted
    assert "室性早搏" in m["rhythm"]["text"]


def test_pacing_spikes_make_a_paced_rhythm():
    trace = synth(Beat(p_uv=0, qrs_ms=150), hr_bpm=70, fs=FS, noise_uv=10, seed=3)
    leads = {k: v.copy() for k, v in trace.leads.items()}
    rr = 60000 / 70
    onset = rr * 0.5
    while onset < 10000:
        i = round((onset - 8) * FS / 1000)  # a 2 ms, 4 mV spike 8 ms before each QRS
        for k in leads:
            if 0 <= i < len(leads[k]):
                leads[k][i] += 4000
        onset += rr
    m = measure(leads, FS)
    assert m["rhythm"]["code"] == "paced"
    assert m["pr_ms"] is None


def test_a_wild_lead_does_not_change_the_rate():
    """A 20 mV electrode pop in one lead used to add or hide beats (HR 171 for 83)."""
    trace = synth(Beat(), hr_bpm=83, fs=FS, noise_uv=15, seed=5)
    leads = dict(trace.leads)
    pop = leads["V3"].copy()
    pop[1200:1500] += np.linspace(0, 20000, 300)
    leads["V3"] = pop
    m = measure(leads, FS)
    assert abs(m["hr_bpm"] - 83) <= 2 and "V3" in m["quality"]["excluded"]
    assert m["st_deviation_uv"]["V3"] is None


def test_tall_t_waves_are_not_counted_as_beats():
    """A T wave three times the R wave outdoes the QRS in slope energy; it follows every
    QRS at the same delay, so it is a T wave, not a beat (HR 171 read where it was 83)."""
    trace = synth(Beat(t_uv=1500, r_uv=500, qt_ms=340), hr_bpm=83, fs=FS, noise_uv=20, seed=1)
    m = measure(trace.leads, FS)
    assert abs(m["hr_bpm"] - 83) <= 2
    assert m["quality"]["beats"]["ventricular"] == 0

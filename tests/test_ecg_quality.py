"""Signal quality first: each failure a lead can show is named, the lead is left out of the
measurement, and the values it would have given are null with a reason — on generated traces
and on real recordings when their set is there (docs/ecg_real_data.md; skipped without it)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from dicom.ecg import STANDARD_LEADS
from dicom.ecg_measure import FIELDS, apply_bounds, empty, measure
from dicom.ecg_quality import lead_quality
from dicom.ecg_synth import Beat, synth

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from ecg_bench import DATA as REAL  # noqa: E402
from ecg_bench import MISSING, available  # noqa: E402


def _real(name: str) -> tuple[dict[str, np.ndarray], float, dict]:
    if not available():
        pytest.skip(MISSING)
    labels = json.loads((REAL / "labels.json").read_text())[name]
    with np.load(REAL / "records.npz") as z:
        data = z[name].astype(float)
    return dict(zip(STANDARD_LEADS, data, strict=True)), labels["fs"], labels


def _flat(x, fs):
    return np.zeros_like(x) + 3.0


def _saturated(x, fs):
    return np.clip(x, None, 0.35 * x.max())  # the amplifier clips every R wave


def _artefact(x, fs):
    y = x.copy()
    y[int(2 * fs):int(2.6 * fs)] += 20000  # a 20 mV electrode pop
    return y


def _wander(x, fs):
    t = np.arange(len(x)) / fs
    return x + 1500 * np.sin(2 * math.pi * 0.3 * t)


def _noise(x, fs):
    return x + np.random.default_rng(3).normal(0, 150, len(x))


def _mains(x, fs):
    t = np.arange(len(x)) / fs
    return x + 250 * np.sin(2 * math.pi * 50 * t)


FAILURES = [(_flat, "flat"), (_saturated, "saturated"), (_artefact, "out_of_range"),
            (_wander, "baseline_wander"), (_noise, "noise"), (_mains, "mains")]


def _generated() -> tuple[dict[str, np.ndarray], float]:
    trace = synth(Beat(), hr_bpm=72, fs=500, noise_uv=10, wander_uv=80, seed=4)
    return dict(trace.leads), trace.fs


@pytest.mark.parametrize("source", ["generated", "real"])
@pytest.mark.parametrize(("spoil", "reason"), FAILURES)
def test_a_failing_lead_is_named_and_excluded(source, spoil, reason):
    leads, fs = _generated() if source == "generated" else _real("HR06008")[:2]
    clean = measure(leads, fs)
    assert clean["quality"]["measurable"] and clean["quality"]["excluded"] == []
    spoilt = dict(leads, V2=spoil(leads["V2"], fs))
    m = measure(spoilt, fs)
    assert reason in m["quality"]["leads"]["V2"]["reasons"]
    assert m["quality"]["excluded"] == ["V2"] and m["quality"]["measurable"]
    assert m["st_deviation_uv"]["V2"] is None
    assert "V2" in m["reasons"]["st_deviation_uv.V2"] or reason in m["reasons"][
        "st_deviation_uv.V2"]
    # the other leads still give the same rate and nearly the same intervals
    assert m["hr_bpm"] == clean["hr_bpm"]
    assert abs(m["qrs_ms"] - clean["qrs_ms"]) <= 12


def test_a_clean_lead_passes_every_check():
    leads, fs = _generated()
    assert all(lead_quality(k, v, fs).usable for k, v in leads.items())


def test_bad_limb_leads_leave_the_chest_leads_to_measure_by():
    """The limb leads off: rate, intervals and ST come from the chest leads; only the
    frontal axes, which need two limb leads, are null with that reason."""
    leads, fs = _generated()
    spoilt = {k: (_flat(v, fs) if k in ("I", "II", "III", "aVR", "aVL") else v)
              for k, v in leads.items()}
    m = measure(spoilt, fs)
    assert m["quality"]["measurable"] is True
    assert m["hr_bpm"] == 72 and m["qrs_ms"] is not None and m["st_deviation_uv"]["V2"] is not None
    for k in ("p_axis_deg", "qrs_axis_deg", "t_axis_deg"):
        assert m[k] is None and "limb" in m["reasons"][k]


def test_every_lead_bad_is_not_measurable_with_reasons():
    leads, fs = _generated()
    m = measure({k: _flat(v, fs) for k, v in leads.items()}, fs)
    assert m["quality"]["measurable"] is False
    assert m["quality"]["reasons"] == ["no usable lead"]
    assert all(m[k] is None and m["reasons"][k] for k in FIELDS)


@pytest.mark.parametrize(("record", "lead", "reason"), [
    ("JS20004", "V2", "flat"),               # electrode never connected
    ("JS20006", "II", "mains"),              # 50 Hz over the whole lead
    ("JS20006", "aVF", "noise"),
    ("JS20007", "V6", "noise"),              # a loose contact ringing for 5 s
    ("JS20011", "V2", "out_of_range"),       # a step and spikes of 14 mV
    ("JS20019", "V6", "baseline_wander"),    # an 11 mV excursion of the baseline
])
def test_real_failures_are_named(record, lead, reason):
    """Leads recorded badly in the real set (looked at one by one), each named for it."""
    leads, fs, _ = _real(record)
    m = measure(leads, fs)
    assert reason in m["quality"]["leads"][lead]["reasons"]
    assert lead in m["quality"]["excluded"] and m["st_deviation_uv"][lead] is None
    assert m["quality"]["measurable"]  # the other leads carry the measurement


@pytest.mark.parametrize("record", ["HR06006", "E07505", "HR06008"])
def test_real_clean_leads_are_kept(record):
    """A flat stretch where the recording stops (HR06006 II, aVF) and a quiet baseline at
    the trace's maximum (E07505 aVR) are not saturation."""
    leads, fs, _ = _real(record)
    assert measure(leads, fs)["quality"]["excluded"] == []


def test_real_lead_off_is_found():
    """JS20004 (Chapman–Ningbo): V2, V4 and V6 were recorded disconnected."""
    leads, fs, _ = _real("JS20004")
    m = measure(leads, fs)
    assert set(m["quality"]["excluded"]) == {"V2", "V4", "V6"}
    assert all("flat" in m["quality"]["leads"][k]["reasons"] for k in ("V2", "V4", "V6"))
    assert m["quality"]["measurable"] and m["hr_bpm"] is not None


def test_impossible_numbers_become_null_with_a_reason():
    out = {**empty(), "hr_bpm": 80, "qrs_ms": 36, "qt_ms": 700, "qtc_bazett_ms": 667,
           "qtc_fridericia_ms": 650, "t_axis_deg": 40, "pr_ms": 160,
           "st_deviation_uv": {"V2": 10380, "V3": 120}}
    apply_bounds(out)
    assert out["qrs_ms"] is None and "36" in out["reasons"]["qrs_ms"]
    assert out["qt_ms"] is None and out["qtc_bazett_ms"] is None
    assert out["st_deviation_uv"] == {"V2": None, "V3": 120}
    assert "10380" in out["reasons"]["st_deviation_uv.V2"]
    assert out["pr_ms"] == 160 and out["hr_bpm"] == 80

"""Signal quality of each lead of a 12-lead trace, before anything is measured. Pure numpy.

A lead that fails a check is excluded from measurement and named with its reasons; the
measurements say what they are based on. The checks, each on the raw trace in µV:

- ``flat``: lead off or disconnected — almost no signal (peak-to-peak under 40 µV, or the
  trace is constant over most of its length);
- ``saturated``: the amplifier clipped — the trace sits at its own extreme value on
  plateaus a real ECG never has (recurring, or long), away from where the recording
  starts or stops;
- ``out_of_range``: amplitudes no heart makes at the body surface (beyond ±8 mV after the
  baseline is removed), i.e. an artefact such as a 20 mV electrode pop;
- ``baseline_wander``: the slow baseline moves more than 2.5 mV within the trace (a
  moving electrode or breathing against a loose contact; less is removed by the spline);
- ``noise``: high-frequency noise (muscle tremor, a poor contact) whose robust level,
  outside the QRS complexes, is over 80 µV;
- ``mains``: 50 or 60 Hz interference over 100 µV.

Moderate wander and noise are left to the measurement (a spline baseline and median beats
deal with them); these thresholds mark leads whose numbers would be wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

FLAT_PTP_UV = 40.0
RANGE_UV = 8000.0
WANDER_UV = 2500.0
NOISE_UV = 80.0
MAINS_UV = 100.0
LIMB = ("I", "II", "III", "aVR", "aVL", "aVF")
PRECORDIAL = ("V1", "V2", "V3", "V4", "V5", "V6")
REASON_TEXT = {"flat": "导联脱落或无信号", "saturated": "信号饱和（削顶）",
               "out_of_range": "幅度超出生理范围（伪差）", "baseline_wander": "基线漂移严重",
               "noise": "高频噪声（肌电干扰）", "mains": "工频干扰", "too_short": "记录过短"}


@dataclass(frozen=True)
class LeadQuality:
    lead: str
    usable: bool
    reasons: tuple[str, ...] = ()
    noise_uv: float = 0.0


@dataclass(frozen=True)
class Quality:
    leads: dict[str, LeadQuality] = field(default_factory=dict)

    @property
    def good(self) -> list[str]:
        return [name for name, q in self.leads.items() if q.usable]

    def as_json(self) -> dict[str, dict]:
        return {name: {"usable": q.usable, "reasons": list(q.reasons),
                       "noise_uv": round(q.noise_uv)} for name, q in self.leads.items()}


def _moving_mean(x: np.ndarray, width: int) -> np.ndarray:
    if width <= 1:
        return x
    c = np.cumsum(np.concatenate(([0.0], x)))
    half = width // 2
    idx = np.arange(len(x))
    lo, hi = np.clip(idx - half, 0, len(x)), np.clip(idx + half + 1, 0, len(x))
    return (c[hi] - c[lo]) / (hi - lo)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _clipped(x: np.ndarray, fs: float, ptp: float) -> bool:
    """The trace sits at its own extreme on plateaus away from its ends: clipping recurs
    (two plateaus of ≥ 20 ms, e.g. each R wave cut off) or holds (one of ≥ 300 ms). A flat
    stretch where the recording starts or stops is not saturation."""
    edge = round(0.1 * fs)
    for extreme in (x.max(), x.min()):
        # a rail is exact: an amplifier or converter at its limit repeats one value (a flat
        # but living baseline still moves by a microvolt or two)
        runs = [(a, b) for a, b in _runs(np.abs(x - extreme) <= max(0.5, 1e-5 * ptp))
                if a > edge and b < len(x) - edge]
        if sum(b - a >= 0.02 * fs for a, b in runs) >= 2 or any(
                b - a >= 0.3 * fs for a, b in runs):
            return True
    return False


def mains_uv(matrix: np.ndarray, fs: float) -> np.ndarray:
    """Per row, the amplitude (µV) of the strongest 50/60 Hz sinusoid (one projection on a
    sine/cosine basis for all leads at once)."""
    if fs < 130:
        return np.zeros(len(matrix))
    t = np.arange(matrix.shape[1]) / fs
    basis = np.stack([f(2 * math.pi * hz * t) for hz in (50.0, 60.0) for f in (np.cos, np.sin)])
    proj = np.einsum("ln,bn->lb", matrix, basis) * 2 / matrix.shape[1]  # no BLAS threads
    return np.maximum(np.hypot(proj[:, 0], proj[:, 1]), np.hypot(proj[:, 2], proj[:, 3]))


def lead_quality(name: str, x: np.ndarray, fs: float, qrs_mask: np.ndarray | None = None,
                 mains: float | None = None, slow: np.ndarray | None = None) -> LeadQuality:
    """The verdict for one lead (µV samples at ``fs`` Hz); ``mains`` (its 50/60 Hz
    amplitude) and ``slow`` (its 0.6 s moving mean) when the caller has them."""
    x = np.asarray(x, dtype=float)
    reasons: list[str] = []
    if len(x) < fs:  # under a second: nothing can be judged
        return LeadQuality(name, False, ("too_short",))
    ptp = float(np.ptp(x))
    step = np.abs(np.diff(x))
    if ptp < FLAT_PTP_UV or (step < 1e-9).mean() > 0.8:
        return LeadQuality(name, False, ("flat",))
    if _clipped(x, fs, ptp):
        reasons.append("saturated")
    slow = _moving_mean(x, max(1, round(0.6 * fs))) if slow is None else slow
    centred = x - slow
    if np.abs(centred).max() > RANGE_UV or np.abs(x - np.median(x)).max() > 4 * RANGE_UV:
        reasons.append("out_of_range")
    slow_ptp = float(np.ptp(slow[round(0.3 * fs):-round(0.3 * fs) or None]))
    if slow_ptp > WANDER_UV:
        reasons.append("baseline_wander")
    fast = x - _moving_mean(x, max(3, round(0.016 * fs)))
    quiet = fast if qrs_mask is None or qrs_mask.all() else fast[~qrs_mask]
    noise = float(1.4826 * np.median(np.abs(quiet - np.median(quiet))))
    if noise > NOISE_UV:
        reasons.append("noise")
    if mains is None:
        mains = float(mains_uv(centred[None, :], fs)[0])
    if mains > MAINS_UV:
        reasons.append("mains")
    return LeadQuality(name, not reasons, tuple(reasons), noise)


def assess(leads: Mapping[str, np.ndarray], fs: float,
           qrs_mask: np.ndarray | None = None) -> Quality:
    """Per-lead verdicts; ``qrs_mask`` (True around each QRS) keeps the QRS itself out of the
    noise estimate when the caller already knows where the beats are."""
    names = list(leads)
    if not names:
        return Quality({})
    lengths = {len(leads[n]) for n in names}
    if len(lengths) != 1 or lengths.pop() < fs:
        return Quality({n: lead_quality(n, leads[n], fs, qrs_mask) for n in names})
    matrix = np.stack([np.asarray(leads[n], dtype=float) for n in names])
    slow = np.stack([_moving_mean(row, max(1, round(0.6 * fs))) for row in matrix])
    mains = mains_uv(matrix - slow, fs)
    return Quality({n: lead_quality(n, matrix[i], fs, qrs_mask, float(mains[i]), slow[i])
                    for i, n in enumerate(names)})


def summary(q: Quality) -> tuple[bool, list[str]]:
    """(measurable, reasons): at least one clean lead to measure by, and why not. (The
    frontal axes need two usable limb leads; without them only the axes are null.)"""
    if not q.good:
        return False, ["no usable lead"]
    return True, []

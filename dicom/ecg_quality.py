"""Signal quality of each lead of a 12-lead trace, before anything is measured. Pure numpy.

A lead that fails a check is excluded from measurement and named with its reasons; the
measurements say what they are based on. The checks, each on the raw trace in µV:

- ``flat``: lead off or disconnected — almost no signal (peak-to-peak under 40 µV, or the
  trace is constant over most of its length);
- ``saturated``: the amplifier clipped — the trace sits at its own extreme value for a
  long stretch (a plateau a real ECG never has);
- ``out_of_range``: amplitudes no heart makes at the body surface (beyond ±8 mV after the
  baseline is removed), i.e. an artefact such as a 20 mV electrode pop;
- ``baseline_wander``: the slow baseline moves more than 1.5 mV within the trace (a
  moving electrode or breathing against a loose contact);
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
WANDER_UV = 1500.0
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


def _longest_run(mask: np.ndarray) -> int:
    if not mask.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max())


def _mains_uv(x: np.ndarray, fs: float) -> float:
    """Amplitude (µV) of the strongest 50/60 Hz sinusoid, by correlation over the trace."""
    if fs < 130:
        return 0.0
    t = np.arange(len(x)) / fs
    best = 0.0
    for f in (50.0, 60.0):
        c, s = np.cos(2 * math.pi * f * t), np.sin(2 * math.pi * f * t)
        amp = 2 * math.hypot(float(x @ c), float(x @ s)) / len(x)
        best = max(best, amp)
    return best


def lead_quality(name: str, x: np.ndarray, fs: float, qrs_mask: np.ndarray | None = None
                 ) -> LeadQuality:
    """The verdict for one lead (µV samples at ``fs`` Hz)."""
    x = np.asarray(x, dtype=float)
    reasons: list[str] = []
    if len(x) < fs:  # under a second: nothing can be judged
        return LeadQuality(name, False, ("too_short",))
    ptp = float(np.ptp(x))
    step = np.abs(np.diff(x))
    if ptp < FLAT_PTP_UV or (step < 1e-9).mean() > 0.8:
        return LeadQuality(name, False, ("flat",))
    hi, lo = x.max(), x.min()
    span = max(ptp, 1.0)
    for extreme in (hi, lo):
        at = np.abs(x - extreme) <= 0.002 * span
        if _longest_run(at) >= 0.04 * fs and at.mean() > 0.005:
            reasons.append("saturated")
            break
    slow = _moving_mean(x, max(1, round(0.6 * fs)))
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
    if _mains_uv(centred, fs) > MAINS_UV:
        reasons.append("mains")
    return LeadQuality(name, not reasons, tuple(reasons), noise)


def assess(leads: Mapping[str, np.ndarray], fs: float,
           qrs_mask: np.ndarray | None = None) -> Quality:
    """Per-lead verdicts; ``qrs_mask`` (True around each QRS) keeps the QRS itself out of the
    noise estimate when the caller already knows where the beats are."""
    return Quality({name: lead_quality(name, x, fs, qrs_mask) for name, x in leads.items()})


def summary(q: Quality) -> tuple[bool, list[str]]:
    """(measurable, reasons): enough clean leads to measure a 12-lead ECG by, and why not."""
    good = set(q.good)
    reasons = []
    if len(good & set(LIMB)) < 2:
        reasons.append("fewer than two usable limb leads")
    if not good:
        reasons.append("no usable lead")
    return not reasons, reasons

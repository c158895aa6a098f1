"""Synthetic 12-lead ECGs whose intervals, axes and ST shifts are known by construction.

The heart is a moving dipole (x = patient's left, y = feet, z = anterior). Each wave is a sum
of "Gaussian bumps that reach zero": ``exp(-u²/2) - exp(-K²/2)`` for ``|u| < K`` (u in σ), so
every wave has an exact onset and offset. Each lead is the projection of the dipole on its
lead vector (limb leads on the hexaxial frontal system, augmented leads at √3/2 gain,
precordials in a tilted horizontal plane), so Einthoven's and Goldberger's relations hold and
a frontal axis given here is exactly the axis of the net wave area. An ST injury vector adds a
plateau from the J point that fades through the T wave; its projection on each lead is the
true ST deviation there. Used by the measurement tests and ``scripts/ecg_stemi_eval``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from dicom.ecg import STANDARD_LEADS

K = 2.0  # bumps are cut (and lowered to zero) at ±K σ
_G = math.sqrt(3) / 2
# lead vectors (x, y, z): frontal angle φ for limb leads, horizontal angle for precordials
_LIMB = {"I": (0, 1.0), "II": (60, 1.0), "III": (120, 1.0), "aVR": (-150, _G),
         "aVL": (-30, _G), "aVF": (90, _G)}
_PRECORDIAL = {"V1": 115, "V2": 94, "V3": 77, "V4": 61, "V5": 41, "V6": 0}


def lead_vectors() -> dict[str, np.ndarray]:
    """Unit-ish lead vectors in (x, y, z); limb leads have no z component."""
    out = {}
    for lead, (phi, gain) in _LIMB.items():
        r = math.radians(phi)
        out[lead] = gain * np.array([math.cos(r), math.sin(r), 0.0])
    for lead, phi in _PRECORDIAL.items():
        r = math.radians(phi)
        out[lead] = np.array([math.cos(r), 0.25, math.sin(r)])
    return out


def direction(frontal_deg: float, anterior: float = 0.0) -> np.ndarray:
    """A unit vector with the given frontal-plane angle and z (anterior) component."""
    r = math.radians(frontal_deg)
    v = np.array([math.cos(r), math.sin(r), anterior])
    return v / np.linalg.norm(v)


@dataclass(frozen=True)
class Beat:
    """One beat's timing (ms from QRS onset) and wave vectors; amplitudes in µV."""
    pr_ms: float = 160.0
    p_ms: float = 100.0
    qrs_ms: float = 90.0
    qt_ms: float = 380.0
    p_axis: float = 60.0
    qrs_axis: float = 45.0
    t_axis: float = 40.0
    p_uv: float = 150.0
    r_uv: float = 1400.0
    t_uv: float = 350.0
    st_vector: tuple[float, float, float] = (0.0, 0.0, 0.0)  # µV in (x, y, z)
    qrs_anterior: float = 0.3
    t_anterior: float = 0.6


@dataclass(frozen=True)
class Trace:
    """A generated trace and the truth behind it."""
    fs: float
    leads: dict[str, np.ndarray]
    beat: Beat
    rr_ms: float
    qrs_axis_true: float
    st_true_uv: dict[str, float] = field(default_factory=dict)


def bump(t: np.ndarray, onset: float, offset: float, peak_at: float = 0.5) -> np.ndarray:
    """A zero-ended Gaussian spanning [onset, offset] (ms), peak 1 at ``peak_at`` of the way
    (a T wave rises slowly and falls faster: its two halves have their own σ)."""
    mid = onset + peak_at * (offset - onset)
    sigma = np.where(t < mid, (mid - onset) / K, (offset - mid) / K)
    u = (t - mid) / sigma
    floor = math.exp(-K * K / 2)
    return np.where(np.abs(u) < K, (np.exp(-u * u / 2) - floor) / (1 - floor), 0.0)


def _qrs_parts(b: Beat) -> list[tuple[float, float, float, np.ndarray]]:
    """(start, end, amplitude, direction) for Q, R and S: the net area sets the true axis."""
    d = b.qrs_ms
    septal = direction(b.qrs_axis + 160, -0.6)
    main = direction(b.qrs_axis, b.qrs_anterior)
    terminal = direction(b.qrs_axis + 200, -0.8)
    return [(0.0, 0.3 * d, 0.12 * b.r_uv, septal), (0.15 * d, 0.8 * d, b.r_uv, main),
            (0.6 * d, d, 0.3 * b.r_uv, terminal)]


def true_qrs_axis(b: Beat) -> float:
    """The frontal axis of the net QRS area (what an area-based measurement should find)."""
    total = np.zeros(3)
    for start, end, amp, vec in _qrs_parts(b):
        total += amp * (end - start) * vec
    return math.degrees(math.atan2(total[1], total[0]))


def _beat_dipole(t: np.ndarray, b: Beat) -> np.ndarray:
    """The heart vector (3 × len(t)) of one beat, t in ms from QRS onset."""
    p0 = -b.pr_ms
    h = np.outer(direction(b.p_axis, 0.1), b.p_uv * bump(t, p0, p0 + b.p_ms))
    for start, end, amp, vec in _qrs_parts(b):
        h += np.outer(vec, amp * bump(t, start, end))
    t_on = b.qrs_ms + 0.25 * (b.qt_ms - b.qrs_ms)
    h += np.outer(direction(b.t_axis, b.t_anterior), b.t_uv * bump(t, t_on, b.qt_ms, 0.62))
    if any(b.st_vector):
        h += np.outer(np.array(b.st_vector), st_shape(t, b))
    return h


def st_shape(t: np.ndarray, b: Beat) -> np.ndarray:
    """1 on the ST segment (from J + 10 ms), rising from J and fading to 0 at the T end."""
    j = b.qrs_ms
    rise = np.clip((t - j + 10) / 20, 0, 1)
    fade = np.clip((b.qt_ms - t) / (b.qt_ms - j - 120), 0, 1)
    return rise * fade


def synth(beat: Beat, *, hr_bpm: float = 70.0, fs: float = 500.0, seconds: float = 10.0,
          noise_uv: float = 0.0, wander_uv: float = 0.0, seed: int = 0,
          schedule: Sequence[tuple[Beat, float]] | None = None) -> Trace:
    """A 12-lead trace of identical beats (+ white noise and a baseline wander if asked).
    ``schedule`` instead lays out given beats, each with the R–R (ms) to the next, from
    ``rr/2`` of the first (irregular rhythms, ectopic beats); ``seconds`` still sets the
    length and the truth describes ``beat``."""
    rng = np.random.default_rng(seed)
    rr = 60000.0 / hr_bpm
    n = int(seconds * fs)
    t_ms = np.arange(n) * 1000.0 / fs
    heart = np.zeros((3, n))
    plan = list(schedule) if schedule else None
    onset = (plan[0][1] if plan else rr) * 0.5
    i = 0
    while onset < t_ms[-1] + rr and (plan is None or i < len(plan)):
        shape, step = plan[i] if plan else (beat, rr)
        window = (t_ms > onset - shape.pr_ms - 50) & (t_ms < onset + shape.qt_ms + 200)
        heart[:, window] += _beat_dipole(t_ms[window] - onset, shape)
        onset += step
        i += 1
    vectors = lead_vectors()
    leads = {}
    for lead in STANDARD_LEADS:
        trace = vectors[lead] @ heart
        if noise_uv:
            trace = trace + rng.normal(0, noise_uv, n)
        if wander_uv:
            f, phase = rng.uniform(0.05, 0.35), rng.uniform(0, 2 * math.pi)
            trace = trace + wander_uv * np.sin(2 * math.pi * f * t_ms / 1000 + phase)
        leads[lead] = trace
    at_j60 = _beat_dipole(np.array([beat.qrs_ms + 60.0]), beat)[:, 0]
    st = {lead: float(vectors[lead] @ at_j60) for lead in STANDARD_LEADS}
    return Trace(fs=fs, leads=leads, beat=beat, rr_ms=rr, qrs_axis_true=true_qrs_axis(beat),
                 st_true_uv=st)

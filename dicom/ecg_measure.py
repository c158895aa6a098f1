"""Automatic ECG measurements from a median beat: pure numpy, no I/O.

The steps a cart's program takes, each kept small:
1. QRS complexes found on the summed 5–20 Hz slope energy (``dicom.ecg.qrs_peaks``), each
   aligned on its spatial-velocity peak; beats unlike the rest (ectopics) are left out.
2. Baseline wander removed by a cubic spline through one isoelectric knot per beat (the PR
   segment, just before QRS onset), which leaves the ST segment untouched — a high-pass
   filter strong enough for wander would bend it.
3. The median beat per lead, then *global* fiducials over all leads at once (as carts do:
   the earliest onset and latest offset any lead shows): QRS onset/offset where the spatial
   velocity leaves/returns to a small fraction of its QRS peak; P onset where the P wave's
   spatial magnitude rises above a fraction of its peak; T end by the tangent at the T
   wave's steepest descent meeting the baseline.
4. ST deviation per lead at J + 60 ms (J + 40 ms above 100/min, where the T wave starts
   early) against the PR-segment baseline; frontal axes of the
   net P, QRS and T areas by least squares over the six limb leads.
Anything that cannot be found honestly (no rhythm, no P wave in atrial fibrillation) is None.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from dicom import ecg_beats, ecg_quality, ecg_rhythm
from dicom.ecg_beats import Beats

ALGORITHM = "median-beat-3"  # part of the cache key: bump when the numbers would change
_QRS_FRACTION = 0.04  # of the QRS's peak spatial velocity, for onset and offset
_P_FRACTION = 0.05  # of the P wave's peak spatial magnitude, for its onset and offset
MIN_QRS_UV = 200  # a median QRS smaller than this in every lead is not measured
_SQ3 = math.sqrt(3) / 2
# frontal lead directions (degrees) and gains (augmented leads are √3/2 of a bipolar lead)
_LIMB = {"I": (0, 1.0), "II": (60, 1.0), "III": (120, 1.0), "aVR": (-150, _SQ3),
         "aVL": (-30, _SQ3), "aVF": (90, _SQ3)}
MAX_ST_UV = 1500
# hard bounds: outside them a value is an error of measurement, not a finding
BOUNDS = {"hr_bpm": (20, 300), "pr_ms": (60, 400), "qrs_ms": (40, 220), "qt_ms": (200, 650),
          "qtc_bazett_ms": (200, 700), "qtc_fridericia_ms": (200, 700)}
FIELDS = ("hr_bpm", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms", "qtc_fridericia_ms",
          "p_axis_deg", "qrs_axis_deg", "t_axis_deg")


def _smooth(x: np.ndarray, width: int) -> np.ndarray:
    """Moving average along the last axis (edges padded with the edge value)."""
    if width <= 1:
        return x
    pad = width // 2
    padded = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(pad + 1, width - 1 - pad)], mode="edge")
    total = np.cumsum(padded, axis=-1)
    return (total[..., width:] - total[..., :-width]) / width


def _velocity(beat: np.ndarray, fs: float) -> np.ndarray:
    """Spatial velocity: the length of the per-lead slope vector (µV/ms)."""
    slopes = np.gradient(_smooth(beat, max(1, round(0.008 * fs))), axis=-1) * fs / 1000
    return np.sqrt((slopes ** 2).sum(axis=0))


def _align(matrix: np.ndarray, peaks: list[int], fs: float) -> list[int]:
    """Each detected QRS moved onto its own spatial-velocity peak (within ±80 ms)."""
    reach = round(0.08 * fs)
    out = []
    for p in peaks:
        lo, hi = max(1, p - reach), min(matrix.shape[1] - 1, p + reach)
        if hi - lo < 3:
            continue
        out.append(lo + int(np.argmax(_velocity(matrix[:, lo:hi], fs))))
    return out


def _windows(matrix: np.ndarray, fids: list[int], pre: int, post: int) -> np.ndarray:
    """beats × leads × samples around each fiducial that fits in the trace."""
    keep = [f for f in fids if f - pre >= 0 and f + post <= matrix.shape[1]]
    return np.stack([matrix[:, f - pre:f + post] for f in keep]) if keep else np.empty(0)


def _median0(x: np.ndarray) -> np.ndarray:
    """``np.median(x, axis=0)``, bit for bit, for the few beats a trace holds: a sort along a
    short first axis is several times faster than numpy's partition there."""
    s = np.sort(x, axis=0)
    half = len(s) // 2
    return s[half] if len(s) % 2 else (s[half - 1] + s[half]) / 2


def _typical(beats: np.ndarray) -> np.ndarray:
    """The beats that correlate with the first median (drops ectopics), at least half."""
    template = _median0(beats).ravel()
    flat = beats.reshape(len(beats), -1)
    t = template - template.mean()
    f = flat - flat.mean(axis=1, keepdims=True)
    # sums of products, not ``@``: a BLAS product may start threads that spin on a busy core
    spread = np.sqrt((f * f).sum(axis=1) * (t * t).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = np.where(spread > 0, (f * t).sum(axis=1) / spread, 0.0)  # Pearson r per beat
    keep = corr >= min(0.9, float(np.median(corr)))
    return beats[keep]


def _spline(x: np.ndarray, y: np.ndarray, length: int) -> np.ndarray:
    """Natural cubic splines through (x, each row of y), at samples 0 … length-1 (flat
    beyond the end knots). The knots are shared, so one solve serves every row, and each
    segment is a cubic in the distance from its left knot (Horner's rule on a slice)."""
    n = len(x)
    at = np.arange(length, dtype=float)
    if n < 3:
        return np.stack([np.interp(at, x, row) for row in y])
    h = np.diff(x)
    a = np.zeros((n, n))
    a[0, 0] = a[-1, -1] = 1
    inner = np.arange(1, n - 1)
    a[inner, inner - 1], a[inner, inner], a[inner, inner + 1] = h[:-1], 2 * (h[:-1] + h[1:]), h[1:]
    slope = np.diff(y, axis=1) / h
    rhs = np.zeros((n, len(y)))
    rhs[1:-1] = (6 * (slope[:, 1:] - slope[:, :-1])).T
    m = np.linalg.solve(a, rhs).T  # second derivatives: rows × knots
    b = slope - h * (2 * m[:, :-1] + m[:, 1:]) / 6  # S = y + b·t + c·t² + d·t³ per segment
    c, d = m[:, :-1] / 2, (m[:, 1:] - m[:, :-1]) / (6 * h)
    bounds = np.clip(np.ceil(x), 0, length).astype(int)
    out = np.empty((len(y), length))
    out[:, :bounds[0]] = y[:, :1]
    out[:, bounds[-1]:] = y[:, -1:]
    for j in range(n - 1):
        lo, hi = bounds[j], bounds[j + 1] if j < n - 2 else bounds[-1]
        t = at[lo:hi] - x[j]
        out[:, lo:hi] = ((d[:, j:j + 1] * t + c[:, j:j + 1]) * t + b[:, j:j + 1]) * t + \
            y[:, j:j + 1]
    if bounds[-1] < length and x[-1] == bounds[-1]:
        out[:, bounds[-1]] = y[:, -1]  # the last knot itself, when it is a sample
    return out


def _remove_wander(matrix: np.ndarray, knots: list[int], half: int) -> np.ndarray:
    """The trace minus a spline through the mean of each lead around every knot."""
    knots = [k for k in knots if half <= k < matrix.shape[1] - half]
    if len(knots) < 2:
        return matrix - np.median(matrix, axis=1, keepdims=True)
    xs = np.array(knots, dtype=float)
    ys = np.stack([matrix[:, k - half:k + half + 1].mean(axis=1) for k in knots], axis=1)
    return matrix - _spline(xs, ys, matrix.shape[1])


def _qrs_bounds(vel: np.ndarray, fid: int, fs: float) -> tuple[int, int]:
    """QRS onset and offset: where the spatial velocity leaves / settles under a threshold."""
    reach = round(0.06 * fs)
    peak = max(vel[max(0, fid - reach):fid + reach])
    threshold = max(_QRS_FRACTION * peak, 2 * float(np.median(vel)))  # above the noise
    gap = max(1, round(0.01 * fs))  # the velocity must stay low this long (notches cross it)
    low = vel < threshold
    on = fid
    while on - gap > 0 and not low[on - gap:on].all():
        on -= 1
    off = fid
    while off + gap < len(vel) and not low[off:off + gap].all():
        off += 1
    return on, off


def _p_bounds(mag: np.ndarray, q_on: int, fs: float, noise: float,
             after: int) -> tuple[int, int] | None:
    """P onset and offset in the 350 ms before QRS onset (and after the previous beat's
    T wave, at ``after``), or None when there is no P wave."""
    lo, hi = max(0, after, q_on - round(0.35 * fs)), q_on - round(0.02 * fs)
    if hi - lo < round(0.05 * fs):
        return None
    peak = lo + int(np.argmax(mag[lo:hi]))
    height = mag[peak] - np.min(mag[lo:peak + 1])
    if peak in (lo, hi - 1) or height < max(20.0, 4 * noise):
        return None
    floor = float(np.min(mag[lo:peak + 1]))
    level = floor + _P_FRACTION * (mag[peak] - floor)
    on = peak
    first = max(lo, peak - round(0.1 * fs))  # a P wave rises within 100 ms of its peak
    while on > first and mag[on] > level:
        on -= 1
    off = peak
    while off < q_on and mag[off] > level:
        off += 1
    return (on, off) if on > lo else None


def _t_end(mag: np.ndarray, q_off: int, end: int, fs: float, rr: int) -> int | None:
    """T end: the tangent at the steepest descent after the T peak, meeting zero. The peak
    is looked for within 0.6 R–R of the J point (later is the next P wave)."""
    lo = q_off + round(0.06 * fs)
    if end - lo < round(0.1 * fs):
        return None
    smooth = _smooth(mag, max(1, round(0.02 * fs)))
    peak = lo + int(np.argmax(smooth[lo:min(end, q_off + round(0.6 * rr))]))
    slope = np.gradient(smooth)
    stop = min(end, peak + round(0.25 * fs))
    if stop - peak < 3:
        return None
    steep = peak + int(np.argmin(slope[peak:stop]))
    if slope[steep] >= 0:
        return None
    return min(end, int(round(steep + smooth[steep] / -slope[steep])))


def _axis(areas: Mapping[str, float]) -> float | None:
    """Frontal-plane angle (°) of the vector whose lead projections best fit ``areas``."""
    rows = [(_LIMB[k], v) for k, v in areas.items() if k in _LIMB]
    if len(rows) < 2:
        return None
    a = np.array([[g * math.cos(math.radians(d)), g * math.sin(math.radians(d))]
                  for (d, g), _ in rows])
    b = np.array([v for _, v in rows])
    (x, y), *_ = np.linalg.lstsq(a, b, rcond=None)
    if math.hypot(x, y) == 0:
        return None
    return round(math.degrees(math.atan2(y, x)))


def _areas(beat: np.ndarray, names: list[str], lo: int, hi: int) -> dict[str, float]:
    return {n: float(beat[i, lo:hi].sum()) for i, n in enumerate(names)}


def empty() -> dict:
    """Every measurement unknown (and why: nothing measured yet)."""
    return {**dict.fromkeys(FIELDS), "st_deviation_uv": {}, "reasons": {},
            "quality": {"measurable": False, "reasons": [], "leads": {}, "excluded": []},
            "rhythm": {"code": "undetermined", "text": ecg_rhythm.TEXT["undetermined"],
                       "confidence": 0.0, "statements": []}}


def median_beat(leads: Mapping[str, np.ndarray], fs: float, beats: Beats | None = None
                ) -> tuple[np.ndarray, int, float] | None:
    """(leads × samples median beat, index of its QRS fiducial, median R–R in ms), or None
    when fewer than three dominant beats are found. ``beats`` are the classified beats of
    these leads (found here when not given); only dominant beats make the median beat."""
    matrix = np.stack([np.asarray(v, dtype=float) for v in leads.values()])
    beats = ecg_beats.find(leads, fs) if beats is None else beats
    dominant = beats.dominant
    fids = _align(matrix, [int(p) for p in dominant], fs)
    if len(fids) < 3:
        return None
    # the R–R of the dominant rhythm: between consecutive dominant beats only
    kinds = beats.kinds
    pairs = [b - a for a, b, k0, k1 in zip(beats.peaks, beats.peaks[1:], kinds, kinds[1:],
                                          strict=False) if k0 == "N" and k1 == "N"]
    rr = float(np.median(pairs)) if pairs else float(np.median(np.diff(fids)))
    # up to the next beat's P wave at most, never its QRS
    pre, post = round(min(0.45 * fs, 0.7 * rr)), round(min(0.65 * fs, rr - 0.12 * fs))
    first = _windows(matrix - np.median(matrix, axis=1, keepdims=True), fids, pre, post)
    if len(first) < 3:
        return None
    rough = _median0(_typical(first))
    q_on, _ = _qrs_bounds(_velocity(rough, fs), pre, fs)
    knot = q_on - pre - round(0.012 * fs)  # in the PR segment, just before QRS onset
    clean = _remove_wander(matrix, [f + knot for f in fids], round(0.006 * fs))
    beats_m = _windows(clean, fids, pre, post)
    if len(beats_m) < 3:
        return None
    return _median0(_typical(beats_m)), pre, rr * 1000 / fs


def _null(out: dict, key: str, why: str) -> None:
    out[key] = None
    out["reasons"][key] = why


def apply_bounds(out: dict) -> None:
    """Numbers that cannot be true become null with the reason (never reported)."""
    for key, (lo, hi) in BOUNDS.items():
        v = out.get(key)
        if v is not None and not lo <= v <= hi:
            _null(out, key, f"implausible value {v} (outside {lo}–{hi})")
            if key == "qt_ms":
                for k in ("qtc_bazett_ms", "qtc_fridericia_ms", "t_axis_deg"):
                    _null(out, k, "QT not measurable")
    st = out["st_deviation_uv"]
    for lead, v in st.items():
        if v is not None and abs(v) > MAX_ST_UV:
            st[lead] = None
            out["reasons"][f"st_deviation_uv.{lead}"] = (
                f"implausible ST deviation {v} µV (over {MAX_ST_UV})")


def measure(leads: Mapping[str, np.ndarray], fs: float) -> dict:
    """The measurements (see ``FIELDS``), ``st_deviation_uv`` per lead, the signal
    ``quality`` they rest on, the ``rhythm``, per-lead QRS/T ``morphology`` (for the STEMI
    criteria) and the ``reasons`` a value is null; None = unknown."""
    out = empty()
    if not leads or fs <= 0:
        out["quality"]["reasons"] = ["no signal"]
        return out
    shortest = min(len(v) for v in leads.values())
    leads = {k: np.asarray(v, dtype=float)[:shortest] for k, v in leads.items()}  # one length
    q = ecg_quality.assess(leads, fs)
    measurable, why = ecg_quality.summary(q)
    out["quality"].update(leads=q.as_json(), excluded=[n for n in leads if n not in q.good])
    good = {n: np.asarray(leads[n], dtype=float) for n in q.good}
    for lead in leads:
        if lead not in good:
            out["st_deviation_uv"][lead] = None
            out["reasons"][f"st_deviation_uv.{lead}"] = "lead excluded: " + ", ".join(
                q.leads[lead].reasons)
    if not measurable:
        out["quality"]["reasons"] = why
        for key in FIELDS:
            out["reasons"][key] = "signal quality: " + "; ".join(why)
        return out
    beats = ecg_beats.find(good, fs)
    out["quality"]["beats"] = beats.counts()
    found = median_beat(good, fs, beats) if len(beats.dominant) >= 3 else None
    hr_all = beats.heart_rate()
    if found is None:
        out["quality"]["measurable"] = False
        out["quality"]["reasons"] = ["fewer than three alike beats"]
        for key in FIELDS:
            out["reasons"][key] = "fewer than three alike beats"
        return out
    beat, fid, rr_ms = found
    names = list(good)
    ms = 1000 / fs
    q_on, q_off = _qrs_bounds(_velocity(beat, fs), fid, fs)
    if np.ptp(beat[:, q_on:q_off + 1], axis=1).max(initial=0) < MIN_QRS_UV:
        out["quality"]["measurable"] = False
        out["quality"]["reasons"] = ["no credible QRS (under 200 µV in every lead)"]
        for key in FIELDS:
            out["reasons"][key] = "no credible QRS"
        return out
    out["quality"]["measurable"] = True
    base = beat[:, max(0, q_on - round(0.015 * fs)):max(1, q_on - round(0.004 * fs))]
    beat = beat - base.mean(axis=1, keepdims=True)
    mag = np.sqrt((_smooth(beat, max(1, round(0.01 * fs))) ** 2).sum(axis=0))
    # high-frequency residual (robust to the waves themselves), summed like ``mag`` is
    residual = beat - _smooth(beat, max(3, round(0.02 * fs)))
    noise = float(1.4826 * np.median(np.abs(residual)) * math.sqrt(len(names)))
    hr = hr_all if hr_all is not None else 60000 / rr_ms
    out.update(hr_bpm=round(hr), qrs_ms=round((q_off - q_on) * ms),
               qrs_axis_deg=_axis(_areas(beat, names, q_on, q_off)))
    # J + 60 ms; above 100/min J + 40 ms, where J + 60 already climbs the early T wave
    st_ms = 60 if hr <= 100 else 40
    out["st_point"] = f"J+{st_ms}"
    j60 = q_off + round(st_ms / 1000 * fs)
    if j60 + round(0.005 * fs) < beat.shape[1]:
        w = beat[:, j60 - round(0.005 * fs):j60 + round(0.005 * fs) + 1].mean(axis=1)
        out["st_deviation_uv"].update({n: round(float(v)) for n, v in zip(names, w,
                                                                           strict=True)})
    else:
        for n in names:
            out["st_deviation_uv"][n] = None
            out["reasons"][f"st_deviation_uv.{n}"] = f"R–R too short to reach J + {st_ms} ms"
    t_end = _t_end(mag, q_off, beat.shape[1], fs, round(rr_ms / ms))
    if t_end is not None and t_end > q_off:
        qt = (t_end - q_on) * ms
        out.update(qt_ms=round(qt), qtc_bazett_ms=round(qt / math.sqrt(rr_ms / 1000)),
                   qtc_fridericia_ms=round(qt / (rr_ms / 1000) ** (1 / 3)),
                   t_axis_deg=_axis(_areas(beat, names, q_off, t_end)))
    else:
        for k in ("qt_ms", "qtc_bazett_ms", "qtc_fridericia_ms", "t_axis_deg"):
            _null(out, k, "T wave end not found")
    previous_t = (t_end if t_end is not None else q_off) - round(rr_ms / ms) + round(0.02 * fs)
    p = _p_bounds(mag, q_on, fs, noise, previous_t)
    matrix = np.stack(list(good.values()))
    p_corr = ecg_rhythm.p_consistency(ecg_beats._band(matrix, fs, 1, 15), beats, fid - q_on)
    rhythm = ecg_rhythm.statement(beats, hr, p is not None, p_corr,
                                  ecg_rhythm.pacing_share(matrix, beats))
    out["rhythm"] = rhythm
    if rhythm["code"] in ("af", "paced", "no_p"):
        for k in ("pr_ms", "p_axis_deg"):
            _null(out, k, f"no consistent P wave ({rhythm['text']})")
    elif p is not None:
        out.update(pr_ms=round((q_on - p[0]) * ms),
                   p_axis_deg=_axis(_areas(beat, names, p[0], p[1])))
    else:
        for k in ("pr_ms", "p_axis_deg"):
            _null(out, k, "P wave not found")
    out["morphology"] = _morphology(beat, names, q_on, q_off, t_end, p, fs)
    if len(set(names) & set(_LIMB)) < 2:  # the frontal plane needs two limb leads
        for k in ("p_axis_deg", "qrs_axis_deg", "t_axis_deg"):
            _null(out, k, "fewer than two usable limb leads")
    apply_bounds(out)
    return out


def _morphology(beat: np.ndarray, names: list[str], q_on: int, q_off: int,
                t_end: int | None, p: tuple[int, int] | None, fs: float) -> dict[str, dict]:
    """Per lead: R (max) and S (min) of the QRS, the ST level at J + 10 ms (what the
    Sgarbossa criteria are stated at), the terminal QRS deflection (last 40 ms), the T wave's
    extreme and the PR segment level against the TP baseline (µV)."""
    out = {}
    term = max(q_on + 1, q_off - round(0.04 * fs))
    t_hi = t_end if t_end is not None else min(beat.shape[1], q_off + round(0.3 * fs))
    for i, n in enumerate(names):
        qrs = beat[i, q_on:q_off + 1]
        tw = beat[i, q_off + round(0.08 * fs):max(q_off + round(0.08 * fs) + 1, t_hi)]
        t_uv = float(tw[np.argmax(np.abs(tw))]) if len(tw) else 0.0
        pr = None
        if p is not None and p[1] < q_on:
            seg = beat[i, p[1]:q_on]
            tp = beat[i, max(0, p[0] - round(0.04 * fs)):max(1, p[0])]
            pr = float(seg.mean() - (tp.mean() if len(tp) else 0.0))
        j = min(beat.shape[1] - 1, q_off + round(0.01 * fs))  # just past the J point's slur
        out[n] = {"r_uv": round(float(qrs.max())), "s_uv": round(float(qrs.min())),
                  "st_j_uv": round(float(beat[i, j])),
                  "terminal_uv": round(float(beat[i, term:q_off + 1].mean())),
                  "t_uv": round(t_uv), "pr_uv": None if pr is None else round(pr)}
    return out

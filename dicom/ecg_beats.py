"""Beats before intervals: QRS detection across the usable leads, and each beat classified
as dominant or ectopic. Pure numpy.

Detection. Each lead's 5–20 Hz slope energy (Pan–Tompkins' band) is divided by that lead's
own typical QRS energy before the leads are averaged, so one lead with a large artefact or a
huge QRS cannot drown the others; peaks above 30 % of the typical beat's energy are QRS
complexes (200 ms refractory), and a pause longer than 1.6 median R–R is searched again at a
lower threshold (Pan–Tompkins' search-back), which finds the small beats a noisy lead or a
PVC couplet would otherwise hide.

A tall T wave taken for a beat is recognised by where it sits: "beats" unlike the dominant
one that each follow a dominant beat within 360 ms at one fixed delay (± 20 ms) are the T
waves of those beats and are dropped (a premature ventricular beat that early, R on T, is
rare enough to give up).

Classification. Every beat's QRS (±60 ms around its peak, all usable leads) is correlated with
the median QRS; the largest group of alike beats (r ≥ 0.85) is the dominant one. A beat
unlike it (mean r < 0.7, or a QRS of much larger amplitude and width) is ventricular (PVC);
a beat like it that comes early (R–R under 85 % of the local R–R) is supraventricular
premature (PAC). Ectopic beats stay in the heart
rate but not in the median beat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

REFRACTORY_S = 0.2
_SIMILAR = 0.85
_UNLIKE = 0.7
_PREMATURE = 0.85


@dataclass(frozen=True)
class Beats:
    peaks: np.ndarray  # sample index of every QRS, time order
    kinds: tuple[str, ...]  # "N" dominant, "V" ventricular ectopic, "S" premature supraventricular
    fs: float

    @property
    def dominant(self) -> np.ndarray:
        return self.peaks[[k == "N" for k in self.kinds]] if len(self.peaks) else self.peaks

    def rr_ms(self) -> np.ndarray:
        return np.diff(self.peaks) * 1000 / self.fs

    def heart_rate(self) -> float | None:
        """Beats per minute over all beats (ectopics included): beats per unit time."""
        if len(self.peaks) < 2:
            return None
        return 60 * self.fs * (len(self.peaks) - 1) / float(self.peaks[-1] - self.peaks[0])

    def counts(self) -> dict[str, int]:
        return {"total": len(self.peaks), "dominant": self.kinds.count("N"),
                "ventricular": self.kinds.count("V"), "supraventricular": self.kinds.count("S")}


def _band(matrix: np.ndarray, fs: float, lo: float, hi: float) -> np.ndarray:
    n = matrix.shape[1]
    # padding keeps the FFT filter's wrap-around off the real edges; the edge value (not
    # zero) continues the trace, so a recording that stops mid-wave leaves no step to ring
    pad = int(fs)
    freqs = np.fft.rfftfreq(n + 2 * pad, 1 / fs)
    centred = matrix - np.median(matrix, axis=1, keepdims=True)
    spectrum = np.fft.rfft(np.pad(centred, ((0, 0), (pad, pad)), mode="edge"), axis=1)
    spectrum[:, (freqs < lo) | (freqs > hi)] = 0
    return np.fft.irfft(spectrum, n + 2 * pad, axis=1)[:, pad:pad + n]


def energy(matrix: np.ndarray, fs: float) -> np.ndarray:
    """Per-lead-normalised QRS energy, averaged over leads (1 ≈ a typical beat's peak)."""
    band = _band(matrix, fs, 5, 20)
    e = np.gradient(band, axis=1) ** 2
    width = max(1, int(0.1 * fs))
    kernel = np.ones(width) / width
    e = np.stack([np.convolve(row, kernel, mode="same") for row in e])
    # a lead's "typical beat": the 98th percentile is inside QRS complexes at any rate
    scale = np.percentile(e, 98, axis=1, keepdims=True)
    scale[scale <= 0] = 1
    return np.minimum(e / scale, 3.0).mean(axis=0)  # capped: one wild lead counts as three


def _local_maxima(e: np.ndarray, above: float) -> np.ndarray:
    inner = e[1:-1]
    return np.flatnonzero((inner > e[:-2]) & (inner >= e[2:]) & (inner > above)) + 1


def _pick(e: np.ndarray, candidates: np.ndarray, refractory: int,
          taken: list[int] | None = None) -> list[int]:
    """Highest first, none within ``refractory`` of another."""
    peaks = list(taken or [])
    for i in candidates[np.argsort(-e[candidates])]:
        if all(abs(int(i) - p) > refractory for p in peaks):
            peaks.append(int(i))
    return sorted(peaks)


def detect(matrix: np.ndarray, fs: float) -> np.ndarray:
    """QRS sample indices on ``matrix`` (usable leads × samples)."""
    if matrix.size == 0 or matrix.shape[1] < fs:
        return np.empty(0, dtype=int)
    e = energy(matrix, fs)
    refractory = round(REFRACTORY_S * fs)
    first = _pick(e, _local_maxima(e, 0.15 * float(np.percentile(e, 99))), refractory)
    if len(first) < 2:
        return np.array(first, dtype=int)
    typical = float(np.median(e[first]))
    peaks = [p for p in first if e[p] >= 0.3 * typical]
    if len(peaks) >= 3:  # search back in pauses: a beat the threshold missed
        rr = float(np.median(np.diff(peaks)))
        low = _local_maxima(e, 0.12 * typical)
        bounds = [0, *peaks, len(e)]
        extra = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            if b - a > 1.6 * rr:
                inside = low[(low > a + refractory) & (low < b - refractory)]
                extra += _pick(e, inside, refractory)
        peaks = _pick(e, np.array(extra, dtype=int), refractory, peaks) if extra else peaks
    return np.array(peaks, dtype=int)


def _align(matrix: np.ndarray, peaks: np.ndarray, fs: float) -> np.ndarray:
    """Each peak moved onto the largest absolute slope sum within ±60 ms (the QRS itself)."""
    reach = round(0.06 * fs)
    slope = np.abs(np.gradient(matrix, axis=1)).sum(axis=0)
    out = []
    for p in peaks:
        lo, hi = max(0, p - reach), min(len(slope), p + reach + 1)
        out.append(lo + int(np.argmax(slope[lo:hi])))
    return np.array(sorted(set(out)), dtype=int)


def classify(matrix: np.ndarray, peaks: np.ndarray, fs: float) -> tuple[str, ...]:
    """"N" / "V" / "S" per beat (see the module docstring)."""
    n = len(peaks)
    if n < 3:
        return ("N",) * n
    half = round(0.06 * fs)
    centred = matrix - np.median(matrix, axis=1, keepdims=True)
    windows = []
    for p in peaks:
        lo, hi = p - half, p + half
        seg = np.zeros((matrix.shape[0], 2 * half))
        src = centred[:, max(0, lo):min(matrix.shape[1], hi)]
        seg[:, max(0, -lo):max(0, -lo) + src.shape[1]] = src
        windows.append((seg - seg.mean(axis=1, keepdims=True)).ravel())
    w = np.array(windows)
    norms = np.sqrt((w * w).sum(axis=1))
    norms[norms == 0] = 1
    unit = w / norms[:, None]
    sim = unit @ unit.T  # beats × beats Pearson-like similarity
    alike = sim >= _SIMILAR
    # the dominant group: the beat alike to the most others, and those alike to it
    centre = int(np.argmax(alike.sum(axis=1)))
    dominant = alike[centre]
    ref_norm = float(np.median(norms[dominant]))
    kinds = []
    rr = np.diff(peaks)
    for i in range(n):
        if not dominant[i] and (sim[i, dominant].mean() < _UNLIKE
                                or norms[i] > 1.6 * ref_norm):
            kinds.append("V")
            continue
        prev = rr[i - 1] if i > 0 else None
        local = np.median(rr[max(0, i - 4):i + 3])
        if prev is not None and prev < _PREMATURE * local and (i + 1 >= n or rr[i] > prev):
            kinds.append("S")
        else:
            kinds.append("N")
    return tuple(kinds)


def find(leads: Mapping[str, np.ndarray], fs: float) -> Beats:
    """Detected and classified beats over the given (usable) leads."""
    if not leads:
        return Beats(np.empty(0, dtype=int), (), fs)
    matrix = np.stack([np.asarray(v, dtype=float) for v in leads.values()])
    band = _band(matrix, fs, 1, 40)
    peaks = _align(band, detect(matrix, fs), fs)
    kinds = classify(band, peaks, fs)
    t_waves = _t_waves(peaks, kinds, fs)
    if t_waves:
        peaks = np.delete(peaks, t_waves)
        kinds = classify(band, peaks, fs)
    return Beats(peaks, kinds, fs)


def _t_waves(peaks: np.ndarray, kinds: tuple[str, ...], fs: float) -> list[int]:
    """Tall T waves taken for beats: "beats" unlike the dominant one, each within 360 ms of
    a dominant beat at the same delay (± 20 ms) — a T wave follows its QRS at a fixed
    interval; a premature ventricular beat that early (R on T) is rare enough to give up."""
    early = [i for i in range(1, len(peaks)) if kinds[i] != "N" and kinds[i - 1] == "N"
             and peaks[i] - peaks[i - 1] < 0.36 * fs]
    if len(early) < 3 or len(early) < 0.25 * len(peaks):
        return []
    delays = np.array([peaks[i] - peaks[i - 1] for i in early]) / fs
    if float(np.std(delays)) >= 0.02:
        return []
    # and the last T wave, whose own beat may be cut off by the end of the recording
    typical = float(np.median(delays))
    tail = [i for i in range(len(peaks) - 2, len(peaks))
            if i not in early and i > 0 and kinds[i] != "N"
            and abs((peaks[i] - peaks[i - 1]) / fs - typical) < 0.04]
    return sorted(early + tail)

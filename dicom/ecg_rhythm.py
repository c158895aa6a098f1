"""The rhythm statement, from the classified beats and the atrial activity. Pure numpy.

- **paced**: a pacing spike (a deflection far steeper than any QRS) before most QRS complexes;
- **atrial fibrillation / flutter**: R–R irregular (the median successive R–R difference over
  8 % of the R–R) without consistent P waves (the P-wave windows of the beats correlate
  under 0.8 with their median, or no P wave in the median beat) — PR and P axis are then
  not reported;
- **sinus** (brady under 60/min, tachy over 100/min): consistent P waves before the QRS (or,
  in a regular rhythm, an atrial wave consistent from beat to beat, r ≥ 0.6);
- **frequent ectopy**: ventricular or supraventricular premature beats ≥ 10 % of the beats
  (any ectopic beat is named with its count).

The confidence is a plain 0–1 score of how far the deciding measures are from their cut-offs.
"""

from __future__ import annotations

import numpy as np

from dicom.ecg_beats import Beats

IRREGULAR = 0.08
P_CONSISTENT = 0.8
TEXT = {"sinus": "窦性心律", "sinus_brady": "窦性心动过缓", "sinus_tachy": "窦性心动过速",
        "af": "心房颤动/心房扑动", "paced": "起搏心律", "no_p": "未见明确 P 波（交界性或房扑待排）",
        "undetermined": "心律无法判定"}


def irregularity(beats: Beats) -> float:
    """Median |ΔRR| / median RR over successive R–R intervals between dominant beats (an
    interval touching an ectopic beat is left out: premature beats are not irregularity);
    all intervals when fewer than three such pairs remain."""
    rr = np.diff(beats.peaks).astype(float)
    if len(rr) < 3:
        return 0.0
    k = beats.kinds
    clean = [rr[i] for i in range(len(rr)) if k[i] == "N" and k[i + 1] == "N"]
    pairs = [abs(b - a) for i, (a, b) in enumerate(zip(rr, rr[1:], strict=False))
             if k[i] == k[i + 1] == k[i + 2] == "N"]
    if len(pairs) < 3:
        pairs, clean = list(np.abs(np.diff(rr))), list(rr)
    return float(np.median(pairs) / np.median(clean))


def p_consistency(matrix: np.ndarray, beats: Beats, q_on_offset: int) -> float:
    """Median correlation of each dominant beat's P-wave window (300 → 40 ms before QRS
    onset; ``q_on_offset`` samples from the QRS peak to its onset) with their median."""
    fs = beats.fs
    lo, hi = round(0.30 * fs) + q_on_offset, round(0.04 * fs) + q_on_offset
    wins = []
    for p in beats.dominant:
        if p - lo >= 0:
            seg = matrix[:, p - lo:p - hi]
            wins.append((seg - seg.mean(axis=1, keepdims=True)).ravel())
    if len(wins) < 3:
        return 0.0
    w = np.array(wins)
    template = np.median(w, axis=0)
    t = template - template.mean()
    norms = np.sqrt((w * w).sum(axis=1) * (t * t).sum())
    norms[norms == 0] = np.inf
    return float(np.median((w @ t) / norms))


def pacing_share(matrix: np.ndarray, beats: Beats) -> float:
    """Share of beats with a pacing spike in the 250 ms before their QRS peak."""
    if len(beats.peaks) == 0 or matrix.shape[1] < 3:
        return 0.0
    d2 = np.abs(np.diff(matrix, 2, axis=1)).max(axis=0)
    qrs_d2 = np.median([d2[max(0, p - 3):p + 3].max() for p in beats.peaks])
    spikes = np.flatnonzero(d2 > max(1500.0, 4 * qrs_d2))
    if len(spikes) == 0:
        return 0.0
    reach = round(0.25 * beats.fs)
    paced = sum(bool(((spikes < p) & (spikes > p - reach)).any()) for p in beats.peaks)
    return paced / len(beats.peaks)


def statement(beats: Beats, hr: float | None, p_found: bool, p_corr: float,
              paced_share: float) -> dict:
    """{"code", "text", "confidence", "irregularity", "ectopy": {...}, "statements": [..]}."""
    counts = beats.counts()
    irr = irregularity(beats)
    out = {"irregularity": round(irr, 3), "p_wave_consistency": round(p_corr, 2),
           "beats": counts}
    if counts["total"] < 3 or hr is None:
        return {**out, "code": "undetermined", "text": TEXT["undetermined"], "confidence": 0.0,
                "statements": [TEXT["undetermined"]]}
    if paced_share >= 0.5:
        code, conf = "paced", min(1.0, paced_share)
    elif irr > IRREGULAR and (not p_found or p_corr < P_CONSISTENT):
        code = "af"
        conf = min(1.0, 0.5 + (irr - IRREGULAR) * 4 + max(0.0, P_CONSISTENT - p_corr))
    elif (p_corr >= P_CONSISTENT and (p_found or irr <= IRREGULAR)) or (
            irr <= IRREGULAR and p_corr >= 0.6):  # regular, with a consistent atrial wave
        code = "sinus_brady" if hr < 60 else "sinus_tachy" if hr > 100 else "sinus"
        conf = min(1.0, 0.4 + (p_corr - 0.6) + max(0.0, IRREGULAR - irr) * 3)
    else:
        code, conf = "no_p", 0.4
    statements = [TEXT[code]]
    total = counts["total"]
    if code != "af":
        for kind, name in (("ventricular", "室性早搏"), ("supraventricular", "房性早搏")):
            n = counts[kind]
            if n:
                frequent = "频发" if n / total >= 0.1 else "偶发"
                statements.append(f"{frequent}{name}（{n}/{total}）")
    return {**out, "code": code, "text": "，".join(statements), "confidence": round(conf, 2),
            "statements": statements, "frequent_ectopy": code != "af" and (
                counts["ventricular"] + counts["supraventricular"]) / total >= 0.1}

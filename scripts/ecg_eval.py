"""Sensitivity and specificity of the STEMI flag on generated 12-lead ECGs.

Each trace is a synthetic ECG (``dicom.ecg_synth``) with random intervals, axes, heart rate,
sex and age, white noise and a baseline wander, and an ST injury vector towards the inferior,
anterior or lateral wall scaled so that its true ST elevation sits around the Fourth
Universal Definition's thresholds (or none at all). The truth comes from what the generator
set — its ST deviation per lead at J+60 ms, judged by the definition's thresholds written out
here (``TRUTH_*``), never by importing the flag's own criteria (``dicom.ecg_stemi``), so an
error in those criteria shows as a disagreement; the flag is ``dicom.ecg_stemi.flag`` on what
``dicom.ecg_measure`` measured. Run ``scripts/bench/ecg --generated [N] [SEED]``; with
``--intervals`` it reports instead the interval and axis errors on the same kind of traces
without ST changes (from any shell: it makes the venv).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field, replace

import numpy as np

from dicom.ecg_measure import measure
from dicom.ecg_stemi import flag
from dicom.ecg_synth import Beat, direction, synth

# The truth's own statement of the Fourth Universal Definition (2018), independent of
# dicom.ecg_stemi: new ST elevation in two contiguous leads, >= 1 mm everywhere but V2-V3;
# V2-V3 >= 2 mm (men >= 40), 2.5 mm (men < 40), 1.5 mm (women).
TRUTH_GROUPS = (("II", "III", "aVF"), ("I", "aVL", "V5", "V6"))
TRUTH_CHEST = ("V1", "V2", "V3", "V4", "V5", "V6")
TRUTH_PAIRS = tuple(dict.fromkeys(
    [(a, b) for g in TRUTH_GROUPS for i, a in enumerate(g) for b in g[i + 1:]]
    + list(zip(TRUTH_CHEST, TRUTH_CHEST[1:], strict=False))))


def threshold_uv(lead: str, sex: str, age: float) -> float:
    if lead not in ("V2", "V3"):
        return 100.0
    return (200.0 if age >= 40 else 250.0) if sex == "M" else 150.0


def contiguous_pairs() -> tuple[tuple[str, str], ...]:
    return TRUTH_PAIRS


def truth(st: dict[str, float], sex: str, age: float) -> bool:
    """STEMI by the generator's ST: both leads of a contiguous pair at their threshold."""
    return any(st[a] >= threshold_uv(a, sex, age) and st[b] >= threshold_uv(b, sex, age)
               for a, b in TRUTH_PAIRS)

WALLS = {"inferior": (100, 0.1), "anterior": (30, 2.5), "lateral": (-10, 0.5)}
BANDS = (("no elevation", -math.inf, 0.01), ("<0.75×", 0.01, 0.75), ("0.75–1×", 0.75, 1.0),
         ("1–1.25×", 1.0, 1.25), ("≥1.25×", 1.25, math.inf))


@dataclass
class Tally:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, truth: bool, flagged: bool) -> None:
        if truth:
            self.tp, self.fn = self.tp + flagged, self.fn + (not flagged)
        else:
            self.fp, self.tn = self.fp + flagged, self.tn + (not flagged)


@dataclass
class Result:
    overall: Tally = field(default_factory=Tally)
    bands: dict[str, Tally] = field(default_factory=lambda: {b: Tally() for b, *_ in BANDS})
    n: int = 0


def margin(st: dict[str, float], sex: str, age: float) -> float:
    """How far the best contiguous pair is above (>1) or below (<1) its thresholds."""
    best = 0.0
    for a, b in contiguous_pairs():
        ratio = min(st[a] / threshold_uv(a, sex, age), st[b] / threshold_uv(b, sex, age))
        best = max(best, ratio)
    return best


def one_trace(rng: np.random.Generator, seed: int):
    """(trace, sex, age): a random patient, maybe with ST elevation near the threshold."""
    hr = rng.uniform(50, 110)
    qt = rng.uniform(380, 450) * math.sqrt(60 / hr)  # QT shortens with the rate (Bazett)
    beat = Beat(pr_ms=rng.uniform(120, 220), qrs_ms=rng.uniform(70, 110),
                qt_ms=qt, p_axis=rng.uniform(20, 80),
                qrs_axis=rng.uniform(-30, 100), t_axis=rng.uniform(0, 80),
                r_uv=rng.uniform(800, 2000), t_uv=rng.uniform(200, 500))
    sex, age = str(rng.choice(["M", "F"])), float(rng.integers(25, 86))
    if rng.random() > 0.2:
        wall = WALLS[str(rng.choice(list(WALLS)))]
        unit = direction(*wall)
        probe = synth(Beat(qrs_ms=beat.qrs_ms, qt_ms=beat.qt_ms, st_vector=tuple(unit * 100),
                           p_uv=0, r_uv=0, t_uv=0), seconds=2).st_true_uv
        scale = 100 / max(margin(probe, sex, age), 1e-6)  # µV for a margin of exactly 1
        beat = replace(beat, st_vector=tuple(unit * scale * rng.uniform(0.5, 1.6)))
    trace = synth(beat, hr_bpm=hr, fs=500, noise_uv=rng.uniform(5, 30),
                  wander_uv=rng.uniform(0, 200), seed=seed)
    return trace, sex, age


def run(n: int = 400, seed: int = 1) -> Result:
    rng = np.random.default_rng(seed)
    result = Result(n=n)
    for i in range(n):
        trace, sex, age = one_trace(rng, seed * 100_000 + i)
        true = truth(trace.st_true_uv, sex, age)
        flagged = flag(measure(trace.leads, trace.fs), sex, age)["suspected"]
        m = margin(trace.st_true_uv, sex, age)
        band = next(b for b, lo, hi in BANDS if lo <= m < hi)
        result.overall.add(true, flagged)
        result.bands[band].add(true, flagged)
    return result


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "—"


def table(result: Result) -> str:
    """A Markdown table: overall and by how far the truth is from the threshold."""
    rows = ["| true ST vs threshold | traces | STEMI (truth) | flagged | sensitivity "
            "| specificity |", "|---|---|---|---|---|---|"]
    for name, t in [*result.bands.items(), ("all", result.overall)]:
        total = t.tp + t.fn + t.fp + t.tn
        rows.append(f"| {name} | {total} | {t.tp + t.fn} | {t.tp + t.fp} | "
                    f"{_pct(t.tp, t.tp + t.fn)} | {_pct(t.tn, t.tn + t.fp)} |")
    return "\n".join(rows)


def interval_errors(n: int = 200, seed: int = 1) -> dict[str, list[float]]:
    """Measured minus true, per quantity, over random traces without ST changes (None is
    counted apart as 'missed')."""
    rng = np.random.default_rng(seed)
    errors: dict[str, list[float]] = {k: [] for k in ("pr_ms", "qrs_ms", "qt_ms", "p_axis_deg",
                                                      "qrs_axis_deg", "t_axis_deg")}
    errors["missed"] = []
    for i in range(n):
        trace, _, _ = one_trace(rng, seed * 100_000 + i)
        beat = replace(trace.beat, st_vector=(0.0, 0.0, 0.0))
        trace = synth(beat, hr_bpm=60000 / trace.rr_ms, fs=trace.fs, noise_uv=20,
                      wander_uv=150, seed=i)
        m = measure(trace.leads, trace.fs)
        truth = {"pr_ms": beat.pr_ms, "qrs_ms": beat.qrs_ms, "qt_ms": beat.qt_ms,
                 "p_axis_deg": beat.p_axis, "qrs_axis_deg": trace.qrs_axis_true,
                 "t_axis_deg": beat.t_axis}
        for key, true in truth.items():
            if m[key] is None:
                errors["missed"].append(1)
            else:
                diff = m[key] - true
                errors[key].append((diff + 180) % 360 - 180 if key.endswith("deg") else diff)
    return errors


def error_table(errors: dict[str, list[float]]) -> str:
    rows = ["| quantity | traces | mean error | mean abs error | 95th pct abs | max abs |",
            "|---|---|---|---|---|---|"]
    for key, values in errors.items():
        if key == "missed" or not values:
            continue
        a = np.abs(values)
        rows.append(f"| {key} | {len(values)} | {np.mean(values):+.1f} | {a.mean():.1f} | "
                    f"{np.percentile(a, 95):.1f} | {a.max():.1f} |")
    rows.append(f"| not measured | {len(errors['missed'])} | | | | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    intervals = "--intervals" in args
    args = [a for a in args if a != "--intervals"]
    n = int(args[0]) if args else 400
    seed = int(args[1]) if len(args) > 1 else 1
    print(error_table(interval_errors(n, seed)) if intervals else table(run(n, seed)))
    return 0

"""The STEMI flag, rhythm and measurements on real labelled 12-lead recordings.

Truth comes only from the labels that came with each recording (``docs/ecg_real_data.md``;
labels.json``: the diagnosis codes of the PhysioNet/CinC challenge and PTB headers, mapped
to classes by ``scripts/ecg_real_import.py``); nothing of ``dicom.ecg_stemi`` or
``dicom.ecg_measure`` decides what is true. A recording labelled ``st_elevation`` should be
flagged; every other recording should not. Reported per class: recordings, flagged,
sensitivity or specificity; the share with a measurable verdict; the invariants the issue
asks for (no PR / P axis in atrial fibrillation, no value outside its hard bounds, the same
flag and rhythm at 10 s and at full length); and the measurement time per 10 s ECG. The
reference in the same run is the Fourth Universal Definition's thresholds alone on the same
measurements (no mimics weighed), which is what the flag was before.

Run: ``scripts/bench/ecg [--repeat N] [--data DIR]``. ``--data`` evaluates another set in the
same format (``labels.json`` and ``records.npz``, as ``scripts/ecg_real_import.py`` makes
them from any WFDB/CinC directory), e.g. a larger labelled set kept outside the repository.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from dicom.ecg import STANDARD_LEADS
from dicom.ecg_measure import BOUNDS, MAX_ST_UV, measure
from dicom.ecg_stemi import assess, flag

# The recordings are public data fetched from other repositories, which this repository does
# not carry (docs/ecg_real_data.md says where they come from and how to convert them): they
# are looked for where TELECONSULT_ECG_REAL points, else in ../shared/ecg_real beside the
# checkout.
DATA = Path(os.environ.get("TELECONSULT_ECG_REAL")
            or Path(__file__).resolve().parents[2] / "shared" / "ecg_real")
MISSING = (f"no labelled real ECG set at {DATA} (set TELECONSULT_ECG_REAL; "
           "docs/ecg_real_data.md says how to make one)")


def available(data: Path = DATA) -> bool:
    return (data / "labels.json").is_file() and (data / "records.npz").is_file()
POSITIVE = "st_elevation"
ORDER = ("st_elevation", "mi_acute", "mi", "mi_old", "ischemia", "normal", "lbbb", "rbbb",
         "incomplete_rbbb", "ivcd", "af", "avb1", "pvc", "pac", "lvh", "st_depression",
         "st_t_change", "t_abnormal",
         "sinus_brady", "sinus_tachy")


def load(data: Path = DATA) -> tuple[dict, dict[str, np.ndarray]]:
    labels = json.loads((data / "labels.json").read_text())
    with np.load(data / "records.npz") as z:
        return labels, {k: z[k].astype(float) for k in labels}


def _violations(m: dict) -> list[str]:
    out = [f"{k}={m[k]}" for k, (lo, hi) in BOUNDS.items()
           if m.get(k) is not None and not lo <= m[k] <= hi]
    out += [f"ST {k}={v}" for k, v in m["st_deviation_uv"].items()
            if v is not None and abs(v) > MAX_ST_UV]
    return out


def run(repeat: int = 1, data_dir: Path = DATA) -> dict:
    labels, data = load(data_dir)
    rows: dict[str, dict] = {}
    times: list[float] = []
    cpu: list[float] = []
    for name, meta in labels.items():
        a, fs = data[name], meta["fs"]
        ten = dict(zip(STANDARD_LEADS, a[:, :int(10 * fs)], strict=True))
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            m = measure(ten, fs)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        f = flag(m, meta["sex"], meta["age"])
        reference = assess(m["st_deviation_uv"], meta["sex"], meta["age"])["suspected"] if (
            m["quality"]["measurable"]) else False
        full = measure(dict(zip(STANDARD_LEADS, a, strict=True)), fs)
        f_full = flag(full, meta["sex"], meta["age"])
        rows[name] = {
            "classes": meta["classes"], "flag": f["suspected"], "reference": reference,
            "criterion": f["criterion"], "mimic": f["mimic"], "conduction": f["conduction"],
            "measurable": m["quality"]["measurable"], "rhythm": m["rhythm"]["code"],
            "pr_in_af": "af" in meta["classes"] and (m["pr_ms"] is not None
                                                    or m["p_axis_deg"] is not None),
            "violations": _violations(m) + _violations(full),
            "same_full": (f_full["suspected"], full["rhythm"]["code"]) == (
                f["suspected"], m["rhythm"]["code"]),
            "seconds": a.shape[1] / fs}
    return {"rows": rows, "times": times, "cpu": cpu}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "—"


def tables(result: dict) -> str:
    rows = result["rows"]
    per: dict[str, list[dict]] = defaultdict(list)
    for r in rows.values():
        for c in r["classes"] or ["unlabelled"]:
            per[c].append(r)
    out = ["| class (label) | recordings | flagged | flagged, UDMI alone | sensitivity "
           "| specificity |", "|---|---|---|---|---|---|"]
    for c in [*[c for c in ORDER if c in per], *sorted(set(per) - set(ORDER))]:
        rs = per[c]
        n, fl, ref = len(rs), sum(r["flag"] for r in rs), sum(r["reference"] for r in rs)
        pos = c == POSITIVE
        out.append(f"| {c} | {n} | {fl} | {ref} | {_pct(fl, n) if pos else '—'} | "
                   f"{'—' if pos else _pct(n - fl, n)} |")
    neg = [r for r in rows.values() if POSITIVE not in r["classes"]]
    pos = [r for r in rows.values() if POSITIVE in r["classes"]]
    bbb = [r for r in neg if {"lbbb", "rbbb"} & set(r["classes"])]
    out += ["", "| overall | recordings | flagged | flagged, UDMI alone | value |",
            "|---|---|---|---|---|",
            f"| sensitivity (ST elevation) | {len(pos)} | {sum(r['flag'] for r in pos)} | "
            f"{sum(r['reference'] for r in pos)} | "
            f"{_pct(sum(r['flag'] for r in pos), len(pos))} |",
            f"| specificity (all others) | {len(neg)} | {sum(r['flag'] for r in neg)} | "
            f"{sum(r['reference'] for r in neg)} | "
            f"{_pct(sum(not r['flag'] for r in neg), len(neg))} |",
            f"| specificity, bundle branch block | {len(bbb)} | "
            f"{sum(r['flag'] for r in bbb)} | {sum(r['reference'] for r in bbb)} | "
            f"{_pct(sum(not r['flag'] for r in bbb), len(bbb))} |"]
    t, c = np.array(result["times"]), np.array(result["cpu"])
    af = [r for r in rows.values() if "af" in r["classes"]]
    longer = [r for r in rows.values() if r["seconds"] > 10.5]
    fired = [f"{k}: {r['criterion']}" for k, r in rows.items() if r["flag"]]
    out += ["", f"- measurable verdict: {sum(r['measurable'] for r in rows.values())} of "
            f"{len(rows)} ({_pct(sum(r['measurable'] for r in rows.values()), len(rows))})",
            f"- PR or P axis reported in AF: {sum(r['pr_in_af'] for r in af)} of {len(af)}",
            f"- values outside hard bounds: "
            f"{sum(bool(r['violations']) for r in rows.values())}",
            f"- same flag and rhythm at 10 s and full length: "
            f"{sum(r['same_full'] for r in longer)} of {len(longer)} recordings longer than "
            f"10 s",
            f"- rhythm called AF: {sum(r['rhythm'] == 'af' for r in af)} of {len(af)} AF; "
            f"{sum(r['rhythm'] == 'af' for r in rows.values() if 'af' not in r['classes'])}"
            f" of {len(rows) - len(af)} others",
            f"- flags raised: {', '.join(fired) or 'none'}",
            f"- measurement time per 10 s 12-lead ECG: median {np.median(t):.1f} ms, "
            f"p99 {np.percentile(t, 99):.1f} ms, max {t.max():.1f} ms ({len(t)} runs); CPU "
            f"time median {np.median(c):.1f} ms, p99 {np.percentile(c, 99):.1f} ms; load "
            f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 1
    data = Path(args[args.index("--data") + 1]) if "--data" in args else DATA
    if not available(data):
        print(MISSING if data == DATA else f"no labels.json and records.npz in {data}",
              file=sys.stderr)
        return 2
    print(tables(run(repeat, data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

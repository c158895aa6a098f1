"""Turn public labelled 12-lead recordings (WFDB headers with MATLAB v4 or format-16 signal
files) into the compact set the evaluation reads (docs/ecg_real_data.md; not committed here):
one compressed ``records.npz``
(int16 µV, 12 × samples, standard lead order) and ``labels.json`` (source, sampling rate,
sex, age, the diagnosis labels as given, and our evaluation classes derived from them).

Run once by hand when the set changes: ``python scripts/ecg_real_import.py OUT_DIR SRC...``
where each SRC is a directory of ``*.hea`` files. Needs numpy only (the MATLAB v4 files the
PhysioNet/CinC challenges ship are a 24-byte header followed by the int16 samples).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

LEADS = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")
# SNOMED CT codes (PhysioNet/CinC 2020–21) and CPSC 2018 names → evaluation classes
CODES = {
    "426783006": "normal", "Normal": "normal",
    "164931005": "st_elevation", "STE": "st_elevation",
    "429622005": "st_depression", "STD": "st_depression",
    "164889003": "af", "AF": "af", "164890007": "flutter",
    "59118001": "rbbb", "713427006": "rbbb", "RBBB": "rbbb",
    "164909002": "lbbb", "733534002": "lbbb", "LBBB": "lbbb",
    "270492004": "avb1", "I-AVB": "avb1",
    "427172004": "pvc", "17338001": "pvc", "PVC": "pvc",
    "284470004": "pac", "63593006": "pac", "PAC": "pac",
    "426177001": "sinus_brady", "427084000": "sinus_tachy",
    "164873001": "lvh", "55827005": "lvh", "10370003": "paced",
    "164934002": "t_abnormal", "59931005": "t_abnormal", "55930002": "st_t_change",
    "428750005": "st_t_change", "713426002": "incomplete_rbbb", "698252002": "ivcd",
    # infarction labels say nothing about ST elevation still being present (PTB's are mostly
    # days to weeks after onset): kept apart from st_elevation, reported on their own
    "164865005": "mi", "57054005": "mi_acute", "164867002": "mi_old",
    "164861001": "ischemia", "413844008": "ischemia",
}


def read_header(path: Path) -> dict:
    lines = path.read_text().splitlines()
    name, nsig, fs, nsamp = lines[0].split()[:4]
    signals = [line.split() for line in lines[1:1 + int(nsig)]]
    comments = [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
    meta = {}
    for c in comments:
        if ":" in c:
            k, v = c.split(":", 1)
            meta[k.strip().lower()] = v.strip()
    # some redistributed CinC headers name the record after its signal file ("E00009.mat")
    return {"name": name.removesuffix(".mat"), "fs": float(fs), "n": int(nsamp), "signals": signals,
            "meta": meta}


def read_signals(hea: Path, h: dict) -> np.ndarray:
    """leads × samples in µV, standard order."""
    file = hea.parent / h["signals"][0][0]
    raw = file.read_bytes()
    offset = 24 if file.suffix == ".mat" else 0
    signals = [s for s in h["signals"] if s[0] == file.name]  # PTB keeps Frank leads apart
    nsig = len(signals)
    data = np.frombuffer(raw[offset:offset + 2 * nsig * h["n"]], "<i2").reshape(h["n"], nsig).T
    out = {}
    for row, sig in zip(data, signals, strict=True):
        gain = float(re.match(r"[\d.]+", sig[2]).group())
        baseline = int(sig[4]) if len(sig) > 4 and sig[4].lstrip("-").isdigit() else 0
        lead = {k.lower(): k for k in LEADS}.get(sig[-1].lower())
        if lead:
            out[lead] = (row.astype(float) - baseline) * 1000 / gain
    return np.stack([np.round(out[k]) for k in LEADS]).astype(np.int16)


def labels_of(h: dict) -> tuple[list[str], list[str]]:
    meta = h["meta"]
    raw = [x.strip() for x in meta.get("dx", "").split(",") if x.strip()]
    classes = sorted({CODES[x] for x in raw if x in CODES})
    if meta.get("reason for admission", "").lower().startswith("myocardial infarction"):
        raw = [f"PTB: {meta['reason for admission']}; acute infarction: "
               f"{meta.get('acute infarction (localization)', '')}"]
        # an acute MI, but recorded days after the infarction (and lysis): the label says
        # infarction, not that ST elevation is still present
        classes = ["mi_acute"]
    return raw, classes


def main(argv: list[str]) -> int:
    out_dir, sources = Path(argv[0]), [Path(a) for a in argv[1:]]
    arrays, labels = {}, {}
    for src in sources:
        for hea in sorted(src.glob("*.hea")):
            h = read_header(hea)
            raw, classes = labels_of(h)
            arrays[h["name"]] = read_signals(hea, h)
            sex = h["meta"].get("sex", "")[:1].upper()
            age = h["meta"].get("age", "")
            labels[h["name"]] = {
                "source": src.name, "fs": h["fs"], "samples": h["n"],
                "sex": sex if sex in ("M", "F") else "",
                "age": int(age) if age.isdigit() else None,
                "labels": raw, "classes": classes}
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_dir / "records.npz", **arrays)
    (out_dir / "labels.json").write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(arrays)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The STEMI sensitivity/specificity script on a small generated set (the full run is in
docs/ecg.md)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from ecg_eval import run, table  # noqa: E402


def test_small_set_flags_clear_stemis_and_clear_normals_right():
    result = run(n=30, seed=5)
    bands = result.bands
    clear_pos, clear_neg = bands["≥1.25×"], bands["<0.75×"]
    assert clear_pos.tp + clear_pos.fn > 0 and clear_neg.tn + clear_neg.fp > 0
    assert clear_pos.fn == 0 and clear_neg.fp == 0 and bands["no elevation"].fp == 0
    o = result.overall
    assert o.tp + o.fn + o.fp + o.tn == 30
    assert o.tp / (o.tp + o.fn) >= 0.8 and o.tn / (o.tn + o.fp) >= 0.7
    near = ("0.75–1×", "1–1.25×")  # errors happen only within a quarter of the threshold
    assert sum(t.fp + t.fn for name, t in bands.items() if name not in near) == 0
    text = table(result)
    assert "| all | 30 |" in text and "sensitivity" in text

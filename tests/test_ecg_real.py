"""Measurements, rhythm and the STEMI flag on the real labelled recordings (truth from their
labels; docs/ecg_real_data.md). The recordings are not in this repository: without them
(TELECONSULT_ECG_REAL or ../shared/ecg_real) these tests are skipped."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from ecg_bench import DATA, MISSING, available, main, run, tables  # noqa: E402

if not available():
    pytest.skip(MISSING, allow_module_level=True)


@pytest.fixture(scope="module")
def result():
    return run(1)


def test_every_recording_gets_a_measurable_verdict_within_bounds(result):
    rows = result["rows"]
    assert len(rows) == 71
    assert all(r["measurable"] for r in rows.values())
    assert [k for k, r in rows.items() if r["violations"]] == []


def test_no_pr_or_p_axis_when_the_rhythm_is_called_af(result):
    called_af = [k for k, r in result["rows"].items() if r["rhythm"] == "af"]
    assert {"A0003", "A0004", "A0009"} <= set(called_af)  # labelled AF (CPSC 2018)
    assert not any(r["pr_in_af"] for k, r in result["rows"].items() if k in called_af)


def test_no_false_stemi_on_bundle_branch_block_or_normal(result):
    rows = result["rows"].values()
    bbb = [r for r in rows if {"rbbb", "lbbb"} & set(r["classes"])]
    normal = [r for r in rows if "normal" in r["classes"]]
    assert bbb and not any(r["flag"] for r in bbb)
    assert normal and not any(r["flag"] for r in normal)
    others = [r for r in rows if "st_elevation" not in r["classes"]]
    assert sum(not r["flag"] for r in others) / len(others) >= 0.9


def test_the_same_verdict_at_10_s_and_full_length(result):
    longer = {k: r for k, r in result["rows"].items() if r["seconds"] > 10.5}
    assert len(longer) == 15  # CPSC 2018 (up to 54 s) and PTB (38 s)
    assert [k for k, r in longer.items() if not r["same_full"]] == []


def test_the_tables_name_every_class(result):
    text = tables(result)
    assert "| normal | 17 |" in text and "| rbbb | 7 |" in text
    assert "p99" in text


def test_another_labelled_set_is_evaluated_from_its_own_directory(tmp_path):
    """``--data DIR``: a set kept elsewhere, in the same format, is read instead."""
    labels = json.loads((DATA / "labels.json").read_text())
    chosen = {k: labels[k] for k in ("A0001", "E07506", "HR06004")}
    chosen["E07506"] = {**chosen["E07506"], "classes": ["st_elevation"]}  # a label, not a fact
    with np.load(DATA / "records.npz") as z:
        np.savez_compressed(tmp_path / "records.npz", **{k: z[k] for k in chosen})
    (tmp_path / "labels.json").write_text(json.dumps(chosen))
    result = run(1, tmp_path)
    assert sorted(result["rows"]) == ["A0001", "E07506", "HR06004"]
    text = tables(result)
    assert "| sensitivity (ST elevation) | 1 | 0 |" in text  # a normal trace is not flagged
    assert "| specificity, bundle branch block | 1 | 0 |" in text
    assert main(["--data", str(tmp_path)]) == 0

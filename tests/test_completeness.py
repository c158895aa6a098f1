"""The one-loop completeness walk against the recursive one, on every pydicom sample file
cut at many places: both must find the same thing (whole, or cut with the same reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydicom.data import get_testdata_file, get_testdata_files

from dicom import completeness
from dicom.completeness import Incomplete, check_complete

SAMPLES = sorted({Path(p) for p in get_testdata_files("*.dcm")})


def _outcome(path: Path) -> str | None:
    try:
        check_complete(path)
    except Incomplete as exc:
        return str(exc)
    return None


def _recursive_only(monkeypatch: pytest.MonkeyPatch, path: Path) -> str | None:
    def fall_back(*_args: object) -> None:
        raise completeness._Fallback()
    with monkeypatch.context() as m:
        m.setattr(completeness, "_flat", fall_back)
        return _outcome(path)


def _cuts(size: int) -> list[int]:
    return sorted({size - 1, size - 9, size - 200, size * 3 // 4 + 1, size // 2 + 1,
                   size // 3 + 3, size // 5 + 7, 300, 200} & set(range(133, size)))


def test_the_samples_are_many_and_include_waveforms() -> None:
    assert len(SAMPLES) > 50
    assert any(p.name == "waveform_ecg.dcm" for p in SAMPLES)


@pytest.mark.parametrize("src", SAMPLES, ids=lambda p: p.name)
def test_one_loop_walk_agrees_with_the_recursive_walk(src: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    data = src.read_bytes()
    assert _outcome(src) == _recursive_only(monkeypatch, src)
    cut = tmp_path / "cut.dcm"
    for keep in _cuts(len(data)):
        cut.write_bytes(data[:keep])
        assert _outcome(cut) == _recursive_only(monkeypatch, cut), keep


def test_an_ecg_cut_inside_its_annotation_items_is_found(tmp_path: Path) -> None:
    data = Path(get_testdata_file("waveform_ecg.dcm")).read_bytes()
    start = data.index(b"\x40\x00\x20\xb0")  # (0040,B020) Waveform Annotation Sequence
    cut = tmp_path / "cut.dcm"
    for keep in range(start + 12, start + 4000, 97):
        cut.write_bytes(data[:keep])
        with pytest.raises(Incomplete):
            check_complete(cut)

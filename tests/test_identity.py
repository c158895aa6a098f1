"""The fast identity scan agrees with pydicom's reader, or steps aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydicom.data import get_testdata_file, get_testdata_files

from dicom.fields import UnreadableDataset, read_identity
from dicom.identity import Identity, identity_of, read_ids, scan_identity

FILES = sorted(get_testdata_files())


@pytest.mark.parametrize("name", [Path(p).name for p in FILES])
def test_scan_agrees_with_pydicom_or_falls_back(name: str) -> None:
    path = next(Path(p) for p in FILES if Path(p).name == name)
    fast = scan_identity(path)
    if fast is None:
        return  # clean fallback: pydicom decides
    assert fast == identity_of(read_identity(path))


def test_common_files_take_the_fast_path() -> None:
    for name in ("CT_small.dcm", "waveform_ecg.dcm", "MR_small.dcm"):
        ids = scan_identity(Path(get_testdata_file(name)))
        assert ids is not None and ids.study_uid and ids.series_uid and ids.sop_instance_uid


def test_truncated_and_garbage(tmp_path: Path) -> None:
    data = Path(get_testdata_file("CT_small.dcm")).read_bytes()
    for cut in (0, 100, 131, 132, 140, 300, 600, 900):
        p = tmp_path / f"cut{cut}.dcm"
        p.write_bytes(data[:cut])
        fast = scan_identity(p)
        try:
            slow: Identity | None = identity_of(read_identity(p))
        except UnreadableDataset:
            slow = None
        assert fast is None or fast == slow
    junk = tmp_path / "junk.dcm"
    junk.write_bytes(b"\x00" * 128 + b"DICM" + b"\xff" * 64)
    assert scan_identity(junk) is None
    with pytest.raises(UnreadableDataset):
        read_ids(tmp_path / "missing.dcm")

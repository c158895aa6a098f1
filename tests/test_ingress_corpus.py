"""Ingress against corpus quirks (issue 12): re-sends in another syntax or without trailing
padding, retired ultrasound classes; real DCMTK storescu and ``teleconsult push``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataelem import DataElement

from dicom.push import push
from dicom.status import Status
from tests.test_dicom_ingress import (  # noqa: F401 - fixtures
    Running,
    dcmtk,
    scp,
    send_with_pynetdicom,
    start,
)

MR = get_testdata_file("MR_small.dcm")
MR_RLE = get_testdata_file("MR_small_RLE.dcm")  # the same instance (same UIDs), RLE
MR_J2K = get_testdata_file("MR_small_jp2klossless.dcm")
CT = get_testdata_file("CT_small.dcm")
US_PALETTE = get_testdata_file("color-pl.dcm")  # retired Ultrasound Image Storage
US_RGB = get_testdata_file("color-px.dcm")


def test_same_instance_in_another_syntax_is_success_first_copy_kept(scp: Running) -> None:  # noqa: F811
    assert dcmtk("storescu", scp.port, MR).returncode == 0
    first = scp.stored()[0].read_bytes()
    for other in (MR_RLE, MR_J2K):
        assert send_with_pynetdicom(scp.port, Path(other)) == Status.SUCCESS, other
    assert [p.read_bytes() for p in scp.stored()] == [first]
    assert len(scp.arrivals()) == 1


def test_resend_without_trailing_padding_is_success(scp: Running, tmp_path: Path) -> None:  # noqa: F811
    padded = tmp_path / "padded.dcm"
    ds = dcmread(CT)
    ds.add(DataElement(0xFFFCFFFC, "OB", b"\x00" * 256))  # Data Set Trailing Padding
    ds.save_as(padded)
    assert dcmtk("storescu", scp.port, str(padded)).returncode == 0
    first = scp.stored()[0].read_bytes()
    result = push("127.0.0.1", scp.port, [Path(CT)], calling_ae="FUTIAN_CT", progress=False)
    assert (result.sent, result.failed) == (1, 0), result.failures
    assert [p.read_bytes() for p in scp.stored()] == [first]


def test_other_content_under_the_same_uid_is_still_refused(scp: Running,  # noqa: F811
                                                           tmp_path: Path) -> None:
    changed = tmp_path / "changed.dcm"
    ds = dcmread(MR)
    arr = ds.pixel_array.copy()
    arr[0, 0] += 1
    ds.PixelData = arr.tobytes()
    ds.save_as(changed)
    assert dcmtk("storescu", scp.port, MR).returncode == 0
    assert send_with_pynetdicom(scp.port, changed) == Status.DUPLICATE_SOP_INSTANCE
    ds = dcmread(MR)
    ds.PatientName = "Someone^Else"
    ds.save_as(changed)
    assert send_with_pynetdicom(scp.port, changed) == Status.DUPLICATE_SOP_INSTANCE
    assert np.array_equal(dcmread(scp.stored()[0]).pixel_array, dcmread(MR).pixel_array)


def test_retired_ultrasound_classes_negotiated(scp: Running, tmp_path: Path) -> None:  # noqa: F811
    multi = tmp_path / "us_multiframe.dcm"
    ds = dcmread(US_RGB)
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.3"
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID + ".3"
    ds.NumberOfFrames = 1
    ds.save_as(multi)
    rgb = tmp_path / "us_rgb.dcm"  # color-px is color-pl's image (same UIDs) in RGB
    ds = dcmread(US_RGB)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID + ".6"
    ds.save_as(rgb)
    for path in (Path(US_PALETTE), multi):
        assert send_with_pynetdicom(scp.port, path) == Status.SUCCESS, path
    result = dcmtk("storescu", scp.port, "-R", str(rgb))  # DCMTK proposes the retired class
    assert result.returncode == 0, result.stderr
    assert len(scp.stored()) == 3
    classes = {str(dcmread(p).SOPClassUID) for p in scp.stored()}
    assert classes == {"1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.3"}

"""C-MOVE and C-GET send each instance in a transfer syntax the receiving peer accepted for
its SOP class (PS3.4 C.4.2/C.4.3, PS3.7 9.1.1), with real DCMTK peers: a storescp that
accepts only uncompressed syntaxes gets a JPEG / JPEG 2000 instance decoded (the same
instance, the pixels the original decodes to); one that accepts everything gets the stored
bytes; an instance that cannot be decoded is a failed sub-operation (warning status, a log
line), never sent in a syntax the peer refused."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.encaps import encapsulate, generate_frames
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEGBaseline8Bit

from teleconsult.ingress.negotiation import retrieval_plan
from teleconsult.store.files import Storage
from tests.test_dicom_ingress import start  # noqa: F401 - the SCP fixture
from tests.test_qr import VIEW_PORT, _run, settings, storescp  # noqa: F401 - fixtures

pytestmark = pytest.mark.skipif(shutil.which("movescu") is None, reason="DCMTK not installed")

JPEG = get_testdata_file("SC_rgb_jpeg_dcmtk.dcm")  # JPEG Baseline, YBR_FULL_422
J2K = get_testdata_file("MR_small_jp2klossless.dcm")  # JPEG 2000 lossless
NATIVE = (ExplicitVRLittleEndian, ImplicitVRLittleEndian)


def _study(path: str | Path) -> str:
    return str(dcmread(path).StudyInstanceUID)


def _broken_j2k(tmp_path: Path) -> Path:
    """A second instance of J2K's study whose codestream does not decode."""
    ds = dcmread(J2K)
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = encapsulate([frame[:40] + b"\x00" * (len(frame) - 40)])
    ds.SOPInstanceUID += ".9"
    out = tmp_path / "broken.dcm"
    ds.save_as(out)
    return out


def _move(port: int, study: str) -> str:
    return _run("movescu", port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
                f"StudyInstanceUID={study}", extra=("-aem", "FUTIAN_VIEW"))


def _same_pixels(got: Path, original: str) -> None:
    ds = dcmread(got)
    assert ds.file_meta.TransferSyntaxUID in NATIVE, ds.file_meta.TransferSyntaxUID
    assert ds.SOPInstanceUID == dcmread(original).SOPInstanceUID  # the same instance
    assert np.array_equal(ds.pixel_array, dcmread(original).pixel_array)


def test_move_to_an_uncompressed_only_peer_decodes(
        settings, store_file, start, storescp, tmp_path, caplog):  # noqa: F811
    store_file(JPEG, "FUTIAN_CT")
    store_file(J2K, "FUTIAN_CT")
    broken = _broken_j2k(tmp_path)
    store_file(broken, "FUTIAN_CT")
    scp = start()
    received = storescp("FUTIAN_VIEW", VIEW_PORT, "+x=")  # storescp: uncompressed only
    log = _move(scp.port, _study(JPEG))
    (got,) = list(received.iterdir())
    assert "status                  : 0x0000" in log.lower(), log
    _same_pixels(got, JPEG)
    got.unlink()
    with caplog.at_level(logging.WARNING, logger="teleconsult.ingress.qr"):
        log = _move(scp.port, _study(J2K))
    (got,) = list(received.iterdir())  # the good one; the broken one never left
    _same_pixels(got, J2K)
    assert "status                  : 0xb000" in log.lower(), log  # warning: 1 failed
    assert dcmread(broken).SOPInstanceUID in log  # Failed SOP Instance UID List
    assert any("not sent, counted as failed: cannot decode" in r.getMessage()
               and dcmread(broken).SOPInstanceUID in r.getMessage() for r in caplog.records)


def test_move_to_a_peer_taking_the_stored_syntax_sends_it_as_stored(
        settings, store_file, start, storescp):  # noqa: F811
    store_file(JPEG, "FUTIAN_CT")
    scp = start()
    received = storescp("FUTIAN_VIEW", VIEW_PORT, "+xa")  # accepts JPEG Baseline too
    log = _move(scp.port, _study(JPEG))
    (got,) = list(received.iterdir())
    ds = dcmread(got)
    assert ds.file_meta.TransferSyntaxUID == JPEGBaseline8Bit, log
    assert ds.PixelData == dcmread(JPEG).PixelData  # the stored bytes, not re-encoded


def test_get_proposing_only_uncompressed_decodes_or_fails(settings, store_file, start,  # noqa: F811
                                                         tmp_path):
    store_file(JPEG, "FUTIAN_CT")
    store_file(J2K, "FUTIAN_CT")
    broken = _broken_j2k(tmp_path)
    store_file(broken, "FUTIAN_CT")
    scp = start()
    for original in (JPEG, J2K):
        out = tmp_path / f"got-{Path(original).stem}"
        out.mkdir()
        log = _run("getscu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
                   f"StudyInstanceUID={_study(original)}",
                   extra=("-od", str(out)))  # getscu proposes uncompressed storage only
        (got,) = list(out.iterdir())
        _same_pixels(got, original)
        if original == J2K:
            assert "status                  : 0xb000" in log.lower(), log
            assert "Number of Failed Suboperations    : 1" in log, log


def test_retrieval_plan():
    j2k, ex, im = "1.2.840.10008.1.2.4.90", ExplicitVRLittleEndian, ImplicitVRLittleEndian
    assert retrieval_plan(j2k, [j2k, ex]) == "as_stored"
    assert retrieval_plan(j2k, [im]) == "decode"
    assert retrieval_plan(j2k, [JPEGBaseline8Bit]) == "refuse"  # another compressed one
    assert retrieval_plan(j2k, []) == "refuse"  # no context for its SOP class
    assert retrieval_plan(ex, [im]) == "as_stored"  # the network layer re-encodes it
    assert retrieval_plan(ex, [j2k]) == "refuse"
    big = "1.2.840.10008.1.2.2"  # any uncompressed syntax can carry an uncompressed one
    assert retrieval_plan(ex, [big]) == "as_stored"
    assert retrieval_plan(j2k, [big]) == "decode"


def test_an_unreadable_stored_file_is_a_failed_sub_operation(
        settings, store_file, start, storescp, caplog):  # noqa: F811
    """A file damaged on disk after it was stored: the other instance goes, this one is
    counted failed (never an empty or partial dataset sent)."""
    store_file(JPEG, "FUTIAN_CT")
    other = store_file(JPEG, "FUTIAN_CT", SOPInstanceUID=dcmread(JPEG).SOPInstanceUID + ".5")
    damaged = Storage(settings.data_dir).instance_path(other.study_uid, other.series_uid,
                                                       other.sop_uid)
    damaged.write_bytes(b"\x00" * 10)  # shorter than a preamble: pydicom cannot read it
    scp = start()
    received = storescp("FUTIAN_VIEW", VIEW_PORT, "+xa")
    with caplog.at_level(logging.WARNING, logger="teleconsult.ingress.qr"):
        log = _move(scp.port, _study(JPEG))
    (got,) = list(received.iterdir())
    assert dcmread(got).SOPInstanceUID == dcmread(JPEG).SOPInstanceUID
    assert "status                  : 0xb000" in log.lower(), log
    assert any("not sent, counted as failed" in r.getMessage() for r in caplog.records)

"""The same instance re-sent in another encoding is accepted and stored once (issue 25,
item 8): pydicom-data's OBXXXX1A.dcm (a private nested sequence, 200D,110D, and palette
LUTs in OW) re-sent in Implicit VR and in Big Endian, byte for byte by pynetdicom and
converted by DCMTK's storescu, and re-encoded by dcmcjpeg (which adds a Derivation
Description). Other standard content under the same UID is still refused 0x0111."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from dicom.sameness import same_instance
from dicom.status import Status
from tests.test_dicom_ingress import (  # noqa: F401 - fixtures
    DCMTK_ENV,
    Running,
    dcmtk,
    scp,
    send_with_pynetdicom,
    start,
)

OB = get_testdata_file("OBXXXX1A.dcm")  # explicit VR little endian, US palette colour
OB_BE = get_testdata_file("OBXXXX1A_expb.dcm")  # the same instance, Explicit VR Big Endian
pytestmark = pytest.mark.skipif(OB is None or shutil.which("dcmcjpeg") is None,
                                reason="needs pydicom-data and DCMTK")


def _dcmtk_tool(*args: str) -> None:
    done = subprocess.run(list(args), env=DCMTK_ENV, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.fixture()
def variants(tmp_path: Path) -> dict[str, Path]:
    out = {"implicit": tmp_path / "implicit.dcm", "big": tmp_path / "big.dcm",
           "jpeg": tmp_path / "jpeg.dcm"}
    _dcmtk_tool("dcmconv", "+ti", OB, str(out["implicit"]))
    _dcmtk_tool("dcmconv", "+tb", OB, str(out["big"]))
    _dcmtk_tool("dcmcjpeg", OB, str(out["jpeg"]))  # lossless, Derivation Description added
    assert "DerivationDescription" in dcmread(out["jpeg"])
    return out


def test_resent_in_other_encodings_is_stored_once(scp: Running, variants) -> None:  # noqa: F811
    assert dcmtk("storescu", scp.port, OB).returncode == 0
    (stored,) = scp.stored()
    first = stored.read_bytes()
    for path in (variants["implicit"], variants["big"], Path(OB_BE)):
        assert send_with_pynetdicom(scp.port, path) == Status.SUCCESS, path.name  # as is
        assert dcmtk("storescu", scp.port, str(path)).returncode == 0, path.name
    done = dcmtk("storescu", scp.port, "-xs", str(variants["jpeg"]))  # JPEG lossless on wire
    assert done.returncode == 0, done.stderr
    assert send_with_pynetdicom(scp.port, variants["jpeg"]) == Status.SUCCESS
    assert [p.read_bytes() for p in scp.stored()] == [first]  # the first copy kept
    assert len(scp.arrivals()) == 1


def test_other_standard_content_in_implicit_vr_is_refused(scp: Running, variants,  # noqa: F811
                                                          tmp_path: Path) -> None:
    assert dcmtk("storescu", scp.port, OB).returncode == 0
    ds = dcmread(variants["implicit"])
    ds.PatientName = "Someone^Else"
    changed = tmp_path / "changed.dcm"
    ds.save_as(changed)
    assert send_with_pynetdicom(scp.port, changed) == Status.DUPLICATE_SOP_INSTANCE
    assert len(scp.stored()) == 1


def test_sameness_rules(variants, tmp_path: Path) -> None:
    for path in (*variants.values(), Path(OB_BE)):
        assert same_instance(Path(OB), path) and same_instance(path, Path(OB)), path.name
    ds = dcmread(OB)
    lut = bytearray(ds.RedPaletteColorLookupTableData)
    lut[2] ^= 1
    ds.RedPaletteColorLookupTableData = bytes(lut)
    ds.save_as(tmp_path / "lut.dcm")
    assert not same_instance(Path(OB), tmp_path / "lut.dcm")  # OW content still compared

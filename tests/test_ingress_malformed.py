"""Instances readers would not all read alike are refused and nothing is stored (issue 25,
items 4 and 5): an image whose pixel data is missing, empty or shorter than its frames need
(a file cut inside its pixel data), and datasets with a repeated or out-of-order element.
Real peers: pynetdicom's ``send_c_store(path)`` and DCMTK's storescu over C-STORE, the
app's STOW-RS over HTTP."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pynetdicom import AE, _config

from dicom.completeness import Malformed, check_complete, pixel_shortfall
from dicom.status import Status
from teleconsult.web.app import create_app
from tests.conftest import arrival_count, stored_files
from tests.test_dicom_ingress import DCMTK_ENV, Running, scp, start  # noqa: F401 - fixtures

CT = get_testdata_file("CT_small.dcm")  # 128x128 16-bit, explicit VR little endian
RELATED = 'multipart/related; type="application/dicom"; boundary=XYZ'


def _cut_inside_pixels(tmp_path: Path) -> Path:
    """CT_small with its last 5,000 pixel bytes gone (the file ends inside Pixel Data)."""
    raw = Path(CT).read_bytes()
    out = tmp_path / "cut.dcm"
    out.write_bytes(raw[:-5000])
    return out


def _send(port: int, path: Path, chunked: bool, monkeypatch: pytest.MonkeyPatch) -> int:
    """pynetdicom's ``send_c_store(path)``: decoded and re-encoded (the default), or the
    file's bytes as they stand (``chunked``); the status it got back."""
    monkeypatch.setattr(_config, "STORE_SEND_CHUNKED_DATASET", chunked)
    meta = dcmread(path, stop_before_pixels=True, force=True).file_meta
    ae = AE(ae_title="FUTIAN_CT")
    ae.add_requested_context(meta.MediaStorageSOPClassUID, meta.TransferSyntaxUID)
    assoc = ae.associate("127.0.0.1", port, ae_title="TELECONSULT")
    assert assoc.is_established
    try:
        return int(assoc.send_c_store(path).Status)
    finally:
        assoc.release()


def _with(tmp_path: Path, name: str, **changes: object) -> Path:
    ds = dcmread(CT)
    for key, value in changes.items():
        if value is None:
            delattr(ds, key)
        else:
            setattr(ds, key, value)
    out = tmp_path / name
    ds.save_as(out)
    return out


def _element(tag: int, vr: bytes, value: bytes) -> bytes:
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr, len(value)) + value


def _offset_of(raw: bytes, tag: int) -> int:
    """Where the explicit-VR element ``tag`` starts in CT_small's bytes."""
    at = raw.find(struct.pack("<HH", tag >> 16, tag & 0xFFFF), 132)
    assert at > 0
    return at


def _duplicated_patient_id(tmp_path: Path) -> Path:
    """A second PatientID (0010,0020) right after the first: pydicom keeps the last value,
    DCMTK the first — the case was filed under one patient, read as another."""
    raw = Path(CT).read_bytes()
    at = _offset_of(raw, 0x00100020)
    length = struct.unpack_from("<H", raw, at + 6)[0]
    end = at + 8 + length
    out = tmp_path / "dup.dcm"
    out.write_bytes(raw[:end] + _element(0x00100020, b"LO", b"OTHER1") + raw[end:])
    return out


def _out_of_order(tmp_path: Path) -> Path:
    """Patient's Sex (0010,0040) moved in front of Patient's Name (0010,0010)."""
    raw = Path(CT).read_bytes()
    name, sex = _offset_of(raw, 0x00100010), _offset_of(raw, 0x00100040)
    sex_end = sex + 8 + struct.unpack_from("<H", raw, sex + 6)[0]
    assert name < sex
    out = tmp_path / "order.dcm"
    out.write_bytes(raw[:name] + raw[sex:sex_end] + raw[name:sex] + raw[sex_end:])
    return out


def test_pixel_data_cut_short_is_refused_over_c_store(scp: Running, tmp_path: Path,  # noqa: F811
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 4: re-encoded by pynetdicom the short element is consistent — still 0xC000."""
    cut = _cut_inside_pixels(tmp_path)
    assert len(dcmread(cut).PixelData) < 128 * 128 * 2  # what pynetdicom sends: short
    assert _send(scp.port, cut, False, monkeypatch) == Status.CANNOT_UNDERSTAND
    assert _send(scp.port, cut, True, monkeypatch) == Status.CANNOT_UNDERSTAND  # as cut
    done = subprocess.run(["storescu", "-d", "-aet", "FUTIAN_CT", "-aec", "TELECONSULT",
                           "127.0.0.1", str(scp.port), str(cut)], env=DCMTK_ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 or "0xc000" in (done.stdout + done.stderr).lower(), done
    assert scp.stored() == [] and scp.arrivals() == []


def test_missing_or_empty_pixel_data_is_refused(scp: Running, tmp_path: Path,  # noqa: F811
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (_with(tmp_path, "none.dcm", PixelData=None),
                 _with(tmp_path, "empty.dcm", PixelData=b"")):
        assert _send(scp.port, path, False, monkeypatch) == Status.CANNOT_UNDERSTAND
        done = subprocess.run(["storescu", "-d", "-aet", "FUTIAN_CT", "-aec", "TELECONSULT",
                               "127.0.0.1", str(scp.port), str(path)], env=DCMTK_ENV,
                              capture_output=True, text=True, timeout=60)
        assert "0xc000" in (done.stdout + done.stderr).lower(), done
    assert scp.stored() == [] and scp.arrivals() == []
    whole = _with(tmp_path, "whole.dcm")  # the same file with its pixels: stored
    assert _send(scp.port, whole, False, monkeypatch) == Status.SUCCESS
    assert len(scp.stored()) == 1


def test_repeated_and_out_of_order_elements_are_refused(scp: Running, tmp_path: Path,  # noqa: F811
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 5: sent byte for byte (pynetdicom chunked; storescu would repair them)."""
    dup, order = _duplicated_patient_id(tmp_path), _out_of_order(tmp_path)
    with pytest.raises(Malformed, match=r"\(0010,0020\) is repeated"):
        check_complete(dup)
    with pytest.raises(Malformed, match="out of order"):
        check_complete(order)
    for path in (dup, order):
        assert _send(scp.port, path, True, monkeypatch) == Status.CANNOT_UNDERSTAND
    assert scp.stored() == [] and scp.arrivals() == []


async def test_stow_refuses_short_pixels_and_repeated_elements(settings, aiohttp_client,
                                                               tmp_path: Path) -> None:
    http = await aiohttp_client(create_app(settings))
    headers = {"Authorization": "Bearer demo-futian", "Content-Type": RELATED}
    short = dcmread(_cut_inside_pixels(tmp_path))
    short.save_as(tmp_path / "short.dcm")  # consistent lengths, too few pixel bytes
    for path in (tmp_path / "short.dcm", _with(tmp_path, "none.dcm", PixelData=None),
                 _duplicated_patient_id(tmp_path)):
        body = (b"--XYZ\r\nContent-Type: application/dicom\r\n\r\n" + path.read_bytes()
                + b"\r\n--XYZ--\r\n")
        r = await http.post("/dicomweb/studies", data=body, headers=headers)
        assert r.status == 400, await r.text()
        assert (await r.json())["error"]["code"] == "malformed_dataset"
    assert stored_files(settings) == [] and arrival_count(settings) == 0


def test_pixel_rules() -> None:
    def top(**values: int) -> tuple:
        tags = {"rows": 0x00280010, "cols": 0x00280011, "bits": 0x00280100,
                "spp": 0x00280002, "pixels": 0x7FE00010}
        data, index = b"", {}
        for key, value in values.items():
            if key == "pixels":
                index[tags[key]] = (0, value)
            else:
                index[tags[key]] = (len(data), 2)
                data += struct.pack("<H", value)
        return (lambda at, n: data[at:at + n]), index
    assert pixel_shortfall(*top(rows=2, cols=2, bits=16, pixels=8), native=True) is None
    assert "need 8" in pixel_shortfall(*top(rows=2, cols=2, bits=16, pixels=6), native=True)
    assert pixel_shortfall(*top(rows=3, cols=3, bits=1, pixels=2), native=True) is None
    assert "need 27" in pixel_shortfall(*top(rows=3, cols=3, bits=8, spp=3, pixels=26),
                                        native=True)
    assert "no Pixel Data" in pixel_shortfall(*top(rows=2, cols=2, bits=8), native=True)
    assert "empty" in pixel_shortfall(*top(rows=2, cols=2, bits=8, pixels=0), native=False)
    assert pixel_shortfall(*top(rows=2, cols=2, bits=8, pixels=0xFFFFFFFF),
                           native=False) is None  # encapsulated
    assert pixel_shortfall(*top(pixels=10), native=True) is None  # not an image


def test_encapsulated_pixel_data_without_a_fragment_is_refused(scp: Running,  # noqa: F811
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    ds = dcmread(get_testdata_file("MR_small_jp2klossless.dcm"))
    ds.PixelData = b"\xfe\xff\x00\xe0\x00\x00\x00\x00"  # an empty offset table, no fragment
    ds["PixelData"].is_undefined_length = True
    path = tmp_path / "nofragment.dcm"
    ds.save_as(path)
    with pytest.raises(Malformed, match="no fragment"):
        check_complete(path)
    assert _send(scp.port, path, True, monkeypatch) == Status.CANNOT_UNDERSTAND
    assert scp.stored() == []

"""A change of transfer syntax on retrieval keeps the instance (issue 25, items 7 and 9):
WADO-RS with ``transfer-syntax=`` Explicit or Implicit VR, and C-GET by pynetdicom and
DCMTK peers, keep the SOP Instance UID; C-GET gives the stored syntax to a caller that
proposes it and prefers Explicit over Implicit VR; a transcode that fails is a 406 before
any header, never a broken 200."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import numpy as np
import pytest
from PIL import Image
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.encaps import encapsulate, generate_frames
from pydicom.uid import (
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
)
from pynetdicom import AE, build_role, evt
from pynetdicom.sop_class import MRImageStorage, StudyRootQueryRetrieveInformationModelGet

from teleconsult.ingress.negotiation import requester_first
from teleconsult.web.app import create_app
from tests.test_dicom_ingress import DCMTK_ENV, start  # noqa: F401 - the SCP fixture

pytestmark = pytest.mark.skipif(shutil.which("getscu") is None, reason="DCMTK not installed")

MR_J2K = get_testdata_file("MR_small_jp2klossless.dcm")
MR = get_testdata_file("MR_small.dcm")  # explicit VR little endian
H = {"Authorization": "Bearer demo-futian"}


def _uids(path: str) -> tuple[str, str, str]:
    ds = dcmread(path)
    return ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID


def _parts(body: bytes, content_type: str) -> list[bytes]:
    boundary = content_type.split("boundary=")[1].strip('"').encode()
    chunks = body.split(b"--" + boundary)[1:-1]
    return [c.split(b"\r\n\r\n", 1)[1][:-2] for c in chunks]


async def _retrieve(http, path: str, syntax: str):
    study, series, sop = _uids(path)
    return await http.get(f"/dicomweb/studies/{study}/series/{series}/instances/{sop}",
                          headers={**H, "Accept": 'multipart/related; type="application/dicom";'
                                   f" transfer-syntax={syntax}"})


async def test_wado_transcode_keeps_the_instance(settings, store_file, aiohttp_client):
    """Items 7 and 9: decoded to Explicit VR (twice) and to Implicit VR, one SOP UID."""
    store_file(MR_J2K, "FUTIAN_CT")
    http = await aiohttp_client(create_app(settings))
    sop = _uids(MR_J2K)[2]
    for syntax in (ExplicitVRLittleEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian):
        r = await _retrieve(http, MR_J2K, syntax)
        assert r.status == 200, await r.text()
        (part,) = _parts(await r.read(), r.headers["Content-Type"])
        ds = dcmread(io.BytesIO(part))
        assert ds.file_meta.TransferSyntaxUID == syntax
        assert ds.SOPInstanceUID == sop and ds.file_meta.MediaStorageSOPInstanceUID == sop
        assert np.array_equal(ds.pixel_array, dcmread(MR_J2K).pixel_array)


async def test_a_failed_transcode_is_406_before_any_header(settings, store_file,
                                                           aiohttp_client, tmp_path):
    """Item 9: a JPEG 2000 instance whose codestream does not decode."""
    ds = dcmread(MR_J2K)
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = encapsulate([frame[:40] + b"\x00" * (len(frame) - 40)])
    broken = tmp_path / "broken.dcm"
    ds.save_as(broken)
    store_file(broken, "FUTIAN_CT")
    http = await aiohttp_client(create_app(settings))
    r = await _retrieve(http, str(broken), ExplicitVRLittleEndian)
    assert r.status == 406, r.status
    assert (await r.json())["error"]["code"] == "not_acceptable"
    r = await _retrieve(http, str(broken), "*")  # as stored still works
    assert r.status == 200
    assert not list((settings.data_dir / "tmp").iterdir())  # temp transcodes removed


def _pynetdicom_get(port: int, study: str, *contexts: list[str]) -> list[tuple[str, str]]:
    """C-GET by pynetdicom proposing MR storage (SCP role) in one context per list of
    syntaxes; (transfer syntax, SOP Instance UID) of each instance received."""
    got: list[tuple[str, str]] = []

    def on_store(event: evt.Event) -> int:
        got.append((str(event.context.transfer_syntax),
                    str(event.request.AffectedSOPInstanceUID)))
        return 0x0000
    ae = AE(ae_title="FUTIAN_CT")
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelGet)
    for syntaxes in contexts:
        ae.add_requested_context(MRImageStorage, syntaxes)
    assoc = ae.associate("127.0.0.1", port, ae_title="TELECONSULT",
                         ext_neg=[build_role(MRImageStorage, scp_role=True)],
                         evt_handlers=[(evt.EVT_C_STORE, on_store)])
    assert assoc.is_established
    ident = Dataset()
    ident.QueryRetrieveLevel, ident.StudyInstanceUID = "STUDY", study
    try:
        statuses = [int(s.Status) for s, _ in assoc.send_c_get(
            ident, StudyRootQueryRetrieveInformationModelGet) if s]
    finally:
        assoc.release()
    assert statuses[-1] == 0x0000, statuses
    return got


def test_c_get_keeps_uid_offers_stored_syntax_prefers_explicit(settings, store_file,
                                                               start, tmp_path):  # noqa: F811
    store_file(MR_J2K, "FUTIAN_CT")
    scp = start()
    study, _, sop = _uids(MR_J2K)
    # pynetdicom's default order puts Implicit VR first: Explicit VR is still chosen
    assert _pynetdicom_get(scp.port, study, [ImplicitVRLittleEndian, ExplicitVRLittleEndian]
                           ) == [(ExplicitVRLittleEndian, sop)]
    # a caller that proposes the stored syntax gets the stored bytes: first in its list,
    # or in a context of its own beside the native ones
    assert _pynetdicom_get(scp.port, study, [JPEG2000Lossless, ExplicitVRLittleEndian,
                                             ImplicitVRLittleEndian]
                           ) == [(JPEG2000Lossless, sop)]
    assert _pynetdicom_get(scp.port, study, [ImplicitVRLittleEndian, ExplicitVRLittleEndian],
                           [JPEG2000Lossless]) == [(JPEG2000Lossless, sop)]
    # DCMTK getscu (native syntaxes only): decoded, the same instance
    out = tmp_path / "got"
    out.mkdir()
    done = subprocess.run(["getscu", "-S", "-aet", "FUTIAN_CT", "-aec", "TELECONSULT", "-od",
                           str(out), "-k", "QueryRetrieveLevel=STUDY", "-k",
                           f"StudyInstanceUID={study}", "127.0.0.1", str(scp.port)],
                          env=DCMTK_ENV, capture_output=True, text=True, timeout=60)
    (got,) = list(out.iterdir())
    ds = dcmread(got)
    assert ds.SOPInstanceUID == sop, done.stderr
    assert ds.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian


def test_stored_native_instance_goes_out_as_stored(settings, store_file, start):  # noqa: F811
    store_file(MR, "FUTIAN_CT")
    scp = start()
    study, _, sop = _uids(MR)
    assert _pynetdicom_get(scp.port, study, [ImplicitVRLittleEndian, ExplicitVRLittleEndian]
                           ) == [(ExplicitVRLittleEndian, sop)]
    assert Path(MR).exists()


def test_requester_order_with_explicit_before_implicit():
    explicit, implicit, big = ExplicitVRLittleEndian, ImplicitVRLittleEndian, "1.2.840.10008.1.2.2"
    supported = [explicit, implicit, big, JPEG2000Lossless]
    assert requester_first([implicit, explicit], supported)[:2] == [explicit, implicit]
    assert requester_first([explicit, big, implicit], supported)[:3] == [explicit, big, implicit]
    assert requester_first([JPEG2000Lossless, implicit], supported)[:2] == [JPEG2000Lossless,
                                                                            implicit]
    assert sorted(requester_first(["9.9"], supported)) == sorted(supported)


async def test_bulkdata_uris_relative_or_from_the_public_url(settings, store_file,
                                                             aiohttp_client):
    """Item 9: not built from the Host header (a client that drops the port breaks them)."""
    store_file(MR, "FUTIAN_CT")
    study, series, sop = _uids(MR)
    url = f"/dicomweb/studies/{study}/series/{series}/instances/{sop}/metadata"
    http = await aiohttp_client(create_app(settings))
    r = await http.get(url, headers={**H, "Host": "127.0.0.1"})  # as dicomweb-client sends
    uri = (await r.json())[0]["7FE00010"]["BulkDataURI"]
    assert uri == f"/dicomweb/studies/{study}/series/{series}/instances/{sop}/bulk/7FE00010"
    got = await http.get(urljoin(url, uri), headers=H)  # resolved against the URL used
    assert got.status == 200 and dcmread(MR).PixelData in await got.read()
    public = replace(settings, http=replace(settings.http,
                                            public_url="https://pacs.county.example"))
    http = await aiohttp_client(create_app(public))
    r = await http.get(url, headers=H)
    assert (await r.json())[0]["7FE00010"]["BulkDataURI"].startswith(
        "https://pacs.county.example/dicomweb/studies/")


async def test_12_bit_jpeg_extended_renders_and_decodes_as_dcmtk_does(
        settings, store_file, aiohttp_client, tmp_path):
    """Item 9: pydicom's JPEG-lossy.dcm (12-bit JPEG Extended) renders, and decodes to the
    pixels DCMTK's dcmdjpeg gives (WADO-RS transcode, same SOP Instance UID)."""
    lossy = get_testdata_file("JPEG-lossy.dcm")
    store_file(lossy, "FUTIAN_CT")
    reference = tmp_path / "dcmdjpeg.dcm"
    subprocess.run(["dcmdjpeg", lossy, str(reference)], env=DCMTK_ENV, check=True,
                   capture_output=True, timeout=60)
    http = await aiohttp_client(create_app(settings))
    study, series, sop = _uids(lossy)
    r = await http.get(f"/dicomweb/studies/{study}/series/{series}/instances/{sop}/rendered",
                       headers={**H, "Accept": "image/png"})
    assert r.status == 200, await r.text()
    png = np.asarray(Image.open(io.BytesIO(await r.read())))
    assert png.shape[:2] == (1024, 256) and png.std() > 10  # an image, not a flat field
    r = await _retrieve(http, lossy, ExplicitVRLittleEndian)
    assert r.status == 200, await r.text()
    (part,) = _parts(await r.read(), r.headers["Content-Type"])
    ds = dcmread(io.BytesIO(part))
    assert ds.SOPInstanceUID == sop
    assert np.array_equal(ds.pixel_array, dcmread(reference).pixel_array)

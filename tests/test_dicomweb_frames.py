"""WADO-RS frames and bulk data, fetched with dicomweb-client from the running app."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.encaps import get_frame
from pydicom.uid import generate_uid
from requests import HTTPError

from tests.test_dicomweb import base, client  # noqa: F401 - the running-app fixture

EMRI = get_testdata_file("emri_small.dcm")  # 10 native frames, 64x64x16
EMRI_J2K = get_testdata_file("emri_small_jpeg_2k_lossless.dcm")
EMRI_RLE = get_testdata_file("emri_small_RLE.dcm")
EMRI_BE = get_testdata_file("emri_small_big_endian.dcm")
SEG = get_testdata_file("liver.dcm")  # 1-bit frames, not byte aligned
ECG = get_testdata_file("waveform_ecg.dcm")


def _variant(path: str, n: int):
    """The emri_small files share their UIDs (they are one image in several syntaxes):
    give each its own, so they are different instances here."""
    ds = dcmread(path)
    if n:
        for kw in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"):
            setattr(ds, kw, generate_uid(None, [getattr(ds, kw), str(n)]))
    return ds


async def _store(base, *paths):  # noqa: F811 - ``base`` is the fixture's value
    datasets = [_variant(p, i) for i, p in enumerate(paths)]
    await asyncio.to_thread(client(base, "futian").store_instances, datasets)
    return datasets


def _frames(base, ds, numbers, media_types=None, who="futian"):  # noqa: F811
    return client(base, who).retrieve_instance_frames(
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, numbers,
        media_types=media_types)


def _frame_bytes(ds, number: int) -> bytes:
    size = ds.Rows * ds.Columns * ds.BitsAllocated // 8
    return ds.PixelData[(number - 1) * size:number * size]


async def test_native_frames_and_a_comma_list(base):  # noqa: F811
    (ds,) = await _store(base, EMRI)
    got = await asyncio.to_thread(_frames, base, ds, [2, 5, 10])
    assert got == [_frame_bytes(ds, 2), _frame_bytes(ds, 5), _frame_bytes(ds, 10)]
    octet = await asyncio.to_thread(_frames, base, ds, [1], ("application/octet-stream",))
    assert octet == [_frame_bytes(ds, 1)]


async def test_compressed_frames_as_stored_and_decoded(base):  # noqa: F811
    native, j2k = await _store(base, EMRI, EMRI_J2K)
    got = await asyncio.to_thread(_frames, base, j2k, [3])
    assert got == [get_frame(j2k.PixelData, 2, number_of_frames=10)]
    got = await asyncio.to_thread(_frames, base, j2k, [3], ("image/jp2",))
    assert got[0][:4] == get_frame(j2k.PixelData, 2, number_of_frames=10)[:4]
    # Cornerstone's way: octet-stream with transfer-syntax=* is the stored bitstream
    got = await asyncio.to_thread(_frames, base, j2k, [3],
                                  (("application/octet-stream", "*"),))
    assert got == [get_frame(j2k.PixelData, 2, number_of_frames=10)]
    # asking for native pixels decodes (lossless: equal to the native twin's frame)
    got = await asyncio.to_thread(_frames, base, j2k, [3],
                                  (("application/octet-stream", "1.2.840.10008.1.2.1"),))
    assert got == [_frame_bytes(native, 3)]


async def test_rle_big_endian_and_one_bit_frames(base):  # noqa: F811
    native, rle, seg, be_twin = await _store(base, EMRI, EMRI_RLE, SEG, EMRI_BE)
    got = await asyncio.to_thread(_frames, base, rle, [4])
    assert got == [get_frame(rle.PixelData, 3, number_of_frames=10)]
    assert await asyncio.to_thread(_frames, base, be_twin, [4]) == [_frame_bytes(native, 4)]
    got = await asyncio.to_thread(_frames, base, seg, [2])
    bits = seg.Rows * seg.Columns
    expected = np.unpackbits(np.frombuffer(seg.PixelData, np.uint8), bitorder="little")
    assert np.array_equal(np.unpackbits(np.frombuffer(got[0], np.uint8), bitorder="little")
                          [:bits], expected[bits:2 * bits])


async def test_frame_errors(base, aiohttp_client, settings):  # noqa: F811
    (ds,) = await _store(base, EMRI)
    with pytest.raises(HTTPError) as exc:
        await asyncio.to_thread(_frames, base, ds, [11])
    assert exc.value.response.status_code == 404
    error = exc.value.response.json()["error"]
    assert error["code"] == "no_such_frame"
    assert "frame 11" in error["message"] and "1 to 10" in error["message"]  # 1-based
    with pytest.raises(HTTPError) as exc:
        await asyncio.to_thread(_frames, base, ds, [1], ("image/jpeg",))
    assert exc.value.response.status_code == 406
    with pytest.raises(HTTPError) as exc:
        await asyncio.to_thread(_frames, base, ds, [1], who="guandu")
    assert exc.value.response.status_code == 403
    import requests

    url = (f"{base}/dicomweb/studies/{ds.StudyInstanceUID}/series/{ds.SeriesInstanceUID}/"
           f"instances/{ds.SOPInstanceUID}")
    h = {"Authorization": "Bearer demo-futian"}
    for bad in ("0", "1,x", "-1"):
        r = await asyncio.to_thread(requests.get, f"{url}/frames/{bad}", headers=h)
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_frame"
    r = await asyncio.to_thread(requests.get, f"{url}/bulk/7FE0", headers=h)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_bulk_path"
    r = await asyncio.to_thread(requests.get, f"{url}/bulk/00100010", headers=h)
    assert r.status_code == 404


def _here(uri: str, base: str) -> str:  # noqa: F811
    """dicomweb-client sends ``Host: 127.0.0.1`` without the port, so the server builds its
    URIs on port 80; put the test server's port back."""
    return base + uri[uri.index("/dicomweb/"):]


async def test_bulkdata_uris_from_metadata(base):  # noqa: F811
    emri, ecg = await _store(base, EMRI, ECG)
    futian = client(base, "futian")
    meta = await asyncio.to_thread(futian.retrieve_instance_metadata, emri.StudyInstanceUID,
                                   emri.SeriesInstanceUID, emri.SOPInstanceUID)
    uri = meta["7FE00010"]["BulkDataURI"]
    assert uri.endswith(f"/instances/{emri.SOPInstanceUID}/bulk/7FE00010")
    assert await asyncio.to_thread(futian.retrieve_bulkdata, _here(uri, base)) == \
        [emri.PixelData]
    meta = await asyncio.to_thread(futian.retrieve_instance_metadata, ecg.StudyInstanceUID,
                                   ecg.SeriesInstanceUID, ecg.SOPInstanceUID)
    waveform = meta["54000100"]["Value"][0]["54001010"]  # nested: sequence item 0
    assert waveform["BulkDataURI"].endswith("/bulk/54000100/0/54001010")
    got = await asyncio.to_thread(futian.retrieve_bulkdata, _here(waveform["BulkDataURI"], base))
    assert got == [ecg.WaveformSequence[0].WaveformData]

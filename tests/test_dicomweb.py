"""DICOMweb against the running app: dicomweb-client (requests) on a real port."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from aiohttp import web
from dicomweb_client.api import DICOMwebClient
from PIL import Image
from pydicom import dcmread
from pydicom.data import get_testdata_file
from requests import HTTPError

from teleconsult.web.app import create_app
from tests.conftest import arrival_count, stored_files
from tests.ports import free_port

CT = get_testdata_file("CT_small.dcm")
MR_J2K = get_testdata_file("MR_small_jp2klossless.dcm")
CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"


@pytest.fixture()
async def base(settings):
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def client(base: str, who: str) -> DICOMwebClient:
    return DICOMwebClient(url=f"{base}/dicomweb", headers={"Authorization": f"Bearer demo-{who}"})


async def _store_both(base: str, settings):
    datasets = [dcmread(CT), dcmread(MR_J2K)]
    result = await asyncio.to_thread(client(base, "futian").store_instances, datasets)
    return datasets, result


async def test_stow_qido_wado_with_dicomweb_client(base, settings):
    datasets, result = await _store_both(base, settings)
    refs = result.ReferencedSOPSequence
    assert {r.ReferencedSOPInstanceUID for r in refs} == {d.SOPInstanceUID for d in datasets}
    assert "FailedSOPSequence" not in result
    assert len(stored_files(settings)) == 2 and arrival_count(settings) == 2

    futian = client(base, "futian")
    found = await asyncio.to_thread(futian.search_for_studies,
                                    search_filters={"PatientID": "1CT1"})
    assert [s["0020000D"]["Value"][0] for s in found] == [CT_STUDY]
    assert found[0]["00080061"]["Value"] == ["CT"]
    assert found[0]["00201208"]["Value"] == [1]
    assert "Alphabetic" in found[0]["00100010"]["Value"][0]
    found = await asyncio.to_thread(futian.search_for_studies,
                                    search_filters={"StudyDate": "20040101-20040131"})
    assert [s["00100020"]["Value"][0] for s in found] == ["1CT1"]
    found = await asyncio.to_thread(futian.search_for_studies,
                                    search_filters={"StudyDate": "20040201-"})
    assert [s["00100020"]["Value"][0] for s in found] == ["4MR1"]
    found = await asyncio.to_thread(futian.search_for_studies,
                                    search_filters={"ModalitiesInStudy": "MR"})
    assert [s["00100020"]["Value"][0] for s in found] == ["4MR1"]
    assert len(await asyncio.to_thread(futian.search_for_studies)) == 2
    assert len(await asyncio.to_thread(futian.search_for_studies, limit=1, offset=1)) == 1
    assert await asyncio.to_thread(client(base, "guandu").search_for_studies) == []

    ct = datasets[0]
    series = await asyncio.to_thread(futian.search_for_series, CT_STUDY)
    assert [s["0020000E"]["Value"][0] for s in series] == [ct.SeriesInstanceUID]
    insts = await asyncio.to_thread(futian.search_for_instances, CT_STUDY,
                                    ct.SeriesInstanceUID)
    assert [i["00080018"]["Value"][0] for i in insts] == [ct.SOPInstanceUID]

    got = await asyncio.to_thread(futian.retrieve_instance, CT_STUDY, ct.SeriesInstanceUID,
                                  ct.SOPInstanceUID)
    assert got.PixelData == ct.PixelData
    mr = datasets[1]
    study = await asyncio.to_thread(futian.retrieve_study, mr.StudyInstanceUID)
    assert [d.SOPInstanceUID for d in study] == [mr.SOPInstanceUID]
    assert study[0].PixelData == mr.PixelData  # stored as received, never re-encoded
    meta = await asyncio.to_thread(futian.retrieve_study_metadata, CT_STUDY)
    assert meta[0]["00080018"]["Value"] == [ct.SOPInstanceUID]
    assert "BulkDataURI" in meta[0]["7FE00010"]
    assert meta[0]["00100020"]["Value"] == ["1CT1"]


async def test_resend_is_stored_once_and_other_clinic_conflicts(base, settings):
    await _store_both(base, settings)
    _, again = await _store_both(base, settings)
    assert len(again.ReferencedSOPSequence) == 2
    assert len(stored_files(settings)) == 2 and arrival_count(settings) == 2
    with pytest.raises(HTTPError) as exc:
        await asyncio.to_thread(client(base, "guandu").store_instances, [dcmread(CT)])
    assert exc.value.response.status_code == 409
    failed = exc.value.response.json()["00081198"]["Value"][0]
    assert failed["00081197"]["Value"] == [0x0111]


async def test_stow_to_study_url_rejects_other_study(base, settings):
    futian = client(base, "futian")
    result = await asyncio.to_thread(futian.store_instances, [dcmread(CT), dcmread(MR_J2K)],
                                     CT_STUDY)
    assert len(result.ReferencedSOPSequence) == 1
    assert result.FailedSOPSequence[0].FailureReason == 0xA900
    assert len(stored_files(settings)) == 1


async def test_rendered_png_jpeg_and_window(base, settings, aiohttp_client):
    ct = dcmread(CT)
    await asyncio.to_thread(client(base, "futian").store_instances, [ct])
    http = await aiohttp_client(create_app(settings))
    url = (f"/dicomweb/studies/{CT_STUDY}/series/{ct.SeriesInstanceUID}/instances/"
           f"{ct.SOPInstanceUID}")
    h = {"Authorization": "Bearer demo-futian"}
    r = await http.get(url + "/rendered", headers=h)
    assert r.status == 200 and r.content_type == "image/png"
    auto = Image.open(io.BytesIO(await r.read()))
    assert auto.size == (128, 128)
    r = await http.get(url + "/frames/1/rendered?window=40,400", headers=h)
    assert r.status == 200
    windowed = Image.open(io.BytesIO(await r.read()))
    assert windowed.tobytes() != auto.tobytes()
    assert list((settings.data_dir / "cache" / "rendered").iterdir())
    r = await http.get(url + "/rendered", headers={**h, "Accept": "image/jpeg"})
    assert r.status == 200 and r.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(await r.read())).format == "JPEG"
    r = await http.get(url + "/frames/2/rendered", headers=h)
    assert r.status == 404
    r = await http.get(url + "/rendered?window=abc", headers=h)
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_query"


async def _error(r, status: int, code: str | None = None) -> None:
    assert r.status == status, await r.text()
    body = await r.json()
    assert set(body) == {"error"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


async def test_bad_requests_get_json_errors_and_store_nothing(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    h = {"Authorization": "Bearer demo-futian"}
    related = 'multipart/related; type="application/dicom"; boundary=XYZ'
    await _error(await http.post("/dicomweb/studies", data=b"x",
                                 headers={**h, "Content-Type": related}), 400,
                 "broken_multipart")
    broken = b"--XYZ\r\nContent-Type: application/dicom\r\n\r\n" + Path(CT).read_bytes()[:5000]
    await _error(await http.post("/dicomweb/studies", data=broken,
                                 headers={**h, "Content-Type": related}), 400)
    await _error(await http.post("/dicomweb/studies", data=b"x",
                                 headers={**h, "Content-Type": "application/json"}), 415,
                 "unsupported_media_type")
    await _error(await http.post("/dicomweb/studies", data=b"x",
                                 headers={**h, "Content-Type": "multipart/related; "
                                          'type="application/json"; boundary=XYZ'}), 415)
    await _error(await http.post("/dicomweb/studies", data=b"x",
                                 headers={"Content-Type": related}), 401, "missing_token")
    await _error(await http.post("/dicomweb/studies", data=b"x",
                                 headers={"Authorization": "Bearer demo-rad-li",
                                          "Content-Type": related}), 403)
    await _error(await http.get("/dicomweb/studies/1.2.x/series", headers=h), 400,
                 "invalid_uid")
    await _error(await http.get(f"/dicomweb/studies/{CT_STUDY}", headers=h), 404)
    await _error(await http.get("/dicomweb/studies?StudyDate=2004", headers=h), 400)
    assert stored_files(settings) == [] and arrival_count(settings) == 0
    assert not list((settings.data_dir / "tmp").iterdir())


async def test_too_large_stow_is_413(settings, aiohttp_client):
    from dataclasses import replace

    http = await aiohttp_client(create_app(replace(settings, max_upload_bytes=4096)))
    body = (b"--XYZ\r\nContent-Type: application/dicom\r\n\r\n" + Path(CT).read_bytes()
            + b"\r\n--XYZ--\r\n")
    r = await http.post("/dicomweb/studies", data=body, headers={
        "Authorization": "Bearer demo-futian",
        "Content-Type": 'multipart/related; type="application/dicom"; boundary=XYZ'})
    await _error(r, 413, "payload_too_large")
    assert stored_files(settings) == []


async def test_wado_access_other_clinic_doctor_admin(base, settings, aiohttp_client):
    from test_pipeline import drain

    ct = dcmread(CT)
    await asyncio.to_thread(client(base, "futian").store_instances, [ct])
    await drain(settings)
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/worklist", headers={"Authorization": "Bearer demo-rad-li"})
    owner = "rad-li" if (await r.json())["items"] else "rad-wang"
    other = "rad-wang" if owner == "rad-li" else "rad-li"
    url = f"/dicomweb/studies/{CT_STUDY}"
    for who, status in (("futian", 200), (owner, 200), ("admin", 200), ("guandu", 403),
                        (other, 403), ("card-chen", 403)):
        h = {"Authorization": f"Bearer demo-{who}"}
        r = await http.get(url + "/metadata", headers=h)
        if status != 200:
            await _error(r, status, "not_yours")
        else:
            assert r.status == 200 and r.content_type == "application/dicom+json"
        r = await http.get("/dicomweb/studies", headers=h)
        assert len(await r.json()) == (1 if status == 200 else 0), who
    r = await http.get(url, headers={"Authorization": "Bearer demo-guandu"})
    await _error(r, 403, "not_yours")
    r = await http.get(url)
    await _error(r, 401)

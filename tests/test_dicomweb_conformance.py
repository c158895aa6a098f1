"""DICOMweb conformance details: PN groups in QIDO, faithful /metadata, transfer-syntax
negotiation for instances, 1-based frame messages (issue 12 items 3, 10, 12, 13)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from pydicom import config, dcmread
from pydicom.data import get_testdata_file
from requests import HTTPError

from teleconsult.web.app import create_app
from tests.test_dicomweb import base, client  # noqa: F401 - the running-app fixture

CT = get_testdata_file("CT_small.dcm")
MR_J2K = get_testdata_file("MR_small_jp2klossless.dcm")
RTDOSE = get_testdata_file("rtdose.dcm")
H = {"Authorization": "Bearer demo-futian"}


async def _json(http, url):
    r = await http.get(url, headers=H)
    assert r.status == 200, await r.text()
    return await r.json()


async def test_qido_finds_a_name_by_either_component_group(settings, store_file,
                                                           aiohttp_client, tmp_path):
    path = tmp_path / "pn.dcm"
    ds = dcmread(CT)
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientName = "Wang^XiaoDong=王^小东"
    ds.save_as(path)
    store_file(path, "FUTIAN_CT")
    http = await aiohttp_client(create_app(settings))
    for name in ("王^小东", "Wang^XiaoDong", "WANG^xiaodong", "王小东", "王*", "wang*",
                 "Wang^XiaoDong=王^小东", "=王^小东"):
        found = await _json(http, f"/dicomweb/studies?PatientName={name}")
        assert len(found) == 1, name
        assert found[0]["00100010"]["Value"] == [{"Alphabetic": "Wang^XiaoDong",
                                                  "Ideographic": "王^小东"}]
    for name in ("李*", "Wang^XiaoXi", "Wang^XiaoDong=李^小东"):
        assert await _json(http, f"/dicomweb/studies?PatientName={name}") == [], name


async def test_metadata_keeps_what_was_stored(settings, store_file, aiohttp_client, tmp_path):
    """RTDOSE's plan reference has a malformed nested UID; empty Type 2 attributes; an IS
    written as '1.5' by a careless writer: all come back as stored."""
    bad_is = tmp_path / "bad_is.dcm"
    ds = dcmread(CT)
    ds.SOPInstanceUID += ".9"
    with config.disable_value_validation():  # writing the malformed value on purpose
        ds.InstanceNumber = "1.5"
        ds.save_as(bad_is)
    dose = store_file(RTDOSE, "FUTIAN_CT")
    ct = store_file(bad_is, "FUTIAN_CT")
    http = await aiohttp_client(create_app(settings))
    (meta,) = await _json(http, f"/dicomweb/studies/{dose.study_uid}/series/{dose.series_uid}"
                                f"/instances/{dose.sop_uid}/metadata")
    plan = meta["300C0002"]["Value"][0]
    assert plan["00081155"]["Value"] == ["1.2.123.456.78.9.0123.4567.89012345678901"]
    assert plan["300C0020"]["Value"][0]["300C0022"] == {"vr": "IS", "Value": [1]}
    assert meta["00080050"] == {"vr": "SH"}  # empty Type 2: present, no Value
    assert meta["00080090"] == {"vr": "PN"}
    assert meta["7FE00010"]["BulkDataURI"].endswith("/bulk/7FE00010")
    (meta,) = await _json(http, f"/dicomweb/studies/{ct.study_uid}/series/{ct.series_uid}"
                                f"/instances/{ct.sop_uid}/metadata")
    assert meta["00200013"] == {"vr": "IS", "Value": ["1.5"]}
    assert meta["00280030"]["Value"] == [0.661468, 0.661468]  # DS as numbers


async def test_instance_transcoded_on_request_or_406(base, settings):  # noqa: F811
    j2k = dcmread(MR_J2K)
    futian = client(base, "futian")
    await asyncio.to_thread(futian.store_instances, [j2k])
    uids = (j2k.StudyInstanceUID, j2k.SeriesInstanceUID, j2k.SOPInstanceUID)
    got = await asyncio.to_thread(futian.retrieve_instance, *uids, media_types=(
        ("application/dicom", "1.2.840.10008.1.2.1"),))
    assert got.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    assert np.array_equal(got.pixel_array, j2k.pixel_array)
    got = await asyncio.to_thread(futian.retrieve_instance, *uids, media_types=(
        ("application/dicom", "*"),))
    assert got.file_meta.TransferSyntaxUID == j2k.file_meta.TransferSyntaxUID
    assert got.PixelData == j2k.PixelData
    with pytest.raises(HTTPError) as exc:
        await asyncio.to_thread(futian.retrieve_instance, *uids, media_types=(
            ("application/dicom", "1.2.840.10008.1.2.4.50"),))
    assert exc.value.response.status_code == 406
    assert exc.value.response.json()["error"]["code"] == "not_acceptable"


async def test_rendered_frame_message_counts_from_one(settings, store_file, aiohttp_client):
    ct = store_file(CT, "FUTIAN_CT")
    http = await aiohttp_client(create_app(settings))
    r = await http.get(f"/dicomweb/studies/{ct.study_uid}/series/{ct.series_uid}/instances/"
                       f"{ct.sop_uid}/frames/2/rendered", headers=H)
    assert r.status == 404
    message = (await r.json())["error"]["message"]
    assert "frame 2 does not exist" in message and "1 to 1" in message


def _named(tmp_path, name: str, raw: bytes, charset, uid_suffix: str):
    path = tmp_path / f"{name}.dcm"
    ds = dcmread(CT)
    for kw in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"):
        setattr(ds, kw, getattr(ds, kw) + uid_suffix)
    if charset is None:
        del ds.SpecificCharacterSet
    else:
        ds.SpecificCharacterSet = charset
    ds.PatientName = raw  # bytes are written as they are, like the township machine does
    ds.PatientID = name
    ds.save_as(path)
    return path


async def test_one_decoder_for_metadata_qido_and_case(settings, store_file, aiohttp_client,
                                                      tmp_path):
    """ISO 2022 IR 58, GB18030 without a charset (the clinic's fallback) and a correctly
    declared Latin-1 name read the same in /metadata, QIDO and the case record."""
    from tests.test_pipeline import drain

    gb = "王^小东".encode("gb2312")
    cases = {
        "ir58": (b"Wang^XiaoDong=\x1b$)A" + gb + b"\x1b(B", ["", "ISO 2022 IR 58"],
                 "Wang^XiaoDong=王^小东", ".1"),
        "nocharset": ("王^小东".encode("gb18030"), None, "王^小东", ".2"),
        "latin": ("Müller^Jürgen".encode("latin-1"), "ISO_IR 100", "Müller^Jürgen", ".3"),
    }
    stored = {name: store_file(_named(tmp_path, name, raw, cs, sfx), "FUTIAN_CT")
              for name, (raw, cs, _, sfx) in cases.items()}
    await drain(settings)
    http = await aiohttp_client(create_app(settings))
    from dicom.charset import display_name
    from teleconsult.ingress.dicomjson import pn_groups
    from teleconsult.store.files import Storage, case_id_for_study

    storage = Storage(settings.data_dir)
    for name, (_, _, expect, _) in cases.items():
        a = stored[name]
        (meta,) = await _json(http, f"/dicomweb/studies/{a.study_uid}/series/{a.series_uid}"
                                    f"/instances/{a.sop_uid}/metadata")
        assert meta["00100010"]["Value"] == [pn_groups(expect)], name
        (found,) = await _json(http, f"/dicomweb/studies?PatientID={name}")
        assert found["00100010"]["Value"] == [pn_groups(expect)], name
        record = storage.read_case(case_id_for_study(a.study_uid))
        assert record["patient"]["name"] == display_name(expect)[0], name

"""Studies of only non-image objects (SR, RT, SEG …) do not fill a worklist (issue 12
item 15): attached to their study by default, a reading case only under rule "read"."""

from __future__ import annotations

from dataclasses import replace

from pydicom import dcmread
from pydicom.data import get_testdata_file

from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.web.app import create_app
from tests.test_pipeline import drain

CT = get_testdata_file("CT_small.dcm")
RTDOSE = get_testdata_file("rtdose.dcm")
RTPLAN = get_testdata_file("rtplan.dcm")
SR = get_testdata_file("test-SR.dcm")
H = {"Authorization": "Bearer demo-futian"}


async def test_non_image_studies_are_attached_not_read(settings, store_file, aiohttp_client,
                                                       tmp_path):
    dose, plan, sr = (store_file(p, "FUTIAN_CT") for p in (RTDOSE, RTPLAN, SR))
    # an SR belonging to the CT's study arrives with it
    sr_in_ct = tmp_path / "sr_in_ct.dcm"
    ds = dcmread(SR)
    ds.StudyInstanceUID = dcmread(CT).StudyInstanceUID
    ds.SOPInstanceUID += ".1"
    ds.save_as(sr_in_ct)
    ct = store_file(CT, "FUTIAN_CT")
    store_file(sr_in_ct, "FUTIAN_CT")
    await drain(settings)
    storage = Storage(settings.data_dir)
    assert list(storage.iter_case_ids()) == [case_id_for_study(ct.study_uid)]
    record = storage.read_case(case_id_for_study(ct.study_uid))
    assert record["instance_count"] == 2
    assert {s["modality"] for s in record["series"]} == {"CT", "SR"}
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/dicomweb/studies", headers=H)
    uids = {s["0020000D"]["Value"][0] for s in await r.json()}
    assert {dose.study_uid, plan.study_uid, sr.study_uid, ct.study_uid} <= uids


async def test_rule_read_makes_them_cases(settings, store_file):
    settings = replace(settings, routing=replace(settings.routing, non_image_studies="read"))
    dose = store_file(RTDOSE, "FUTIAN_CT")
    await drain(settings)
    assert list(Storage(settings.data_dir).iter_case_ids()) == [case_id_for_study(
        dose.study_uid)]

"""The SR of a signed report: valid for dciodvfy (dicom3tools), readable by DCMTK dsrdump
with the Chinese text, referencing the study's instances, verified by the doctor."""

from __future__ import annotations

import subprocess

from pydicom import dcmread
from pydicom.data import get_testdata_file

from dicom.sr import BASIC_TEXT_SR, sr_uids
from tests.test_delivery import FINDINGS, sign_one
from tests.test_pipeline import auth, drain

ECG = get_testdata_file("waveform_ecg.dcm")


async def fetch_sr(client, report, tmp_path, who="futian"):
    r = await client.get(f"/api/v1/reports/{report['report_id']}.dcm", headers=auth(who))
    assert r.status == 200
    path = tmp_path / f"{report['report_id']}.dcm"
    path.write_bytes(await r.read())
    return path


async def test_sr_is_valid_and_dsrdump_prints_chinese(settings, store_file, aiohttp_client,
                                                     tmp_path):
    client, report = await sign_one(settings, store_file, aiohttp_client)
    path = await fetch_sr(client, report, tmp_path)
    check = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
    assert "Error" not in check.stdout + check.stderr, check.stdout + check.stderr
    dump = subprocess.run(["dsrdump", "+Pl", str(path)], capture_output=True, text=True)
    assert dump.returncode == 0 and FINDINGS in dump.stdout and "建议随访" in dump.stdout
    assert "VERIFIED" in dump.stdout and "COMPLETE" in dump.stdout
    ds = dcmread(path)
    assert ds.SOPClassUID == BASIC_TEXT_SR and ds.SpecificCharacterSet == "ISO_IR 192"
    assert ds.StudyInstanceUID == report["study_instance_uid"]
    assert ds.VerifyingObserverSequence[0].VerifyingObserverName == report["signed_by_name"] + "^"
    evidence = ds.CurrentRequestedProcedureEvidenceSequence[0]
    assert evidence.StudyInstanceUID == report["study_instance_uid"]
    ct = dcmread(get_testdata_file("CT_small.dcm"))
    ref = evidence.ReferencedSeriesSequence[0].ReferencedSOPSequence[0]
    assert ref.ReferencedSOPInstanceUID == ct.SOPInstanceUID
    # built before archiving and after: the same bytes (one instance, whatever the path)
    await drain(settings, 0)
    again = await fetch_sr(client, report, tmp_path / "..")
    assert again.read_bytes() == path.read_bytes()


async def test_amendment_gets_its_own_instance_naming_its_predecessor(settings, store_file,
                                                                       aiohttp_client, tmp_path):
    client, first = await sign_one(settings, store_file, aiohttp_client, "FUTIAN_ECG", path=ECG)
    r = await client.post(f"/api/v1/cases/{first['case_id']}/report",
                          headers=auth(first["signed_by"]),
                          json={"findings": "窦性心律", "impression": "ST段抬高", "critical": True})
    second = await r.json()
    ds = dcmread(await fetch_sr(client, second, tmp_path))
    assert ds.SOPInstanceUID == sr_uids(second)[1] != sr_uids(first)[1]
    assert ds.SeriesInstanceUID == sr_uids(first)[0] and ds.InstanceNumber == 2
    pred = ds.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0]
    assert pred.ReferencedSOPSequence[0].ReferencedSOPInstanceUID == sr_uids(first)[1]


async def test_ecg_report_and_ecg_pass_dciodvfy_without_warnings(settings, aiohttp_client,
                                                               tmp_path):
    """Issue 12 item 14: Study ID present, PN in family^given form, (0040,1002) in the
    Request Attributes Sequence, our coding scheme declared, an ECG report titled so."""
    from teleconsult.store.files import Storage
    from teleconsult.web.app import create_app
    from tests.test_ecg_api import body

    client = await aiohttp_client(create_app(settings))
    r = await client.post("/api/v1/ecg", headers=auth("futian"), json=body())
    assert r.status == 201, await r.text()
    made = await r.json()
    await drain(settings)
    ecg_path = next(Storage(settings.data_dir).study_dir(made["study_instance_uid"])
                    .glob("*/*.dcm"))
    lists = {d: (await (await client.get("/api/v1/worklist", headers=auth(d))).json())["items"]
             for d in ("card-chen", "card-zhao")}
    doctor, item = next((d, i) for d, items in lists.items() for i in items)
    r = await client.post(f"/api/v1/cases/{item['case_id']}/report", headers=auth(doctor),
                          json={"findings": "窦性心律", "impression": "正常心电图",
                                "critical": False})
    assert r.status == 201, await r.text()
    sr_path = await fetch_sr(client, await r.json(), tmp_path)
    for path in (ecg_path, sr_path):
        check = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
        lines = [ln for ln in (check.stdout + check.stderr).splitlines()
                 if ln.startswith(("Warning", "Error"))
                 and "99TELECONSULT" not in ln  # a private scheme dciodvfy cannot know
                 and "Standard Extended SOP Class" not in ln]
        assert lines == [], (path.name, lines)
    sr = dcmread(sr_path)
    assert sr.ConceptNameCodeSequence[0].CodeMeaning == "EKG study"
    assert sr.CodingSchemeIdentificationSequence[0].CodingSchemeDesignator == "99TELECONSULT"
    ecg = dcmread(ecg_path)
    assert "ReasonForTheRequestedProcedure" not in ecg and ecg.StudyID
    assert ecg.RequestAttributesSequence[0].ReasonForTheRequestedProcedure == "胸痛"

"""One history: imaging, ECG and lab results of one patient from two facilities, in time
order, each item with its ``kind``; lab items with units, ranges, flags and 可互认; the
series of a repeated test; another facility's results shown only with a reason, audited."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import hl7
from hl7.mllp import open_hl7_connection
from pydicom.data import get_testdata_file

from teleconsult.run.hl7_part import hl7_part
from teleconsult.store import audit
from teleconsult.web.app import create_app
from tests.lab_messages import bundle, oru
from tests.ports import free_port
from tests.test_pipeline import auth, drain
from tests.test_sharing import RESIDENT, new_study, other_ids
from tests.wsi import make_slide

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")
PATIENT = dict(PatientName="王^芳", PatientBirthDate="19900101", PatientSex="F")


async def _hl7(port: int, text: str) -> str:
    reader, writer = await open_hl7_connection("127.0.0.1", port, encoding="utf-8")
    try:
        writer.writemessage(hl7.parse(text))
        await writer.drain()
        ack = await asyncio.wait_for(reader.readmessage(), 30)
        return str(ack.segment("MSA")(1))
    finally:
        writer.close()


async def test_history_shows_every_kind_across_two_facilities(settings, store_file,
                                                              aiohttp_client, tmp_path) -> None:
    settings = replace(settings, hl7_port=free_port())
    now = datetime.now(settings.timezone)
    recent, old = now - timedelta(days=2), now - timedelta(days=20)
    # futian: a CT and an ECG of the patient (local id F001, resident id under its label)
    futian_ids = dict(PatientID="F001", OtherPatientIDsSequence=other_ids(RESIDENT, "身份证"))
    store_file(CT, "FUTIAN_CT", **new_study(**futian_ids, **PATIENT))
    store_file(ECG, "FUTIAN_ECG", **new_study(**futian_ids, **PATIENT))
    # and a biopsy slide (two pyramid levels, one study)
    for level in make_slide(tmp_path, base=512, levels=2):
        store_file(level, "FUTIAN_CT", **futian_ids, **PATIENT)
    await drain(settings)
    # futian's laboratory: two potassium results over HL7, 20 days and 2 days ago
    async with hl7_part(settings):
        for control, when, k in (("F-OLD", old, "5.9"), ("F-NEW", recent, "3.9")):
            assert await _hl7(settings.hl7_port, oru(
                control=control, pid="F001", community_id=RESIDENT, name="王^芳", sex="F",
                potassium=k, flag="", when=when.strftime("%Y%m%d%H%M%S"))) == "AA"
    http = await aiohttp_client(create_app(settings))
    # guandu's laboratory (a patient it has no image of): FHIR, yesterday
    sent = bundle(identifier="G-1", pid="G777", community_id=RESIDENT, name="王芳",
                  gender="female", potassium=4.6,
                  when=(now - timedelta(days=1)).isoformat(timespec="seconds"))
    r = await http.post("/api/v1/fhir", json=sent, headers=auth("guandu"))
    assert r.status == 201, await r.text()
    guandu_result = (await r.json())["result_id"]

    # another facility's record is shown only with a reason
    r = await http.get("/api/v1/patients/F001/history", headers=auth("futian"))
    assert r.status == 400 and (await r.json())["error"]["code"] == "reason_required"
    r = await http.get("/api/v1/patients/F001/history?reason=follow_up",
                       headers=auth("futian"))
    assert r.status == 200, await r.text()
    body = await r.json()
    items = body["items"]
    assert body["studies"] == items
    assert {i["kind"] for i in items} == {"imaging", "ecg", "lab", "pathology"}
    assert {(i["kind"], i["clinic"]) for i in items} == {
        ("imaging", "futian"), ("ecg", "futian"), ("pathology", "futian"), ("lab", "futian"),
        ("lab", "guandu")}
    (slide,) = [i for i in items if i["kind"] == "pathology"]
    assert slide["modality"] == "SM"
    dates = [i["date"] for i in items]
    assert dates == sorted(dates, reverse=True)  # newest first, whatever the kind
    labs = [i for i in items if i["kind"] == "lab"]
    assert len(labs) == 3 and all(i["match"] in ("own", "same_patient") for i in labs)
    guandu = next(i for i in labs if i["clinic"] == "guandu")
    assert guandu["result_id"] == guandu_result and guandu["match"] == "same_patient"
    k = {o["code"]: o for o in guandu["orders"][0]["observations"]}["2823-3"]
    assert (k["value"], k["unit"], k["low"], k["high"]) == (4.6, "mmol/L", 3.5, 5.3)
    assert k["flag"] == "N" and not k["abnormal"] and k["recognised"]  # listed, 1 day old
    by_control = {i["date"][:10]: i for i in labs if i["clinic"] == "futian"}
    old_k = {o["code"]: o for o in by_control[old.date().isoformat()]["orders"][0]
             ["observations"]}["2823-3"]
    assert old_k["flag"] == "H" and old_k["abnormal"]  # 5.9 over 5.3: flagged by range
    assert old_k["recognised"] is False and old_k["recognised_until"]  # 20 days > 7
    (series,) = [s for s in body["lab_series"] if s["code"] == "2823-3"]
    assert [p["value"] for p in series["points"]] == [5.9, 3.9, 4.6]  # in time order
    assert [p["clinic"] for p in series["points"]] == ["futian", "futian", "guandu"]
    # the look at guandu's result is in the audit log, by id
    (entry,) = audit.query(settings.data_dir, action="patient_history")
    assert entry["facilities"] == ["guandu"] and guandu_result in entry["cases"]

    # the doctor the CT is routed to (by that case) and an admin (by the clinic) see the labs
    case = next(i for i in items if i["kind"] == "imaging")
    for doctor in ("rad-li", "rad-wang"):
        r = await http.get(f"/api/v1/patients/F001/history?case_id={case['case_id']}",
                           headers=auth(doctor))
        if r.status == 200:
            break
    assert r.status == 200, await r.text()
    assert {(i["kind"], i["clinic"]) for i in (await r.json())["items"]} >= {
        ("lab", "futian"), ("lab", "guandu"), ("imaging", "futian")}
    r = await http.get("/api/v1/patients/F001/history?clinic=futian&reason=quality_review",
                       headers=auth("admin"))
    assert r.status == 200
    assert len([i for i in (await r.json())["items"] if i["kind"] == "lab"]) == 3
    r = await http.get("/api/v1/patients/F001/history?clinic=futian", headers=auth("card-chen"))
    assert r.status == 403  # a doctor without a case of this patient routed to them

    # guandu knows the patient only from its lab: it may ask too, and sees futian's CT
    r = await http.get("/api/v1/patients/G777/history?reason=treatment",
                       headers=auth("guandu"))
    assert r.status == 200, await r.text()
    kinds = {(i["kind"], i["clinic"]) for i in (await r.json())["items"]}
    assert ("imaging", "futian") in kinds and ("lab", "guandu") in kinds
    # a clinic with neither a study nor a result of this id: 403
    r = await http.get("/api/v1/patients/G777/history?reason=treatment",
                       headers=auth("miaoyu"))
    assert r.status == 403

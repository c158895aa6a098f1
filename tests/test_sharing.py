"""Result sharing: clinic B sees clinic A's report for the same patient (matched by the
community-wide id, not the local PatientID), audited; a clinic with no study gets 403."""

from __future__ import annotations

from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

from teleconsult.reporting import sharing
from teleconsult.settings.reports import ClinicChannels, ReportsConfig
from teleconsult.store import audit
from teleconsult.web.app import create_app
from tests.test_delivery import CT
from tests.test_pipeline import auth, drain, worklists

RESIDENT = "110101199001011234"


def other_ids(value: str, issuer: str) -> list[Dataset]:
    item = Dataset()
    item.PatientID, item.IssuerOfPatientID = value, issuer
    return [item]


def new_study(**changes):
    base = dict(StudyInstanceUID=generate_uid(), SeriesInstanceUID=generate_uid(),
                SOPInstanceUID=generate_uid(), PatientName="Wang^Fang",
                PatientBirthDate="19900101", SpecificCharacterSet="ISO_IR 192")
    return {**base, **changes}


async def sign_clinic_case(client, clinic: str) -> dict:
    """Sign the routed case of ``clinic`` (one of the radiologists has it); the report."""
    lists = await worklists(client, "rad-li", "rad-wang")
    case = [i for i in lists["rad-li"] + lists["rad-wang"] if i["clinic"] == clinic][0]
    r = await client.post(f"/api/v1/cases/{case['case_id']}/report",
                          headers=auth(case["assigned_to"]),
                          json={"findings": "左肺下叶结节", "impression": "建议复查"})
    assert r.status == 201
    return await r.json()


async def test_clinic_sees_other_facility_result_audited(settings, store_file, aiohttp_client):
    # futian knows the patient as F001 and carries the resident id under its own label
    store_file(CT, "FUTIAN_CT", **new_study(PatientID="F001", OtherPatientIDsSequence=other_ids(
        RESIDENT, "身份证")))
    # guandu's machine uses the resident id itself as PatientID
    store_file(CT, "GUANDU_DR", **new_study(PatientID=RESIDENT, IssuerOfPatientID="RESIDENT_ID"))
    # shima: same name and birth date, no shared id -> only a possible match
    store_file(CT, "SHIMA_DR", **new_study(PatientID="S9"))
    # miaoyu: somebody else
    store_file(CT, "MIAOYU_CT", **new_study(PatientID="M1", PatientName="Li^Lei"))
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    report = await sign_clinic_case(client, "futian")

    r = await client.get(f"/api/v1/patients/{RESIDENT}/history?reason=follow_up",
                         headers=auth("guandu"))
    assert r.status == 200, await r.text()
    body = await r.json()
    by_clinic = {s["clinic"]: s for s in body["studies"]}
    assert body["community_ids"] == [RESIDENT]
    assert by_clinic["guandu"]["match"] == "own"
    assert by_clinic["futian"]["match"] == "same_patient"
    assert [x["report_id"] for x in by_clinic["futian"]["reports"]] == [report["report_id"]]
    assert by_clinic["shima"]["match"] == "possible_match" and "reports" not in by_clinic["shima"]
    assert "miaoyu" not in by_clinic

    # futian asks with its own local id and sees guandu's study
    r = await client.get("/api/v1/patients/F001/history?reason=referral", headers=auth("futian"))
    assert {s["clinic"] for s in (await r.json())["studies"]} >= {"futian", "guandu"}

    # miaoyu has no study of this patient
    r = await client.get(f"/api/v1/patients/{RESIDENT}/history", headers=auth("miaoyu"))
    assert r.status == 403 and (await r.json())["error"]["code"] == "no_shared_patient"

    r = await client.get("/api/v1/admin/audit?who=guandu&action=patient_history",
                         headers=auth("admin"))
    lines = (await r.json())["items"]
    assert len(lines) == 1
    line = lines[0]
    assert line["patient"] == {"clinic": "guandu", "id": RESIDENT, "community_ids": [RESIDENT]}
    assert line["facilities"] == ["futian", "shima"] and line["reason"] == "follow_up"
    assert "Wang" not in str(line)  # identifiers only
    shared = audit.query(settings.data_dir, action="patient_history")
    assert len(shared) == 2  # guandu's and futian's reads of another facility's data
    r = await client.get("/api/v1/admin/audit", headers=auth("guandu"))
    assert r.status == 403


def test_matching_rules():
    cfg = ReportsConfig(community_id_issuer="RESIDENT_ID",
                        clinics={"a": ClinicChannels(id_issuers=("身份证",))})
    a = {"clinic": "a", "patient": {"id": "L1", "other_ids": [{"id": "x 1", "issuer": "身份证"}],
                                    "name": "王芳", "birth_date": "1990-01-01"}}
    b = {"clinic": "b", "patient": {"id": "X1", "issuer": "resident_id", "name": "",
                                    "birth_date": ""}}
    c = {"clinic": "c", "patient": {"id": "Q", "name": "王 芳", "birth_date": "1990-01-01"}}
    d = {"clinic": "b", "patient": {"id": "X 1", "other_ids": [{"id": "X1", "issuer": "身份证"}],
                                    "name": "王芳", "birth_date": "1990-01-02"}}
    assert sharing.community_ids(a["patient"], "a", cfg) == {"X1"}
    # the id alone (no name or birth date to check it against) unlocks nothing
    assert sharing.classify([a], b, cfg) == sharing.UNVERIFIED
    b["patient"].update(name="Wang Fang", birth_date="1990-01-01")
    assert sharing.classify([a], b, cfg) == sharing.CONFLICT  # another name
    b["patient"].update(name="王芳", sex="F")
    assert sharing.classify([a], b, cfg) == sharing.SAME
    assert sharing.classify([a], c, cfg) == sharing.POSSIBLE
    # "身份证" is clinic a's label, not clinic b's: b's local id alone proves nothing
    assert sharing.classify([a], d, cfg) is None
    # the county's registration outranks both records' claims
    a["patient"]["sex"] = "F"
    truth = {"X1": {"name": "王芳", "sex": "F", "birth_date": "1990-01-01"}}
    assert sharing.classify([a], b, cfg, truth) == sharing.SAME
    truth["X1"]["sex"] = "M"
    assert sharing.classify([a], b, cfg, truth) == sharing.CONFLICT
    assert sharing.agrees({"name": "王芳", "birth_date": "1990-01-01", "sex": "O"},
                          {"name": "王 芳", "birth_date": "1990-01-01", "sex": "F"})

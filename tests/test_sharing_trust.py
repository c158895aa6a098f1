"""Issue 11 hole 3: a clinic that writes another facility's patient's resident id into its
own study (OtherPatientIDsSequence) does not get that patient's records by it."""

from __future__ import annotations

import orjson
import redis.asyncio as aioredis

from teleconsult.store import keys
from teleconsult.web.app import create_app
from tests.test_delivery import CT
from tests.test_pipeline import auth, drain
from tests.test_sharing import RESIDENT, new_study, other_ids, sign_clinic_case

VICTIM = dict(PatientName="Wang^Fang", PatientSex="F", PatientBirthDate="19900101")


async def _events(settings) -> list[dict]:
    client = aioredis.Redis.from_url(settings.redis_target().url)
    try:
        return [orjson.loads(f[b"data"]) for _, f in await client.xrange(keys.EVENTS)]
    finally:
        await client.aclose()


async def _futian_report(settings, store_file, client) -> dict:
    """futian's study of the victim, read and signed."""
    store_file(CT, "FUTIAN_CT", **new_study(PatientID="F001", **VICTIM,
                                            OtherPatientIDsSequence=other_ids(RESIDENT,
                                                                              "RESIDENT_ID")))
    await drain(settings)
    return await sign_clinic_case(client, "futian")


async def _history(client, who: str, pid: str, reason: str = ""):
    query = f"?reason={reason}" if reason else ""
    r = await client.get(f"/api/v1/patients/{pid}/history{query}", headers=auth(who))
    return r.status, await r.json()


async def test_spoofed_resident_id_with_wrong_demographics_unlocks_nothing(
        settings, store_file, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    await _futian_report(settings, store_file, client)
    # guandu's dummy study: the victim's resident id, a guessed name and birth date
    store_file(CT, "GUANDU_DR", **new_study(
        PatientID="G-DUMMY", PatientName="Zhang^San", PatientSex="M",
        PatientBirthDate="19800101", OtherPatientIDsSequence=other_ids(RESIDENT, "RESIDENT_ID")))
    await drain(settings)
    status, body = await _history(client, "guandu", "G-DUMMY", "treatment")
    assert status == 200, body
    assert {s["clinic"] for s in body["studies"]} == {"guandu"}
    assert "Wang" not in orjson.dumps(body).decode()
    # the claim is reported: to futian (whose record was claimed) and to the admins
    conflicts = [e for e in await _events(settings) if e["type"] == "identity_conflict"]
    assert [(e["clinic"], e["requested_by"]) for e in conflicts] == [("futian", "guandu")]
    r = await client.get("/api/v1/admin/audit?who=guandu", headers=auth("admin"))
    actions = [e["action"] for e in (await r.json())["items"] if e["action"] != "access"]
    assert actions == ["identity_conflict"]


async def test_spoof_with_right_demographics_needs_a_reason_and_is_announced(
        settings, store_file, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    report = await _futian_report(settings, store_file, client)
    # an attacker who also knows name, sex and birth date
    store_file(CT, "GUANDU_DR", **new_study(
        PatientID="G-DUMMY", **VICTIM, OtherPatientIDsSequence=other_ids(RESIDENT,
                                                                         "RESIDENT_ID")))
    await drain(settings)
    for reason in ("", "because", "TREATMENT"):
        status, body = await _history(client, "guandu", "G-DUMMY", reason)
        assert status == 400 and body["error"]["code"] == "reason_required", body
    assert not [e for e in await _events(settings) if e["type"] == "shared_record_access"]

    status, body = await _history(client, "guandu", "G-DUMMY", "emergency")
    assert status == 200
    futian = [s for s in body["studies"] if s["clinic"] == "futian"]
    assert [x["report_id"] for x in futian[0]["reports"]] == [report["report_id"]]
    notices = [e for e in await _events(settings) if e["type"] == "shared_record_access"]
    assert [(e["clinic"], e["requesting_clinic"], e["reason"]) for e in notices] == [
        ("futian", "guandu", "emergency")]
    # later looks need no new reason, and are not announced again
    status, _ = await _history(client, "guandu", "G-DUMMY")
    assert status == 200
    assert len([e for e in await _events(settings) if e["type"] == "shared_record_access"]) == 1
    r = await client.get("/api/v1/admin/audit?who=guandu&action=patient_history",
                         headers=auth("admin"))
    items = (await r.json())["items"]
    assert [i["first_access"] for i in items] == [["futian"], []]
    assert items[0]["reason"] == "emergency"

    # guandu's own case page (priors) shows nothing of futian's unless asked with a reason
    store_file(CT, "GUANDU_DR", **new_study(
        PatientID="G-OTHER", **VICTIM, OtherPatientIDsSequence=other_ids(RESIDENT,
                                                                         "RESIDENT_ID")))
    await drain(settings)
    r = await client.get("/api/v1/clinic/cases", headers=auth("guandu"))
    [other] = [c for c in (await r.json())["cases"] if c["patient"]["id"] == "G-OTHER"]
    r = await client.get(f"/api/v1/cases/{other['case_id']}", headers=auth("guandu"))
    assert r.status == 200
    assert "futian" not in {p["clinic"] for p in (await r.json())["priors"]}


async def test_the_county_registration_outranks_the_studies(settings, store_file,
                                                           aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    await _futian_report(settings, store_file, client)
    store_file(CT, "GUANDU_DR", **new_study(
        PatientID="G-DUMMY", **VICTIM, OtherPatientIDsSequence=other_ids(RESIDENT,
                                                                         "RESIDENT_ID")))
    await drain(settings)
    # the county knows this resident id as a man born in 1962: both studies are wrong
    body = {"name": "王建国", "sex": "M", "birth_date": "1962-05-01"}
    r = await client.put(f"/api/v1/admin/mpi/{RESIDENT}", headers=auth("admin"), json=body)
    assert r.status == 201, await r.text()
    r = await client.put(f"/api/v1/admin/mpi/{RESIDENT}", headers=auth("guandu"), json=body)
    assert r.status == 403
    r = await client.put(f"/api/v1/admin/mpi/{RESIDENT}", headers=auth("admin"),
                         json={"name": "x", "sex": "?", "birth_date": "1962"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_registration"
    status, body = await _history(client, "guandu", "G-DUMMY", "treatment")
    assert status == 200 and {s["clinic"] for s in body["studies"]} == {"guandu"}
    # registered as the victim: the records agree with the county and are shared
    r = await client.put(f"/api/v1/admin/mpi/{RESIDENT}", headers=auth("admin"),
                         json={"name": "Wang Fang", "sex": "F", "birth_date": "1990-01-01"})
    assert r.status == 201
    r = await client.get(f"/api/v1/admin/mpi/{RESIDENT}", headers=auth("admin"))
    assert (await r.json())["name"] == "Wang Fang"
    status, body = await _history(client, "guandu", "G-DUMMY", "treatment")
    assert {s["clinic"] for s in body["studies"]} == {"guandu", "futian"}

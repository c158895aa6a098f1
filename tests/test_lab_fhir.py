"""Lab results over FHIR: ``POST /api/v1/fhir`` validated by fhir.resources, stored like an
HL7 result, read back as FHIR (round trip), and the critical value's acknowledgement."""

from __future__ import annotations

import orjson
import redis.asyncio as aioredis
from fhir.resources.R4B.bundle import Bundle

from teleconsult.ingress.lab_store import LabStore
from teleconsult.store import audit, keys
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.lab_messages import bundle

GUANDU = {"Authorization": "Bearer demo-guandu"}
FUTIAN = {"Authorization": "Bearer demo-futian"}
ADMIN = {"Authorization": "Bearer demo-admin"}


def _observations(fhir: dict) -> dict[str, dict]:
    return {e["resource"]["code"]["coding"][0]["code"]: e["resource"]
            for e in fhir["entry"] if e["resource"]["resourceType"] == "Observation"}


async def test_bundle_round_trips(settings, aiohttp_client) -> None:  # noqa: ANN001
    http = await aiohttp_client(create_app(settings))
    sent = bundle(identifier="B-1", potassium=4.4)
    r = await http.post("/api/v1/fhir", data=orjson.dumps(sent), headers={
        **GUANDU, "Content-Type": "application/fhir+json"})
    assert r.status == 201, await r.text()
    made = await r.json()
    assert made["stored"] is True and made["critical"] is False
    assert made["patient_id"] == "G777" and made["observations"] == 2
    # stored durably, once: the same bundle again is 200, not a second result
    again = await http.post("/api/v1/fhir", json=sent, headers=GUANDU)
    assert again.status == 200 and (await again.json())["result_id"] == made["result_id"]
    store = LabStore(Storage(settings.data_dir))
    assert list(store.iter_ids()) == [made["result_id"]]

    r = await http.get(f"/api/v1/lab/{made['result_id']}/fhir", headers=GUANDU)
    assert r.status == 200 and r.content_type == "application/fhir+json"
    back = await r.json()
    Bundle.model_validate(back)  # valid FHIR, by the same library
    got, want = _observations(back), _observations(sent)
    assert set(got) == set(want) == {"2823-3", "2160-0"}
    for code in want:
        assert got[code]["valueQuantity"]["value"] == want[code]["valueQuantity"]["value"]
        assert got[code]["valueQuantity"]["unit"] == want[code]["valueQuantity"]["unit"]
        for end in ("low", "high"):
            assert got[code]["referenceRange"][0][end]["value"] == \
                want[code]["referenceRange"][0][end]["value"]
        assert got[code]["interpretation"] == want[code]["interpretation"]
        assert got[code]["effectiveDateTime"] == want[code]["effectiveDateTime"]
    patient = next(e["resource"] for e in back["entry"]
                   if e["resource"]["resourceType"] == "Patient")
    assert patient["name"][0]["text"] == "张三" and patient["birthDate"] == "1990-01-01"
    assert {i["value"] for i in patient["identifier"]} == {"G777", "110101199001011234"}
    # another facility may not read it; every read is audited
    assert (await http.get(f"/api/v1/lab/{made['result_id']}", headers=FUTIAN)).status == 403
    reads = audit.query(settings.data_dir, action="lab_result")
    assert [e["who"] for e in reads] == ["guandu"]


async def test_invalid_bundles_are_400_with_the_reason_and_not_stored(
        settings, aiohttp_client) -> None:  # noqa: ANN001
    http = await aiohttp_client(create_app(settings))
    no_code = bundle(identifier="B-2")
    del no_code["entry"][1]["resource"]["code"]  # Observation.code is required in FHIR
    dangling = bundle(identifier="B-3")
    dangling["entry"][3]["resource"]["result"].append({"reference": "urn:uuid:nowhere"})
    for body, words in [(no_code, "code"), (dangling, "urn:uuid:nowhere"),
                        ({"resourceType": "Patient"}, "Bundle"),
                        ({**bundle(), "type": "searchset"}, "Bundle.type")]:
        r = await http.post("/api/v1/fhir", json=body, headers=GUANDU)
        assert r.status == 400, body
        err = (await r.json())["error"]
        assert err["code"] == "invalid_fhir" and words in err["message"]
    r = await http.post("/api/v1/fhir", data=b"{not json", headers={
        **GUANDU, "Content-Type": "application/fhir+json"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_json"
    r = await http.post("/api/v1/fhir", data=b"x", headers={**GUANDU,
                                                             "Content-Type": "text/plain"})
    assert r.status == 415
    assert (await http.post("/api/v1/fhir", json=bundle(), headers=ADMIN)).status == 403
    assert list(LabStore(Storage(settings.data_dir)).iter_ids()) == []


async def test_critical_fhir_value_is_acknowledged_by_its_clinic(
        settings, aiohttp_client) -> None:  # noqa: ANN001
    http = await aiohttp_client(create_app(settings))
    r = await http.post("/api/v1/fhir", json=bundle(identifier="B-K", potassium=7.1,
                                                    interpretation="HH"), headers=GUANDU)
    made = await r.json()
    assert r.status == 201 and made["critical"] is True
    client = aioredis.from_url(settings.redis_target().url)
    member = f"lab:{made['result_id']}"
    try:
        assert await client.zscore(keys.CRITICAL_DUE, member) is not None
        url = f"/api/v1/lab/{made['result_id']}/ack"
        assert (await http.post(url, json={"by": "x"}, headers=FUTIAN)).status == 403
        assert (await http.post(url, json={}, headers=GUANDU)).status == 400
        r = await http.post(url, json={"by": "王护士"}, headers=GUANDU)
        assert r.status == 201 and (await r.json())["by"] == "王护士"
        assert await client.zscore(keys.CRITICAL_DUE, member) is None
        r = await http.post(url, json={"by": "李医生"}, headers=GUANDU)
        assert r.status == 200 and (await r.json())["by"] == "王护士"  # the first one stands
        # re-sent after acknowledgement: nothing more to chase
        await http.post("/api/v1/fhir", json=bundle(identifier="B-K", potassium=7.1,
                                                    interpretation="HH"), headers=GUANDU)
        assert await client.zscore(keys.CRITICAL_DUE, member) is None
    finally:
        await client.aclose()
    log = (await (await http.get(f"/api/v1/lab/{made['result_id']}",
                                 headers=GUANDU)).json())["communication"]
    assert [e["event"] for e in log] == ["notified", "acknowledged"]


async def test_reindex_restores_lab_indexes_and_critical_timers(settings, aiohttp_client
                                                                ) -> None:  # noqa: ANN001
    import redis as sync_redis

    from teleconsult.admin.reindex import reindex

    http = await aiohttp_client(create_app(settings))
    plain = await (await http.post("/api/v1/fhir", json=bundle(identifier="R-1"),
                                   headers=GUANDU)).json()
    crit = await (await http.post("/api/v1/fhir", json=bundle(
        identifier="R-2", potassium=7.4, interpretation="HH"), headers=GUANDU)).json()
    acked = await (await http.post("/api/v1/fhir", json=bundle(
        identifier="R-3", potassium=1.9, interpretation="LL"), headers=GUANDU)).json()
    r = await http.post(f"/api/v1/lab/{acked['result_id']}/ack", json={"by": "王护士"},
                        headers=GUANDU)
    assert r.status == 201
    sync = sync_redis.Redis.from_url(settings.redis_target().url)
    try:
        sync.flushall()  # Redis lost: the files are the truth
        result = reindex(settings, sync)
        assert result.lab_results == 3
        assert {m.decode() for m in sync.smembers(keys.patient_labs("guandu:G777"))} == {
            plain["result_id"], crit["result_id"], acked["result_id"]}
        due = {m.decode() for m in sync.zrange(keys.CRITICAL_DUE, 0, -1)}
        assert due == {f"lab:{crit['result_id']}"}  # the acknowledged one is not chased
    finally:
        sync.close()
    # and the history finds them again (the sharing index rebuilds itself from the files)
    r = await http.get("/api/v1/patients/G777/history", headers=GUANDU)
    assert r.status == 200
    assert len([i for i in (await r.json())["items"] if i["kind"] == "lab"]) == 3

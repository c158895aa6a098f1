"""A city deployment with real Redis: two communities (counties) beside the default one.
A study from each is routed only to its own community's doctors under its own hash tag; a
doctor of one never sees another's case (403, audited); an expert pool shared by the
communities takes consultations from both; reindex rebuilds every community's keys."""

from __future__ import annotations

from dataclasses import replace

import orjson
import pytest
import redis
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid
from redis.crc import key_slot

from teleconsult.admin.reindex import reindex
from teleconsult.settings.load import load_settings
from teleconsult.store import keys
from teleconsult.store.files import case_id_for_study
from teleconsult.store.redis_target import RedisTarget
from teleconsult.web.app import create_app
from tests.test_communities_config import city_toml, write
from tests.test_pipeline import auth, drain

CT = get_testdata_file("CT_small.dcm")


@pytest.fixture()
def settings(data_dir, redis_url, tmp_path):
    """The demo (default community) with the counties east and west (overrides conftest's
    ``settings``, so ``store_file`` ingests as this deployment)."""
    base = load_settings(write(tmp_path, city_toml()), env={})
    return replace(base, data_dir=data_dir, redis=RedisTarget.from_url(redis_url))


def study(store_file, ae: str) -> str:
    uid = generate_uid()
    store_file(CT, ae, StudyInstanceUID=uid, SeriesInstanceUID=generate_uid(),
               SOPInstanceUID=generate_uid(), PatientID=f"P-{ae}")
    return uid


async def worklist_ids(client, who: str) -> list[str]:
    r = await client.get("/api/v1/worklist", headers=auth(who))
    assert r.status == 200, await r.text()
    return [i["case_id"] for i in (await r.json())["items"]]


def audit_lines(settings, who: str) -> list[dict]:
    path = settings.data_dir / "audit" / "access.jsonl"
    return [line for line in map(orjson.loads, path.read_bytes().splitlines())
            if line.get("who") == who]


async def routed_city(settings, store_file, aiohttp_client):
    """One CT from each county and one from the default community's futian, routed."""
    uids = {ae: study(store_file, ae) for ae in ("EAST_CT", "WEST_CT", "FUTIAN_CT")}
    await drain(settings)
    cases = {"east": case_id_for_study(uids["EAST_CT"], "east"),
             "west": case_id_for_study(uids["WEST_CT"], "west"),
             "default": case_id_for_study(uids["FUTIAN_CT"])}
    return await aiohttp_client(create_app(settings)), cases


async def test_each_community_routes_to_its_own_doctors_under_its_own_tag(
        settings, store_file, aiohttp_client):
    client, cases = await routed_city(settings, store_file, aiohttp_client)
    assert cases["east"].endswith("-east") and cases["west"].endswith("-west")
    assert await worklist_ids(client, "east-rad") == [cases["east"]]
    assert await worklist_ids(client, "west-rad") == [cases["west"]]
    default_readers = [d.id for d in settings.doctors_in(keys.DEFAULT_COMMUNITY)
                       if "radiology" in d.specialties and not d.expert]
    seen = [cid for d in default_readers for cid in await worklist_ids(client, d)]
    assert seen == [cases["default"]]  # the default community keeps its own case only
    r = redis.Redis.from_url(settings.redis_target().url)
    try:
        for community in ("east", "west"):
            cid = cases[community]
            assert r.hget(keys.case(cid), "owner") == f"{community}-rad".encode()
            assert keys.case(cid).startswith(f"tc:{{route:{community}}}:")
            assert r.zscore(keys.leases(community), cid) is not None
            assert r.zscore(keys.doctor_cases(f"{community}-rad", community), cid) is not None
            assert int(r.get(keys.fence(community))) == 1  # each community's own counter
        assert r.hget(keys.case(cases["default"]), "status") == b"assigned"
    finally:
        r.close()
    # the communities' routing keys are in different Redis Cluster slots
    assert len({key_slot(keys.queue("radiology", c).encode())
                for c in ("default", "east", "west")}) == 3


async def test_a_doctor_of_one_community_never_sees_anothers_case(settings, store_file,
                                                                   aiohttp_client):
    client, cases = await routed_city(settings, store_file, aiohttp_client)
    for who, other in (("east-rad", "west"), ("west-rad", "east"), ("rad-li", "east")):
        r = await client.get(f"/api/v1/cases/{cases[other]}", headers=auth(who))
        assert r.status == 403, (who, r.status)
        r = await client.post(f"/api/v1/cases/{cases[other]}/claim", headers=auth(who))
        assert r.status in (403, 409), (who, r.status)
        refused = [line for line in audit_lines(settings, who)
                   if line["status"] == 403 and cases[other] in orjson.dumps(line).decode()]
        assert refused, f"{who}'s refusal was not audited"
    # a community's reader works its case end to end: claim, sign
    cid = cases["east"]
    r = await client.post(f"/api/v1/cases/{cid}/claim", headers=auth("east-rad"))
    assert r.status == 200, await r.text()
    r = await client.post(f"/api/v1/cases/{cid}/report", headers=auth("east-rad"),
                          json={"findings": "双肺纹理清晰", "impression": "未见异常",
                                "critical": False})
    assert r.status == 201, await r.text()
    assert await worklist_ids(client, "east-rad") == []
    r = await client.get("/api/v1/reports", headers=auth("east-town"))
    assert [x["case_id"] for x in (await r.json())["reports"]] == [cid]


async def test_a_shared_pool_expert_answers_both_communities(settings, store_file,
                                                             aiohttp_client):
    client, cases = await routed_city(settings, store_file, aiohttp_client)
    asked = {}
    for community in ("east", "west"):
        cid, reader = cases[community], f"{community}-rad"
        r = await client.post(f"/api/v1/cases/{cid}/consultations", headers=auth(reader),
                              json={"pool": "provincial", "question": f"{community} 请会诊",
                                    "urgency": "urgent"})
        assert r.status == 201, await r.text()
        asked[community] = (await r.json())["consultation_id"]
    r = await client.get("/api/v1/worklist", headers=auth("exp-liu"))
    items = (await r.json())["items"]
    assert sorted(i["case_id"] for i in items) == sorted([cases["east"], cases["west"]])
    for community, qid in asked.items():
        r = await client.get(f"/api/v1/cases/{cases[community]}", headers=auth("exp-liu"))
        assert r.status == 200  # asked about it: the expert may read it, whatever community
        r = await client.post(f"/api/v1/consultations/{qid}/claim", headers=auth("exp-liu"))
        assert r.status == 200, await r.text()
        r = await client.post(f"/api/v1/consultations/{qid}/opinion", headers=auth("exp-liu"),
                              json={"opinion": f"{community}: 考虑良性"})
        assert r.status == 201, await r.text()
        assert (await r.json())["case_id"] == cases[community]
    # the expert still sees nothing it was not asked about
    r = await client.get(f"/api/v1/cases/{cases['default']}", headers=auth("exp-liu"))
    assert r.status == 403


async def test_a_pool_not_shared_with_a_community_refuses_its_cases(
        settings, store_file, aiohttp_client):
    pool = settings.consult_pools["provincial"]
    s = replace(settings, consult_pools={"provincial": replace(pool, communities=("east",))})
    client, cases = await routed_city(s, store_file, aiohttp_client)
    r = await client.post(f"/api/v1/cases/{cases['west']}/consultations",
                          headers=auth("west-rad"),
                          json={"pool": "provincial", "question": "?"})
    assert r.status == 403 and (await r.json())["error"]["code"] == "pool_not_shared"


async def test_reindex_rebuilds_every_community(settings, store_file, aiohttp_client):
    client, cases = await routed_city(settings, store_file, aiohttp_client)
    r = await client.post(f"/api/v1/cases/{cases['west']}/claim", headers=auth("west-rad"))
    assert r.status == 200
    sync = redis.Redis.from_url(settings.redis_target().url)
    try:
        before = {cid: sync.hgetall(keys.case(cid)) for cid in cases.values()}
        sync.flushall()
        reindex(settings, sync)
        for community, cid in cases.items():
            state = sync.hgetall(keys.case(cid))
            assert state[b"owner"] == before[cid][b"owner"], community
            assert state[b"status"] == before[cid][b"status"], community
        assert sync.zscore(keys.doctor_cases("east-rad", "east"), cases["east"]) is not None
        assert sync.zscore(keys.doctor_cases("west-rad", "west"), cases["west"]) is not None
        for community in ("east", "west"):
            assert sync.hvals(keys.cases_by_study(community)) == [cases[community].encode()]
        assert int(sync.get(keys.fence("east"))) >= 1 and int(sync.get(keys.fence("west"))) >= 1
    finally:
        sync.close()
    # and routing goes on from the rebuilt keys: a new east study reaches east-rad
    uid = study(store_file, "EAST_CT")
    await drain(settings)
    assert case_id_for_study(uid, "east") in await worklist_ids(client, "east-rad")



async def test_an_admin_cannot_move_a_case_to_another_communitys_doctor(
        settings, store_file, aiohttp_client):
    client, cases = await routed_city(settings, store_file, aiohttp_client)
    url = f"/api/v1/admin/cases/{cases['west']}/assign"
    r = await client.post(url, headers=auth("admin"), json={"doctor": "east-rad"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "wrong_community"
    assert await worklist_ids(client, "east-rad") == [cases["east"]]
    r = await client.post(f"/api/v1/admin/cases/{cases['east']}/assign", headers=auth("admin"),
                          json={"doctor": "east-rad", "reason": "same county"})
    assert r.status == 200, await r.text()


async def test_the_overview_names_each_doctors_and_queued_cases_community(
        settings, store_file, aiohttp_client):
    study(store_file, "WEST_CT")  # not routed: nobody online yet
    client = await aiohttp_client(create_app(settings))
    await drain(settings, 0, 3600, online=False)
    r = await client.get("/api/v1/admin/overview", headers=auth("admin"))
    body = await r.json()
    staff = {d["id"]: d["community"] for d in body["doctors"]}
    assert staff["east-rad"] == "east" and staff["rad-li"] == keys.DEFAULT_COMMUNITY
    queued = body["queues"]["radiology"]
    assert [c["community"] for c in queued["cases"]] == ["west"]
    assert sum(queued["counts"].values()) == 1

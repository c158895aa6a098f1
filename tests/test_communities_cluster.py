"""Communities on a real 3-master Redis Cluster (``redis-cli --cluster create``): the
counties' routing keys hash to different slots and masters, each county's studies are routed
to its own doctors there, and reindex rebuilds every county's keys across the masters."""

from __future__ import annotations

import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis.asyncio.cluster as aiocluster
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid
from redis.cluster import RedisCluster

from teleconsult.admin.reindex import reindex
from teleconsult.ingress.ingest import Ingest
from teleconsult.reporting.signing import mark_reported
from teleconsult.routing.queue import Candidate, CaseQueue
from teleconsult.routing.reading import Reading
from teleconsult.settings.load import load_settings
from teleconsult.settings.model import Settings
from teleconsult.store import keys
from teleconsult.store import redis as store_redis
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.store.redis_target import RedisTarget, parse_addresses
from tests.redis_topology import Cluster, start_cluster
from tests.test_communities_config import city_toml, write
from workers.context import WorkerContext
from workers.runner import Worker

CT = get_testdata_file("CT_small.dcm")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    c = start_cluster(Path(tempfile.mkdtemp(prefix="tc-cluster-")), masters=3)
    yield c
    c.stop()


def _target(seeds: str) -> RedisTarget:
    return RedisTarget("cluster", nodes=parse_addresses(seeds))


@pytest.fixture()
def city(cluster: Cluster, data_dir: Path, tmp_path: Path) -> Settings:
    for node in cluster.masters():
        node.ask("FLUSHALL")
    base = load_settings(write(tmp_path, city_toml()), env={})
    return replace(base, data_dir=data_dir, redis=_target(cluster.seeds))


@pytest.fixture()
def sync_cluster(city: Settings) -> Iterator[RedisCluster]:
    client = store_redis.sync_client(city.redis_target())
    yield client
    client.close()


@pytest.fixture()
async def rc(city: Settings) -> AsyncIterator[aiocluster.RedisCluster]:
    client = store_redis.async_client(city.redis_target())
    yield client
    await client.aclose()


def _master_of(cluster: Cluster, key: str) -> set[int]:
    # (EXISTS on a master not serving the slot answers MOVED; SCAN only looks at its own)
    return {n.port for n in cluster.masters()
            if n.ask("SCAN", 0, "MATCH", key, "COUNT", 10000)[1]}


async def test_counties_route_apart_on_the_cluster_and_reindex(
        cluster: Cluster, city: Settings, sync_cluster: RedisCluster,
        rc: aiocluster.RedisCluster) -> None:
    ingest = Ingest(Storage(city.data_dir), sync_cluster)
    cases = {}
    for ae, community in (("EAST_CT", "east"), ("WEST_CT", "west"), ("FUTIAN_CT", "default")):
        tmp = ingest.storage.new_temp_path()
        ds = dcmread(CT)
        ds.StudyInstanceUID, ds.SOPInstanceUID = generate_uid(), generate_uid()
        ds.save_as(tmp)
        ingest.accept_file(tmp, city.clinic_for_ae(ae))
        cases[community] = case_id_for_study(ds.StudyInstanceUID, community)
    for d in city.doctors.values():
        if d.title != "resident" and not d.expert:
            await rc.set(keys.online(d.id), "1", ex=city.routing.presence_seconds)
    for offset in (0, 3600):
        ctx = WorkerContext.create(city, rc, lambda o=offset: time.time() + o, "w1")
        await Worker(ctx).run(burst=True)

    def owners() -> dict[str, bytes | None]:
        return {c: sync_cluster.hget(keys.case(cid), "owner") for c, cid in cases.items()}

    routed = owners()
    assert routed["east"] == b"east-rad" and routed["west"] == b"west-rad"
    assert routed["default"] in {d.id.encode() for d in city.doctors_in("default")}
    # each county's case, worklist and lease sit together on one master; the counties'
    # masters differ ({route:east} and {route:west} hash to different masters' slots)
    where = {}
    for c in ("east", "west"):
        cid, doctor = cases[c], f"{c}-rad"
        found = [_master_of(cluster, k) for k in (
            keys.case(cid), keys.doctor_cases(doctor, c), keys.leases(c), keys.fence(c))]
        assert all(f == found[0] and len(f) == 1 for f in found), found
        where[c] = found[0]
    assert where["east"] != where["west"]
    for node in cluster.masters():
        node.ask("FLUSHALL")
    reindex(city, sync_cluster)
    assert owners() == routed
    for c in ("east", "west"):
        assert sync_cluster.zrange(keys.doctor_cases(f"{c}-rad", c), 0, -1) == [
            cases[c].encode()]


def _record(case_id: str) -> dict:
    return {"case_id": case_id, "specialty": "radiology", "priority": "routine",
            "clinic": "west-town", "study_instance_uid": f"1.2.3.{case_id}", "modality": "CT",
            "patient": {"id": "p1", "name": "张三"}, "received_at": 1.0}


async def test_every_routing_script_runs_in_a_communitys_slot(
        cluster: Cluster, rc: aiocluster.RedisCluster) -> None:
    """Each script a case of the community ``west`` goes through — enqueue, a page of
    assignments, the poll with its lease renewal, claim, draft, hand back, move, review and
    return, sign — on the cluster, where a key of another slot would be CROSSSLOT."""
    q, reading = CaseQueue(rc), Reading(rc)
    ids = [case_id_for_study(f"1.2.3.{i}", "west") for i in range(3)]
    for cid in ids:
        assert await q.enqueue(_record(cid), score=1.0, first_check=100.0)
    doctors = [Candidate("west-rad", 5), Candidate("west-2", 5)]
    got = await q.assign_many([(cid, "radiology", 1.0, False, 1000.0, doctors) for cid in ids])
    assert all(isinstance(g, tuple) for g in got), got
    owner = got[0][0]
    open_ = await q.poll(owner, now=10.0, lease_seconds={"routine": 600}, community="west")
    assert ids[0] in {o.case_id for o in open_}
    cid, fence = ids[0], got[0][1]
    assert await q.owner_step(cid, owner, "in_review", fence) == fence
    assert (await reading.touch(cid, owner, 11.0, "draft", fence, 0))[2] == 1
    assert await reading.hand_back(cid, "radiology", owner, fence=fence) == fence
    fence = await q.move(cid, "radiology", "", "west-rad", 2000.0)
    record = _record(cid)
    assert await q.to_review(record, "west-rad", fence, 100.0, 200.0, "attending", False) \
        == fence
    fence = await q.move(cid, "radiology", "", "west-2", 2000.0)
    fence = await q.return_to_writer(record, "west-2", "west-rad", 3000.0)
    assert await q.requeue(cid, "radiology", "west-rad") == "west-rad"  # (the owner it had)
    fence = await q.move(cid, "radiology", "", "west-rad", 2000.0)
    assert await q.owner_step(cid, "west-rad", "reported", fence) == fence
    assert await mark_reported(rc, ids[1]) == "moved"
    # every routing key of the community on one master, none under the default's tag
    holding = {n.port for n in cluster.masters()
               if n.ask("SCAN", 0, "MATCH", "tc:{route:west}:*", "COUNT", 10000)[1]}
    assert len(holding) == 1
    assert not any(n.ask("SCAN", 0, "MATCH", "tc:{route}:*", "COUNT", 10000)[1]
                   for n in cluster.masters())

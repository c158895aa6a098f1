"""The Redis side of the service on a real 3-master Redis Cluster (``redis-cli --cluster
create``): every Lua script, MULTI and multi-key command runs where the cluster routes it,
keys spread over the masters, SCAN covers every master, reindex rebuilds across them.

The unit test tests/test_cluster_slots.py states the slot rule; this runs it for real.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio.cluster as aiocluster
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid
from redis.cluster import RedisCluster

from teleconsult.admin.reindex import reindex
from teleconsult.api.login_guard import LoginGuard
from teleconsult.ingress.ingest import Ingest
from teleconsult.routing import presence
from teleconsult.routing.queue import Candidate, CaseQueue
from teleconsult.routing.reading import Reading
from teleconsult.settings.model import Settings
from teleconsult.store import events, keys, locks, redis_cluster
from teleconsult.store.files import Storage
from teleconsult.store.sessions import Principal, SessionStore
from tests.redis_topology import Cluster, start_cluster
from workers.context import WorkerContext
from workers.runner import Worker

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    c = start_cluster(Path(tempfile.mkdtemp(prefix="tc-cluster-")), masters=3)
    yield c
    c.stop()


@pytest.fixture()
def sync_cluster(cluster: Cluster) -> Iterator[RedisCluster]:
    for node in cluster.masters():
        node.ask("FLUSHALL")
    client = redis_cluster.sync_cluster(redis_cluster.parse_seeds(cluster.seeds))
    yield client
    client.close()


@pytest.fixture()
async def rc(cluster: Cluster, sync_cluster: RedisCluster
             ) -> AsyncIterator[aiocluster.RedisCluster]:
    # one seed is enough: the client learns the others from it
    client = redis_cluster.async_cluster(redis_cluster.parse_seeds(cluster.nodes[-1].address))
    yield client
    await client.aclose()


def test_seeds_are_parsed_or_refused_by_name() -> None:
    assert redis_cluster.parse_seeds("10.0.0.1:7000, redis-b:7001,[::1]:7002") == (
        ("10.0.0.1", 7000), ("redis-b", 7001), ("::1", 7002))
    for bad in ("", "10.0.0.1", "a:b", "a:70000", "a:1,,b:2", ":7000"):
        with pytest.raises(ValueError, match="host:port"):
            redis_cluster.parse_seeds(bad)


def _masters_holding(cluster: Cluster, pattern: str) -> set[int]:
    return {n.port for n in cluster.masters()
            if n.ask("SCAN", 0, "MATCH", pattern, "COUNT", 10000)[1]}


def _record(case_id: str, specialty: str = "radiology", patient: str = "p1") -> dict:
    return {"case_id": case_id, "specialty": specialty, "priority": "routine",
            "clinic": "futian", "study_instance_uid": f"1.2.3.{case_id[-1]}",
            "modality": "CT", "patient": {"id": patient, "name": "张三"},
            "received_at": 1.0}


async def test_routing_scripts_keep_one_owner_per_case(cluster: Cluster,
                                                       rc: aiocluster.RedisCluster) -> None:
    q, reading = CaseQueue(rc), Reading(rc)
    for i in range(1, 5):
        assert await q.enqueue(_record(f"c-{i}"), score=float(i), first_check=100.0)
    assert not await q.enqueue(_record("c-1"), score=1.0, first_check=100.0)
    doctors = [Candidate("rad-li", 2), Candidate("rad-wang", 2), Candidate("rad-zhou", 2)]
    plans = [(f"c-{i}", "radiology", float(i), False, 1000.0, doctors) for i in range(1, 5)]
    got = await q.assign_many(plans)
    owners = [g[0] for g in got if isinstance(g, tuple)]
    assert len(owners) == 4 and max(owners.count(d.doctor_id) for d in doctors) == 2
    # a second router's page finds every case taken
    assert await q.assign_many(plans) == [False] * 4
    mine = next(d.doctor_id for d in doctors if owners.count(d.doctor_id) == 2)
    open_ = await q.poll(mine, now=10.0, lease_seconds={"routine": 600})
    assert len(open_) == 2 and {o.owner for o in open_} == {mine}
    case_id, fence = open_[0].case_id, open_[0].fence
    assert await q.owner_step(case_id, mine, "in_review", fence) == fence
    status, _fence, version = await reading.touch(case_id, mine, 11.0, "draft", fence, 0)
    assert (status, version) == ("in_review", 1)
    assert await reading.hand_back(case_id, "radiology", mine, fence=fence) == fence
    new_fence = await q.move(case_id, "radiology", "", "rad-zhou", 2000.0)
    assert new_fence > fence
    assert await q.owner_step(case_id, "rad-zhou", "reported", new_fence) == new_fence
    loads = dict(zip(["rad-li", "rad-wang", "rad-zhou"],
                     await q.loads(["rad-li", "rad-wang", "rad-zhou"], (1e10, 2e10)),
                     strict=True))
    assert sum(v[0] for v in loads.values()) == 3
    # the whole routing domain is in one slot: one master holds every {route} key
    assert len(_masters_holding(cluster, "tc:{route}:*")) == 1


async def test_reads_across_slots_fall_back_to_a_pipeline(cluster: Cluster,
                                                          rc: aiocluster.RedisCluster) -> None:
    """A patient's cases are untagged keys spread over the masters: ``members`` and
    ``fields`` of several of them cannot be one script (CROSSSLOT), and still answer."""
    q = CaseQueue(rc)
    patients = [f"clinic-{i}:p{i}" for i in range(12)]
    for i, p in enumerate(patients):
        await rc.sadd(keys.patient_cases(p), f"c-{i}", f"c-{i}b")
    assert len(_masters_holding(cluster, "tc:patient:*")) >= 2
    got = await q.members([keys.patient_cases(p) for p in patients])
    assert [sorted(m.decode() for m in g) for g in got] == \
        [sorted([f"c-{i}", f"c-{i}b"]) for i in range(12)]
    await q.enqueue(_record("c-9"), 9.0, 100.0)
    fields = await q.fields([keys.case("c-9"), keys.study_info("1.2.840.9")],
                            ("status",))
    assert fields[0] == [b"queued"]


async def test_presence_sessions_login_locks_events(cluster: Cluster,
                                                   rc: aiocluster.RedisCluster) -> None:
    doctors = [f"doc-{i}" for i in range(20)]
    for d in doctors:
        await presence.seen(rc, d, 60)
    await presence.check_out(rc, "doc-3")  # a MULTI over three keys of one doctor
    assert await presence.online_ids(rc, doctors) == set(doctors) - {"doc-3"}  # one MGET
    sessions = SessionStore(rc)
    made = [await sessions.create(Principal("doctor", f"doc-{i % 2}", "x")) for i in range(40)]
    assert len(_masters_holding(cluster, "tc:session:*")) == 3  # spread over every master
    assert await sessions.end_all("doctor", "doc-0") == 20  # SCAN went over every master
    assert [await sessions.load(s.token) is None for s in made] == [i % 2 == 0
                                                                   for i in range(40)]
    guard = LoginGuard(rc)
    assert (await guard.begin("doc-1", "10.0.0.1")).verdict == "ok"
    await guard.succeeded("doc-1", "10.0.0.1")
    token = await locks.acquire(rc, "tc:lock:test", 5000)
    assert token and await locks.acquire(rc, "tc:lock:test", 5000) is None
    await locks.release(rc, "tc:lock:test", token)
    await events.publish_many(rc, [("case_queued", 1.0, {"case_id": "c-1"}),
                                   ("case_assigned", 2.0, {"case_id": "c-1"})])
    assert await rc.xlen(keys.EVENTS) == 2


async def _drain(settings: Settings, client: aiocluster.RedisCluster, *offsets: float) -> None:
    for d in settings.doctors.values():
        if d.title != "resident" and not d.expert:
            await client.set(keys.online(d.id), "1", ex=settings.routing.presence_seconds)
    for offset in offsets:
        ctx = WorkerContext.create(settings, client, lambda o=offset: time.time() + o, "w1")
        await Worker(ctx).run(burst=True)


def _routing_state(client: RedisCluster, settings: Settings) -> dict:
    """What a doctor and a clinic see through Redis: queues, worklists, owners, indexes."""
    cases = sorted(k.decode() for k in client.scan_iter(match=keys.case("*")))
    return {
        "cases": {k: (client.hget(k, "status"), client.hget(k, "owner")) for k in cases},
        "worklists": {d: client.zrange(keys.doctor_cases(d), 0, -1) for d in settings.doctors},
        "clinic_cases": {c: client.zrange(keys.clinic_cases(c), 0, -1) for c in settings.clinics},
        "patients": sorted(k.decode() for k in client.scan_iter(match=keys.patient_cases("*"))),
        "fence": client.get(keys.FENCE),
    }


async def test_ingest_assembler_router_then_reindex(cluster: Cluster, settings: Settings,
                                                    sync_cluster: RedisCluster,
                                                    rc: aiocluster.RedisCluster) -> None:
    """Instances recorded by the ingest script, made into cases and routed by the workers,
    all on the cluster; then every master flushed and ``reindex`` rebuilds the same state
    from the files (SCAN and writes spread over every master)."""
    ingest = Ingest(Storage(settings.data_dir), sync_cluster)
    for path, ae in ((CT, "FUTIAN_CT"), (ECG, "FUTIAN_ECG"), (CT, "MIAOYU_CT")):
        tmp = ingest.storage.new_temp_path()
        ds = dcmread(path)
        ds.StudyInstanceUID, ds.SOPInstanceUID = generate_uid(), generate_uid()
        ds.save_as(tmp)
        ingest.accept_file(tmp, settings.clinic_for_ae(ae))
    await _drain(settings, rc, 0, 3600)
    before = _routing_state(sync_cluster, settings)
    assert [s for s, _owner in before["cases"].values()] == [b"assigned"] * 3
    assert sum(len(w) for w in before["worklists"].values()) == 3
    assert len(_masters_holding(cluster, "tc:*")) == 3  # keys spread over every master
    for node in cluster.masters():
        node.ask("FLUSHALL")
    result = reindex(settings, sync_cluster)
    assert (result.cases, result.assigned) == (3, 3)
    assert _routing_state(sync_cluster, settings) == before

"""The Redis side of the service on a real 3-master Redis Cluster (``redis-cli --cluster
create``): every Lua script, MULTI and multi-key command runs where the cluster routes it,
keys spread over the masters, SCAN covers every master, reindex rebuilds across them.

The unit test tests/test_cluster_slots.py states the slot rule; this runs it for real.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from http.client import HTTPConnection
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
from teleconsult.store import events, keys, locks
from teleconsult.store import redis as store_redis
from teleconsult.store.files import Storage
from teleconsult.store.redis_target import RedisTarget, parse_addresses
from teleconsult.store.sessions import Principal, SessionStore
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.redis_topology import Cluster, start_cluster
from tests.test_e2e_serve import http, poll, storescu, worklist_items
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
    client = store_redis.sync_client(_target(cluster.seeds))
    yield client
    client.close()


@pytest.fixture()
async def rc(cluster: Cluster, sync_cluster: RedisCluster
             ) -> AsyncIterator[aiocluster.RedisCluster]:
    # one seed is enough: the client learns the others from it
    client = store_redis.async_client(_target(cluster.nodes[-1].address))
    yield client
    await client.aclose()


def _target(seeds: str) -> RedisTarget:
    return RedisTarget("cluster", nodes=parse_addresses(seeds))


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


class _EventStream:
    """GET /api/v1/events read line by line (server-sent events)."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = HTTPConnection("127.0.0.1", port, timeout=5)
        self.conn.request("GET", "/api/v1/events", headers={"Authorization": f"Bearer {token}"})
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200
        assert self.wait_for(b"ready", 10)

    def wait_for(self, text: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.resp.readline()
            except TimeoutError:
                continue
            if text in line:
                return True
        return False

    def close(self) -> None:
        self.conn.close()


@pytest.fixture()
def serve_on_cluster(cluster: Cluster, sync_cluster: RedisCluster, data_dir: Path):
    """``teleconsult serve`` as a user starts it, with TELECONSULT_REDIS_CLUSTER (one seed)."""
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_CONFIG=str(DEMO_CONFIG),
               TELECONSULT_REDIS_CLUSTER=cluster.nodes[1].address)
    with open(data_dir / "serve.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)

        def ready() -> bool:
            if proc.poll() is not None:
                raise AssertionError((data_dir / "serve.log").read_text()[-3000:])
            try:
                return http(http_port, "/readyz")[0] == 200
            except OSError:
                return False

        try:
            poll(ready, 90, "serve on the cluster to become ready")
            yield http_port, dicom_port
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert not (data_dir / "redis").exists()  # no embedded Redis was started


def test_serve_on_a_cluster_push_to_report_to_clinic_feed(serve_on_cluster, cluster: Cluster,
                                                          sync_cluster: RedisCluster) -> None:
    http_port, dicom_port = serve_on_cluster
    assert storescu(dicom_port, "FUTIAN_ECG", ECG).returncode == 0
    assert storescu(dicom_port, "FUTIAN_CT", CT).returncode == 0
    card = poll(lambda: worklist_items(http_port, ["card-chen", "card-zhao"]), 20,
                "the ECG on a cardiologist's worklist")
    rad = poll(lambda: worklist_items(http_port, ["rad-li", "rad-wang"]), 30,
               "the CT on a radiologist's worklist")
    assert [i["modality"] for i in card] == ["ECG"] and [i["modality"] for i in rad] == ["CT"]
    case = rad[0]
    doctor = case["assigned_to"]
    # a supervisor's move (a Lua script on the case's routing keys) and back
    other = "rad-wang" if doctor == "rad-li" else "rad-li"
    for to in (other, doctor):
        status, body = http(http_port, f"/api/v1/admin/cases/{case['case_id']}/assign",
                            "demo-admin", {"doctor": to})
        assert status == 200, body
    stream = _EventStream(http_port, "demo-futian")  # live: the hub's blocking XREAD
    status, body = http(http_port, f"/api/v1/cases/{case['case_id']}/report", f"demo-{doctor}",
                        {"findings": "肺野清晰", "impression": "正常胸部CT", "critical": False})
    assert status == 201, body
    assert stream.wait_for(b"report_signed", 30)
    stream.close()
    for path, token in (("/api/v1/admin/overview", "demo-admin"),
                        ("/api/v1/screen", "demo-screen")):
        assert http(http_port, path, token)[0] == 200, path
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=10) as resp:
        assert b"teleconsult_queue_depth" in resp.read()
    status, feed = http(http_port, "/api/v1/reports?since=0", "demo-futian")
    assert status == 200 and [r["impression"] for r in feed["reports"]] == ["正常胸部CT"]
    status, other = http(http_port, "/api/v1/reports?since=0", "demo-guandu")
    assert status == 200 and other["reports"] == []
    # the report reached the clinic through delivery (a worker on the cluster)
    poll(lambda: any(h["status"] == "delivered" for h in http(
        http_port, f"/api/v1/cases/{case['case_id']}", "demo-futian")[1]["history"]), 30,
        "the report delivered")
    # the service's keys are on every master: the routing domain on one, the rest spread
    assert len(_masters_holding(cluster, "tc:*")) == 3
    assert len(_masters_holding(cluster, "tc:{route}:*")) == 1

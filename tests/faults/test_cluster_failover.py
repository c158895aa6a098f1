"""A Redis Cluster master killed (SIGKILL) during a push of 500 instances from 4 clinics to
two ``serve`` nodes, with STAT ECGs arriving across the fault and a report signed before and
during it — the scenario of tests/faults/test_sentinel_failover.py on a cluster: its replica
takes over, the old master is restarted and rejoins as its replica (the runbook), the
senders' re-sends succeed, nothing acknowledged is lost (``[redis] replicas_to_ack = 1``: an
arrival and a signed report are acknowledged only once a replica holds them), every study is
one case assigned exactly once, every STAT is assigned within STAT_BOUND of its
acknowledgement, both reports reach the clinic's feed. And a whole ``serve`` node killed
mid-push on the cluster (tests/faults/test_node_faults.py's first scenario).

Real processes throughout: 3 masters + 3 replicas (``redis-cli --cluster create``), two
``teleconsult serve`` nodes on one data dir with TELECONSULT_REDIS_CLUSTER, DCMTK
``storescu`` senders.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from teleconsult.store import keys, redis_cluster, replication
from teleconsult.store import redis as store_redis
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.store.redis_target import RedisTarget, parse_addresses
from tests.conftest import DEMO_CONFIG
from tests.faults import push_load
from tests.faults.cluster import (
    node_death_on,
)
from tests.faults.push_load import ServeNode, serve_pair
from tests.faults.test_sentinel_failover import (
    ECGS,
    STAT_BOUND,
    _ecg,
    _ecg_case,
    _push_ecg,
    _sign,
    _stat_sender,
)
from tests.redis_topology import Cluster, start_cluster, wait_failover, wait_replicas
from tests.test_e2e_serve import http, poll

DEADLINE = 90  # the re-sends and the routing after the fault (CT waits 5 s to be stable)
CARDS = ("card-chen", "card-zhao")
DOCTORS = ("rad-li", "rad-wang", *CARDS)


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = start_cluster(tmp_path / "cluster", masters=3, replicas=1)
    yield c
    c.stop()


@pytest.fixture()
def city(cluster: Cluster, tmp_path: Path) -> Iterator[tuple[list[ServeNode], Path]]:
    """Two `serve` nodes on one shared data dir and the cluster, acknowledging only what a
    replica holds."""
    data = tmp_path / "data"
    data.mkdir()
    config = tmp_path / "teleconsult.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8")
                      + "\n[redis]\nreplicas_to_ack = 1\n", encoding="utf-8")
    with serve_pair(data, tmp_path, "city", {"TELECONSULT_REDIS_CLUSTER": cluster.seeds},
                    config) as nodes:
        yield nodes, data


def test_a_master_killed_mid_push_loses_nothing_acknowledged(cluster: Cluster, city,
                                                            tmp_path: Path) -> None:
    (a, b), data = city
    http_port, dicom_port = a.http_port, b.dicom_port  # doctors on node a; STATs to node b
    storage = Storage(data)
    for d in DOCTORS:  # online: their first poll
        assert http(http_port, "/api/v1/worklist", f"demo-{d}")[0] == 200
    assert _push_ecg(dicom_port, _ecg(tmp_path))
    before = _ecg_case(http_port)
    status, signed_before = _sign(http_port, before, "before-fault")
    assert status == 201, signed_before  # confirmed on every master's replica

    files = push_load.make_studies(tmp_path / "push")
    logs = {ae: tmp_path / f"{ae}.log" for ae in files}
    to = {ae: (a, b)[i % 2].dicom_port for i, ae in enumerate(files)}  # two clinics per node
    senders = {ae: push_load.sender(ae, to[ae], fs, logs[ae]) for ae, fs in files.items()}
    watch = cluster.client()
    victim = cluster.master_of(keys.ARRIVALS)  # the ingest stream's master: the hot one
    poll(lambda: watch.xlen(keys.ARRIVALS) >= 100, 60, "100 arrivals before the kill")
    stat_acked: dict[str, float] = {}
    stop = threading.Event()
    stat = threading.Thread(target=_stat_sender, args=(dicom_port, tmp_path, stat_acked, stop))
    stat.start()
    during = _ecg_case(http_port, before["case_id"])  # assigned before the kill, signed across
    victim.kill()
    failover_s = wait_failover(cluster, victim)
    acked: set[str] = set()
    for ae, s in senders.items():
        s.wait(120)
        acked |= push_load.acknowledged(logs[ae])
    first_pass = len(acked)
    # the runbook: the old master restarted rejoins as its successor's replica, and what waits
    # for a replica on that shard is acknowledged again
    victim.restart()
    wait_replicas(cluster, 3)
    # the doctor's client retried its signing (same Idempotency-Key) until it was answered
    signed_during = poll(lambda: (r := _sign(http_port, during, "during-fault"))[0] in (200, 201)
                         and r[1], DEADLINE, "the report signed during the failover")
    acked = push_load.resend_until_all(files, to, logs, acked, DEADLINE)
    assert len(acked) == 4 * push_load.STUDIES * push_load.PER_STUDY
    stat.join(DEADLINE)
    stop.set()
    assert len(stat_acked) == ECGS, "every STAT ECG acknowledged after re-sends"

    studies = push_load.study_uids(files) | set(stat_acked)
    push_load.assigned_once(storage, studies, DEADLINE)
    for study in push_load.study_uids(files):  # all its instances on disk
        assert len(list(storage.study_dir(study).rglob("*.dcm"))) == push_load.PER_STUDY
    late = {}
    for study, at in stat_acked.items():
        assigned = next(h["at"] for h in storage.history(case_id_for_study(study))
                        if h.get("status") == "assigned")
        late[study] = assigned - at
    assert max(late.values()) < STAT_BOUND, late
    owners = [m.decode() for d in DOCTORS for m in watch.zrange(keys.doctor_cases(d), 0, -1)]
    assert len(owners) == len(set(owners))  # each case on exactly one worklist
    assert {case_id_for_study(s) for s in push_load.study_uids(files)} <= set(owners)
    status, feed = http(http_port, "/api/v1/reports?since=0", "demo-futian")
    ids = {r["report_id"] for r in feed["reports"]}
    assert status == 200 and {signed_before["report_id"], signed_during["report_id"]} <= ids
    watch.close()
    print(f"\nmaster killed: replica promoted {failover_s:.1f} s later; {first_pass} of 500 "
          f"acknowledged in the first pass, the rest re-sent after the old master's restart; "
          f"STAT assigned within {max(late.values()):.1f} s of acknowledgement")


def test_a_write_waits_for_its_replica_on_the_slots_master_across_a_failover(
        cluster: Cluster) -> None:
    """``on_master_of``: a script and its ``WAIT`` down one connection of the key's master
    (WAIT counts 1 replica), and after that master is killed the same call reaches the
    promoted replica, loading the script it never saw."""
    client = store_redis.sync_client(RedisTarget("cluster", nodes=parse_addresses(
        cluster.seeds)))
    record = client.register_script("return redis.call('XADD', KEYS[1], '*', 'n', ARGV[1])")

    def write(n: int):
        def run(node):
            pipe = node.pipeline(transaction=False)
            record(keys=[keys.ARRIVALS], args=[n], client=pipe)
            pipe.wait(1, 2000)
            return pipe.execute()
        return redis_cluster.on_master_of(client, keys.ARRIVALS, run)

    assert write(1)[-1] == 1  # one replica holds it
    victim = cluster.master_of(keys.ARRIVALS)
    victim.kill()
    t0 = time.monotonic()
    _entry, replicas = write(2)  # retried until the replica is promoted
    assert replicas == 0  # the promoted replica has no replica of its own yet
    assert time.monotonic() - t0 < 30
    assert [f[b"n"] for _id, f in client.xrange(keys.ARRIVALS)] == [b"1", b"2"]
    client.close()


async def test_a_signing_is_confirmed_on_every_master_or_refused_after_a_failover(
        cluster: Cluster) -> None:
    """``replication.mark``/``confirm`` on a cluster: a probe and WAIT on each master; a
    master replaced in between (its replica promoted) refuses the confirmation."""
    target = RedisTarget("cluster", nodes=parse_addresses(cluster.seeds), replicas_to_ack=1)
    client = store_redis.async_client(target)
    try:
        since = await replication.mark(client, target)
        for tagged in (keys.case("c-1"), keys.clinic_reports("futian"), keys.DELIVERY_DUE):
            await client.zadd(tagged, {"x": 1})  # three tags, on three masters
        await replication.confirm(client, target, since)
        since = await replication.mark(client, target)
        await client.zadd(keys.clinic_reports("futian"), {"y": 2})
        victim = cluster.master_of(keys.clinic_reports("futian"))
        victim.kill()
        wait_failover(cluster, victim)
        with pytest.raises(replication.NotReplicated, match="changed"):
            await replication.confirm(client, target, since)
    finally:
        await client.aclose()


def test_a_node_killed_mid_push_on_the_cluster_loses_and_doubles_nothing(
        cluster: Cluster, tmp_path: Path) -> None:
    """tests/faults/test_node_faults.py's first scenario on the cluster: a whole node killed
    (SIGKILL) in the middle of a C-STORE push; the sender re-sends everything to the other
    node; every instance stored once, one case per study, queued once and assigned at most
    once, the node seen dead by the survivor."""
    target = RedisTarget("cluster", nodes=parse_addresses(cluster.seeds))
    base = tmp_path / "nodes"
    base.mkdir()
    node_death_on(base, target)

"""A Redis Cluster master killed (SIGKILL) during a push of 500 instances from 4 clinics:
its replica takes over, the old master is restarted and rejoins as its replica, the senders
re-send what was refused, and nothing acknowledged is lost — every study is one case with
all its instances, every case assigned exactly once. An arrival is acknowledged only once a
replica holds it (``[redis] replicas_to_ack = 1``).

Real processes throughout: 3 masters + 3 replicas (``redis-cli --cluster create``), one
``teleconsult serve`` on the cluster, four DCMTK ``storescu`` senders.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.store import keys, redis_cluster, replication
from teleconsult.store import redis as store_redis
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.store.redis_target import RedisTarget, parse_addresses
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.redis_topology import Cluster, start_cluster, wait_failover, wait_replicas
from tests.test_e2e_serve import DCMTK_ENV, http, poll

CT = get_testdata_file("CT_small.dcm")
CLINICS = ("FUTIAN_CT", "GUANDU_DR", "MIAOYU_CT", "SHIMA_DR")
STUDIES, PER_STUDY = 5, 25  # per clinic: 4 × 5 × 25 = 500 instances
# After the kill: the failover (~2-4 s here), the senders' retries and the 5 s stability
# window of CT; a case is assigned within this of its last instance.
DEADLINE = 90


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = start_cluster(tmp_path / "cluster", masters=3, replicas=1)
    yield c
    c.stop()


@pytest.fixture()
def serve(cluster: Cluster, tmp_path: Path) -> Iterator[tuple[int, int, Path]]:
    data = tmp_path / "data"
    data.mkdir()
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    config = tmp_path / "teleconsult.toml"  # acknowledged only once a replica has it
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + "\n[redis]\nreplicas_to_ack = 1\n",
                      encoding="utf-8")
    env.update(TELECONSULT_DATA_DIR=str(data), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_CONFIG=str(config),
               TELECONSULT_REDIS_CLUSTER=cluster.seeds)
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        def ready() -> bool:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                return http(http_port, "/readyz")[0] == 200
            except OSError:
                return False

        poll(ready, 120, "serve on the cluster to become ready")
        yield http_port, dicom_port, data
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _studies(base: Path) -> dict[str, list[Path]]:
    """Per clinic AE: its studies' instance files (fresh UIDs)."""
    template = dcmread(CT)
    out: dict[str, list[Path]] = {}
    for ae in CLINICS:
        for _ in range(STUDIES):
            study, series = generate_uid(), generate_uid()
            for k in range(PER_STUDY):
                template.StudyInstanceUID, template.SeriesInstanceUID = study, series
                template.SOPInstanceUID = template.file_meta.MediaStorageSOPInstanceUID = \
                    generate_uid()
                template.InstanceNumber = k + 1
                path = base / ae / f"{template.SOPInstanceUID}.dcm"
                path.parent.mkdir(parents=True, exist_ok=True)
                template.save_as(path, enforce_file_format=True)
                out.setdefault(ae, []).append(path)
    return out


def _sender(ae: str, port: int, files: list[Path], log: Path) -> subprocess.Popen:
    with open(log, "w") as out:  # a file, not a pipe: nobody reads while it sends
        return subprocess.Popen(["storescu", "-v", "-aet", ae, "-aec", "TELECONSULT",
                                 "127.0.0.1", str(port), *map(str, files)], env=DCMTK_ENV,
                                stdout=out, stderr=subprocess.STDOUT)


def _acknowledged(log: Path) -> set[str]:
    """The files storescu got a Success response for (``-v`` names each file it sends)."""
    done, current = set(), None
    for line in log.read_text(errors="replace").splitlines():
        if m := re.search(r"Sending file: (.+\.dcm)", line):
            current = m.group(1).strip()
        elif "Received Store Response (Success)" in line and current:
            done.add(current)
            current = None
    return done


def test_a_master_killed_mid_push_loses_no_acknowledged_instance(cluster: Cluster, serve,
                                                                  tmp_path: Path) -> None:
    http_port, dicom_port, data = serve
    for d in ("rad-li", "rad-wang"):  # online: their first poll
        assert http(http_port, "/api/v1/worklist", f"demo-{d}")[0] == 200
    files = _studies(tmp_path / "push")
    client = cluster.client()
    victim = cluster.master_of(keys.ARRIVALS)  # the ingest stream's master: the hot one
    logs = {ae: tmp_path / f"{ae}.log" for ae in files}
    senders = {ae: _sender(ae, dicom_port, fs, logs[ae]) for ae, fs in files.items()}
    poll(lambda: client.xlen(keys.ARRIVALS) >= 100, 60, "100 arrivals before the kill")
    victim.kill()
    failover_s = wait_failover(cluster, victim)
    acked: set[str] = set()
    for ae, sender in senders.items():
        sender.wait(120)
        acked |= _acknowledged(logs[ae])
    first_pass = len(acked)
    assert first_pass > 0
    # (the runbook) the old master restarted: it rejoins as its successor's replica, and
    # acknowledgements that wait for a replica can be given again
    victim.restart()
    wait_replicas(cluster, 3)
    # the senders re-send what was not acknowledged (an A700/association abort) until all is
    deadline = time.monotonic() + DEADLINE
    while len(acked) < 4 * STUDIES * PER_STUDY and time.monotonic() < deadline:
        for ae, fs in files.items():
            rest = [f for f in fs if str(f) not in acked]
            if rest:
                _sender(ae, dicom_port, rest, logs[ae]).wait(120)
                acked |= _acknowledged(logs[ae])
    assert len(acked) == 4 * STUDIES * PER_STUDY
    storage = Storage(data)
    studies = {dcmread(f, stop_before_pixels=True).StudyInstanceUID
               for fs in files.values() for f in fs}

    def routed() -> bool:
        for study in studies:
            history = storage.history(case_id_for_study(study))
            if sum(h["status"] == "assigned" for h in history) != 1:
                return False
        return True

    poll(routed, DEADLINE, "every study one case, assigned")
    for study in studies:  # all its instances on disk, in one case, assigned exactly once
        assert len(list(storage.study_dir(study).rglob("*.dcm"))) == PER_STUDY
        assert (storage.read_case(case_id_for_study(study)) or {}).get(
            "study_instance_uid") == study
    assert len(list(storage.iter_case_ids())) == len(studies)
    owners = [client.zrange(keys.doctor_cases(d), 0, -1) for d in ("rad-li", "rad-wang")]
    assert sorted(m.decode() for o in owners for m in o) == sorted(
        case_id_for_study(s) for s in studies)  # each on exactly one worklist
    print(f"failover {failover_s:.1f} s after the kill; {first_pass} of 500 acknowledged in "
          "the first pass, the rest re-sent")
    client.close()


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

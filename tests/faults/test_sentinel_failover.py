"""The Redis master of a county's Sentinel deployment killed (SIGKILL) during a push of 500
instances from 4 clinics to two `serve` nodes, with STAT ECGs arriving across the fault and a
report signed before and during it: the sentinels promote a replica, both nodes follow by
themselves, the
senders' re-sends succeed, nothing acknowledged is lost (an arrival and a signed report are
acknowledged only once a replica holds them), every study is one case assigned exactly once,
every STAT is assigned within STAT_BOUND; the old master restarted rejoins as a replica
with no client of ours on it in between.

Real processes throughout: 3 redis-server (1 master, 2 replicas), 3 redis-server --sentinel,
two ``teleconsult serve`` nodes (TELECONSULT_NODE_ID county-a/-b) on one data dir with
TELECONSULT_REDIS_SENTINELS, DCMTK ``storescu`` senders.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.uid import generate_uid

from teleconsult.store import keys
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.store.redis import sync_client
from tests.faults import push_load
from tests.faults.push_load import ServeNode, serve_pair
from tests.sentinel_topology import SentinelTopology
from tests.test_e2e_serve import DCMTK_ENV, http, poll

DEADLINE = 90  # the re-sends and the routing after the fault (CT waits 5 s to be stable)
STAT_BOUND = 10.0  # s: a STAT ECG is assigned within this of its acknowledgement
ECGS = 6  # STAT ECGs from the emergency clinic, one every 0.5 s across the kill


@pytest.fixture()
def county(topo: SentinelTopology, tmp_path: Path) -> Iterator[tuple[list[ServeNode], Path]]:
    """The county topology: two `serve` nodes on one shared data dir and the Sentinel Redis."""
    data = tmp_path / "data"
    data.mkdir()
    with serve_pair(data, tmp_path, "county", topo.env()) as nodes:
        yield nodes, data


def _sign(port: int, case: dict, key: str) -> tuple[int, dict]:
    """The doctor's POST …/report with an Idempotency-Key (what a client retries with)."""
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/cases/{case['case_id']}/report", method="POST",
        data=json.dumps({"findings": "窦性心律", "impression": "正常心电图",
                         "critical": False}).encode(),
        headers={"Authorization": f"Bearer demo-{case['assigned_to']}",
                 "Content-Type": "application/json", "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")
    except OSError as exc:
        return 0, {"error": str(exc)}


def _ecg(base: Path) -> Path:
    ds = dcmread(push_load.ECG)
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    path = base / f"ecg-{ds.StudyInstanceUID}.dcm"
    ds.save_as(path, enforce_file_format=True)
    return path


def _push_ecg(port: int, path: Path) -> bool:
    out = subprocess.run(["storescu", "-aet", "FUTIAN_ECG", "-aec", "TELECONSULT", "127.0.0.1",
                          str(port), str(path)], env=DCMTK_ENV, capture_output=True, timeout=60)
    return out.returncode == 0


def _stat_sender(port: int, base: Path, acked: dict[str, float], stop: threading.Event) -> None:
    """The chest-pain clinic: an ECG every 0.5 s, each re-sent until acknowledged."""
    for _ in range(ECGS):
        path = _ecg(base)
        while not stop.is_set() and not _push_ecg(port, path):
            time.sleep(0.2)
        acked[dcmread(path, stop_before_pixels=True).StudyInstanceUID] = time.time()
        time.sleep(0.5)


def _ecg_case(port: int, exclude: str = "") -> dict:
    """One ECG assigned to a cardiologist (not case ``exclude``), from their worklists."""
    def find() -> dict | None:
        for d in ("card-chen", "card-zhao"):
            status, body = http(port, "/api/v1/worklist", f"demo-{d}")
            items = [i for i in (body or {}).get("items", [])
                     if i.get("modality") == "ECG" and i["case_id"] != exclude]
            if status == 200 and items:
                return items[0]
        return None
    return poll(find, 30, "an ECG on a cardiologist's worklist")


def test_a_killed_master_loses_nothing_acknowledged(topo, county, tmp_path: Path) -> None:
    (a, b), data = county
    http_port, dicom_port = a.http_port, b.dicom_port  # doctors on node a; STATs to node b
    storage = Storage(data)
    for d in ("rad-li", "rad-wang", "card-chen", "card-zhao"):  # online: their first poll
        assert http(http_port, "/api/v1/worklist", f"demo-{d}")[0] == 200
    # a report signed before the fault: acknowledged (201) once a replica held it
    assert _push_ecg(dicom_port, _ecg(tmp_path))
    before = _ecg_case(http_port)
    status, signed_before = _sign(http_port, before, "before-fault")
    assert status == 201, signed_before

    files = push_load.make_studies(tmp_path / "push")
    logs = {ae: tmp_path / f"{ae}.log" for ae in files}
    to = {ae: (a, b)[i % 2].dicom_port for i, ae in enumerate(files)}  # two clinics per node
    senders = {ae: push_load.sender(ae, to[ae], fs, logs[ae]) for ae, fs in files.items()}
    watch = sync_client(topo.target())
    poll(lambda: watch.xlen(keys.ARRIVALS) >= 100, 60, "100 arrivals before the kill")
    stat_acked: dict[str, float] = {}
    stop = threading.Event()
    stat = threading.Thread(target=_stat_sender, args=(dicom_port, tmp_path, stat_acked, stop))
    stat.start()
    during = _ecg_case(http_port, before["case_id"])  # assigned before the kill, signed across
    old = topo.master()
    killed = time.time()
    old.kill()
    # the doctor's client retries its signing (same Idempotency-Key) until it is answered
    signed_during = poll(lambda: (r := _sign(http_port, during, "during-fault"))[0] in (200, 201)
                         and r[1], DEADLINE, "the report signed during the failover")
    new = topo.wait_master(not_port=old.port)
    promoted = time.time() - killed
    acked: set[str] = set()
    for ae, s in senders.items():
        s.wait(120)
        acked |= push_load.acknowledged(logs[ae])
    first_pass = len(acked)
    assert first_pass >= 100, "the kill came before the push was under way"
    # a sender re-sends what was refused, to its own node (re-sending to the other node is
    # tests/faults/test_node_faults.py's)
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
    # each case on exactly one worklist, in the new master's Redis
    owners = [m.decode() for d in ("rad-li", "rad-wang", "card-chen", "card-zhao")
              for m in watch.zrange(keys.doctor_cases(d), 0, -1)]
    assert len(owners) == len(set(owners))
    assert {case_id_for_study(s) for s in push_load.study_uids(files)} <= set(owners)
    # no signed report lost: both in the clinic's feed (Redis) and on disk (the truth)
    status, feed = http(http_port, "/api/v1/reports?since=0", "demo-futian")
    ids = {r["report_id"] for r in feed["reports"]}
    assert status == 200 and {signed_before["report_id"], signed_during["report_id"]} <= ids
    refusals = [line.split("refused with ", 1)[1][:120] for n in county[0]
                for line in n.log.read_text(errors="replace").splitlines()
                if "refused with" in line]
    print(f"\nC-STORE refusals during the fault: {len(refusals)} {refusals[:3]}")
    print(f"master killed: sentinels agreed on {new.address} after {promoted:.1f} s; "
          f"{first_pass} of 500 acknowledged in the first pass, the rest re-sent; STAT "
          f"assigned within {max(late.values()):.1f} s of acknowledgement")

    # the old master restarts from its AOF as a master; the sentinels demote it, and none
    # of serve's connections reach it meanwhile
    back = topo.restart(old)
    demoted, outsiders = topo.watch_demotion(back)
    assert not outsiders, f"clients on the old master before its demotion: {outsiders}"
    topo.wait_replicas_synced(2)
    with back.client() as c:
        assert c.xlen(keys.ARRIVALS) == watch.xlen(keys.ARRIVALS)
    watch.close()
    print(f"old master demoted {demoted:.1f} s after its restart, in sync since")

"""Two or three real `teleconsult serve` nodes sharing one data dir and one Redis deployment
(a URL, or any ``RedisTarget``: Sentinel, Cluster), for the node fault tests: start, kill,
pause, and what every test checks."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.store import keys
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.store.redis import sync_client
from teleconsult.store.redis_target import RedisTarget
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import DCMTK_ENV, http, poll

CONFIG = """
[supervision]
dicom_processes = 1
backoff_initial_seconds = 0.2
backoff_max_seconds = 1
"""
START_DEADLINE = 90  # three serves of four processes each on a shared 2-core machine
CT = Path(get_testdata_file("CT_small.dcm"))
ECG = Path(get_testdata_file("waveform_ecg.dcm"))


@dataclass
class Node:
    """One running `teleconsult serve` (its own session, so a signal reaches every part)."""

    node_id: str
    proc: subprocess.Popen
    http_port: int
    dicom_port: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def signal_all(self, sig: int) -> None:
        """``sig`` to the supervisor and every part at once, as a power cut or a VM pause
        would hit them."""
        os.killpg(self.proc.pid, sig)

    def get(self, path: str, token: str | None = None) -> tuple[int | None, object]:
        try:
            return http(self.http_port, path, token)
        except OSError:
            return None, None

    def push(self, files: Iterable[Path], aet: str, timeout: float = 60
             ) -> subprocess.CompletedProcess:
        return subprocess.run(["storescu", "-aet", aet, "-aec", "TELECONSULT", "127.0.0.1",
                               str(self.dicom_port), *map(str, files)], env=DCMTK_ENV,
                              capture_output=True, text=True, timeout=timeout)


def target_of(redis_at: RedisTarget | str) -> RedisTarget:
    return redis_at if isinstance(redis_at, RedisTarget) else RedisTarget.from_url(redis_at)


def _launch(base: Path, node_id: str, redis_at: RedisTarget, parts: str, ready: bool) -> Node:
    """One node on fresh ports; a port taken meanwhile (EADDRINUSE) means another try."""
    for _ in range(5):
        http_port, dicom_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
        env.update(redis_at.env())
        env.update(TELECONSULT_DATA_DIR=str(base / "data"), TELECONSULT_CONFIG=str(base / "c.toml"),
                   TELECONSULT_NODE_ID=node_id,
                   TELECONSULT_HTTP_PORT=str(http_port), TELECONSULT_DICOM_PORT=str(dicom_port))
        log_path = base / f"{node_id}.log"
        with open(log_path, "w") as log:
            proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve", "--parts",
                                     parts], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        node = Node(node_id, proc, http_port, dicom_port, log_path)
        try:
            poll(lambda n=node: _ready(n) if ready else _listening(n), START_DEADLINE,
                 f"node {node_id} to become ready")
            return node
        except _PortTaken:
            continue
        except BaseException:
            stop(node)
            raise
    raise AssertionError(f"node {node_id}: no free ports after 5 tries")


class _PortTaken(Exception):
    pass


def _listening(node: Node) -> bool:
    if node.proc.poll() is not None:
        if "Address already in use" in node.log():
            raise _PortTaken
        raise AssertionError(node.log())
    echo = subprocess.run(["echoscu", "-aet", "FUTIAN_ECG", "-aec", "TELECONSULT",
                           "127.0.0.1", str(node.dicom_port)], env=DCMTK_ENV,
                          capture_output=True, timeout=30)
    return echo.returncode == 0


def _ready(node: Node) -> bool:
    if node.proc.poll() is not None:
        if "Address already in use" in node.log():
            raise _PortTaken
        raise AssertionError(node.log())
    if "Address already in use" in node.log():  # the api part's port: it restarts forever
        stop(node)
        raise _PortTaken
    status, body = node.get("/readyz")
    return status == 200 and node.node_id in {n["id"] for n in body["nodes"] if n["alive"]}


def start_nodes(base: Path, redis_at: RedisTarget | str, names: Iterable[str],
                parts: str = "ingress,api,workers", ready: bool = True) -> list[Node]:
    """Nodes on one data dir under ``base``; each waited for until its /readyz says ready
    and lists it alive (or, with ``ready`` False — a node without the api part — until it
    answers a C-ECHO)."""
    (base / "data").mkdir(exist_ok=True)
    (base / "c.toml").write_text(DEMO_CONFIG.read_text(encoding="utf-8") + CONFIG,
                                 encoding="utf-8")
    nodes: list[Node] = []
    try:
        for name in names:
            nodes.append(_launch(base, name, target_of(redis_at), parts, ready))
    except BaseException:
        for node in nodes:
            stop(node)
        raise
    return nodes


def stop(node: Node) -> None:
    """Whatever state it is in (stopped included): gone, with every part."""
    if node.proc.poll() is None:
        try:
            os.killpg(node.proc.pid, signal.SIGCONT)
            os.killpg(node.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    node.proc.wait(30)
    deadline = time.monotonic() + 10  # the parts die with the supervisor (PDEATHSIG)
    while time.monotonic() < deadline:
        try:
            os.killpg(node.proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def ct_series(out: Path, count: int) -> tuple[str, list[Path]]:
    """``count`` CT instances of one new study: (study uid, files)."""
    ds = dcmread(CT)
    study, series = generate_uid(), generate_uid()
    files = []
    for i in range(count):
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.InstanceNumber = i + 1
        path = out / f"ct-{i:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        files.append(path)
    return study, files


def ecg_studies(out: Path, count: int) -> list[tuple[str, Path]]:
    """``count`` new ECG studies (an ECG from futian, the chest-pain clinic, is STAT)."""
    ds = dcmread(ECG)
    made = []
    for i in range(count):
        ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        path = out / f"ecg-{i:03d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        made.append((ds.StudyInstanceUID, path))
    return made


def sop_uid(path: Path) -> str:
    return str(dcmread(path, stop_before_pixels=True).SOPInstanceUID)


def check_exactly_once(data_dir: Path, redis_at: RedisTarget | str,
                       studies: dict[str, list[Path]],
                       deadline: float = 45) -> dict[str, dict]:
    """Every instance of ``studies`` stored once, each study exactly one case holding all of
    them, queued once and assigned at most once (history and Redis agree); the cases."""
    storage = Storage(data_dir)
    r = sync_client(target_of(redis_at))

    def settled() -> dict[str, dict] | None:
        cases = {}
        by_study = collections.Counter(
            (storage.read_case(c) or {}).get("study_instance_uid") for c in storage.iter_case_ids())
        for study, files in studies.items():
            case = storage.read_case(case_id_for_study(study))
            if by_study[study] != 1 or case is None or case["instance_count"] != len(files):
                return None
            if r.hget(keys.case(case["case_id"]), "status") not in (b"queued", b"assigned"):
                return None
            cases[study] = case
        return cases

    try:
        cases = poll(settled, deadline, f"{len(studies)} studies to be one whole case each")
        for study, files in studies.items():
            stored = collections.Counter(p.name for p in storage.study_dir(study).rglob("*.dcm"))
            for path in files:
                assert stored[f"{sop_uid(path)}.dcm"] == 1, f"{path.name}: lost or doubled"
            assert sum(stored.values()) == len(files), "an instance stored twice"
            history = storage.history(case_id_for_study(study))
            made = [h for h in history
                    if h.get("status") == "queued" and h.get("by") == "assembler"]
            assert len(made) == 1, f"case of {study} made {len(made)} times"
            routed = [h for h in history if h.get("status") == "assigned"]
            assert len(routed) <= 1, f"case of {study} routed {len(routed)} times: {routed}"
        return cases
    finally:
        r.close()


def assigned_at(data_dir: Path, study: str) -> float | None:
    """When the router assigned the study's case (its history), or None."""
    history = Storage(data_dir).history(case_id_for_study(study))
    return next((h["at"] for h in history if h.get("status") == "assigned"), None)


def kill_a_node_mid_push(base: Path, redis_at: RedisTarget | str, a: Node, b: Node) -> None:
    """The node fault scenario every Redis deployment runs: node ``a`` killed whole (SIGKILL,
    supervisor and every part) in the middle of a C-STORE push of 200 CTs and 3 ECGs; the
    sender re-sends everything to ``b``; every instance stored once, one case per study,
    queued once and assigned at most once, and ``b`` sees ``a`` dead."""
    out = base / "send"
    out.mkdir()
    # enough that the push is far from its end when the node dies, even on a fast machine
    study, series = ct_series(out, 200)
    ecgs = ecg_studies(out, 3)
    files = [*series[:60], *(p for _, p in ecgs), *series[60:]]
    sender = subprocess.Popen(["storescu", "-aet", "FUTIAN_CT", "-aec", "TELECONSULT",
                               "127.0.0.1", str(a.dicom_port), *map(str, files)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stored = Storage(base / "data").study_dir(study)
        poll(lambda: len(list(stored.rglob("*.dcm"))) >= 20, 30,
             f"{a.node_id} to store 20 instances")
        a.signal_all(signal.SIGKILL)
        assert sender.wait(30) != 0, "the push outlived the node it was talking to"
    finally:
        if sender.poll() is None:
            sender.kill()
            sender.wait()
    # the sender retries everything on the surviving node; the ECGs go as FUTIAN_ECG
    assert b.push(files[:60] + files[63:], "FUTIAN_CT").returncode == 0
    assert b.push([p for _, p in ecgs], "FUTIAN_ECG").returncode == 0
    check_exactly_once(base / "data", redis_at, {study: series, **{s: [p] for s, p in ecgs}})

    def view() -> dict[str, bool] | None:
        status, body = b.get("/readyz")
        alive = {n["id"]: n["alive"] for n in body["nodes"]} if body else {}
        return alive if alive.get(a.node_id) is False else None

    assert poll(view, 20, f"{b.node_id} to see {a.node_id} dead") == {
        a.node_id: False, b.node_id: True}


def node_death_on(base: Path, target: RedisTarget) -> None:
    """``kill_a_node_mid_push`` on two fresh nodes of ``target`` (Sentinel, Cluster)."""
    a, b = nodes = start_nodes(base, target, ["node-a", "node-b"])
    try:
        kill_a_node_mid_push(base, target, a, b)
    finally:
        for node in nodes:
            stop(node)

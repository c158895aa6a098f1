"""A push of many instances from several clinics with DCMTK ``storescu`` (real senders), the
senders' re-sends of what was refused, and the end checks every Redis fault test makes:
every acknowledged instance on disk in exactly one case, every case assigned exactly once.
Shared by the Sentinel, Cluster and node fault tests (any Redis deployment, any serve)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.store.files import Storage, case_id_for_study
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import DCMTK_ENV, http, poll

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")
CLINICS = ("FUTIAN_CT", "GUANDU_DR", "MIAOYU_CT", "SHIMA_DR")
STUDIES, PER_STUDY = 5, 25  # per clinic: 4 × 5 × 25 = 500 instances


def make_studies(base: Path, clinics: tuple[str, ...] = CLINICS, studies: int = STUDIES,
                 per_study: int = PER_STUDY, template_path: str = CT) -> dict[str, list[Path]]:
    """Per clinic AE: its studies' instance files (fresh UIDs)."""
    template = dcmread(template_path)
    out: dict[str, list[Path]] = {}
    for ae in clinics:
        for _ in range(studies):
            study, series = generate_uid(), generate_uid()
            for k in range(per_study):
                template.StudyInstanceUID, template.SeriesInstanceUID = study, series
                template.SOPInstanceUID = template.file_meta.MediaStorageSOPInstanceUID = \
                    generate_uid()
                template.InstanceNumber = k + 1
                path = base / ae / f"{template.SOPInstanceUID}.dcm"
                path.parent.mkdir(parents=True, exist_ok=True)
                template.save_as(path, enforce_file_format=True)
                out.setdefault(ae, []).append(path)
    return out


def sender(ae: str, port: int, files: list[Path], log: Path) -> subprocess.Popen:
    """One ``storescu -v`` association sending ``files``; its output goes to ``log``."""
    with open(log, "w") as out:  # a file, not a pipe: nobody reads while it sends
        return subprocess.Popen(["storescu", "-v", "-aet", ae, "-aec", "TELECONSULT",
                                 "127.0.0.1", str(port), *map(str, files)], env=DCMTK_ENV,
                                stdout=out, stderr=subprocess.STDOUT)


def acknowledged(log: Path) -> set[str]:
    """The files storescu got a Success response for (``-v`` names each file it sends)."""
    done, current = set(), None
    for line in log.read_text(errors="replace").splitlines():
        if m := re.search(r"Sending file: (.+\.dcm)", line):
            current = m.group(1).strip()
        elif "Received Store Response (Success)" in line and current:
            done.add(current)
            current = None
    return done


def resend_until_all(files: dict[str, list[Path]], port: int | dict[str, int],
                     logs: dict[str, Path], acked: set[str], deadline_s: float) -> set[str]:
    """What the senders do after a refusal: send again what was not acknowledged (to
    ``port``, or each clinic's own ``port[ae]``), until everything is or the deadline passes.
    Returns every acknowledged file."""
    wanted = {str(f) for fs in files.values() for f in fs}
    deadline = time.monotonic() + deadline_s
    n = 0
    while not wanted <= acked and time.monotonic() < deadline:
        for ae, fs in files.items():
            rest = [f for f in fs if str(f) not in acked]
            if rest:
                n += 1
                log = logs[ae].with_suffix(f".resend{n}.log")
                to = port[ae] if isinstance(port, dict) else port
                sender(ae, to, rest, log).wait(120)
                acked |= acknowledged(log)
    return acked


def study_uids(files: dict[str, list[Path]]) -> set[str]:
    return {dcmread(f, stop_before_pixels=True).StudyInstanceUID
            for fs in files.values() for f in fs}


def assigned_once(storage: Storage, studies: set[str], deadline_s: float) -> None:
    """Within the deadline every study is one case whose history says assigned exactly
    once."""

    def routed() -> bool:
        return all(sum(h.get("status") == "assigned"
                       for h in storage.history(case_id_for_study(s))) == 1 for s in studies)

    poll(routed, deadline_s, "every study one case, assigned exactly once")
    for study in studies:
        assert (storage.read_case(case_id_for_study(study)) or {}).get(
            "study_instance_uid") == study


@dataclass
class ServeNode:
    node_id: str
    proc: subprocess.Popen
    http_port: int
    dicom_port: int
    log: Path


def start_serve_node(data: Path, node_id: str, log: Path, redis_env: dict[str, str],
                     config: Path = DEMO_CONFIG) -> ServeNode:
    """One `teleconsult serve` on ``data`` with the Redis deployment of ``redis_env``."""
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_CONFIG=str(config),
               TELECONSULT_NODE_ID=node_id, **redis_env)
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    return ServeNode(node_id, proc, http_port, dicom_port, log)


@contextlib.contextmanager
def serve_pair(data: Path, logs: Path, prefix: str, redis_env: dict[str, str],
               config: Path = DEMO_CONFIG) -> Iterator[list[ServeNode]]:
    """Two `serve` nodes (``prefix``-a, -b) on one shared data dir, each ready; both stopped
    (SIGTERM, then SIGKILL after 30 s) however the block ends."""
    nodes = [start_serve_node(data, f"{prefix}-{x}", logs / f"serve-{x}.log", redis_env,
                              config) for x in "ab"]
    try:
        def ready(node: ServeNode) -> bool:
            assert node.proc.poll() is None, node.log.read_text()[-3000:]
            try:
                return http(node.http_port, "/readyz")[0] == 200
            except OSError:
                return False

        for node in nodes:
            poll(lambda n=node: ready(n), 120, f"{node.node_id} to become ready")
        yield nodes
    finally:
        for node in nodes:
            node.proc.terminate()
        for node in nodes:
            try:
                node.proc.wait(30)
            except subprocess.TimeoutExpired:
                node.proc.kill()
                node.proc.wait()

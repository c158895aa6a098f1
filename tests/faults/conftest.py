"""A real `teleconsult serve` on free ports and a temp data dir, and what every fault test
checks at the end: nothing acknowledged is lost, every study is exactly one case."""

from __future__ import annotations

import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.settings.node import default_node_id
from teleconsult.store import keys
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.store.run_files import status_path
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.sentinel_topology import SentinelTopology, start_sentinel_topology
from tests.test_e2e_serve import DCMTK_ENV, http, poll

# Short backoff and a small budget so a test sees restarts and failure in seconds.
SUPERVISION = """
[supervision]
dicom_processes = {dicom}
restart_budget = 3
restart_window_seconds = 120
backoff_initial_seconds = 0.2
backoff_max_seconds = 1
heartbeat_timeout_seconds = 8

[health]
worker_heartbeat_max_seconds = 10
"""
START_DEADLINE = 120  # the machine is shared: starting five Python processes can be slow
DEADLINE = 60


@dataclass
class Serve:
    """A running `teleconsult serve` and the studies it has acknowledged."""

    proc: subprocess.Popen
    data_dir: Path
    http_port: int
    dicom_port: int
    env: dict[str, str]
    redis_url: str
    acked: dict[str, str] = field(default_factory=dict)  # study uid -> sop uid
    node_id: str = field(default_factory=default_node_id)
    _ecg: Path = field(default_factory=lambda: Path(get_testdata_file("waveform_ecg.dcm")))

    def get(self, path: str, token: str | None = None) -> tuple[int | None, object]:
        """An HTTP GET; (None, None) while the api part is not listening (restarting)."""
        try:
            return http(self.http_port, path, token)
        except OSError:
            return None, None

    def status(self) -> dict:
        return json.loads(status_path(self.data_dir, self.node_id).read_text())

    def pid(self, part: str) -> int | None:
        try:
            return self.status()["parts"][part]["pid"]
        except (OSError, ValueError, KeyError):
            return None

    def log(self) -> str:
        return (self.data_dir / "serve.log").read_text(errors="replace")

    def new_study(self) -> Path:
        """A fresh 12-lead ECG study (an ECG becomes a case at once)."""
        ds = dcmread(self._ecg)
        ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        path = self.data_dir.parent / f"{ds.StudyInstanceUID}.dcm"
        ds.save_as(path, enforce_file_format=True)
        return path

    def push(self, path: Path) -> subprocess.CompletedProcess:
        """storescu (DCMTK); a success is recorded as acknowledged."""
        out = subprocess.run(["storescu", "-v", "-aet", "FUTIAN_ECG", "-aec", "TELECONSULT",
                              "127.0.0.1", str(self.dicom_port), str(path)], env=DCMTK_ENV,
                             capture_output=True, text=True, timeout=60)
        if out.returncode == 0:
            ds = dcmread(path, stop_before_pixels=True)
            self.acked[ds.StudyInstanceUID] = ds.SOPInstanceUID
        return out

    def push_until_acked(self, path: Path) -> None:
        poll(lambda: self.push(path).returncode == 0, DEADLINE, f"a push of {path.name}")

    def every_study_one_case(self, deadline: float = DEADLINE) -> None:
        """Every acknowledged instance is on disk and its study is exactly one case, known
        to Redis as queued or assigned (within ``deadline`` seconds)."""
        storage = Storage(self.data_dir)

        def done() -> bool:
            by_study = collections.Counter(
                (storage.read_case(c) or {}).get("study_instance_uid")
                for c in storage.iter_case_ids())
            if any(by_study[s] != 1 for s in self.acked):
                return False
            r = redis.Redis.from_url(self.redis_url)
            try:
                return all(r.hget(keys.CASES_BY_STUDY, s) == case_id_for_study(s).encode()
                           and r.hget(keys.case(case_id_for_study(s)), "status")
                           in (b"queued", b"assigned") for s in self.acked)
            except redis.RedisError:
                return False
            finally:
                r.close()

        poll(done, deadline, f"{len(self.acked)} acknowledged studies to be one case each")
        for study, sop in self.acked.items():
            assert list(storage.study_dir(study).rglob(f"{sop}.dcm")), f"{sop} lost"

    def kill(self, part: str, sig: int = signal.SIGKILL) -> int:
        pid = poll(lambda: self.pid(part), DEADLINE, f"{part} to be running")
        os.kill(pid, sig)
        return pid

    def restarted(self, part: str, old_pid: int) -> int:
        return poll(lambda: (p := self.pid(part)) not in (None, old_pid) and p, DEADLINE,
                    f"{part} to be restarted")


def start_serve(base: Path, dicom: int, redis_url: str | None = None,
                extra_config: str = "") -> Serve:
    data_dir = base / "data"
    data_dir.mkdir()
    config = base / "teleconsult.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + SUPERVISION.format(dicom=dicom)
                      + extra_config, encoding="utf-8")
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_CONFIG=str(config))
    if redis_url:
        env["TELECONSULT_REDIS_URL"] = redis_url
    log = open(data_dir / "serve.log", "w")  # noqa: SIM115 - the child writes it
    proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    log.close()
    serve = Serve(proc, data_dir, http_port, dicom_port, env,
                  redis_url or f"unix://{data_dir / 'redis' / 'redis.sock'}")

    def ready() -> bool:
        if proc.poll() is not None:
            raise AssertionError(serve.log())
        try:
            return http(http_port, "/readyz")[0] == 200
        except OSError:
            return False

    try:
        poll(ready, START_DEADLINE, "serve to become ready")
    except BaseException:
        proc.kill()  # never leave a serve (and its parts) behind a failed start
        proc.wait(30)
        raise
    return serve


def stop_serve(serve: Serve) -> None:
    """SIGTERM: a clean stop, logged, with no part left behind."""
    pids = [p["pid"] for p in serve.status()["parts"].values() if p["pid"]]
    serve.proc.send_signal(signal.SIGTERM)
    assert serve.proc.wait(60) == 0, serve.log()[-3000:]
    assert "received SIGTERM" in serve.log()
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}") or \
            Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z", f"part {pid} left behind"


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="tc-fault-"))  # short: unix socket paths are limited
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture()
def topo() -> Iterator[SentinelTopology]:
    """A county's Sentinel Redis: 1 master, 2 replicas, 3 sentinels (real processes)."""
    d = Path(tempfile.mkdtemp(prefix="tc-sf-"))  # short: the servers' paths stay short
    t = start_sentinel_topology(d)
    yield t
    t.stop()
    shutil.rmtree(d, ignore_errors=True)

"""Scale-out: `teleconsult dicom`, two `teleconsult worker`s and `teleconsult api` as separate
processes against one shared Redis; `teleconsult push` as the sender."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from pydicom.data import get_testdata_file

from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import http, poll, worklist_items

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")


def test_parts_in_separate_processes(data_dir, redis_url):
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_CONFIG=str(DEMO_CONFIG),
               TELECONSULT_REDIS_URL=redis_url)
    procs = []
    logs = []
    try:
        for part in ("dicom", "worker", "worker", "api"):
            log = open(data_dir / f"{part}-{len(procs)}.log", "w")  # noqa: SIM115
            logs.append(log)
            procs.append(subprocess.Popen([sys.executable, "-m", "teleconsult", part],
                                          cwd=ROOT, env=env, stdout=log,
                                          stderr=subprocess.STDOUT))

        def up():
            try:
                return http(http_port, "/readyz")[0] == 200
            except OSError:
                return False

        poll(up, 90, "the api part")  # readyz waits for a worker heartbeat too
        pushed = None

        def push():
            nonlocal pushed
            pushed = subprocess.run(
                [sys.executable, "-m", "teleconsult", "push", f"127.0.0.1:{dicom_port}",
                 ECG, "--aet", "FUTIAN_ECG", "-q"], cwd=ROOT, env=env, capture_output=True,
                text=True, timeout=60)
            return pushed.returncode == 0

        poll(push, 30, "the dicom part to accept a push")
        assert "sent 1, failed 0" in pushed.stdout
        items = poll(lambda: worklist_items(http_port, ["card-chen", "card-zhao"]), 15,
                     "the ECG routed by one of the two workers")
        assert len(items) == 1 and items[0]["modality"] == "ECG"
        # a push from a machine the community does not know fails, and says so
        bad = subprocess.run([sys.executable, "-m", "teleconsult", "push",
                              f"127.0.0.1:{dicom_port}", CT, "--aet", "STRANGER", "-q"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert bad.returncode == 1 and "failed 1" in bad.stdout
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        codes = [p.wait(20) for p in procs]
        for log in logs:
            log.close()
    assert codes == [0, 0, 0, 0]


def test_parts_refuse_to_run_without_shared_redis(data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_CONFIG=str(DEMO_CONFIG))
    out = subprocess.run([sys.executable, "-m", "teleconsult", "worker"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "TELECONSULT_REDIS_URL" in out.stderr

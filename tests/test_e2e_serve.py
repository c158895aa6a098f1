"""The whole service as a user starts it: `teleconsult serve` (embedded Redis), DCMTK peers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")
DCMTK_ENV = {**os.environ, "TCP_NODELAY": "1"}


def http(port: int, path: str, token: str | None = None, body: dict | None = None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="POST" if body
                                 is not None else "GET")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, data=data, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def poll(fn, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = fn()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def storescu(port: int, aet: str, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(["storescu", "-aet", aet, "-aec", "TELECONSULT", "127.0.0.1",
                           str(port), path], env=DCMTK_ENV, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture()
def service(data_dir: Path):
    http_port, dicom_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_CONFIG=str(DEMO_CONFIG))
    log = open(data_dir / "serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)

    def ready():
        if proc.poll() is not None:
            raise AssertionError((data_dir / "serve.log").read_text())
        try:
            return http(http_port, "/readyz")[0] == 200
        except OSError:
            return False

    try:
        poll(ready, 90, "serve to become ready")  # five processes: slow on a loaded machine
    except BaseException:
        proc.kill()  # never leave a serve (and its parts) behind a failed start
        proc.wait(30)
        raise
    yield proc, http_port, dicom_port, env
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    log.close()


def worklist_items(port: int, doctors: list[str]) -> list[dict]:
    items = []
    for d in doctors:
        status, body = http(port, "/api/v1/worklist", f"demo-{d}")
        assert status == 200
        items += body["items"]
    return items


def test_township_push_to_signed_report(service, data_dir):
    proc, http_port, dicom_port, env = service
    echo = subprocess.run(["echoscu", "-aet", "FUTIAN_CT", "-aec", "TELECONSULT", "127.0.0.1",
                           str(dicom_port)], env=DCMTK_ENV, capture_output=True, timeout=30)
    assert echo.returncode == 0, echo.stderr
    t0 = time.monotonic()
    assert storescu(dicom_port, "FUTIAN_CT", CT).returncode == 0
    assert storescu(dicom_port, "FUTIAN_ECG", ECG).returncode == 0
    # an unknown township machine is turned away and nothing is stored
    rejected = storescu(dicom_port, "STRANGER", CT)
    assert rejected.returncode != 0

    card = poll(lambda: worklist_items(http_port, ["card-chen", "card-zhao"]), 10,
                "the ECG on a cardiologist's worklist")
    assert [i["modality"] for i in card] == ["ECG"]
    ecg_latency = time.monotonic() - t0
    rad = poll(lambda: worklist_items(http_port, ["rad-li", "rad-wang"]), 5 + 1 + 5,
               "the CT on a radiologist's worklist")
    assert [i["modality"] for i in rad] == ["CT"]
    assert ecg_latency < 5, "an ECG has no stability window"

    case = rad[0]
    doctor = case["assigned_to"]
    status, body = http(http_port, f"/api/v1/cases/{case['case_id']}/report", f"demo-{doctor}",
                        {"findings": "肺野清晰", "impression": "正常胸部CT", "critical": False})
    assert status == 201, body
    status, feed = http(http_port, "/api/v1/reports?since=0", "demo-futian")
    assert status == 200 and [r["impression"] for r in feed["reports"]] == ["正常胸部CT"]
    status, other = http(http_port, "/api/v1/reports?since=0", "demo-guandu")
    assert status == 200 and other["reports"] == []
    status, err = http(http_port, f"/api/v1/reports/{body['report_id']}", "demo-guandu")
    assert status == 403 and err["error"]["code"] == "not_yours"

    status, doc = http(http_port, "/api/v1/openapi.json")
    assert status == 200 and "/api/v1/worklist" in doc["paths"]
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=5) as resp:
        assert b"teleconsult_queue_depth" in resp.read()

    # clean shutdown on SIGTERM, embedded Redis gone with it
    redis_pid = int((data_dir / "redis" / "redis.pid").read_text()) \
        if (data_dir / "redis" / "redis.pid").exists() else None
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    assert not (data_dir / "redis" / "redis.sock").exists() or redis_pid is None

    # files are the source of truth: reindex from them into a fresh embedded Redis
    out = subprocess.run([sys.executable, "-m", "teleconsult", "reindex"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "reindexed 2 cases" in out.stdout and "1 reports" in out.stdout

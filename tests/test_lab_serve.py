"""Lab results through `teleconsult serve` as an operator starts it (TELECONSULT_HL7_PORT):
a real MLLP client gets AA for a stored result; the HL7 part killed with SIGKILL is restarted
by the supervisor, a message sent meanwhile waits on the kept socket and is acknowledged; the
result shows in the clinic's patient history over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from teleconsult.settings.node import default_node_id
from teleconsult.store.run_files import status_path
from tests.conftest import DEMO_CONFIG, ROOT
from tests.lab_messages import oru
from tests.ports import free_port
from tests.test_e2e_serve import http, poll

VT, FS_CR = b"\x0b", b"\x1c\r"


def mllp(port: int, text: str, timeout: float = 60) -> str:
    """One message over MLLP framing on a plain socket (as `nc` with framing would); the
    MSA-1 of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(VT + text.encode() + FS_CR)
        data = b""
        while not data.endswith(FS_CR):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    msa = next(seg for seg in data[1:-2].decode().split("\r") if seg.startswith("MSA|"))
    return msa.split("|")[1]


def _status(data_dir: Path) -> dict:
    try:
        return json.loads(status_path(data_dir, default_node_id()).read_text())["parts"]
    except (OSError, ValueError, KeyError):
        return {}


@pytest.fixture()
def lab_service(data_dir: Path):
    http_port, dicom_port, hl7_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(http_port),
               TELECONSULT_DICOM_PORT=str(dicom_port), TELECONSULT_HL7_PORT=str(hl7_port),
               TELECONSULT_CONFIG=str(DEMO_CONFIG))
    log = open(data_dir / "serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        poll(lambda: proc.poll() is None and (_status(data_dir).get("hl7") or {}).get("up"),
             90, "serve's HL7 part to come up")
        yield http_port, hl7_port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        log.close()


def test_oru_through_serve_survives_a_killed_part(lab_service, data_dir: Path) -> None:
    http_port, hl7_port = lab_service
    assert mllp(hl7_port, oru(control="S-1", pid="F001")) == "AA"
    assert len(list((data_dir / "lab").rglob("lab-*.json"))) == 1
    assert mllp(hl7_port, oru(control="S-2", facility="NOWHERE")) == "AR"

    pid = _status(data_dir)["hl7"]["pid"]
    os.kill(pid, signal.SIGKILL)
    # sent at once, while no process serves the port: it waits in serve's socket's queue
    assert mllp(hl7_port, oru(control="S-3", pid="F001", potassium="6.8", flag="HH")) == "AA"
    poll(lambda: (_status(data_dir).get("hl7") or {}).get("restarts", 0) >= 1
         and _status(data_dir)["hl7"]["pid"] not in (None, pid), 30,
         "the supervisor to record the restart")
    assert len(list((data_dir / "lab").rglob("lab-*.json"))) == 2

    status, body = http(http_port, "/api/v1/patients/F001/history", "demo-futian")
    assert status == 200, body
    labs = [i for i in body["items"] if i["kind"] == "lab"]
    assert len(labs) == 2 and any(i["critical"] for i in labs)

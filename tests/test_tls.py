"""TLS on both protocols, with certificates made by `teleconsult ca`: `serve` with plain
HTTP and plain DICOM turned off, DCMTK's storescu/echoscu over TLS, an HTTPS client, and a
clinic that must present its own certificate."""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

from teleconsult.core.tls import PeerCert
from teleconsult.ingress.callers import cert_refusal
from teleconsult.settings.model import Clinic
from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import CT, DCMTK_ENV, poll

MR = get_testdata_file("MR_small.dcm")  # not sent before in the test (CT is, by storescu)
pytestmark = pytest.mark.skipif(not Path("/usr/bin/storescu").exists(), reason="needs dcmtk")


def _cli(*args: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "teleconsult", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _config(tls: Path, dest: Path) -> Path:
    """The demo community, TLS keys added, futian required to present its certificate."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = text.replace('ae_title = "TELECONSULT"\n', 'ae_title = "TELECONSULT"\n'
                        f'tls_cert = "{tls}/server.crt"\ntls_key = "{tls}/server.key"\n'
                        f'tls_client_ca = "{tls}/ca.crt"\n', 1)
    text = text.replace('id = "futian"\n', 'id = "futian"\nrequire_client_cert = true\n', 1)
    dest.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture()
def tls_service(data_dir: Path):
    https_port, dicom_tls_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir))
    tls = data_dir / "tls"
    _cli("ca", "init", "--name", "示范县医共体 CA", env=env)
    _cli("ca", "issue", "server", "--host", "localhost", "--host", "127.0.0.1", env=env)
    for clinic in ("futian", "guandu"):
        _cli("ca", "issue", "clinic", clinic, env=env)
    env.update(TELECONSULT_CONFIG=str(_config(tls, data_dir / "tls.toml")),
               TELECONSULT_HTTP_PORT="0", TELECONSULT_DICOM_PORT="0",
               TELECONSULT_HTTPS_PORT=str(https_port),
               TELECONSULT_DICOM_TLS_PORT=str(dicom_tls_port))
    log = open(data_dir / "serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    ctx = ssl.create_default_context(cafile=str(tls / "ca.crt"))

    def ready() -> bool:
        if proc.poll() is not None:
            raise AssertionError((data_dir / "serve.log").read_text())
        try:
            with urllib.request.urlopen(f"https://localhost:{https_port}/readyz", context=ctx,
                                        timeout=5) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        poll(ready, 60, "serve over HTTPS")
    except BaseException:
        proc.kill()  # never leave a serve (and its parts) behind a failed start
        proc.wait(30)
        log.close()
        raise
    yield {"https": https_port, "dicom": dicom_tls_port, "tls": tls, "ctx": ctx,
           "log": data_dir / "serve.log", "env": env}
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)
    log.close()


def _dcmtk(tool: str, svc: dict, aet: str, cert: str | None, *extra: str):
    tls = svc["tls"]
    auth = (["+tls", f"{tls}/clinics/{cert}.key", f"{tls}/clinics/{cert}.crt"] if cert
            else ["+tla"])
    return subprocess.run([tool, *auth, "+cf", f"{tls}/ca.crt", "-aet", aet, "-aec",
                           "TELECONSULT", "127.0.0.1", str(svc["dicom"]), *extra],
                          env=DCMTK_ENV, capture_output=True, text=True, timeout=60)


def test_dicom_and_https_with_generated_certificates(tls_service):
    svc = tls_service
    # futian with its own certificate stores and echoes over TLS
    sent = _dcmtk("storescu", svc, "FUTIAN_CT", "futian", CT)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert _dcmtk("echoscu", svc, "FUTIAN_ECG", "futian").returncode == 0
    # futian requires its certificate: without one, or with guandu's, it is refused
    anonymous = _dcmtk("echoscu", svc, "FUTIAN_CT", None)
    assert anonymous.returncode != 0 and "Rejected" in anonymous.stdout + anonymous.stderr
    borrowed = _dcmtk("storescu", svc, "FUTIAN_CT", "guandu", CT)
    assert borrowed.returncode != 0
    # guandu does not require one: TLS without a certificate is enough, but a certificate
    # that is not guandu's is refused
    assert _dcmtk("echoscu", svc, "GUANDU_DR", None).returncode == 0
    assert _dcmtk("echoscu", svc, "GUANDU_DR", "guandu").returncode == 0
    assert _dcmtk("echoscu", svc, "GUANDU_DR", "futian").returncode != 0
    # teleconsult's own sender over TLS, with and without the clinic's certificate
    tls = svc["tls"]
    pushed = _cli("push", f"localhost:{svc['dicom']}", MR, "--aet", "FUTIAN_CT", "-q",
                  "--tls-ca", f"{tls}/ca.crt", "--tls-cert", f"{tls}/clinics/futian.crt",
                  "--tls-key", f"{tls}/clinics/futian.key", env=svc["env"])
    assert "sent 1, failed 0" in pushed
    refused = subprocess.run([sys.executable, "-m", "teleconsult", "push",
                              f"localhost:{svc['dicom']}", MR, "--aet", "FUTIAN_CT", "-q",
                              "--tls-ca", f"{tls}/ca.crt"], cwd=ROOT, env=svc["env"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "failed 1" in refused.stdout
    log = svc["log"].read_text()
    assert "client certificate required" in log and "does not speak for futian" in log

    # HTTPS: the generated server certificate verifies, HSTS is sent, cookies are Secure
    base = f"https://localhost:{svc['https']}"
    with urllib.request.urlopen(f"{base}/healthz", context=svc["ctx"], timeout=10) as r:
        assert r.status == 200
        assert re.fullmatch(r"max-age=\d+", r.headers["Strict-Transport-Security"])
    with urllib.request.urlopen(f"{base}/login", context=svc["ctx"], timeout=10) as r:
        cookie = r.headers["Set-Cookie"]
        assert "tc_login_csrf=" in cookie and "Secure" in cookie
    # curl (OpenSSL, another client) with the generated CA: TLS 1.2+, the API answers
    curl = subprocess.run(["curl", "-sS", "--cacert", f"{tls}/ca.crt", "-D", "-",
                           "-H", "Authorization: Bearer demo-futian",
                           f"{base}/api/v1/reports?since=0"], capture_output=True, text=True,
                          timeout=30)
    assert curl.returncode == 0, curl.stderr
    assert "strict-transport-security: max-age=" in curl.stdout.lower()
    assert '"reports":' in curl.stdout
    with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
        urllib.request.urlopen(f"{base}/healthz", context=ssl.create_default_context(),
                               timeout=10)


def test_certificate_must_speak_for_the_calling_clinic():
    clinic = Clinic("futian", "福田", ("FUTIAN_CT",), "0" * 64)
    own, other = PeerCert(("futian",), "a" * 64), PeerCert(("guandu",), "b" * 64)
    assert cert_refusal(clinic, None) is None  # not required
    assert cert_refusal(clinic, own) is None
    assert "does not speak for futian" in cert_refusal(clinic, other)
    strict = Clinic("futian", "福田", ("FUTIAN_CT",), "0" * 64, require_client_cert=True,
                    cert_fingerprints=("b" * 64,))
    assert cert_refusal(strict, None) == "client certificate required"
    assert cert_refusal(strict, other) is None  # pinned by fingerprint
    assert cert_refusal(None, other) is None  # unknown AE: the AE title check refuses it

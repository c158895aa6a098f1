"""The TLS, client-certificate and log keys: impossible values are errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from tests.conftest import DEMO_CONFIG

SERVER = 'ae_title = "TELECONSULT"\n'


def _with(tmp_path: Path, server: str = "", futian: str = "") -> Path:
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace(SERVER, SERVER + server, 1)
    text = text.replace('id = "futian"\n', 'id = "futian"\n' + futian, 1)
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("server, futian, env, expect", [
    ("dicom_tls_port = 2762\n", "", {}, "server.tls_cert: https_port / dicom_tls_port need"),
    ('tls_cert = "/nope.crt"\n', "", {}, "server.tls_cert: no such file"),
    ("https_port = 70000\n", "", {}, "server.https_port: must be 0 (off)"),
    ("", "require_client_cert = true\n", {}, "futian require_client_cert: set"),
    ("", 'cert_fingerprints = ["zz"]\n', {}, "cert_fingerprints: not a SHA-256"),
    ("", "require_client_cert = 1\n", {}, "require_client_cert: must be bool"),
    ("", "", {"TELECONSULT_HTTP_PORT": "0"}, "server.http_port: 0 turns plain HTTP off"),
    ("tls_crt = 1\n", "", {}, "server.tls_crt: unknown key"),
    ("", "", {"TELECONSULT_DICOM_TLS_PORT": "²"}, "environment TELECONSULT_DICOM_TLS_PORT"),
    ('log_file = "/no/such/dir/t.log"\n', "", {}, "server.log_file: the directory"),
    ("log_max_mb = 0\n", "", {}, "server.log_max_mb"),
])
def test_bad_security_keys_name_the_key(tmp_path, server, futian, env, expect):
    with pytest.raises(ConfigError) as err:
        load_settings(_with(tmp_path, server, futian), env=env)
    assert any(p.startswith(str(tmp_path)) and expect in p
               for p in err.value.problems), err.value.problems


def test_defaults_keep_plain_ports_and_tls_off(tmp_path):
    s = load_settings(_with(tmp_path), env={})
    assert s.tls is not None and not s.tls.enabled and s.http_port == 8080
    assert s.log_file is None and not s.clinics["futian"].require_client_cert
    s = load_settings(_with(tmp_path, futian='cert_fingerprints = ["AB:' + "cd" * 31 + '"]\n'),
                      env={"TELECONSULT_LOG_FILE": str(tmp_path / "t.log")})
    assert s.clinics["futian"].cert_fingerprints == ("ab" + "cd" * 31,)
    assert s.log_file == tmp_path / "t.log"

"""The TLS keys of ``[server]``: ports, certificate, key, client CA, HSTS.

```toml
[server]
https_port = 8443           # 0 = off (default); http_port = 0 turns plain HTTP off
dicom_tls_port = 2762       # 0 = off (default); dicom_port = 0 turns plain DICOM off
tls_cert = "/etc/teleconsult/tls/server.crt"   # PEM, the chain after the certificate
tls_key = "/etc/teleconsult/tls/server.key"
tls_client_ca = "/etc/teleconsult/tls/ca.crt"  # ask DICOM peers for a certificate from this CA
hsts_max_age = 31536000     # seconds, sent on HTTPS responses; 0 = no HSTS header
```
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teleconsult.core import tls
from teleconsult.settings.reader import Reader, port_from_env

KEYS = {"https_port", "dicom_tls_port", "tls_cert", "tls_key", "tls_client_ca", "hsts_max_age"}
DEFAULT_HSTS = 365 * 24 * 3600


@dataclass(frozen=True)
class TlsConfig:
    https_port: int = 0
    dicom_tls_port: int = 0
    cert_file: Path | None = None
    key_file: Path | None = None
    client_ca_file: Path | None = None
    hsts_max_age: int = DEFAULT_HSTS

    @property
    def enabled(self) -> bool:
        return bool(self.https_port or self.dicom_tls_port)


def parse_tls(r: Reader, srv: Mapping[str, Any], env: Mapping[str, str]) -> TlsConfig:
    """The TLS keys of ``[server]`` (ports may come from the environment)."""
    https = port_from_env(r, env, "TELECONSULT_HTTPS_PORT",
                          r.get(srv, "https_port", "server", int, 0))
    dicom_tls = port_from_env(r, env, "TELECONSULT_DICOM_TLS_PORT",
                              r.get(srv, "dicom_tls_port", "server", int, 0))
    for key, value in (("https_port", https), ("dicom_tls_port", dicom_tls)):
        if not 0 <= value <= 65535:
            r.fail(f"server.{key}", "must be 0 (off) or a port 1..65535")
    files = {}
    for key in ("tls_cert", "tls_key", "tls_client_ca"):
        value = r.get(srv, key, "server", str)
        files[key] = Path(value) if value else None
        if value and not Path(value).is_file():
            r.fail(f"server.{key}", f"no such file {value!r}")
    hsts = r.get(srv, "hsts_max_age", "server", int, DEFAULT_HSTS)
    if hsts < 0:
        r.fail("server.hsts_max_age", "must be 0 (off) or more seconds")
    cfg = TlsConfig(https, dicom_tls, files["tls_cert"], files["tls_key"],
                    files["tls_client_ca"], hsts)
    if cfg.enabled and not (cfg.cert_file and cfg.key_file):
        r.fail("server.tls_cert", "https_port / dicom_tls_port need tls_cert and tls_key")
    elif cfg.enabled and not r.problems:
        try:
            server_context(cfg)
        except (ssl.SSLError, OSError, ValueError) as exc:
            r.fail("server.tls_cert", f"cannot load the certificate, key or CA: {exc}")
    return cfg


def server_context(cfg: TlsConfig, *, client_certs: bool = False) -> ssl.SSLContext:
    """The server-side context of ``cfg``; with ``client_certs``, peers are asked for a
    certificate from the configured client CA (if any)."""
    return tls.server_context(cfg.cert_file, cfg.key_file,
                              cfg.client_ca_file if client_certs else None)

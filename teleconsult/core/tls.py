"""TLS for both protocols: the configuration (``[server]`` keys), the ``ssl`` contexts, and
which clinic a client certificate speaks for.

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

import hashlib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teleconsult.settings.model import Clinic
    from teleconsult.settings.people import Reader

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


@dataclass(frozen=True)
class PeerCert:
    """What a verified client certificate says: its names (subject CN and SAN DNS/URI) and
    the SHA-256 fingerprint of the certificate (lowercase hex)."""

    names: tuple[str, ...]
    fingerprint: str


def normalise_fingerprint(text: str) -> str:
    return text.replace(":", "").strip().lower()


def parse_tls(r: Reader, srv: Mapping[str, Any], env: Mapping[str, str],
              port_from_env) -> TlsConfig:  # noqa: ANN001 - settings._int_env
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
    """A server-side context (TLS 1.2+); with ``client_certs`` and a configured client CA,
    peers are asked for a certificate from that CA (optional: clinics that must present
    one are enforced per association, see ``cert_refusal``)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(cfg.cert_file), str(cfg.key_file))
    if client_certs and cfg.client_ca_file:
        ctx.load_verify_locations(cafile=str(cfg.client_ca_file))
        ctx.verify_mode = ssl.CERT_OPTIONAL  # a bad certificate still fails the handshake
    return ctx


def client_context(ca_file: str, cert_file: str | None = None,
                   key_file: str | None = None) -> ssl.SSLContext:
    """A client-side context trusting ``ca_file``, presenting ``cert_file`` if given."""
    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert_file:
        ctx.load_cert_chain(cert_file, key_file)
    return ctx


def peer_cert(sock: object) -> PeerCert | None:
    """The verified client certificate of a TLS socket, or None when none was presented."""
    if not isinstance(sock, ssl.SSLSocket):
        return None
    der = sock.getpeercert(binary_form=True)
    info = sock.getpeercert()
    if not der or not info:
        return None
    names = [v for rdn in info.get("subject", ()) for k, v in rdn if k == "commonName"]
    names += [v for k, v in info.get("subjectAltName", ()) if k in ("DNS", "URI")]
    return PeerCert(tuple(names), hashlib.sha256(der).hexdigest())


def cert_refusal(clinic: Clinic | None, cert: PeerCert | None) -> str | None:
    """Why an association from ``clinic``'s AE with ``cert`` must be refused, or None.

    A certificate must speak for the clinic whose AE title is calling (by a configured
    fingerprint, or a name: ``cert_names``, by default the clinic id); a clinic with
    ``require_client_cert`` must present one.
    """
    if clinic is None:
        return None  # an unknown calling AE is rejected by the AE title check
    if cert is None:
        return "client certificate required" if clinic.require_client_cert else None
    if cert.fingerprint in clinic.cert_fingerprints:
        return None
    if set(cert.names) & set(clinic.cert_names or (clinic.id,)):
        return None
    return f"certificate of {','.join(cert.names) or 'nobody'} does not speak for {clinic.id}"


def hsts_middleware(cfg: TlsConfig | None):  # noqa: ANN201 - an aiohttp middleware
    """Adds ``Strict-Transport-Security`` to every response sent over HTTPS (a browser that
    saw it once never falls back to plain HTTP for this host)."""
    from aiohttp import web

    max_age = cfg.hsts_max_age if cfg else DEFAULT_HSTS

    @web.middleware
    async def hsts(request: web.Request, handler) -> web.StreamResponse:  # noqa: ANN001
        if not (request.secure and max_age):
            return await handler(request)
        header = {"Strict-Transport-Security": f"max-age={max_age}"}
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # redirects are raised
            exc.headers.update(header)
            raise
        response.headers.update(header)
        return response

    return hsts

"""TLS contexts for both protocols (TLS 1.2 and later), and what a peer's certificate says.

Which files and ports are configured is ``teleconsult.settings.tls``; which clinic a
certificate may speak for is decided by the DICOM listener (``teleconsult.ingress.tls``).
"""

from __future__ import annotations

import hashlib
import ssl
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PeerCert:
    """What a verified client certificate says: its names (subject CN and SAN DNS/URI) and
    the SHA-256 fingerprint of the certificate (lowercase hex)."""

    names: tuple[str, ...]
    fingerprint: str


def normalise_fingerprint(text: str) -> str:
    return text.replace(":", "").strip().lower()


def server_context(cert_file: Path, key_file: Path,
                   client_ca_file: Path | None = None) -> ssl.SSLContext:
    """A server-side context (TLS 1.2+); with ``client_ca_file``, peers are asked for a
    certificate from that CA (optional: clinics that must present one are refused per
    association by the DICOM listener)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(cert_file), str(key_file))
    if client_ca_file:
        ctx.load_verify_locations(cafile=str(client_ca_file))
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



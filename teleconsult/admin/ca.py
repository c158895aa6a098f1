"""A private county CA for a small deployment: ``teleconsult ca init`` makes it, ``teleconsult
ca issue`` signs server, clinic and doctor (workstation) certificates with it
(``cryptography``, no hand-made ASN.1).

Layout of the CA directory (default ``<data dir>/tls``)::

    ca.crt  ca.key            the county CA (keep ca.key offline once the clinics are issued)
    server.crt  server.key    the service's certificate (DNS names / IPs of the server)
    clinics/<id>.crt .key     one client certificate per clinic: CN = the clinic id
    doctors/<id>.crt .key     one per doctor's workstation: CN = doctor:<id>

Keys are written 0600 and never overwritten (issue again under another name, or delete).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}\Z")  # names a file: no path characters


CA_DAYS, LEAF_DAYS = 10 * 365, 2 * 365  # validity of the CA and of what it issues


class CaError(Exception):
    """Something the operator must fix (message says what)."""


@dataclass(frozen=True)
class Issued:
    cert: Path
    key: Path
    fingerprint: str  # SHA-256, lowercase hex: what ``cert_fingerprints`` pins


def _write_new(path: Path, data: bytes, private: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600 if private else 0o644)
    except FileExistsError:
        raise CaError(f"{path} exists; remove it first or choose another name") from None
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _key(bits: int) -> rsa.RSAPrivateKey:
    # RSA for the widest peer support (DCMTK builds, old modality TLS stacks)
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def init_ca(directory: Path, name: str, days: int = CA_DAYS) -> Issued:
    """Create the CA key and self-signed certificate in ``directory``."""
    key = _key(3072)
    now = dt.datetime.now(dt.UTC)
    subject = _name(name, name)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return _save(directory / "ca", key, cert)


def _load_ca(directory: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    try:
        key = serialization.load_pem_private_key((directory / "ca.key").read_bytes(), None)
        cert = x509.load_pem_x509_certificate((directory / "ca.crt").read_bytes())
    except FileNotFoundError:
        raise CaError(f"no CA in {directory}: run `teleconsult ca init` first") from None
    assert isinstance(key, rsa.RSAPrivateKey)
    return key, cert


def _sans(hosts: list[str]) -> list[x509.GeneralName]:
    out: list[x509.GeneralName] = []
    for host in hosts:
        try:
            out.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            out.append(x509.DNSName(host))
    return out


def issue(directory: Path, kind: str, name: str, hosts: list[str] | None = None,
          days: int = LEAF_DAYS) -> Issued:
    """Sign a ``server`` certificate (``hosts``: its DNS names / IPs), a ``clinic``
    client certificate (CN = the clinic id ``name``) or a ``doctor``'s workstation
    certificate (CN = ``doctor:<id>``) with the CA in ``directory``."""
    if kind not in ("server", "clinic", "doctor"):
        raise CaError("kind is server, clinic or doctor")
    if not _ID.match(name):
        raise CaError(f"{name!r}: use an account id (lowercase letters, digits, - or _)")
    if kind == "server" and not hosts:
        raise CaError("a server certificate needs --host (DNS names / IP addresses)")
    ca_key, ca_cert = _load_ca(directory)
    key = _key(2048)
    now = dt.datetime.now(dt.UTC)
    org = ca_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    usage = ExtendedKeyUsageOID.SERVER_AUTH if kind == "server" else \
        ExtendedKeyUsageOID.CLIENT_AUTH
    cn = f"doctor:{name}" if kind == "doctor" else name
    builder = (x509.CertificateBuilder().subject_name(_name(cn, str(org)))
               .issuer_name(ca_cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5))
               .not_valid_after(min(now + dt.timedelta(days=days),
                                    ca_cert.not_valid_after_utc))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca_key.public_key()), critical=False))
    if hosts:
        builder = builder.add_extension(x509.SubjectAlternativeName(_sans(hosts)),
                                        critical=False)
    cert = builder.sign(ca_key, hashes.SHA256())
    where = (directory / "server" if kind == "server"
             else directory / ("doctors" if kind == "doctor" else "clinics") / name)
    return _save(where, key, cert)


def _save(stem: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> Issued:
    key_path, cert_path = stem.with_suffix(".key"), stem.with_suffix(".crt")
    _write_new(key_path, _pem_key(key), private=True)
    _write_new(cert_path, cert.public_bytes(serialization.Encoding.PEM), private=False)
    return Issued(cert_path, key_path, cert.fingerprint(hashes.SHA256()).hex())

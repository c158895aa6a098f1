"""Who is calling: every calling AE title bound to the account that owns it.

A clinic's pushing AE titles (``ae_titles``), its viewing stations (``qr_destinations``)
and a doctor's workstations (``workstations``) each belong to one account. Before
pynetdicom negotiates an association, the caller must show it is that account's
(``refusal``, pure; ``CallerCheckingHandler`` applies it on every listener, plain or TLS):

- a certificate, when one is presented, must speak for the owner: a configured SHA-256
  fingerprint, or a name (``cert_names``; by default a clinic's id, ``doctor:<id>`` for a
  doctor — what ``teleconsult ca issue clinic|doctor`` writes in the CN);
- an owner with ``require_client_cert`` must present one (so it can only call over TLS);
- a station that reads (a viewing station, a workstation) must call from an address its
  configured ``host`` resolves to, unless that node says ``match_address = false`` — allowed
  only when its owner requires a certificate (``teleconsult.settings.people`` checks it).

A disabled account has no AE titles and no stations (``teleconsult.settings.accounts_log``),
so its callers are unknown and rejected like any unknown AE title. The refusal is
A-ASSOCIATE-RJ "calling AE title not recognised" and one log line naming the reason.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass

from pynetdicom import evt
from pynetdicom.acse import ACSE
from pynetdicom.association import Association

from teleconsult.core.tls import PeerCert, peer_cert
from teleconsult.ingress.association import PromptRequestHandler
from teleconsult.ingress.negotiation import prefer_for_retrieval
from teleconsult.settings.model import Clinic, DicomNode, Doctor, Settings

log = logging.getLogger(__name__)
# A-ASSOCIATE-RJ: rejected-permanent, DICOM UL service-user, calling AE title not recognised
_REJECT_CALLING_AE = (0x01, 0x01, 0x03)


@dataclass(frozen=True)
class Binding:
    """The account a calling AE title belongs to, and how it must prove it."""

    kind: str  # "clinic" | "doctor"
    id: str
    require_cert: bool
    cert_names: tuple[str, ...]
    cert_fingerprints: tuple[str, ...]
    node: DicomNode | None = None  # a reading station: bound to its address too


def _of_clinic(clinic: Clinic, node: DicomNode | None = None) -> Binding:
    return Binding("clinic", clinic.id, clinic.require_client_cert,
                   clinic.cert_names or (clinic.id,), clinic.cert_fingerprints, node)


def _of_doctor(doctor: Doctor, node: DicomNode) -> Binding:
    return Binding("doctor", doctor.id, doctor.require_client_cert,
                   doctor.cert_names or (f"doctor:{doctor.id}",), doctor.cert_fingerprints,
                   node)


def binding_for_ae(settings: Settings, ae_title: str) -> Binding | None:
    """Whose AE title this is (None: nobody's, the AE title check rejects it)."""
    ae = ae_title.strip()
    for clinic in settings.clinics.values():
        if ae in clinic.ae_titles:
            return _of_clinic(clinic)
        node = next((n for n in clinic.qr_destinations if n.ae == ae), None)
        if node is not None:
            return _of_clinic(clinic, node)
    for doctor in settings.doctors.values():
        node = next((n for n in doctor.workstations if n.ae == ae), None)
        if node is not None:
            return _of_doctor(doctor, node)
    return None


def _cert_refusal(owner: Binding, cert: PeerCert | None) -> str | None:
    if cert is None:
        return "client certificate required" if owner.require_cert else None
    if cert.fingerprint in owner.cert_fingerprints or set(cert.names) & set(owner.cert_names):
        return None
    return f"certificate of {','.join(cert.names) or 'nobody'} does not speak for {owner.id}"


def cert_refusal(clinic: Clinic | None, cert: PeerCert | None) -> str | None:
    """Why a pushing AE of ``clinic`` presenting ``cert`` must be refused, or None."""
    return None if clinic is None else _cert_refusal(_of_clinic(clinic), cert)


def _same_address(a: str, b: str) -> bool:
    try:
        x, y = ipaddress.ip_address(a), ipaddress.ip_address(b)
    except ValueError:
        return False
    x = getattr(x, "ipv4_mapped", None) or x  # an IPv4 peer on a dual-stack socket
    y = getattr(y, "ipv4_mapped", None) or y
    return x == y


def refusal(owner: Binding | None, cert: PeerCert | None, address: str,
            resolve: Callable[[str], set[str]]) -> str | None:
    """Why to refuse this caller (safe to log), or None. ``resolve``: host → addresses."""
    if owner is None:
        return None  # unknown: pynetdicom's AE title check rejects it
    why = _cert_refusal(owner, cert)
    if why or owner.node is None or not owner.node.match_address:
        return why
    if any(_same_address(address, a) for a in resolve(owner.node.host)):
        return None
    return (f"{owner.node.ae} must call from its configured host {owner.node.host} "
            f"(match_address), not {address}")


def resolve_host(host: str) -> set[str]:
    """The addresses a configured host name or address stands for (empty: unresolvable)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return set()
    return {str(info[4][0]) for info in infos}


def peer_check(settings: Settings) -> Callable[[str, object, str], str | None]:
    """(calling AE, socket, peer address) → why to refuse, or None."""
    def check(calling_ae: str, sock: object, address: str) -> str | None:
        return refusal(binding_for_ae(settings, calling_ae), peer_cert(sock), address,
                       resolve_host)
    return check


class _CallerCheckingACSE(ACSE):
    """pynetdicom's ACSE; as acceptor it first refuses a caller that is not its AE title's
    owner, with the same rejection as an unknown AE title."""

    def _negotiate_as_acceptor(self) -> None:
        calling = str(self.requestor.primitive.calling_ae_title).strip()
        check = getattr(self.assoc, "tc_peer_check", None)
        why = "no peer check" if check is None else check(
            calling, self.assoc.dul.socket.socket, str(self.assoc.requestor.address))
        if why is None:
            scp_role = {str(uid) for uid, item in self.requestor.role_selection.items()
                        if item.scp_role}
            if scp_role:  # a C-GET caller: its order of syntaxes for what it receives
                prefer_for_retrieval(self.requestor.primitive.presentation_context_definition_list,
                                     self.acceptor.supported_contexts, scp_role)
            super()._negotiate_as_acceptor()
            return
        self.requestor.ae_title = calling
        log.warning("association from %s@%s refused: %s", calling,
                    self.assoc.requestor.address, why)
        self.send_reject(*_REJECT_CALLING_AE)
        evt.trigger(self.assoc, evt.EVT_REJECTED, {})
        self.assoc.kill()


class CallerCheckingHandler(PromptRequestHandler):
    """The request handler of every ingress listener: the caller check added."""

    def _create_association(self) -> Association:
        assoc = super()._create_association()
        assoc.acse.__class__ = _CallerCheckingACSE  # same object, the check added
        assoc.tc_peer_check = getattr(self.server, "tc_peer_check", None)
        return assoc

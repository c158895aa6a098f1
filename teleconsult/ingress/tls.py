"""The DICOM listeners: plain (``server.dicom_port``, 0 = off) and TLS
(``server.dicom_tls_port``), both checking at association time that a client certificate
speaks for the clinic whose AE title calls (``cert_refusal``).

The TLS handshake runs in the association's own thread (``do_handshake_on_connect=False``),
not in the accept loop, so a peer that opens a connection and says nothing holds up no one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from pynetdicom import evt
from pynetdicom.acse import ACSE
from pynetdicom.association import Association
from pynetdicom.transport import ThreadedAssociationServer

from teleconsult.core.tls import PeerCert, peer_cert
from teleconsult.ingress.association import NoDelayServer, PromptRequestHandler
from teleconsult.ingress.ingest import Ingest
from teleconsult.ingress.scp import start_scp
from teleconsult.settings.model import Clinic, Settings
from teleconsult.settings.tls import server_context

log = logging.getLogger(__name__)
# A-ASSOCIATE-RJ: rejected-permanent, DICOM UL service-user, calling AE title not recognised
_REJECT_CALLING_AE = (0x01, 0x01, 0x03)


class _DeferredHandshakeServer(NoDelayServer):
    def get_request(self):  # type: ignore[no-untyped-def]
        client, address = super().get_request()
        if self.ssl_context:
            client = self.ssl_context.wrap_socket(client, server_side=True,
                                                  do_handshake_on_connect=False)
        return client, address


class _CertCheckingACSE(ACSE):
    """pynetdicom's ACSE; as acceptor it first refuses a calling AE whose certificate (or
    lack of one) does not fit its clinic, with the same rejection as an unknown AE title."""

    def _negotiate_as_acceptor(self) -> None:
        calling = str(self.requestor.primitive.calling_ae_title).strip()
        check: Callable[[str, object], str | None] | None = getattr(
            self.assoc, "tc_peer_check", None)
        refusal = "no peer check" if check is None else check(calling,
                                                               self.assoc.dul.socket.socket)
        if refusal is None:
            super()._negotiate_as_acceptor()
            return
        self.requestor.ae_title = calling
        log.warning("association from %s@%s refused: %s", calling,
                    self.assoc.requestor.address, refusal)
        self.send_reject(*_REJECT_CALLING_AE)
        evt.trigger(self.assoc, evt.EVT_REJECTED, {})
        self.assoc.kill()


class _CertCheckingHandler(PromptRequestHandler):
    def _create_association(self) -> Association:
        assoc = super()._create_association()
        assoc.acse.__class__ = _CertCheckingACSE  # same object, the check added
        assoc.tc_peer_check = getattr(self.server, "tc_peer_check", None)
        return assoc


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


def peer_check(settings: Settings) -> Callable[[str, object], str | None]:
    """(calling AE, socket) → why to refuse, or None."""
    def check(calling_ae: str, sock: object) -> str | None:
        return cert_refusal(settings.clinic_for_ae(calling_ae), peer_cert(sock))
    return check


def _start(settings: Settings, ingest: Ingest, port: int, tls: bool,
           listen_fd: int | None, slot: tuple[int, int] | None) -> ThreadedAssociationServer:
    ctx = server_context(settings.tls, client_certs=True) if tls and settings.tls else None
    server = start_scp(settings, ingest, port=port, ssl_context=ctx,
                       server_class=_DeferredHandshakeServer,
                       request_handler=_CertCheckingHandler, listen_fd=listen_fd, slot=slot)
    server.tc_peer_check = peer_check(settings)
    return server


def start_listeners(settings: Settings, ingest: Ingest, shared: Mapping[int, int] | None = None,
                    slot: tuple[int, int] | None = None) -> list[ThreadedAssociationServer]:
    """The configured DICOM listeners, started: plain unless ``dicom_port`` is 0, TLS when
    ``dicom_tls_port`` is set. ``shared``: port → listening fd inherited from ``serve``
    (teleconsult.ingress.listeners); a port not in it is bound here; ``slot``: this
    process's place among serve's ingress processes. Stop each with ``.shutdown()``."""
    shared = shared or {}
    servers = []
    try:
        if settings.dicom_port:
            servers.append(_start(settings, ingest, settings.dicom_port, False,
                                  shared.get(settings.dicom_port), slot))
        if settings.tls and settings.tls.dicom_tls_port:
            port = settings.tls.dicom_tls_port
            servers.append(_start(settings, ingest, port, True, shared.get(port), slot))
    except Exception:
        for server in servers:
            server.shutdown()
        raise
    return servers

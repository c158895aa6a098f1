"""The DICOM listeners: plain (``server.dicom_port``, 0 = off) and TLS
(``server.dicom_tls_port``), both checking at association time that the caller is its AE
title's owner (certificate, address: ``teleconsult.ingress.callers``).

The TLS handshake runs in the association's own thread (``do_handshake_on_connect=False``),
not in the accept loop, so a peer that opens a connection and says nothing holds up no one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from pynetdicom.transport import ThreadedAssociationServer

from teleconsult.ingress.association import NoDelayServer
from teleconsult.ingress.ingest import Ingest
from teleconsult.ingress.scp import start_scp
from teleconsult.settings.model import Settings
from teleconsult.settings.tls import server_context

log = logging.getLogger(__name__)


class _DeferredHandshakeServer(NoDelayServer):
    def get_request(self):  # type: ignore[no-untyped-def]
        client, address = super().get_request()
        if self.ssl_context:
            client = self.ssl_context.wrap_socket(client, server_side=True,
                                                  do_handshake_on_connect=False)
        return client, address


def _start(settings: Settings, ingest: Ingest, port: int, tls: bool,
           listen_fd: int | None, slot: tuple[int, int] | None) -> ThreadedAssociationServer:
    ctx = server_context(settings.tls, client_certs=True) if tls and settings.tls else None
    server = start_scp(settings, ingest, port=port, ssl_context=ctx,
                       server_class=_DeferredHandshakeServer, listen_fd=listen_fd, slot=slot)
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

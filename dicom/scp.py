"""The DICOM ingress: a pynetdicom SCP for C-ECHO and C-STORE of every storage SOP class.

Policy (documented in README by the CLI owner):
- Calling AE titles must belong to a configured clinic; others are rejected at association.
- The called AE title must equal ``settings.ae_title`` (default ``TELECONSULT``): a modality
  pointed at the wrong AE is told so at association instead of being silently accepted.
- Every transfer syntax pydicom knows is accepted and the bytes are stored as received.
- A C-STORE is written to disk in chunks while it arrives (memory stays flat), then handed to
  ``Ingest.accept_file``; success is sent only after that returns (fsync + arrival recorded).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

from pydicom.uid import AllTransferSyntaxes
from pynetdicom import (
    AE,
    AllStoragePresentationContexts,
    VerificationPresentationContexts,
    _config,
    evt,
)
from pynetdicom.transport import ThreadedAssociationServer

from dicom.status import Status, status_for
from teleconsult.ingest import Ingest
from teleconsult.settings import Settings
from teleconsult.storage import Storage

log = logging.getLogger(__name__)

# 128 KiB: measured best throughput at flat RSS with chunked receive (DESIGN.md facts).
MAX_PDU = 128 * 1024
MAX_ASSOCIATIONS = 32
DUL_LOOP_DELAY = 0.0001  # seconds; pynetdicom's default is 0.001 (see handle_conn_open)


class UnknownCaller(Exception):
    """A C-STORE from an AE title no clinic owns (normally stopped at association)."""

    dimse_status = Status.NOT_AUTHORISED
    reason = "unknown_calling_ae"


class _NoDelayServer(ThreadedAssociationServer):
    """Sets TCP_NODELAY on accepted sockets: each C-STORE-RSP is one small write that
    Nagle would otherwise hold back until the peer's delayed ACK."""

    def get_request(self):  # type: ignore[no-untyped-def]
        client, address = super().get_request()
        with contextlib.suppress(OSError):  # only a latency hint; never refuse a peer for it
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return client, address


def _peer(event: evt.Event) -> str:
    req = event.assoc.requestor
    return f"{req.ae_title}@{req.address}:{req.port}"


def _take_over(received: Path, storage: Storage) -> Path:
    """Give the received file a name of our own; pynetdicom unlinks its temp after us."""
    dest = storage.new_temp_path()
    try:
        os.link(received, dest)
    except OSError:  # other filesystem or no hard links: copy instead
        shutil.copyfile(received, dest)
    return dest


def handle_store(event: evt.Event, settings: Settings, ingest: Ingest) -> int:
    """EVT_C_STORE: hand the received file to ingest; answer success only once it is durable."""
    try:
        clinic = settings.clinic_for_ae(event.assoc.requestor.ae_title)
        if clinic is None:
            raise UnknownCaller()
        path = _take_over(Path(event.dataset_path), ingest.storage)
        arrival = ingest.accept_file(path, clinic, str(event.request.AffectedSOPInstanceUID))
    except Exception as exc:  # every failure is answered, never fatal
        status, reason = status_for(exc)
        log.warning("C-STORE from %s refused with 0x%04X: %s: %s",
                    _peer(event), status, reason, exc)
        return int(status)
    log.debug("C-STORE from %s stored %s (new=%s)", _peer(event), arrival.sop_uid, arrival.new)
    return int(Status.SUCCESS)


def handle_echo(event: evt.Event) -> int:
    """EVT_C_ECHO: verification always succeeds for an accepted association."""
    return int(Status.SUCCESS)


def handle_conn_open(event: evt.Event) -> None:
    """EVT_CONN_OPEN: poll faster than pynetdicom's default while this association lives.

    pynetdicom's DUL thread sleeps ``_run_loop_delay`` (1 ms) whenever a loop finds nothing to
    do, and each C-STORE-RSP waits out one such sleep before it is sent: with one instance in
    flight per association that alone caps a sender near 300-400 instances/s. 0.1 ms costs a
    few per cent of a core per idle association, which is short-lived anyway.
    """
    event.assoc.dul._run_loop_delay = DUL_LOOP_DELAY


def handle_rejected(event: evt.Event) -> None:
    """EVT_REJECTED: one log line naming who was turned away."""
    log.warning("association from %s rejected (calling AE not configured or called AE not %s)",
                _peer(event), event.assoc.acceptor.ae_title)


def make_ae(settings: Settings) -> AE:
    """The acceptor AE: all storage SOP classes × all transfer syntaxes, plus verification."""
    ae = AE(ae_title=settings.ae_title)
    ae.maximum_pdu_size = MAX_PDU
    ae.maximum_associations = MAX_ASSOCIATIONS
    syntaxes = list(AllTransferSyntaxes)
    for cx in [*AllStoragePresentationContexts, *VerificationPresentationContexts]:
        ae.add_supported_context(cx.abstract_syntax, syntaxes)
    ae.require_calling_aet = sorted({ae_title for clinic in settings.clinics.values()
                                     for ae_title in clinic.ae_titles})
    ae.require_called_aet = True
    return ae


def start_scp(settings: Settings, ingest: Ingest, host: str = "0.0.0.0",
              port: int | None = None) -> ThreadedAssociationServer:
    """Start the ingress SCP in background threads; call ``.shutdown()`` on the result to stop."""
    # Receive each C-STORE dataset straight into a file instead of memory (invariant 5).
    _config.STORE_RECV_CHUNKED_DATASET = True
    # pynetdicom creates that file with tempfile.NamedTemporaryFile; putting tempfile's
    # directory on the data dir's filesystem lets the handler hard-link it into storage
    # instead of copying every byte a second time.
    tempfile.tempdir = str(ingest.storage.tmp)
    ae = make_ae(settings)
    handlers = [
        (evt.EVT_C_STORE, handle_store, [settings, ingest]),
        (evt.EVT_C_ECHO, handle_echo),
        (evt.EVT_CONN_OPEN, handle_conn_open),
        (evt.EVT_REJECTED, handle_rejected),
    ]
    server = ae.make_server((host, settings.dicom_port if port is None else port),
                            evt_handlers=handlers, server_class=_NoDelayServer)
    ae._servers.append(server)  # as AE.start_server does: server.shutdown() expects it there
    thread = threading.Thread(target=server.serve_forever, name="dicom-ingress", daemon=True)
    thread.start()
    log.info("DICOM ingress %s listening on %s:%d", settings.ae_title, *server.server_address[:2])
    return server

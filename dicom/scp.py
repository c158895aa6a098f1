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
import copy
import logging
import queue
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
from pynetdicom.association import Association
from pynetdicom.transport import AssociationSocket, RequestHandler, ThreadedAssociationServer

from dicom.status import Status, status_for
from teleconsult.ingest import Ingest
from teleconsult.settings import Settings

log = logging.getLogger(__name__)

# 128 KiB: measured best throughput at flat RSS with chunked receive (DESIGN.md facts).
MAX_PDU = 128 * 1024
MAX_ASSOCIATIONS = 32
DUL_LOOP_DELAY = 0.0001  # seconds; pynetdicom's default is 0.001 (see handle_conn_open)
# How long the association thread blocks on its message queue before it looks at release,
# abort and timeouts again; a message wakes it at once (see _PromptAssociation).
IDLE_WAIT = 0.005


class UnknownCaller(Exception):
    """A C-STORE from an AE title no clinic owns (normally stopped at association)."""

    dimse_status = Status.NOT_AUTHORISED
    reason = "unknown_calling_ae"


class _NoDelayServer(ThreadedAssociationServer):
    """Sets TCP_NODELAY on accepted sockets: each C-STORE-RSP is one small write that
    Nagle would otherwise hold back until the peer's delayed ACK."""

    def server_bind(self) -> None:
        # Several ingress processes (``serve``'s dicom children, or scaled-out ``teleconsult
        # dicom``s on one host) listen on the one DICOM port; the kernel spreads the
        # associations across them.
        if hasattr(socket, "SO_REUSEPORT"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()

    def get_request(self):  # type: ignore[no-untyped-def]
        client, address = super().get_request()
        with contextlib.suppress(OSError):  # only a latency hint; never refuse a peer for it
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return client, address


class _PromptAssociation(Association):
    """pynetdicom's acceptor, minus the fixed 1 ms sleep per reactor loop.

    ``Association._run_reactor`` sleeps 1 ms, then polls its DIMSE message queue: with one
    C-STORE in flight per association every request waits ~0.5-1 ms for nothing. This loop
    blocks on the queue instead (woken as soon as the DUL thread puts a message) and does
    the same release / abort / DUL-alive / network-timeout checks between messages.
    """

    def _run_reactor(self) -> None:
        self._is_paused = False
        while not self._kill:
            # As pynetdicom: let release()/send_*() pause the reactor at this point.
            self._is_paused = True
            self._reactor_checkpoint.wait()
            self._is_paused = False
            try:
                context_id, msg = self.dimse.msg_queue.get(timeout=IDLE_WAIT)
            except queue.Empty:
                msg = None
            if msg:
                self._serve_request(msg, context_id)
            if self._finished():
                return

    def _finished(self) -> bool:
        """pynetdicom's end-of-loop checks, unchanged; True once the association is over."""
        if self.is_established and self.acse.is_release_requested():
            self.acse.send_release(is_response=True)
            self.is_released, self.is_established = True, False
            evt.trigger(self, evt.EVT_RELEASED, {})
        elif self.acse.is_aborted():
            self.dul.receive_pdu(wait=False)  # so EVT_ACSE_RECV fires for subscribers
            self.is_aborted, self.is_established = True, False
            evt.trigger(self, evt.EVT_ABORTED, {})
        elif not self.dul.is_alive():
            pass
        elif self.dul.idle_timer_expired():
            log.error("network timeout on association from %s", self.requestor.ae_title)
            self.abort()
        else:
            return False
        self.kill()
        return True


class _CheaplyCopiedContexts(list):
    """The server's supported contexts, whose ``deepcopy`` is a shallow copy per context.

    pynetdicom deep-copies the server's contexts for every association it accepts; for
    every storage SOP class × every transfer syntax that is ~32 ms of Python per
    association (a fixed cost as large as 7 CT instances). Contexts hold only immutable
    UIDs, ``None``s and bools besides the transfer syntax list, which is copied, so each
    association still gets contexts of its own.
    """

    def __deepcopy__(self, memo: dict) -> list:
        out = []
        for cx in self:
            mine = copy.copy(cx)
            mine._transfer_syntax = list(cx._transfer_syntax)
            out.append(mine)
        return out


class _BulkRecvSocket(AssociationSocket):
    """pynetdicom's socket wrapper, reading a PDU in as few ``recv`` calls as the kernel allows.

    ``AssociationSocket.recv`` asks for at most 4096 bytes per call and appends each piece to
    a bytearray: 32 calls and copies per 128 KiB P-DATA PDU. This one receives straight into
    one buffer of the requested size with ``recv_into``; same contract (blocks until
    ``nr_bytes`` are read, returns what it has if the peer closes, lets socket errors out).
    """

    def recv(self, nr_bytes: int) -> bytearray:
        sock = self.socket
        if sock is None or hasattr(sock, "pending"):  # closed, or TLS: pynetdicom's own way
            return super().recv(nr_bytes)
        buf = bytearray(nr_bytes)
        view = memoryview(buf)
        nr_read = 0
        while nr_read < nr_bytes:
            got = sock.recv_into(view[nr_read:])
            if not got:  # connection broken: what was read so far, as pynetdicom does
                del view
                del buf[nr_read:]
                return buf
            nr_read += got
        return buf


class _PromptRequestHandler(RequestHandler):
    def _create_association(self) -> Association:
        assoc = super()._create_association()
        # Same object and state, our reactor loop; nothing has started it yet.
        assoc.__class__ = _PromptAssociation
        assoc.dul.socket.__class__ = _BulkRecvSocket  # same object, faster recv
        return assoc


def _peer(event: evt.Event) -> str:
    req = event.assoc.requestor
    return f"{req.ae_title}@{req.address}:{req.port}"


def handle_store(event: evt.Event, settings: Settings, ingest: Ingest) -> int:
    """EVT_C_STORE: hand the received file to ingest; answer success only once it is durable."""
    try:
        clinic = settings.clinic_for_ae(event.assoc.requestor.ae_title)
        if clinic is None:
            raise UnknownCaller()
        # accept_file consumes (unlinks) pynetdicom's temp file; pynetdicom's own unlink
        # after us is best-effort and ignores that it is gone.
        arrival = ingest.accept_file(Path(event.dataset_path), clinic,
                                     str(event.request.AffectedSOPInstanceUID))
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
    # directory on the data dir's filesystem lets ingest hard-link it into storage
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
                            evt_handlers=handlers, server_class=_NoDelayServer,
                            request_handler=_PromptRequestHandler)
    server.contexts = _CheaplyCopiedContexts(server.contexts)
    ae._servers.append(server)  # as AE.start_server does: server.shutdown() expects it there
    thread = threading.Thread(target=server.serve_forever, name="dicom-ingress", daemon=True)
    thread.start()
    log.info("DICOM ingress %s listening on %s:%d", settings.ae_title, *server.server_address[:2])
    return server

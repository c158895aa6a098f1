"""The DICOM ingress: a pynetdicom SCP for C-ECHO and C-STORE of every storage SOP class,
and Study Root Query/Retrieve (handlers in ``teleconsult.ingress.qr``).

Policy (documented in README by the CLI owner):
- Calling AE titles must belong to a configured clinic; others are rejected at association.
- The called AE title must equal ``settings.ae_title`` (default ``TELECONSULT``): a modality
  pointed at the wrong AE is told so at association instead of being silently accepted.
- Every transfer syntax pydicom knows is accepted and the bytes are stored as received.
- A C-STORE is written to disk in chunks while it arrives (memory stays flat), then handed to
  ``Ingest.accept_file``; success is sent only after that returns (fsync + arrival recorded).
- Every connection passes ``teleconsult.ingress.door`` (ARTIM, pending and association
  limits) before pynetdicom sees it; ``teleconsult.ingress.transport`` bounds PDU lengths
  and turns a full disk into 0xA700 (the ``[dicom_limits]`` table, docs/ingress-limits.md).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import logging
import os
import queue
import socket
import ssl
import tempfile
import threading
import time
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
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.service_class import StorageServiceClass
from pynetdicom.sop_class import uid_to_service_class
from pynetdicom.transport import AssociationSocket, RequestHandler, ThreadedAssociationServer

from dicom.sop_classes import RETIRED_STORAGE, register_retired_storage
from dicom.status import Status, status_for
from teleconsult.ingress import listeners, qr
from teleconsult.ingress.door import Admission, Door
from teleconsult.ingress.ingest import Ingest, OutOfSpace
from teleconsult.ingress.limits import DicomLimits
from teleconsult.ingress.qr_access import qr_only_aes
from teleconsult.ingress.transport import GuardedDUL, SpoolingDIMSE, discard_spool, spool_error
from teleconsult.run.children import run_dir
from teleconsult.settings.model import Settings

log = logging.getLogger(__name__)

STUDY_ROOT_QR = ("1.2.840.10008.5.1.4.1.2.2.1", "1.2.840.10008.5.1.4.1.2.2.2",
                 "1.2.840.10008.5.1.4.1.2.2.3")  # FIND, MOVE, GET
# How long the association thread blocks on its message queue before it looks at the
# network idle timer again; a DIMSE message, a release or an abort wakes it at once
# (see _PromptAssociation and GuardedDUL.wake_reactor_on_user_events).
IDLE_WAIT = 0.1
_GC_SECONDS = 30.0
# First buffer of a PDU read; it grows with the bytes that arrive, up to the checked length.
_FIRST_READ = 64 * 1024


class UnknownCaller(Exception):
    """A C-STORE from an AE title no clinic owns (normally stopped at association)."""

    dimse_status = Status.NOT_AUTHORISED
    reason = "unknown_calling_ae"


class _NoDelayServer(ThreadedAssociationServer):
    """Sets TCP_NODELAY on accepted sockets: each C-STORE-RSP is one small write that
    Nagle would otherwise hold back until the peer's delayed ACK."""

    # socketserver's default backlog of 5 drops SYNs during a burst of connections, and
    # the kernel retries a dropped one only after 1, 3, 7 s: a modality would wait that.
    request_queue_size = 1024
    door: Door  # set by guard()
    limits: DicomLimits
    # On a shared socket: the loads of all ingress processes on it (None: not shared, or
    # no place among them known; then a load of its own delays it as if others carried none)
    board: listeners.LoadBoard | None = None
    admitting: Admission | None = None  # the door's current hand-over (its thread only)

    def service_actions(self) -> None:
        """pynetdicom runs a full ``gc.collect()`` every 60 accepted connections (for
        association threads it saw linger); a burst of junk connections would pay seconds
        of it at the door, so collect at most every ``_GC_SECONDS`` instead."""
        now = time.monotonic()
        if now - self._last_gc >= _GC_SECONDS:
            self._last_gc = now
            gc.collect()

    _last_gc = 0.0

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A new connection goes to the door: no thread until it has associated."""
        self.door.offer(request, client_address)

    def admit(self, sock: socket.socket, address: tuple, admission: Admission) -> None:
        """Called by the door with a complete A-ASSOCIATE-RQ: start the association."""
        self.admitting = admission
        try:
            self.finish_request(sock, address)  # the handler starts the association thread
        finally:
            self.admitting = None

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        if getattr(self, "door", None) is None:  # loud, not a port without limits
            raise RuntimeError("call teleconsult.ingress.scp.guard(server, settings) before serving")
        super().serve_forever(poll_interval)

    def shutdown(self) -> None:
        self.door.stop()
        super().shutdown()
        if self.board is not None:
            self.board.publish(0)  # carries nothing from here on

    # An inherited listening socket shared with the other ingress processes of a ``serve``
    # (teleconsult.ingress.listeners); None: this server binds its own.
    listen_fd: int | None = None

    def server_bind(self) -> None:
        if self.listen_fd is not None:
            self.socket.close()
            # a copy: a reload closes this server's socket, the shared one stays open
            self.socket = socket.socket(fileno=os.dup(self.listen_fd))
            self.server_address = self.socket.getsockname()
            return
        # Scaled-out ``teleconsult dicom``s on one host listen on the one DICOM port; the
        # kernel spreads the associations across them.
        if hasattr(socket, "SO_REUSEPORT"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()

    def server_close(self) -> None:
        if self.listen_fd is None:
            super().server_close()
            return
        # Only our copy: pynetdicom's shutdown(SHUT_RDWR) would act on the socket itself
        # and reset the connections queued for every other ingress process.
        self.socket.close()

    def get_request(self):  # type: ignore[no-untyped-def]
        """The next connection; on a shared socket, after letting less loaded processes go
        first (an OSError when one of them took it: socketserver then waits again)."""
        if self.listen_fd is not None:
            load = self.door.load()
            delay = (self.board.delay(load) if self.board is not None
                     else listeners.accept_delay(load))
            if delay:
                time.sleep(delay)
        client, address = self.socket.accept()
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

    def run(self) -> None:
        """The association's life, then its clean-up whatever ended it."""
        try:
            super().run()
        finally:
            discard_spool(self.dimse.message)  # a C-STORE cut off by abort or close
            self.dul.close_wake()  # its reactor has stopped: nobody wakes it any more
            release = getattr(self, "release_slot", None)
            if release is not None:
                release()

    def serve_store_now(self, req: C_STORE, context_id: int) -> bool:
        """Serve a received C-STORE on the calling thread (the DUL's); False: leave it to
        the reactor thread.

        The peer waits for this response before it sends anything more, so the DUL thread
        has nothing else to do meanwhile; handing the request to the association thread
        and the response back cost two thread wake-ups and GIL hand-overs per instance.
        Same service class and checks as ``Association._serve_request``; anything that is
        not plain storage on an accepted context goes the usual way.
        """
        context = self._accepted_cx.get(context_id)
        if self._sent_release or self._kill or not self.is_established or context is None:
            return False
        class_uid = str(req.AffectedSOPClassUID)
        class_uid = self.acceptor.accepted_common_extended.get(class_uid, (class_uid,))[0]
        if uid_to_service_class(class_uid) is not StorageServiceClass:
            return False
        try:
            StorageServiceClass(self).SCP(req, context)
        except Exception:  # as pynetdicom's reactor: log it and abort the association
            log.exception("C-STORE from %s failed outside its handler", self.requestor.ae_title)
            with contextlib.suppress(OSError, ValueError):  # its temp file, if still there
                req._dataset_file.close()
                os.unlink(req._dataset_path)
            self.dul.abort_now()
        return True

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
    a buffer with ``recv_into``; same contract (blocks until ``nr_bytes`` are read, returns
    what it has if the peer closes, lets socket errors out). The buffer grows with what has
    arrived (never a peer's claimed length at once); the bytes the door already read (the
    A-ASSOCIATE-RQ) come first; a read not complete within ``pdu_seconds`` times out.
    """

    preloaded = b""
    pdu_seconds: float | None = None

    def preload(self, data: bytes, pdu_seconds: float) -> None:
        """Serve ``data`` before the socket's own bytes; bound each read to ``pdu_seconds``."""
        self.preloaded, self.pdu_seconds = data, pdu_seconds

    @property
    def ready(self) -> bool:
        return bool(self.preloaded) or super().ready

    def recv(self, nr_bytes: int) -> bytearray:
        if self.preloaded:
            head, self.preloaded = self.preloaded[:nr_bytes], self.preloaded[nr_bytes:]
            if len(head) == nr_bytes:
                return bytearray(head)
            return bytearray(head) + self.recv(nr_bytes - len(head))
        sock = self.socket
        if sock is None or hasattr(sock, "pending"):  # closed, or TLS: pynetdicom's own way
            return super().recv(nr_bytes)
        deadline = None if self.pdu_seconds is None else time.monotonic() + self.pdu_seconds
        buf = bytearray(min(nr_bytes, _FIRST_READ))
        nr_read = 0
        while nr_read < nr_bytes:
            if nr_read == len(buf):  # full: grow by what has arrived, at most to nr_bytes
                buf.extend(bytes(min(len(buf), nr_bytes - len(buf))))
            with memoryview(buf) as view:
                got = sock.recv_into(view[nr_read:])
            if not got:  # connection broken: what was read so far, as pynetdicom does
                del buf[nr_read:]
                return buf
            nr_read += got
            if deadline is not None and nr_read < nr_bytes and time.monotonic() > deadline:
                raise TimeoutError(f"PDU not complete within {self.pdu_seconds} s")
        return buf


class _PromptRequestHandler(RequestHandler):
    server: _NoDelayServer

    def handle(self) -> None:
        """Start pynetdicom's association on a connection the door has admitted."""
        admission = self.server.admitting
        if admission is None:
            raise RuntimeError("connections reach pynetdicom only through the door")
        try:
            limits = self.server.limits
            self.request.settimeout(limits.idle_seconds)  # no read or write blocks forever
            assoc = self._create_association()
            assoc.dul.socket.preload(admission.first_pdu, limits.idle_seconds)
            assoc.release_slot = admission.release
            evt.trigger(assoc, evt.EVT_CONN_OPEN, {"address": self.client_address})
            assoc.start()
        except BaseException:
            admission.release()
            raise

    def _create_association(self) -> Association:
        assoc = super()._create_association()
        # Same object and state, our reactor loop; nothing has started it yet.
        assoc.__class__ = _PromptAssociation
        assoc.dul.socket.__class__ = _BulkRecvSocket  # same object, faster recv
        assoc.dul.__class__ = GuardedDUL  # PDU lengths checked before reading
        assoc.dul.wake_reactor_on_user_events(assoc.dimse.msg_queue)
        assoc.dul.max_pdata = self.ae.maximum_pdu_size
        assoc.dimse.__class__ = SpoolingDIMSE  # a full disk is a status, not an abort
        assoc.dul.daemon = True  # an open association must not keep the process from exiting
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
        unwritten = spool_error(event.assoc.dimse, event.dataset_path)
        if unwritten is not None:
            raise OutOfSpace(f"cannot receive the data set: {unwritten.strerror or unwritten}")
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


def handle_rejected(event: evt.Event) -> None:
    """EVT_REJECTED: one log line naming who was turned away."""
    log.warning("association from %s rejected (calling AE not configured or called AE not %s)",
                _peer(event), event.assoc.acceptor.ae_title)


def make_ae(settings: Settings) -> AE:
    """The acceptor AE: all storage SOP classes × all transfer syntaxes, plus verification."""
    ae = AE(ae_title=settings.ae_title)
    limits = settings.dicom_limits or DicomLimits()
    ae.maximum_pdu_size = limits.max_pdu_bytes
    # The door (teleconsult.ingress.door) bounds associations per clinic and in total;
    # pynetdicom's own count includes threads still winding down, so it only backs it up.
    ae.maximum_associations = 2 * (limits.max_associations + limits.max_pending)
    ae.acse_timeout = limits.artim_seconds  # e.g. waiting for the peer's A-RELEASE-RP
    ae.network_timeout = limits.idle_seconds  # an association with no PDU is aborted
    syntaxes = list(AllTransferSyntaxes)
    register_retired_storage()
    storage = [cx.abstract_syntax for cx in AllStoragePresentationContexts]
    for uid in [*storage, *RETIRED_STORAGE]:
        # either role: a C-GET caller proposes to be the storage SCP on its association
        ae.add_supported_context(uid, syntaxes, scu_role=True, scp_role=True)
    for cx in VerificationPresentationContexts:
        ae.add_supported_context(cx.abstract_syntax, syntaxes)
    for uid in STUDY_ROOT_QR:
        ae.add_supported_context(uid, syntaxes)
    ae.require_calling_aet = sorted({ae_title for clinic in settings.clinics.values()
                                     for ae_title in clinic.ae_titles} | qr_only_aes(settings))
    ae.require_called_aet = True
    return ae


def guard(server: _NoDelayServer, settings: Settings,
          slot: tuple[int, int] | None = None) -> None:
    """Give a server its limits and its door (every listening port needs one); on a shared
    socket with this process's ``slot`` among its peers, the load board they share."""
    server.limits = settings.dicom_limits or DicomLimits()
    if server.listen_fd is not None and slot is not None:
        port = server.server_address[1]
        server.board = listeners.LoadBoard(run_dir(settings.data_dir) / f"dicom-load-{port}",
                                           *slot, clinic_ids=settings.clinics)
    server.door = Door(settings, server.limits, server.admit, server.board)


def start_scp(settings: Settings, ingest: Ingest, host: str = "0.0.0.0",
              port: int | None = None, *, ssl_context: ssl.SSLContext | None = None,
              server_class: type[ThreadedAssociationServer] = _NoDelayServer,
              request_handler: type[RequestHandler] = _PromptRequestHandler,
              listen_fd: int | None = None,
              slot: tuple[int, int] | None = None) -> ThreadedAssociationServer:
    """Start the ingress SCP in background threads; call ``.shutdown()`` on the result to stop.

    ``ssl_context``, ``server_class`` and ``request_handler``: the TLS listener's hook
    (``teleconsult.ingress.tls``); subclasses of this module's server and handler.
    ``listen_fd``: accept from this inherited listening socket instead of binding one;
    ``slot``: this process's place among the ones sharing it (``listeners.slot``).
    """
    if listen_fd is not None:
        server_class = type(server_class.__name__, (server_class,), {"listen_fd": listen_fd})
    # Receive each C-STORE dataset straight into a file instead of memory (invariant 5).
    _config.STORE_RECV_CHUNKED_DATASET = True
    # pynetdicom's standard handlers format a debug line for every PDU and DIMSE message
    # (its logger is at WARNING, so nobody reads them) and, bound to EVT_DIMSE_SENT, would
    # keep C-STORE-RSPs off their fast path (SpoolingDIMSE.send_msg).
    _config.LOG_HANDLER_LEVEL = "none"
    # That file is made in tempfile's directory (teleconsult.ingress.spool); putting tempfile's
    # directory on the data dir's filesystem lets ingest hard-link it into storage
    # instead of copying every byte a second time.
    tempfile.tempdir = str(ingest.storage.tmp)
    ae = make_ae(settings)
    handlers = [
        (evt.EVT_C_STORE, handle_store, [settings, ingest]),
        (evt.EVT_C_ECHO, handle_echo),
        (evt.EVT_REJECTED, handle_rejected),
        (evt.EVT_C_FIND, qr.handle_find, [settings, ingest.storage, ingest.redis]),
        (evt.EVT_C_MOVE, qr.handle_move, [settings, ingest.storage, ingest.redis]),
        (evt.EVT_C_GET, qr.handle_get, [settings, ingest.storage, ingest.redis]),
    ]
    server = ae.make_server((host, settings.dicom_port if port is None else port),
                            evt_handlers=handlers, server_class=server_class,
                            request_handler=request_handler, ssl_context=ssl_context)
    server.contexts = _CheaplyCopiedContexts(server.contexts)
    guard(server, settings, slot)
    ae._servers.append(server)  # as AE.start_server does: server.shutdown() expects it there
    thread = threading.Thread(target=server.serve_forever, name="dicom-ingress", daemon=True)
    thread.start()
    log.info("DICOM ingress %s listening on %s:%d%s", settings.ae_title,
             *server.server_address[:2], " (TLS)" if ssl_context else "")
    return server

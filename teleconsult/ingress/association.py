"""pynetdicom's server, association, socket and request handler, adapted for the ingress.

pynetdicom owns the DICOM upper layer; these subclasses change only what the ingress needs:
every connection passes the door (``teleconsult.ingress.door``: ARTIM, pending and
association limits) before pynetdicom sees it, a PDU is read in as few ``recv`` calls as the
kernel allows and its length checked first (``teleconsult.ingress.transport``), a C-STORE is
served on the thread that received it, and the ingress processes sharing one listening
socket balance their load (``teleconsult.ingress.listeners``).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import logging
import os
import queue
import socket
import time

from pynetdicom import evt
from pynetdicom.association import Association
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.service_class import StorageServiceClass
from pynetdicom.sop_class import uid_to_service_class
from pynetdicom.transport import AssociationSocket, RequestHandler, ThreadedAssociationServer

from teleconsult.ingress import listeners
from teleconsult.ingress.dimse import SpoolingDIMSE, discard_spool
from teleconsult.ingress.door import Admission, Door
from teleconsult.ingress.transport import GuardedDUL
from teleconsult.settings.dicom_limits import DicomLimits
from teleconsult.settings.model import Settings
from teleconsult.store.run_files import load_board_path

log = logging.getLogger(__name__)

# How long the association thread blocks on its message queue before it looks at the
# network idle timer again; a DIMSE message, a release or an abort wakes it at once
# (see PromptAssociation and GuardedDUL.wake_reactor_on_user_events).
IDLE_WAIT = 0.1
_GC_SECONDS = 30.0
# First buffer of a PDU read; it grows with the bytes that arrive, up to the checked length.
_FIRST_READ = 64 * 1024


class NoDelayServer(ThreadedAssociationServer):
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
            raise RuntimeError("call guard(server, settings) before serving")
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


class PromptAssociation(Association):
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


class CheaplyCopiedContexts(list):
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


class BulkRecvSocket(AssociationSocket):
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


class PromptRequestHandler(RequestHandler):
    server: NoDelayServer

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
        assoc.__class__ = PromptAssociation
        assoc.dul.socket.__class__ = BulkRecvSocket  # same object, faster recv
        assoc.dul.__class__ = GuardedDUL  # PDU lengths checked before reading
        assoc.dul.wake_reactor_on_user_events(assoc.dimse.msg_queue)
        assoc.dul.max_pdata = self.ae.maximum_pdu_size
        assoc.dimse.__class__ = SpoolingDIMSE  # a full disk is a status, not an abort
        assoc.dul.daemon = True  # an open association must not keep the process from exiting
        return assoc


def guard(server: NoDelayServer, settings: Settings,
          slot: tuple[int, int] | None = None) -> None:
    """Give a server its limits and its door (every listening port needs one); on a shared
    socket with this process's ``slot`` among its peers, the load board they share."""
    server.limits = settings.dicom_limits or DicomLimits()
    if server.listen_fd is not None and slot is not None:
        port = server.server_address[1]
        board = load_board_path(settings.data_dir, settings.node_id, port)
        server.board = listeners.LoadBoard(board, *slot, clinic_ids=settings.clinics)
    server.door = Door(settings, server.limits, server.admit, server.board)

"""One selector thread that reads every new DICOM connection up to its A-ASSOCIATE-RQ.

A connection costs no thread until it has sent a complete, bounded A-ASSOCIATE-RQ within
ARTIM (``teleconsult.ingress.gate`` holds the rules): then its clinic takes a slot and the
server starts pynetdicom's association threads on it, the request bytes preloaded. Junk,
silence, a too-long or unknown PDU are answered here (A-ABORT or close) with a log line
naming the peer and the reason.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dicom.pdu_limits import (
    HEADER,
    PduRefused,
    ae_titles,
    check_first,
    encode_abort,
    encode_reject,
    parse_header,
)
from teleconsult.ingress.gate import PendingTable, SlotTable
from teleconsult.ingress.listeners import LoadBoard
from teleconsult.ingress.qr_access import caller_for_ae
from teleconsult.settings.dicom_limits import DicomLimits
from teleconsult.settings.model import Settings

log = logging.getLogger(__name__)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Admission:
    """A connection let through: its A-ASSOCIATE-RQ, and what to call when it ends."""

    first_pdu: bytes
    clinic_id: str | None  # whose association slot it holds (``slot_owner``)
    release: Callable[[], None]


@dataclass
class _Pending:
    key: int
    sock: socket.socket
    address: tuple
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    need: int = HEADER  # bytes the A-ASSOCIATE-RQ has in all, once its header is known

    @property
    def peer(self) -> str:
        return f"{self.address[0]}:{self.address[1]}"


def slot_owner(settings: Settings, calling_ae: str) -> str | None:
    """Whose association slots a calling AE title takes: its clinic (pushing AEs and viewing
    stations alike), ``doctor:<id>`` for a doctor's workstation (the per-clinic default
    limit, counted in this process and in the total); None: nobody's."""
    caller = caller_for_ae(settings, calling_ae)
    if caller is None:
        return None
    return caller.id if caller.kind == "clinic" else f"doctor:{caller.id}"


def _close(sock: socket.socket, goodbye: bytes = b"") -> None:
    with contextlib.suppress(OSError):
        sock.setblocking(False)
        sock.recv(_CHUNK)  # unread bytes would turn the close into a reset that eats goodbye
    with contextlib.suppress(OSError):
        if goodbye:
            sock.send(goodbye)  # 10 bytes into an empty send buffer: never blocks
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class Door:
    """Screens the new connections of one DICOM server; ``admitted`` gets the good ones."""

    def __init__(self, settings: Settings, limits: DicomLimits,
                 admitted: Callable[[socket.socket, tuple, Admission], None],
                 board: LoadBoard | None = None) -> None:
        """``board``: shared with the other ingress processes on the port; told this one's
        load and associations after anything that may change them, asked for theirs."""
        self.settings, self.limits, self.admitted = settings, limits, admitted
        self._board = board
        self._pending = PendingTable(limits.max_pending, limits.max_pending_per_address)
        self._slots = SlotTable(limits, board.elsewhere if board is not None else None)
        self._slots_lock = threading.Lock()  # associations give slots back from their threads
        self._conns: dict[int, _Pending] = {}
        self._arrivals: queue.SimpleQueue[tuple[socket.socket, tuple]] = queue.SimpleQueue()
        self._keys = itertools.count()
        self._sel = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._sel.register(self._wake_r, selectors.EVENT_READ)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="dicom-door", daemon=True)
        self._thread.start()

    def offer(self, sock: socket.socket, address: tuple) -> None:
        """A connection just accepted (called by the server's accept loop)."""
        self._arrivals.put((sock, address))
        self._load_changed()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    def stop(self) -> None:
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")
        self._thread.join(5)

    def load(self) -> int:
        """Connections this process carries: accepted but not yet seen by the door's thread,
        screening at the door, and associations. (Without the first, a burst of connections
        was all accepted here before the door's thread had counted the first of them.)"""
        pending, per_clinic = self.counts()
        return self._arrivals.qsize() + pending + sum(per_clinic.values())

    def _load_changed(self) -> None:
        if self._board is not None:
            self._board.publish(self.load())

    def _associations_changed(self) -> None:
        """Under ``_slots_lock``: what the board shows is never older than what it replaced."""
        if self._board is not None:
            self._board.publish_associations(self._slots.by_clinic)

    def counts(self) -> tuple[int, dict[str, int]]:
        """``(pending connections, associations per clinic)``, for tests and metrics."""
        with self._slots_lock:
            return len(self._pending), dict(self._slots.by_clinic)

    def _run(self) -> None:
        while not self._stopping:
            nearest = min((c.deadline for c in self._conns.values()), default=None)
            timeout = 1.0 if nearest is None else max(0.0, min(1.0, nearest - time.monotonic()))
            for key, _ in self._sel.select(timeout):
                if key.fileobj is self._wake_r:
                    self._take_arrivals()
                elif key.data in self._conns:
                    conn = self._conns[key.data]
                    try:
                        self._read(conn)
                    except Exception:  # noqa: BLE001 - one connection must not close the door
                        log.exception("DICOM connection from %s failed at the door", conn.peer)
                        self._drop(conn)
            self._expire()
            self._load_changed()  # connections screened, admitted, dropped or expired
        for conn in list(self._conns.values()):
            self._drop(conn)
        self._sel.close()
        self._wake_r.close()
        self._wake_w.close()

    def _take_arrivals(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_r.recv(4096):
                pass
        while True:
            try:
                sock, address = self._arrivals.get_nowait()
            except queue.Empty:
                return
            conn = _Pending(next(self._keys), sock, address,
                            time.monotonic() + self.limits.artim_seconds)
            for victim in self._pending.add(conn.key, str(address[0])):
                old = self._conns.get(victim)
                if old is not None:
                    log.warning("DICOM connection from %s closed to make room for newer "
                                "connections (dicom_limits.max_pending*)", old.peer)
                    self._drop(old, forget=False)
            self._conns[conn.key] = conn
            try:
                sock.setblocking(False)
                self._sel.register(sock, selectors.EVENT_READ, conn.key)
            except (OSError, ValueError):  # gone already
                self._drop(conn)

    def _expire(self) -> None:
        now = time.monotonic()
        for conn in [c for c in self._conns.values() if c.deadline <= now]:
            log.warning("DICOM connection from %s closed: no complete A-ASSOCIATE-RQ within "
                        "%.1f s (dicom_limits.artim_seconds)", conn.peer,
                        self.limits.artim_seconds)
            self._drop(conn)

    def _drop(self, conn: _Pending, goodbye: bytes = b"", forget: bool = True) -> None:
        self._conns.pop(conn.key, None)
        if forget:
            self._pending.remove(conn.key)
        with contextlib.suppress(KeyError, ValueError):
            self._sel.unregister(conn.sock)
        _close(conn.sock, goodbye)

    def _read(self, conn: _Pending) -> None:
        try:
            while len(conn.data) < conn.need:  # TLS may hold bytes select cannot see
                chunk = conn.sock.recv(min(conn.need - len(conn.data), _CHUNK))
                if not chunk:
                    log.warning("DICOM connection from %s ended before associating", conn.peer)
                    self._drop(conn)
                    return
                conn.data += chunk
                if conn.need == HEADER and len(conn.data) == HEADER:
                    pdu_type, length = parse_header(bytes(conn.data))
                    check_first(pdu_type, length)
                    conn.need = HEADER + length
        except (BlockingIOError, ssl.SSLWantReadError):
            return
        except PduRefused as exc:
            log.warning("DICOM connection from %s aborted: %s", conn.peer, exc.reason)
            self._drop(conn, encode_abort(exc.abort_reason))
            return
        except OSError as exc:
            log.warning("DICOM connection from %s ended before associating: %s", conn.peer, exc)
            self._drop(conn)
            return
        self._conns.pop(conn.key, None)
        self._pending.remove(conn.key)
        self._sel.unregister(conn.sock)
        conn.sock.setblocking(True)
        self._admit(conn)

    def _admit(self, conn: _Pending) -> None:
        pdu = bytes(conn.data)
        calling, _ = ae_titles(pdu)
        owner = slot_owner(self.settings, calling)
        if owner is None:  # pynetdicom rejects it (and logs) without holding a slot
            self._hand_over(conn, Admission(pdu, None, lambda: None))
            return
        with self._slots_lock:
            refusal = self._slots.take(owner)
            if not refusal:
                self._associations_changed()
        if refusal:
            log.warning("association from %s@%s rejected: %s", calling, conn.peer, refusal)
            _close(conn.sock, encode_reject())
            return
        done = threading.Event()

        def release() -> None:
            if not done.is_set():
                done.set()
                with self._slots_lock:
                    self._slots.give_back(owner)
                    self._associations_changed()
                self._load_changed()
        self._hand_over(conn, Admission(pdu, owner, release))

    def _hand_over(self, conn: _Pending, admission: Admission) -> None:
        try:
            self.admitted(conn.sock, conn.address, admission)
        except Exception:  # noqa: BLE001 - one connection's failure must not stop the door
            log.exception("DICOM connection from %s could not be started", conn.peer)
            admission.release()
            _close(conn.sock)

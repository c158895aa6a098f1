"""The door of the DICOM ingress: what a connection must do before it may hold anything.

A new connection is *pending* until its A-ASSOCIATE-RQ has arrived complete (within ARTIM):
it holds one thread and no association slot, pending connections are bounded per peer
address and in total (the oldest is closed to make room, so a flood cannot lock the door
on a real modality), and the first PDU is length-checked before its body is read. Only
then does the calling clinic take one of its association slots; a clinic at its limit, or
a full house, gets A-ASSOCIATE-RJ (transient, local limit exceeded) and can retry.

``PendingTable`` and ``SlotTable`` are the pure decisions; ``ConnectionGate`` adds the
lock, the socket I/O and the log lines.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from dicom.pdu_limits import (
    HEADER,
    PduRefused,
    ae_titles,
    check_first,
    encode_abort,
    encode_reject,
    parse_header,
)
from teleconsult.ingress.limits import DicomLimits
from teleconsult.settings import Settings

log = logging.getLogger(__name__)
_CHUNK = 64 * 1024


class PendingTable:
    """Connections still waiting for their A-ASSOCIATE-RQ, oldest first (no I/O)."""

    def __init__(self, total: int, per_address: int) -> None:
        self.total, self.per_address = total, per_address
        self._entries: OrderedDict[int, str] = OrderedDict()  # key → address

    def add(self, key: int, address: str) -> list[int]:
        """Register ``key``; return the keys to close (oldest of the address, then overall)."""
        evict: list[int] = []
        same = [k for k, a in self._entries.items() if a == address]
        while len(same) >= self.per_address:
            evict.append(same.pop(0))
            del self._entries[evict[-1]]
        while len(self._entries) >= self.total:
            oldest = next(iter(self._entries))
            evict.append(oldest)
            del self._entries[oldest]
        self._entries[key] = address
        return evict

    def remove(self, key: int) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


class SlotTable:
    """Established associations per clinic and in total (no I/O)."""

    def __init__(self, limits: DicomLimits) -> None:
        self.limits = limits
        self.by_clinic: dict[str, int] = {}

    def take(self, clinic_id: str) -> str | None:
        """Take a slot for ``clinic_id``; None if taken, else why not (safe to log)."""
        held = self.by_clinic.get(clinic_id, 0)
        if held >= self.limits.clinic_limit(clinic_id):
            return (f"clinic {clinic_id} already holds {held} associations "
                    "(dicom_limits.max_associations_per_clinic)")
        if sum(self.by_clinic.values()) >= self.limits.max_associations:
            return (f"{self.limits.max_associations} associations already open "
                    "(dicom_limits.max_associations)")
        self.by_clinic[clinic_id] = held + 1
        return None

    def give_back(self, clinic_id: str) -> None:
        held = self.by_clinic.get(clinic_id, 0)
        if held <= 1:
            self.by_clinic.pop(clinic_id, None)
        else:
            self.by_clinic[clinic_id] = held - 1


@dataclass(frozen=True)
class Admission:
    """A connection let through: its A-ASSOCIATE-RQ, and what to call when it ends."""

    first_pdu: bytes
    clinic_id: str | None
    release: Callable[[], None]


class _Evicted(Exception):
    pass


def _recv_exact(sock: socket.socket, n: int, deadline: float) -> bytes:
    """``n`` bytes by ``deadline``; memory grows only with what has arrived."""
    chunks, got = [], 0
    while got < n:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError()
        sock.settimeout(remaining)
        chunk = sock.recv(min(n - got, _CHUNK))
        if not chunk:
            raise ConnectionResetError("peer closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_associate_rq(sock: socket.socket, deadline: float) -> bytes:
    """The first PDU, which must be a bounded A-ASSOCIATE-RQ (``PduRefused`` if not)."""
    header = _recv_exact(sock, HEADER, deadline)
    pdu_type, length = parse_header(header)
    check_first(pdu_type, length)
    return header + _recv_exact(sock, length, deadline)


def _close(sock: socket.socket, goodbye: bytes = b"") -> None:
    with contextlib.suppress(OSError):
        if goodbye:
            sock.settimeout(1.0)  # a peer that does not read must not hold this thread
            sock.sendall(goodbye)
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class ConnectionGate:
    """Screens each new connection of one DICOM server; thread-safe."""

    def __init__(self, settings: Settings, limits: DicomLimits) -> None:
        self.settings, self.limits = settings, limits
        self._lock = threading.Lock()
        self._pending = PendingTable(limits.max_pending, limits.max_pending_per_address)
        self._sockets: dict[int, tuple[socket.socket, list[bool]]] = {}
        self._slots = SlotTable(limits)
        self._keys = itertools.count()

    def screen(self, sock: socket.socket, address: tuple) -> Admission | None:
        """Read the A-ASSOCIATE-RQ and take a slot; None if refused (the socket is closed)."""
        peer = f"{address[0]}:{address[1]}"
        key, evicted = self._enter(sock, str(address[0]))
        try:
            pdu = read_associate_rq(sock, time.monotonic() + self.limits.artim_seconds)
        except PduRefused as exc:
            log.warning("DICOM connection from %s aborted: %s", peer, exc.reason)
            _close(sock, encode_abort(exc.abort_reason))
            return None
        except TimeoutError:
            log.warning("DICOM connection from %s closed: no complete A-ASSOCIATE-RQ within "
                        "%.1f s (dicom_limits.artim_seconds)", peer, self.limits.artim_seconds)
            _close(sock)
            return None
        except OSError as exc:
            why = ("closed to make room for newer connections (dicom_limits.max_pending*)"
                   if evicted[0] else f"ended before associating ({exc})")
            log.warning("DICOM connection from %s %s", peer, why)
            _close(sock)
            return None
        finally:
            self._leave(key)
        return self._admit(sock, pdu, peer)

    def _admit(self, sock: socket.socket, pdu: bytes, peer: str) -> Admission | None:
        calling, _ = ae_titles(pdu)
        clinic = self.settings.clinic_for_ae(calling)
        if clinic is None:  # pynetdicom rejects it (and logs) without holding a slot
            return Admission(pdu, None, lambda: None)
        with self._lock:
            refusal = self._slots.take(clinic.id)
        if refusal:
            log.warning("association from %s@%s rejected: %s", calling, peer, refusal)
            _close(sock, encode_reject())
            return None
        done = threading.Event()

        def release() -> None:
            if not done.is_set():
                done.set()
                with self._lock:
                    self._slots.give_back(clinic.id)
        return Admission(pdu, clinic.id, release)

    def _enter(self, sock: socket.socket, address: str) -> tuple[int, list[bool]]:
        key, evicted = next(self._keys), [False]
        with self._lock:
            victims = self._pending.add(key, address)
            self._sockets[key] = (sock, evicted)
            closing = [self._sockets.pop(v) for v in victims if v in self._sockets]
        for victim, flag in closing:
            flag[0] = True
            with contextlib.suppress(OSError):  # wakes its thread out of recv
                victim.shutdown(socket.SHUT_RDWR)
        return key, evicted

    def _leave(self, key: int) -> None:
        with self._lock:
            self._pending.remove(key)
            self._sockets.pop(key, None)

    def counts(self) -> tuple[int, dict[str, int]]:
        """``(pending connections, associations per clinic)``, for tests and metrics."""
        with self._lock:
            return len(self._pending), dict(self._slots.by_clinic)

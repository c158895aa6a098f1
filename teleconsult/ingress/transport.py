"""pynetdicom's upper layer with our bounds (the SCP swaps it onto each association).

``GuardedDUL`` checks every PDU's claimed length against its type's bound before reading the
body; a PDU too long or of an unknown type gets an A-ABORT, the connection is closed and one
log line names the peer and the reason. Buffers grow only with the bytes that arrived. The
DIMSE side (a full disk answered, not aborted) is ``teleconsult.ingress.dimse``.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import select
import socket
import threading
import time
from collections.abc import Callable

from pynetdicom import evt
from pynetdicom.dul import DULServiceProvider
from pynetdicom.pdu_primitives import P_DATA

from dicom.pdu_limits import (
    ABORT_REASON_NOT_SPECIFIED,
    HEADER,
    P_DATA_TF,
    PduRefused,
    check_length,
    encode_abort,
    parse_header,
    pdv_items,
)
from teleconsult.settings.dicom_limits import DEFAULT_MAX_PDU

log = logging.getLogger(__name__)


def peer(dul: DULServiceProvider) -> str:
    req = dul.assoc.requestor
    return f"{req.ae_title or '?'}@{req.address}:{req.port}"


class _NudgingQueue(queue.Queue):
    """The DUL's to-user queue (A-RELEASE, A-ABORT for the association thread): each put
    also wakes the association thread from its wait on DIMSE messages."""

    def __init__(self, nudge: Callable[[], None]) -> None:
        super().__init__()
        self._nudge = nudge

    def put(self, item, block: bool = True, timeout: float | None = None) -> None:  # type: ignore[no-untyped-def]
        super().put(item, block, timeout)
        self._nudge()


class GuardedDUL(DULServiceProvider):
    """The DUL reactor reading PDUs only up to the bound of their type, and sleeping until
    there is something to do.

    pynetdicom's reactor polls: it sleeps ``_run_loop_delay`` whenever a loop finds nothing,
    so it either answers late (1 ms per C-STORE-RSP at the default) or, polled fast, costs a
    quarter of a core per open association doing nothing. This one waits in ``select`` on
    the peer's socket and on a wake-up socket that ``send_pdu`` and ``kill_dul`` write to,
    for at most ``WAIT_LIMIT`` so the ARTIM and idle timers are still checked.
    """

    max_pdata: int = DEFAULT_MAX_PDU  # set per association by the SCP
    WAIT_LIMIT = 0.02
    _wake: tuple[socket.socket, socket.socket] | None = None

    def wake_reactor_on_user_events(self, messages: queue.Queue) -> None:
        """Let the association thread block on its DIMSE ``messages`` for long: whatever the
        DUL hands it (release, abort) or its own end also puts a ``(None, None)`` there."""
        self._reactor_messages = messages
        self.to_user_queue = _NudgingQueue(self._wake_association)

    _reactor_messages: queue.Queue | None = None

    def _wake_association(self) -> None:
        if self._reactor_messages is not None:
            self._reactor_messages.put((None, None))

    def run(self) -> None:
        # The thread's target was bound to pynetdicom's reactor when the object was made,
        # before the SCP gave it this class.
        try:
            self.run_reactor()
        finally:
            self._wake_association()

    def run_reactor(self) -> None:
        """pynetdicom's loop, same steps and order; only the idle sleep is a wait."""
        self._wake = socket.socketpair()
        for end in self._wake:
            end.setblocking(False)
        self._idle_timer.start()
        while True:
            if not self.assoc._dul_ready.is_set():
                self.assoc._dul_ready.set()
            if self._kill_thread:
                break
            if self.artim_timer.expired:
                self.event_queue.put("Evt18")
            try:
                if self._process_recv_primitive():
                    pass
                elif self._is_transport_event():
                    self._idle_timer.restart()
            except Exception as exc:  # noqa: BLE001 - as pynetdicom: any failure aborts
                log.error("association from %s failed in the upper layer: %s", peer(self), exc)
                self.abort_now()
                return
            try:
                event = self.event_queue.get(block=False)
            except queue.Empty:
                self._wait_for_work()
                continue
            self.state_machine.do_action(event)

    def abort_now(self) -> None:
        """pynetdicom's way out of a broken loop: an A-ABORT past the state machine."""
        with contextlib.suppress(OSError, AttributeError):
            self.socket.send(encode_abort(ABORT_REASON_NOT_SPECIFIED))
        self.assoc.is_aborted, self.assoc.is_established = True, False
        self.assoc._kill = True
        self._kill_thread = True

    def _wait_for_work(self) -> None:
        sock = self.socket
        raw = getattr(sock, "socket", None)
        wake = self._wake
        if raw is None or wake is None or getattr(sock, "preloaded", b""):
            time.sleep(self._run_loop_delay)  # closed (or bytes already in hand): as before
            return
        pending = getattr(raw, "pending", None)  # TLS: decrypted bytes select cannot see
        if pending is not None and pending():
            return
        try:
            readable, _, _ = select.select([raw, wake[0]], [], [], self.WAIT_LIMIT)
        except (OSError, ValueError):  # the socket was closed under us: the loop sees it
            return
        if wake[0] in readable:
            with contextlib.suppress(OSError):
                while wake[0].recv(4096):
                    pass

    def _nudge(self) -> None:
        wake = self._wake
        # the reactor's own thread (a C-STORE served on it) goes round its loop anyway
        if wake is not None and threading.get_ident() != self.ident:
            with contextlib.suppress(OSError):  # full (already nudged) or closed: fine
                wake[1].send(b"\x01")

    def send_pdu(self, primitive) -> None:  # type: ignore[no-untyped-def]
        super().send_pdu(primitive)
        self._nudge()

    def kill_dul(self) -> None:
        super().kill_dul()
        self._nudge()

    def stop_dul(self) -> bool:
        """pynetdicom's, with the reactor woken instead of waited out of its ``select``."""
        if self.state_machine.current_state != "Sta1":
            return False
        self._kill_thread = True
        self._nudge()
        if self.is_alive() and threading.current_thread() is not self:
            self.join()
        return True

    def close_wake(self) -> None:
        """Close the wake-up pair once no thread of the association can send any more."""
        wake, self._wake = self._wake, None
        for end in wake or ():
            end.close()

    def _read_pdu_data(self) -> None:
        """pynetdicom's reader (same events), with the length checked before the body."""
        sock = self.socket
        try:
            header = sock.recv(HEADER)
            if len(header) < HEADER:
                raise ConnectionResetError("connection closed")
            pdu_type, length = parse_header(header)
            check_length(pdu_type, length, self.max_pdata)
            body = sock.recv(length)
        except PduRefused as exc:
            log.warning("association from %s aborted: %s", peer(self), exc.reason)
            with contextlib.suppress(OSError):
                sock.send(encode_abort(exc.abort_reason))
            sock.close()  # Evt17: transport closed, the association ends
            return
        except OSError as exc:  # closed by the peer, or no byte within the idle limit
            if not isinstance(exc, ConnectionResetError):
                log.warning("association from %s closed: %s", peer(self),
                            "no data within the idle limit" if isinstance(exc, TimeoutError)
                            else exc)
            self.event_queue.put("Evt17")
            return
        if len(body) != length:
            self.event_queue.put("Evt17")
            return
        try:
            if pdu_type == P_DATA_TF and not (self.assoc.get_handlers(evt.EVT_DATA_RECV)
                                              or self.assoc.get_handlers(evt.EVT_PDU_RECV)):
                pdu, event = _ViewedPData(pdv_items(memoryview(body))), "Evt10"
            else:
                pdu, event = self._decode_pdu(header + body)
        except Exception as exc:  # noqa: BLE001 - any undecodable PDU is Evt19, as pynetdicom
            log.warning("association from %s sent an undecodable PDU: %s", peer(self), exc)
            self.event_queue.put("Evt19")
            return
        self.event_queue.put(event)
        self._recv_pdu.put(pdu)


class _ViewedPData:
    """A received P-DATA-TF whose fragments are views into the bytes read off the socket.

    pynetdicom's decoder copies each fragment four times on its way to the spool file (a
    15 MiB DX is ~120 PDUs); no handler here looks at the PDU itself, so the state machine
    gets only what it asks of it, the P-DATA primitive, with the views in place of bytes.
    """

    def __init__(self, items: list[tuple[int, memoryview]]) -> None:
        self.items = items

    def to_primitive(self) -> P_DATA:
        primitive = P_DATA()
        # pynetdicom's own to_primitive fills the list in place too: its setter wants bytes
        primitive.presentation_data_value_list = []
        primitive.presentation_data_value_list.extend(self.items)
        return primitive



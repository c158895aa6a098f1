"""pynetdicom's upper layer with our bounds: PDU lengths checked, a full disk answered.

The SCP swaps these classes onto each association it creates (same objects, our methods):
- ``GuardedDUL`` checks every PDU's claimed length against its type's bound before reading
  the body; a PDU too long or of an unknown type gets an A-ABORT, the connection is closed
  and one log line names the peer and the reason.
- ``SpoolingDIMSE`` keeps receiving a C-STORE whose temp file could not be written (disk
  full) instead of letting the error abort the association: the rest of the data set is
  dropped, the partial file removed, and the C-STORE handler answers 0xA700. It also writes
  the spool file's File Meta Information and the C-STORE-RSP from fixed layouts
  (``dicom.store_bytes``) instead of through pydicom datasets: together they were a fifth of
  the CPU the ingress spent per instance; the spool file starts its writeback while the
  data set arrives (``teleconsult.ingress.spool``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from pynetdicom import _config, evt
from pynetdicom.dimse import DIMSEServiceProvider
from pynetdicom.dimse_messages import C_STORE_RQ, DIMSEMessage
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.dsutils import (
    PYNETDICOM_IMPLEMENTATION_UID,
    PYNETDICOM_IMPLEMENTATION_VERSION,
    decode,
)
from pynetdicom.dul import DULServiceProvider
from pynetdicom.pdu_primitives import P_DATA

from dicom import store_bytes
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
from teleconsult.ingress.spool import SpoolFile
from teleconsult.settings.dicom_limits import DEFAULT_MAX_PDU

log = logging.getLogger(__name__)


def _peer(dul: DULServiceProvider) -> str:
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
                log.error("association from %s failed in the upper layer: %s", _peer(self), exc)
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
            log.warning("association from %s aborted: %s", _peer(self), exc.reason)
            with contextlib.suppress(OSError):
                sock.send(encode_abort(exc.abort_reason))
            sock.close()  # Evt17: transport closed, the association ends
            return
        except OSError as exc:  # closed by the peer, or no byte within the idle limit
            if not isinstance(exc, ConnectionResetError):
                log.warning("association from %s closed: %s", _peer(self),
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
            log.warning("association from %s sent an undecodable PDU: %s", _peer(self), exc)
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


class _DiscardSpool:
    """Stands in for the C-STORE temp file once writing it failed: swallows the rest."""

    def __init__(self, name: str) -> None:
        self.file, self.name = self, name  # pynetdicom closes and unlinks it by name

    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


class SpoolingDIMSE(DIMSEServiceProvider):
    """DIMSE receive that turns a failed temp-file write into a C-STORE failure status."""

    def receive_primitive(self, primitive: P_DATA) -> None:
        pdvs = primitive.presentation_data_value_list
        if len(pdvs) == 1:
            self._receive_one(primitive)
            return
        for pdv in pdvs:  # one at a time, so a failure knows which fragment it was
            one = P_DATA()
            one.presentation_data_value_list = []  # the setter refuses tuples and views
            one.presentation_data_value_list.append(pdv)
            self._receive_one(one)

    def _receive_one(self, primitive: P_DATA) -> None:
        try:
            if not (self._begin_store(primitive) or self._continue_store(primitive)):
                super().receive_primitive(primitive)
        except OSError as exc:
            msg = self.message
            if msg is None or msg.__class__ is not C_STORE_RQ:
                raise
            log.warning("C-STORE data set from %s cannot be written: %s",
                        _peer(self.dul), exc.strerror or exc)
            self._drop_spool(msg, exc)
            # A data fragment: replay it into the stand-in, so that the last one still
            # completes the message and the handler answers it.
            if not (primitive.presentation_data_value_list[0][1][0] & 1
                    or self._continue_store(primitive)):
                super().receive_primitive(primitive)

    def _begin_store(self, primitive: P_DATA) -> bool:
        """The last command fragment of a C-STORE-RQ with a data set: start its message and
        spool file here (what pynetdicom's ``decode_msg`` does, with the File Meta written
        from its fixed layout). False for anything else, which pynetdicom decodes as usual.

        A command set in the plain layout (``store_bytes.store_rq``) is read without pydicom
        and its data fragments are then taken by ``_continue_store``; with a listener for
        received messages (EVT_DIMSE_RECV), which wants the decoded command, pynetdicom
        decodes it and completes the message as before.
        """
        context_id, data = primitive.presentation_data_value_list[0]
        if data[0] & 3 != 3 or not _config.STORE_RECV_CHUNKED_DATASET:
            return False
        msg = self.message or DIMSEMessage()
        raw = msg.encoded_command_set.getvalue() + data[1:]
        rq = None if self.assoc.get_handlers(evt.EVT_DIMSE_RECV) else store_bytes.store_rq(raw)
        command = None
        try:
            if rq is None:
                command = decode(BytesIO(raw), True, True)
                if (command.get("CommandField") != store_bytes.C_STORE_RQ
                        or command.get("CommandDataSetType") == store_bytes.NO_DATA_SET):
                    return False
                sop_class, sop_instance = (str(command.AffectedSOPClassUID),
                                           str(command.AffectedSOPInstanceUID))
            else:
                sop_class, sop_instance = rq.sop_class_uid, rq.sop_instance_uid
            meta = store_bytes.file_meta(
                sop_class, sop_instance,
                str(self.assoc._accepted_cx[context_id].transfer_syntax[0]),
                PYNETDICOM_IMPLEMENTATION_UID, PYNETDICOM_IMPLEMENTATION_VERSION)
        except Exception:  # noqa: BLE001 - a command pynetdicom must judge: it decodes it
            return False
        msg.encoded_command_set, msg.command_set = BytesIO(raw), command
        msg.context_id = context_id
        msg.__class__ = C_STORE_RQ
        msg._plain_rq = rq
        self.message = msg
        msg._data_set_file = SpoolFile()  # pynetdicom's storage service closes it
        msg._data_set_path = Path(msg._data_set_file.name)
        msg._data_set_file.write(store_bytes.PREAMBLE + meta)
        return True

    def _continue_store(self, primitive: P_DATA) -> bool:
        """A data fragment of a C-STORE-RQ whose command ``_begin_store`` read itself: into
        the spool file, and with the last one the request goes to the association, as
        pynetdicom's ``receive_primitive`` would send it. False for anything else."""
        msg = self.message
        rq = getattr(msg, "_plain_rq", None)
        data = primitive.presentation_data_value_list[0][1]
        if rq is None or data[0] & 1:
            return False
        msg._data_set_file.write(data[1:])  # the spool file buffers nothing: no flush
        if not data[0] & 2:
            return True
        req = C_STORE()
        req.MessageID, req.Priority = rq.message_id, rq.priority
        req.AffectedSOPClassUID = rq.sop_class_uid
        req.AffectedSOPInstanceUID = rq.sop_instance_uid
        if rq.move_originator_ae is not None:
            req.MoveOriginatorApplicationEntityTitle = rq.move_originator_ae
        if rq.move_originator_id is not None:
            req.MoveOriginatorMessageID = rq.move_originator_id
        req.DataSet = msg.data_set
        req._context_id = msg.context_id
        req._dataset_path, req._dataset_file = msg._data_set_path, msg._data_set_file
        self.message = None  # the next P-DATA starts a new message
        serve_now = getattr(self.assoc, "serve_store_now", None)
        if serve_now is None or not serve_now(req, msg.context_id):
            self.msg_queue.put((msg.context_id, req))
        return True

    def send_msg(self, primitive, context_id: int) -> None:  # type: ignore[no-untyped-def]
        """A plain C-STORE-RSP goes out from its fixed layout; everything else, and any
        response someone listens to with EVT_DIMSE_SENT, through pynetdicom."""
        if (primitive.__class__ is not C_STORE or primitive.MessageIDBeingRespondedTo is None
                or primitive.ErrorComment is not None or primitive.OffendingElement is not None
                or primitive.AffectedSOPClassUID is None or primitive.Status is None
                or primitive.AffectedSOPInstanceUID is None
                or self.assoc.get_handlers(evt.EVT_DIMSE_SENT)):
            super().send_msg(primitive, context_id)
            return
        pdata = P_DATA()
        pdata.presentation_data_value_list = [[context_id, b"\x03" + store_bytes.store_rsp(
            str(primitive.AffectedSOPClassUID), str(primitive.AffectedSOPInstanceUID),
            primitive.MessageIDBeingRespondedTo, primitive.Status)]]
        self.dul.send_pdu(pdata)

    def _drop_spool(self, msg: C_STORE_RQ, exc: OSError) -> None:
        path = discard_spool(msg)
        if path is None:  # the temp file could not even be created
            path = Path(tempfile.gettempdir()) / f"unwritten-{os.urandom(8).hex()}.dcm"
        msg._data_set_path = path
        msg._data_set_file = _DiscardSpool(str(path))
        if not hasattr(self, "spool_errors"):
            self.spool_errors: dict[str, OSError] = {}
        self.spool_errors[str(path)] = exc


def discard_spool(msg: object | None) -> Path | None:
    """Close and remove a message's partly written temp file; its path, if it had one."""
    f = getattr(msg, "_data_set_file", None)
    path = getattr(msg, "_data_set_path", None)
    if f is None or isinstance(f, _DiscardSpool):
        return path
    with contextlib.suppress(OSError, ValueError):
        f.close()
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)
    return path


def spool_error(dimse: DIMSEServiceProvider, path: str | os.PathLike) -> OSError | None:
    """The write error of the C-STORE whose data set was meant for ``path``, if any."""
    errors = getattr(dimse, "spool_errors", None)
    return errors.pop(str(path), None) if errors else None

"""pynetdicom's DIMSE provider with our receive path (the SCP swaps it onto each association).

``SpoolingDIMSE`` keeps receiving a C-STORE whose temp file could not be written (disk full)
instead of letting the error abort the association: the rest of the data set is dropped,
the partial file removed, and the C-STORE handler answers 0xA700. It also writes the spool
file's File Meta Information and the C-STORE-RSP from fixed layouts (``dicom.store_bytes``)
instead of through pydicom datasets: together they were a fifth of the CPU the ingress spent
per instance; the spool file starts its writeback while the data set arrives
(``teleconsult.ingress.spool``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
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
from pynetdicom.pdu_primitives import P_DATA

from dicom import store_bytes
from teleconsult.ingress.spool import SpoolFile
from teleconsult.ingress.transport import peer

log = logging.getLogger(__name__)


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
                        peer(self.dul), exc.strerror or exc)
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

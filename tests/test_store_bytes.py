"""The fixed-layout File Meta and C-STORE-RSP bytes equal what pydicom/pynetdicom write; the
C-STORE-RQ reader reads what pynetdicom sends and leaves anything else to it."""

from __future__ import annotations

import struct
from io import BytesIO

import pytest
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_file_meta_info
from pynetdicom.dimse_messages import C_STORE_RQ, C_STORE_RSP
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.dsutils import (
    PYNETDICOM_IMPLEMENTATION_UID,
    PYNETDICOM_IMPLEMENTATION_VERSION,
    create_file_meta,
    decode,
)

from dicom import store_bytes

UIDS = ["1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.9.1.1",  # odd and even length
        "1.2.3", "1.2.34", "2.25.329800735698586629295641978511506172918"]
SYNTAXES = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.201"]


@pytest.mark.parametrize("sop_class", UIDS[:2])
@pytest.mark.parametrize("sop_instance", UIDS)
@pytest.mark.parametrize("syntax", SYNTAXES)
def test_file_meta_matches_pydicom(sop_class: str, sop_instance: str, syntax: str) -> None:
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    write_file_meta_info(fp, create_file_meta(sop_class_uid=sop_class,
                                              sop_instance_uid=sop_instance,
                                              transfer_syntax=syntax))
    ours = store_bytes.file_meta(sop_class, sop_instance, syntax, PYNETDICOM_IMPLEMENTATION_UID,
                                 PYNETDICOM_IMPLEMENTATION_VERSION)
    assert ours == fp.getvalue()


def test_file_meta_without_version_name_omits_it() -> None:
    meta = store_bytes.file_meta("1.2.3", "1.2.34", "1.2.840.10008.1.2", "1.2.5", "")
    assert b"SH" not in meta and meta.endswith(b"1.2.5\x00")


def _pynetdicom_rsp(sop_class: str, sop_instance: str, message_id: int, status: int) -> bytes:
    primitive = C_STORE()
    primitive.MessageIDBeingRespondedTo = message_id
    primitive.AffectedSOPClassUID = sop_class
    primitive.AffectedSOPInstanceUID = sop_instance
    primitive.Status = status
    msg = C_STORE_RSP()
    msg.primitive_to_message(primitive)
    (pdata,) = list(msg.encode_msg(1, 0))
    ((_, pdv),) = pdata.presentation_data_value_list
    assert pdv[0] == 0x03  # command, last fragment
    return bytes(pdv[1:])


@pytest.mark.parametrize("status", [0x0000, 0xA700, 0xA900, 0xB000, 0xC000, 0x0124])
@pytest.mark.parametrize("message_id", [1, 2, 255, 256, 65535])
@pytest.mark.parametrize("sop_instance", UIDS)
def test_store_rsp_matches_pynetdicom(status: int, message_id: int, sop_instance: str) -> None:
    sop_class = UIDS[0]
    ours = store_bytes.store_rsp(sop_class, sop_instance, message_id, status)
    assert ours == _pynetdicom_rsp(sop_class, sop_instance, message_id, status)
    decoded = decode(BytesIO(ours), True, True)
    assert (decoded.CommandField, decoded.Status, decoded.MessageIDBeingRespondedTo) == (
        0x8001, status, message_id)
    assert decoded.AffectedSOPInstanceUID == sop_instance


def _pynetdicom_rq(**values: object) -> bytes:
    """The C-STORE-RQ command set pynetdicom sends for ``values`` (a data set follows)."""
    primitive = C_STORE()
    for name, value in values.items():
        setattr(primitive, name, value)
    primitive.DataSet = BytesIO(b"\x08\x00\x16\x00")
    message = C_STORE_RQ()
    message.primitive_to_message(primitive)
    ((_, pdv), *_) = next(message.encode_msg(1, 2**20)).presentation_data_value_list
    assert pdv[0] == 0x03
    return bytes(pdv[1:])


@pytest.mark.parametrize("priority", [0, 1, 2])
@pytest.mark.parametrize("message_id", [1, 256, 65535])
@pytest.mark.parametrize("sop_instance", UIDS)
@pytest.mark.parametrize("move", [None, ("PACS_Q", 7), ("A", 65535)])
def test_store_rq_reads_what_pynetdicom_sends(priority: int, message_id: int,
                                              sop_instance: str, move: tuple | None) -> None:
    values: dict[str, object] = {"MessageID": message_id, "Priority": priority,
                                 "AffectedSOPClassUID": UIDS[1],
                                 "AffectedSOPInstanceUID": sop_instance}
    if move:
        values.update(MoveOriginatorApplicationEntityTitle=move[0],
                      MoveOriginatorMessageID=move[1])
    rq = store_bytes.store_rq(_pynetdicom_rq(**values))
    assert rq == store_bytes.StoreRq(message_id, priority, UIDS[1], sop_instance,
                                     *(move or (None, None)))


def _command(*elements: tuple[int, bytes]) -> bytes:
    body = b"".join(struct.pack("<HHI", 0, e, len(v)) + v for e, v in elements)
    return struct.pack("<HHII", 0, 0, 4, len(body)) + body


US = struct.Struct("<H").pack
STORE = [(0x0002, b"1.2.840.10008.5.1.4.1.1.2\x00"), (0x0100, US(1)), (0x0110, US(3)),
         (0x0700, US(0)), (0x0800, US(0)), (0x1000, b"1.2.3\x00")]


def _with(element: int, value: bytes) -> list[tuple[int, bytes]]:
    return [(e, value if e == element else v) for e, v in STORE]


def test_the_plain_layout_is_read() -> None:
    assert store_bytes.store_rq(_command(*STORE)) == store_bytes.StoreRq(
        3, 0, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", None, None)
    assert store_bytes.store_rq(_command(*STORE, (0x1030, b"PACS "), (0x1031, US(9)))
                                ) == store_bytes.StoreRq(
        3, 0, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", "PACS", 9)


@pytest.mark.parametrize("command", [
    _command(*STORE)[:-3],  # cut inside the last value
    _command(*STORE)[:-10],  # cut inside an element header
    _command(*STORE, (0x0120, US(1))),  # an element a request does not carry
    _command(*STORE, (0x1000, b"1.2.4\x00")),  # a repeated element
    _command(*STORE[1:]),  # no SOP Class UID
    _command(*_with(0x1000, b"1.2.abc\x00")),  # not a UID
    _command(*_with(0x1000, b"1.02.3")),  # a leading zero
    _command(*_with(0x1000, b"1." + b"2" * 80)),  # too long
    _command(*_with(0x0700, US(3))),  # no such priority
    _command(*_with(0x0100, US(0x0030))),  # a C-ECHO-RQ
    _command(*_with(0x0800, US(0x0101))),  # no data set follows
    _command(*_with(0x0110, b"\x01\x00\x00\x00")),  # a US of four bytes
    _command(*STORE, (0x1030, b"BACK\\SLASH")),  # not an AE title
    b"\x02\x00" + _command(*STORE)[2:],  # another group
    b"",
])
def test_store_rq_leaves_anything_else_to_pynetdicom(command: bytes) -> None:
    assert store_bytes.store_rq(command) is None

"""The fixed-layout File Meta and C-STORE-RSP bytes equal what pydicom/pynetdicom write."""

from __future__ import annotations

from io import BytesIO

import pytest
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_file_meta_info
from pynetdicom.dimse_messages import C_STORE_RSP
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

"""DIMSE status codes as named tables (storage and Query/Retrieve).

Pure: no I/O, no pynetdicom. The ingress SCP maps its exceptions to these once, at the edge
(``teleconsult.ingress.scp.status_for``).
"""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """The DIMSE statuses this service sends (PS3.4 Annex B.2.3, PS3.7 Annex C)."""

    SUCCESS = 0x0000
    # Failures the sender should retry later: we could not make the instance durable/recorded.
    OUT_OF_RESOURCES = 0xA700
    PROCESSING_FAILURE = 0x0110
    # Failures a retry will not fix: the data or the sender is wrong.
    DUPLICATE_SOP_INSTANCE = 0x0111
    NOT_AUTHORISED = 0x0124
    SOP_CLASS_NOT_SUPPORTED = 0x0122
    DATASET_DOES_NOT_MATCH_SOP_CLASS = 0xA900
    CANNOT_UNDERSTAND = 0xC000
    CANNOT_UNDERSTAND_UID = 0xC001  # Cxxx is "cannot understand"; 01 = an invalid UID


def is_success(status: int) -> bool:
    """Success or a warning (B000/B006/B007): the instance was stored."""
    return status == Status.SUCCESS or status in (0xB000, 0xB006, 0xB007)


class QrStatus(IntEnum):
    """Query/Retrieve statuses (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4)."""

    SUCCESS = 0x0000
    PENDING = 0xFF00
    CANCELLED = 0xFE00
    SUBOPS_WARNING = 0xB000  # some sub-operations failed
    IDENTIFIER_DOES_NOT_MATCH = 0xA900  # no or an unknown QueryRetrieveLevel
    MOVE_DESTINATION_UNKNOWN = 0xA801
    UNABLE_TO_PROCESS = 0xC000  # a malformed matching key (e.g. a date range)
    NOT_AUTHORISED = 0xC124  # Cxxx "unable to process"; 124 echoes 0x0124 "not authorised"

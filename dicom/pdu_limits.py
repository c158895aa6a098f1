"""Upper-layer PDU framing rules the ingress enforces before it allocates anything (PS3.8 9.3).

Pure: bytes in, decisions out. A PDU starts with a 6-byte header (type, reserved, 32-bit
big-endian length of what follows); a peer can claim any length, so every length is checked
against a bound for its type before a single byte of the body is read.
"""

from __future__ import annotations

import struct

HEADER = 6
ASSOCIATE_RQ = 0x01
ASSOCIATE_AC = 0x02
ASSOCIATE_RJ = 0x03
P_DATA_TF = 0x04
RELEASE_RQ = 0x05
RELEASE_RP = 0x06
ABORT = 0x07
NAMES = {ASSOCIATE_RQ: "A-ASSOCIATE-RQ", ASSOCIATE_AC: "A-ASSOCIATE-AC",
         ASSOCIATE_RJ: "A-ASSOCIATE-RJ", P_DATA_TF: "P-DATA-TF", RELEASE_RQ: "A-RELEASE-RQ",
         RELEASE_RP: "A-RELEASE-RP", ABORT: "A-ABORT"}

# An A-ASSOCIATE-RQ holds at most 128 presentation contexts (odd ids 1..255); even with
# every transfer syntax proposed for each that is ~130 KiB, so 256 KiB is generous.
MAX_ASSOCIATE = 256 * 1024
# A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT have a fixed 4-byte variable field.
MAX_SMALL = 64

# A-ABORT source 2 = service provider; reasons (PS3.8 Table 9-26).
ABORT_REASON_NOT_SPECIFIED = 0
ABORT_UNRECOGNISED_PDU = 1
ABORT_UNEXPECTED_PDU = 2
ABORT_INVALID_PARAMETER = 6
# A-ASSOCIATE-RJ: result 2 = transient, source 3 = service provider (presentation),
# reason 2 = local limit exceeded (PS3.8 Table 9-21).
REJECT_TRANSIENT, REJECT_SOURCE_PRESENTATION, REJECT_LOCAL_LIMIT = 2, 3, 2

_HEADER = struct.Struct(">BxL")


class PduRefused(Exception):
    """A PDU we will not read: ``reason`` is safe to log, ``abort_reason`` goes to the peer."""

    def __init__(self, reason: str, abort_reason: int = ABORT_INVALID_PARAMETER) -> None:
        super().__init__(reason)
        self.reason = reason
        self.abort_reason = abort_reason


def parse_header(header: bytes) -> tuple[int, int]:
    """``(pdu_type, length)`` of a 6-byte PDU header."""
    return _HEADER.unpack(header)


def check_length(pdu_type: int, length: int, max_pdata: int) -> None:
    """Raise ``PduRefused`` unless a PDU of this type may be ``length`` bytes long.

    ``max_pdata`` is the largest P-DATA-TF variable field we told the peer we accept; one
    PDV item header (6 bytes) of slack forgives senders that size the fragment, not the PDU.
    """
    if pdu_type not in NAMES:
        raise PduRefused(f"unknown PDU type 0x{pdu_type:02X}", ABORT_UNRECOGNISED_PDU)
    if pdu_type == P_DATA_TF:
        bound = max_pdata + HEADER
    elif pdu_type in (ASSOCIATE_RQ, ASSOCIATE_AC):
        bound = MAX_ASSOCIATE
    else:
        bound = MAX_SMALL
    if length > bound:
        raise PduRefused(f"{NAMES[pdu_type]} claims {length} bytes, more than {bound}")


_PDV_HEAD = struct.Struct(">LB")  # item length (context id + value), presentation context id


def pdv_items(body: memoryview) -> list[tuple[int, memoryview]]:
    """The ``(context id, message control header + fragment)`` items of a P-DATA-TF body
    (PS3.8 9.3.5.1), as views into ``body``: no byte is copied. ValueError when an item
    runs past the body or has no control header."""
    items, offset, end = [], 0, len(body)
    while offset < end:
        if end - offset < 6:
            raise ValueError(f"truncated PDV item header at byte {offset}")
        length, context_id = _PDV_HEAD.unpack_from(body, offset)
        if length < 2 or offset + 4 + length > end:
            raise ValueError(f"PDV item of length {length} at byte {offset} does not fit")
        items.append((context_id, body[offset + 5:offset + 4 + length]))
        offset += 4 + length
    return items


def check_first(pdu_type: int, length: int) -> None:
    """The first PDU on a new connection must be a bounded A-ASSOCIATE-RQ."""
    if pdu_type in NAMES and pdu_type != ASSOCIATE_RQ:
        raise PduRefused(f"{NAMES[pdu_type]} before an A-ASSOCIATE-RQ", ABORT_UNEXPECTED_PDU)
    check_length(pdu_type, length, 0)
    if length < 68:  # protocol version .. calling AE .. reserved: the fixed part
        raise PduRefused(f"A-ASSOCIATE-RQ of {length} bytes is too short")


def ae_titles(associate_rq: bytes) -> tuple[str, str]:
    """``(calling, called)`` AE titles of a whole A-ASSOCIATE-RQ PDU, header included."""
    called = associate_rq[10:26].decode("ascii", "replace").strip(" \x00")
    calling = associate_rq[26:42].decode("ascii", "replace").strip(" \x00")
    return calling, called


def encode_abort(reason: int) -> bytes:
    """An A-ABORT PDU from the service provider (source 2) with ``reason``."""
    return bytes([ABORT, 0, 0, 0, 0, 4, 0, 0, 2, reason])


def encode_reject(result: int = REJECT_TRANSIENT, source: int = REJECT_SOURCE_PRESENTATION,
                  reason: int = REJECT_LOCAL_LIMIT) -> bytes:
    """An A-ASSOCIATE-RJ PDU (by default: transient, local limit exceeded)."""
    return bytes([ASSOCIATE_RJ, 0, 0, 0, 0, 4, 0, result, source, reason])

"""The small byte strings every C-STORE costs the ingress: its C-STORE-RQ command set, its
spool file's File Meta Information and its C-STORE-RSP command set.

Pure: bytes in, values out, and values in, bytes out. pynetdicom handles all three through
pydicom datasets (element objects, UID validation, a generic reader and writer) at ~1.2 ms
of CPU per instance, a fifth of all the ingress spends on a 512 KiB CT slice; these fixed
layouts cost a few microseconds. The bytes are the ones pydicom writes for the same values
(tests compare them), so a file stored through this path and one stored by pydicom read
the same; a command set ``store_rq`` does not follow exactly is left to pynetdicom.
"""

from __future__ import annotations

import re
import struct
from typing import NamedTuple

_EXPLICIT_SHORT = struct.Struct("<HH2sH")  # tag, VR, 16-bit length (PS3.5 7.1.2)
_EXPLICIT_LONG = struct.Struct("<HH2s2xI")  # tag, VR, reserved, 32-bit length (OB, ...)
_IMPLICIT = struct.Struct("<HHI")  # tag, 32-bit length (PS3.5 7.1.3: command sets)
_US = struct.Struct("<H")
_UL = struct.Struct("<I")

C_STORE_RQ = 0x0001  # CommandField values (PS3.7 E.1)
C_STORE_RSP = 0x8001
NO_DATA_SET = 0x0101
PREAMBLE = b"\x00" * 128 + b"DICM"


_UID_VALUE = re.compile(rb"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\Z")  # PS3.5 9.1
_AE_VALUE = re.compile(rb"[\x20-\x5b\x5d-\x7e]{0,16}\Z")  # PS3.5 6.2 (no backslash)


class StoreRq(NamedTuple):
    """The parameters of a C-STORE-RQ (PS3.7 9.3.1.1) that come with a data set."""
    message_id: int
    priority: int
    sop_class_uid: str
    sop_instance_uid: str
    move_originator_ae: str | None
    move_originator_id: int | None


def _uid_value(raw: bytes) -> str | None:
    value = raw.rstrip(b"\x00 ")
    return value.decode("ascii") if len(value) <= 64 and _UID_VALUE.match(value) else None


def store_rq(command: bytes) -> StoreRq | None:
    """The C-STORE-RQ in an Implicit VR Little Endian command set, or None when it is any
    other command, carries no data set, or holds anything this layout does not expect (an
    unknown or repeated element, an odd length, a malformed UID): pynetdicom decides those.
    """
    seen: dict[int, bytes] = {}
    pos, end = 0, len(command)
    while pos < end:
        if pos + 8 > end:
            return None
        group, element, length = _IMPLICIT.unpack_from(command, pos)
        pos += 8
        width = _WIDTHS.get(element)
        if group != 0 or element in seen or pos + length > end or (
                width is not None and length != width) or element not in _RQ_ELEMENTS:
            return None
        seen[element] = command[pos:pos + length]
        pos += length
    if not {0x0002, 0x0100, 0x0110, 0x0700, 0x0800, 0x1000} <= seen.keys():
        return None
    if (_US.unpack(seen[0x0100])[0] != C_STORE_RQ
            or _US.unpack(seen[0x0800])[0] == NO_DATA_SET
            or _US.unpack(seen[0x0700])[0] not in (0, 1, 2)):  # medium, high, low
        return None
    sop_class, sop_instance = _uid_value(seen[0x0002]), _uid_value(seen[0x1000])
    if sop_class is None or sop_instance is None:
        return None
    ae, move_id = seen.get(0x1030), seen.get(0x1031)
    if ae is not None:
        ae = ae.strip(b" \x00")
        if not ae or not _AE_VALUE.match(ae):
            return None
    return StoreRq(_US.unpack(seen[0x0110])[0], _US.unpack(seen[0x0700])[0], sop_class,
                   sop_instance, ae.decode("ascii") if ae is not None else None,
                   _US.unpack(move_id)[0] if move_id is not None else None)


# command elements a C-STORE-RQ may carry (PS3.7 E.1-1, 9.3.1.1) and fixed value widths
_RQ_ELEMENTS = frozenset({0x0000, 0x0002, 0x0100, 0x0110, 0x0700, 0x0800, 0x1000, 0x1030,
                          0x1031})
_WIDTHS = {0x0000: 4, 0x0100: 2, 0x0110: 2, 0x0700: 2, 0x0800: 2, 0x1031: 2}


def _uid(value: str) -> bytes:
    """A UI value padded to even length with NUL (PS3.5 6.2)."""
    raw = value.encode("ascii")
    return raw + b"\x00" if len(raw) % 2 else raw


def _text(value: str) -> bytes:
    """An SH value padded to even length with a space."""
    raw = value.encode("ascii")
    return raw + b" " if len(raw) % 2 else raw


def _short(element: int, vr: bytes, value: bytes) -> bytes:
    return _EXPLICIT_SHORT.pack(0x0002, element, vr, len(value)) + value


def file_meta(sop_class_uid: str, sop_instance_uid: str, transfer_syntax_uid: str,
              implementation_uid: str, implementation_version: str) -> bytes:
    """Group 0002 (Explicit VR Little Endian, with its group length), without the preamble."""
    body = b"".join((
        _EXPLICIT_LONG.pack(0x0002, 0x0001, b"OB", 2) + b"\x00\x01",
        _short(0x0002, b"UI", _uid(sop_class_uid)),
        _short(0x0003, b"UI", _uid(sop_instance_uid)),
        _short(0x0010, b"UI", _uid(transfer_syntax_uid)),
        _short(0x0012, b"UI", _uid(implementation_uid)),
        _short(0x0013, b"SH", _text(implementation_version)) if implementation_version else b"",
    ))
    return _short(0x0000, b"UL", _UL.pack(len(body))) + body


def _command(element: int, value: bytes) -> bytes:
    return _IMPLICIT.pack(0x0000, element, len(value)) + value


def store_rsp(sop_class_uid: str, sop_instance_uid: str, message_id: int, status: int) -> bytes:
    """A C-STORE-RSP command set (PS3.7 9.3.1.2, Implicit VR Little Endian) with no error
    comment or offending element: what every C-STORE the ingress answers sends back."""
    body = b"".join((
        _command(0x0002, _uid(sop_class_uid)),
        _command(0x0100, _US.pack(C_STORE_RSP)),
        _command(0x0120, _US.pack(message_id)),
        _command(0x0800, _US.pack(NO_DATA_SET)),
        _command(0x0900, _US.pack(status)),
        _command(0x1000, _uid(sop_instance_uid)),
    ))
    return _command(0x0000, _UL.pack(len(body))) + body

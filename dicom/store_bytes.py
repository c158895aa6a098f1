"""The two small byte strings every C-STORE costs the ingress: its spool file's File Meta
Information and its C-STORE-RSP command set.

Pure: values in, bytes out. pynetdicom builds both through pydicom datasets (element
objects, UID validation, a generic writer) at ~1 ms of CPU per instance, a fifth of all the
ingress spends on a 512 KiB CT slice; these fixed layouts cost a few microseconds. The bytes
are the ones pydicom writes for the same values (tests compare them), so a file stored
through this path and one stored by pydicom read the same.
"""

from __future__ import annotations

import struct

_EXPLICIT_SHORT = struct.Struct("<HH2sH")  # tag, VR, 16-bit length (PS3.5 7.1.2)
_EXPLICIT_LONG = struct.Struct("<HH2s2xI")  # tag, VR, reserved, 32-bit length (OB, ...)
_IMPLICIT = struct.Struct("<HHI")  # tag, 32-bit length (PS3.5 7.1.3: command sets)
_US = struct.Struct("<H")
_UL = struct.Struct("<I")

C_STORE_RQ = 0x0001  # CommandField values (PS3.7 E.1)
C_STORE_RSP = 0x8001
NO_DATA_SET = 0x0101
PREAMBLE = b"\x00" * 128 + b"DICM"


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

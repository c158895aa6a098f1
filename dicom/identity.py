"""The identifiers ingest needs from an instance, read fast in the common case.

``read_ids`` first tries ``scan_identity``: a ``struct`` scan of the file meta and of the
dataset up to (0020,000E) for files that carry a preamble + ``DICM`` and an implicit or
explicit VR little-endian dataset (native or encapsulated pixel data). Anything else —
no meta, big endian, deflate, a private transfer syntax, an undefined length before
(0020,000E), a VR the syntax does not predict, a multi-valued or non-ASCII value, tags out
of order, more than the first 64 KiB to scan — returns None and the pydicom reader
(``dicom.fields.read_identity``) decides. The fast path never fails an instance that
pydicom would accept: it only answers when it is sure, and its answers are checked against
pydicom's on every pydicom test file (tests/test_identity.py).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from pydicom.uid import UID

from dicom.fields import read_identity

_HEAD = 64 * 1024
_UNDEFINED = 0xFFFFFFFF
_LONG_VRS = frozenset({b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN",
                       b"UR", b"UT", b"UV"})
_VRS = _LONG_VRS | {b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS",
                    b"LO", b"LT", b"PN", b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL",
                    b"US"}
_META = {0x00020002: "media_sop_class_uid", 0x00020003: "media_sop_instance_uid",
         0x00020010: "transfer_syntax_uid"}
_WANTED = {0x00080016: "sop_class_uid", 0x00080018: "sop_instance_uid",
           0x00080060: "modality", 0x0020000D: "study_uid", 0x0020000E: "series_uid"}
_LAST = 0x0020000E
_TAG_VR_LEN16 = struct.Struct("<HH2sH")
_LEN32 = struct.Struct("<L")
_TAG_LEN32 = struct.Struct("<HHL")


@dataclass(frozen=True)
class Identity:
    """Each field as ingest's ``_get`` saw it: None if absent, else the value stripped."""

    sop_class_uid: str | None = None
    sop_instance_uid: str | None = None
    modality: str | None = None
    study_uid: str | None = None
    series_uid: str | None = None
    media_sop_class_uid: str | None = None
    media_sop_instance_uid: str | None = None
    transfer_syntax_uid: str | None = None


class _Unsure(Exception):
    """The fast scan cannot be sure: let pydicom read the file."""


def read_ids(path: Path) -> Identity:
    """The identifiers of the instance at ``path``; ``UnreadableDataset`` if not DICOM."""
    ids = scan_identity(path)
    return ids if ids is not None else identity_of(read_identity(path))


def identity_of(ds: object) -> Identity:
    """The same fields from a pydicom dataset (the fallback, and the tests' reference)."""
    meta = getattr(ds, "file_meta", None)
    return Identity(
        sop_class_uid=_get(ds, "SOPClassUID"), sop_instance_uid=_get(ds, "SOPInstanceUID"),
        modality=_get(ds, "Modality"), study_uid=_get(ds, "StudyInstanceUID"),
        series_uid=_get(ds, "SeriesInstanceUID"),
        media_sop_class_uid=_get(meta, "MediaStorageSOPClassUID"),
        media_sop_instance_uid=_get(meta, "MediaStorageSOPInstanceUID"),
        transfer_syntax_uid=_get(meta, "TransferSyntaxUID"))


def _get(ds: object, keyword: str) -> str | None:
    try:
        value = getattr(ds, keyword, None)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return None if value is None else str(value).strip("\x00 ")


def scan_identity(path: Path) -> Identity | None:
    """The fast path: the identifiers, or None when pydicom has to decide."""
    try:
        with open(path, "rb") as f:
            buf = f.read(_HEAD)
            complete = len(buf) < _HEAD  # the whole file is in buf
        return _scan(buf, complete)
    except (_Unsure, struct.error, UnicodeDecodeError, OSError):
        return None


def _value(buf: bytes, start: int, length: int) -> str:
    raw = buf[start:start + length]
    if len(raw) != length or b"\\" in raw:
        raise _Unsure()  # truncated, or multi-valued (pydicom would give a list)
    return raw.decode("ascii").strip("\x00 ")


def _scan(buf: bytes, complete: bool) -> Identity:
    if len(buf) < 132 or buf[128:132] != b"DICM":
        raise _Unsure()
    found: dict[str, str] = {}
    # File meta: always explicit VR little endian, group 0002 only.
    pos, end = 132, len(buf)
    while pos + 8 <= end:
        group, elem, vr, length = _TAG_VR_LEN16.unpack_from(buf, pos)
        if group != 0x0002:
            break
        if vr in _LONG_VRS:
            (length,) = _LEN32.unpack_from(buf, pos + 8)
            pos += 12
        elif vr in _VRS:
            pos += 8
        else:
            raise _Unsure()
        if length == _UNDEFINED:
            raise _Unsure()
        name = _META.get(group << 16 | elem)
        if name:
            found[name] = _value(buf, pos, length)
        pos += length
    ts = found.get("transfer_syntax_uid")
    if not ts:
        raise _Unsure()
    uid = UID(ts)
    if not uid.is_transfer_syntax or not uid.is_little_endian or uid.is_deflated:
        raise _Unsure()
    implicit = uid.is_implicit_VR
    # pydicom looks at the first element's VR bytes and follows them if they contradict
    # the transfer syntax; rather than copy that, leave such files to it.
    if pos + 8 <= end and (buf[pos + 4:pos + 6] in _VRS) == implicit:
        raise _Unsure()
    last = -1
    while True:
        if pos + 8 > end:
            if pos != end or not complete:
                raise _Unsure()  # a header cut by the end of buf, or a torn last element
            break  # the dataset ends before (0020,000E)
        group, elem, vr, length = _TAG_VR_LEN16.unpack_from(buf, pos)
        tag = group << 16 | elem
        if tag > _LAST:
            break
        if tag <= last:
            raise _Unsure()  # out of order or repeated: pydicom's rules decide
        last = tag
        if implicit:
            (length,) = _LEN32.unpack_from(buf, pos + 4)
            pos += 8
        elif vr in _LONG_VRS:
            if pos + 12 > end:
                raise _Unsure()
            (length,) = _LEN32.unpack_from(buf, pos + 8)
            pos += 12
        elif vr in _VRS:
            pos += 8
        else:
            raise _Unsure()
        if length == _UNDEFINED or pos + length > end:
            raise _Unsure()  # a sequence or item to walk, or more than _HEAD to read
        name = _WANTED.get(tag)
        if name:
            found[name] = _value(buf, pos, length)
        pos += length
    return Identity(**found)

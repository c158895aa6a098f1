"""Is a re-sent instance the one already stored, though its bytes differ?

Senders re-send the same SOP instance in another transfer syntax (a lossless RLE or JPEG
2000 copy of what came uncompressed, Implicit VR or Big Endian) or re-encoded by another
tool (trailing padding dropped, group lengths added or removed, dcmcjpeg's Derivation
Description added). Identity is the content: every standard attribute's value outside the
file meta and the encoding's own bookkeeping (words of OW/OL/OF/OD/OV values compared as
numbers, whatever their byte order), and the decoded pixels. Private elements are compared
by presence only: without the vendor's dictionary an Implicit VR copy cannot tell a private
sequence or number from bytes (pydicom and DCMTK read them as UN), so their values are not
comparable across encodings. Called only when the bytes differ, so the common re-send pays
nothing for it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

_PIXEL_DATA = 0x7FE00010
# Encoding bookkeeping, not content: trailing padding, and the pixel data itself (compared
# decoded), plus the two values a lossless re-encoding legitimately changes, and the note
# a lossless re-encoder leaves about itself (dcmcjpeg's Derivation Description).
_IGNORED = frozenset({0xFFFCFFFC, _PIXEL_DATA, 0x7FE00001, 0x7FE00002, 0x00082111})
_LOSSY_COMPRESSION = 0x00282110  # "00" (never lossy) says no more than its absence
_PRIVATE = "private element"  # compared by presence (see same_instance)
_WORDS = {"OW": 2, "OL": 4, "OF": 4, "OD": 8, "OV": 8}
_READ_ERRORS = (InvalidDicomError, EOFError, ValueError, OSError, KeyError, TypeError,
                AttributeError, NotImplementedError, RuntimeError)


def _comparable(ds: Dataset, little: bool = True) -> dict:
    out: dict = {}
    for elem in ds:
        tag = int(elem.tag)
        if tag in _IGNORED or elem.tag.element == 0 or elem.tag.group == 0x0002:
            continue
        if elem.tag.is_private:
            out[tag] = _PRIVATE
        elif elem.VR == "SQ":
            out[tag] = [_comparable(item, little) for item in elem.value]
        elif tag == _LOSSY_COMPRESSION and str(elem.value).strip() == "00":
            continue
        else:
            out[tag] = _value(elem.value, elem.VR, little)
    return out


def _value(value: object, vr: str, little: bool) -> object:
    if not isinstance(value, bytes):
        return value
    width = _WORDS.get(vr)
    if width and not little and len(value) % width == 0:  # words as numbers, not bytes
        value = np.frombuffer(value, f">u{width}").astype(f"<u{width}").tobytes()
    return value.rstrip(b"\x00 ")


def _little(ds: Dataset) -> bool:
    return ds.original_encoding[1] is not False


def same_instance(a: Path, b: Path) -> bool:
    """True when both files hold the same attributes and the same decoded pixels."""
    try:
        first, second = dcmread(a, force=True), dcmread(b, force=True)
        if (_comparable(first, _little(first)) != _comparable(second, _little(second))):
            return False
        if (_PIXEL_DATA in first) != (_PIXEL_DATA in second):
            return False
        if _PIXEL_DATA not in first:
            return True
        return bool(np.array_equal(first.pixel_array, second.pixel_array))
    except _READ_ERRORS:
        return False  # cannot prove it is the same: the first copy stays, the sender is told

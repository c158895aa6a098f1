"""Is a re-sent instance the one already stored, though its bytes differ?

Senders re-send the same SOP instance in another transfer syntax (a lossless RLE or JPEG
2000 copy of what came uncompressed) or re-encoded by another tool (trailing padding
dropped, group lengths added or removed). Identity is the content: every attribute's value
outside the file meta and the encoding's own bookkeeping, and the decoded pixels. Called
only when the bytes differ, so the common re-send pays nothing for it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

_PIXEL_DATA = 0x7FE00010
# Encoding bookkeeping, not content: trailing padding, and the pixel data itself (compared
# decoded), plus the two values a lossless re-encoding legitimately changes.
_IGNORED = frozenset({0xFFFCFFFC, _PIXEL_DATA, 0x7FE00001, 0x7FE00002})
_READ_ERRORS = (InvalidDicomError, EOFError, ValueError, OSError, KeyError, TypeError,
                AttributeError, NotImplementedError, RuntimeError)


def _comparable(ds: Dataset) -> dict:
    out = {}
    for elem in ds:
        tag = int(elem.tag)
        if tag in _IGNORED or elem.tag.element == 0 or elem.tag.group == 0x0002:
            continue
        if elem.VR == "SQ":
            out[tag] = [_comparable(item) for item in elem.value]
        else:
            value = elem.value
            out[tag] = value.rstrip(b"\x00 ") if isinstance(value, bytes) else value
    return out


def same_instance(a: Path, b: Path) -> bool:
    """True when both files hold the same attributes and the same decoded pixels."""
    try:
        first, second = dcmread(a, force=True), dcmread(b, force=True)
        if _comparable(first) != _comparable(second):
            return False
        if (_PIXEL_DATA in first) != (_PIXEL_DATA in second):
            return False
        if _PIXEL_DATA not in first:
            return True
        return bool(np.array_equal(first.pixel_array, second.pixel_array))
    except _READ_ERRORS:
        return False  # cannot prove it is the same: the first copy stays, the sender is told

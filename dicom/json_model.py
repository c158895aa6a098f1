"""A stored dataset as DICOM JSON (PS3.18 F.2), faithfully: what was stored, as it was.

pydicom's ``to_json_dict`` validates while it converts, and with ``suppress_invalid_tags``
a whole sequence disappears when one nested UID is malformed; a badly formed IS is dropped.
This encoder works from the raw element bytes instead: every attribute that was stored is
present (empty ones without "Value"), text goes through the one decoder every other view
uses (``dicom.charset.decode_text``: ISO 2022 IR 58, the clinic's fallback), numbers that do
not parse stay the strings that were stored, and large binary values become BulkDataURIs
``{bulk_base}/{tag}[/{item}/{tag}…]``.
"""

from __future__ import annotations

import base64
import math
import struct
from typing import Any

from pydicom.datadict import dictionary_VR
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.filereader import read_deferred_data_element
from pydicom.sequence import Sequence

from dicom.charset import decode_text

BULK_THRESHOLD = 1024
BULK_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
_SINGLE_VALUED = frozenset({"LT", "ST", "UT", "UR"})
_TEXT_VRS = frozenset({"AE", "AS", "CS", "DA", "DT", "LO", "SH", "TM", "UC", "UI", "PN",
                       *_SINGLE_VALUED})
_NUMBERS = {"US": "H", "SS": "h", "UL": "I", "SL": "i", "FL": "f", "FD": "d", "SV": "q",
            "UV": "Q"}
_PIXEL_DATA = 0x7FE00010
_CHARSET = 0x00080005


def pn_groups(text: str) -> dict:
    """``Alpha^Name=表意^名=phonetic`` → {"Alphabetic": ..., "Ideographic": ..., ...}."""
    out = {}
    for key, group in zip(("Alphabetic", "Ideographic", "Phonetic"), text.split("="),
                          strict=False):
        if group:
            out[key] = group
    return out


def _vr(elem: Any) -> str:
    vr = elem.VR
    if not vr:
        try:
            vr = dictionary_VR(elem.tag)
        except KeyError:
            vr = "UN"
    if " or " in vr:  # ambiguous in the dictionary: OB or OW, US or SS …
        vr = "OW" if vr.startswith("OB") else vr.split(" or ")[0]
    return vr


class JsonEncoder:
    """One instance per file: knows the file (for deferred values) and the fallback charset."""

    def __init__(self, ds: Dataset, bulk_base: str, fallback: str | None = None) -> None:
        self.ds = ds
        self.bulk_base = bulk_base
        self.fallback = fallback
        self.little = ds.original_encoding[1] is not False

    def dataset(self, ds: Dataset, charset: object = None, path: str = "") -> dict:
        """Every element of ``ds`` (group lengths left out, as PS3.18 F.2 says)."""
        if _CHARSET in ds:
            raw = self._bytes(ds.get_item(_CHARSET, keep_deferred=True))
            declared = self._text_values(raw, "CS", None)
            charset = [c or "" for c in declared] or None
        out = {}
        for tag in ds.keys():  # noqa: SIM118 - iterating ds would convert each element
            if tag.element == 0:
                continue
            key = f"{int(tag):08X}"
            elem = ds.get_item(tag, keep_deferred=True)
            out[key] = self.element(elem, charset, f"{path}{key}")
        return out

    def element(self, elem: Any, charset: object, path: str) -> dict:
        vr = _vr(elem)
        if vr == "SQ" or isinstance(elem.value, Sequence):
            items = elem.value if isinstance(elem.value, Sequence) else []
            return self._with("SQ", [self.dataset(item, charset, f"{path}/{i}/")
                                     for i, item in enumerate(items)])
        if vr in BULK_VRS:
            if int(elem.tag) == _PIXEL_DATA or (elem.length or 0) > BULK_THRESHOLD:
                return {"vr": vr, "BulkDataURI": f"{self.bulk_base}/{path}"}
            raw = self._bytes(elem)
            return {"vr": vr, "InlineBinary": base64.b64encode(raw).decode()} if raw \
                else {"vr": vr}
        raw = self._bytes(elem)
        if vr in _TEXT_VRS:
            values: list = self._text_values(raw, vr, charset)
            if vr == "PN":
                values = [pn_groups(v) if v else None for v in values]
            return self._with(vr, values)
        if vr in ("IS", "DS"):
            return self._with(vr, [_number(v, vr) for v in self._text_values(raw, vr, None)])
        if vr == "AT":
            return self._with(vr, self._tags(raw))
        if vr in _NUMBERS:
            return self._with(vr, self._numbers(raw, _NUMBERS[vr]))
        return {"vr": vr, "InlineBinary": base64.b64encode(raw).decode()} if raw else {"vr": vr}

    @staticmethod
    def _with(vr: str, values: list) -> dict:
        return {"vr": vr, "Value": values} if any(v is not None for v in values) else {"vr": vr}

    def _bytes(self, elem: Any) -> bytes:
        """The stored bytes of a value (deferred ones read now; converted ones re-encoded)."""
        if isinstance(elem, RawDataElement):
            if elem.value is None and elem.length:
                elem = read_deferred_data_element(self.ds.fileobj_type, self.ds.filename,
                                                  None, elem)
            return bytes(elem.value or b"")
        value = elem.value
        if value is None:
            return b""
        if isinstance(value, bytes | bytearray):
            return bytes(value)
        if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
            return "\\".join(str(v) for v in value).encode("utf-8")
        return str(value).encode("utf-8")

    def _text_values(self, raw: bytes, vr: str, charset: object) -> list:
        text = decode_text(raw, charset, self.fallback) if vr in ("PN", "LO", "SH", "LT",
                                                                 "ST", "UT", "UC") \
            else raw.decode("latin-1").rstrip("\x00 ")
        if not text:
            return []
        parts = [text] if vr in _SINGLE_VALUED else text.split("\\")
        strip = str.rstrip if vr in _SINGLE_VALUED else str.strip
        return [strip(p, "\x00 ") or None for p in parts]

    def _numbers(self, raw: bytes, code: str) -> list:
        size = struct.calcsize(code)
        count = len(raw) // size
        order = "<" if self.little else ">"
        return list(struct.unpack(f"{order}{count}{code}", raw[:count * size]))

    def _tags(self, raw: bytes) -> list:
        order = "<" if self.little else ">"
        pairs = struct.unpack(f"{order}{len(raw) // 2}H", raw[:len(raw) // 4 * 4])
        return [f"{pairs[i]:04X}{pairs[i + 1]:04X}" for i in range(0, len(pairs) - 1, 2)]


def _number(text: str | None, vr: str) -> int | float | str | None:
    """A parsed IS/DS value; one that does not parse stays the string that was stored."""
    if text is None:
        return None
    if vr == "IS":
        try:
            return int(text)
        except ValueError:
            return text
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    plain_integer = value.is_integer() and not any(c in text for c in ".eE")
    return int(value) if plain_integer else value

"""Text from township machines, decoded the way a Chinese reader expects.

The one decoder for every view (case JSON, QIDO, /metadata, C-FIND). pydicom handles the
standard cases; this module adds what the field needs: ``ISO 2022 IR 58`` (GB2312 behind
escape sequences, which pydicom 3.0 leaves in the text) and GB18030 bytes sent with no
charset, or declared as something they are not, decoded with the clinic's fallback charset.

Which wins: a declared charset that decodes the bytes cleanly is believed (a Latin-1
``Müller^Jürgen`` stays Müller), unless the clinic is configured as one whose machines
mislabel (``charset_mislabelled``): then the fallback is tried first for Latin labels.
No declaration, or one the bytes do not fit, always lets the fallback try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydicom.charset import convert_encodings, decode_bytes, python_encoding

_ESCAPES = re.compile(rb"\x1b[\x24\x28\x29\x2a\x2b\x2d\x2e\x2f]{1,2}[\x40-\x5a]")
_LATIN_DEFAULTS = {"", "ISO_IR 6", "ISO_IR 100", "ISO 2022 IR 6", "ISO 2022 IR 100"}
_PN_DELIMS = {0x5E, 0x3D}  # ^ and =


def _charsets(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()]
    return [str(v).strip() for v in value]


def _is_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


@dataclass(frozen=True)
class TextPolicy:
    """A clinic's way with text: its fallback charset and whether its labels are trusted."""

    fallback: str | None = None
    mislabelled: bool = False


def _policy(fallback: str | TextPolicy | None) -> TextPolicy:
    return fallback if isinstance(fallback, TextPolicy) else TextPolicy(fallback)


def _decodes_cleanly(raw: bytes, charsets: list[str]) -> bool:
    """Do the bytes fit the one declared charset (no C1 controls for the Latin ones)?"""
    if len(charsets) != 1 or not charsets[0]:
        return False
    if charsets[0] in ("ISO_IR 6", "ISO 2022 IR 6"):  # pydicom maps these to Latin-1
        return raw.isascii()
    try:
        text = raw.decode(python_codec(charsets[0]))
    except (UnicodeDecodeError, LookupError):
        return False
    return not any("\x80" <= ch <= "\x9f" for ch in text)


def _try_fallback(raw: bytes, charset: str) -> str | None:
    try:
        text = raw.decode(python_codec(charset))
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _is_cjk(text) else None


def decode_text(raw: bytes, charset: object,
                fallback: str | TextPolicy | None = None) -> str:
    """Decode a raw text value (PN, LO, SH …) given the dataset's SpecificCharacterSet."""
    raw = raw.rstrip(b"\x00 ")
    if not raw:
        return ""
    charsets = _charsets(charset)
    if "ISO 2022 IR 58" in charsets:
        # GB2312 in G1 is byte-identical to EUC-CN once the designations are removed.
        return _ESCAPES.sub(b"", raw).decode("gb18030", errors="replace")
    if raw.isascii():
        return raw.decode("ascii")
    policy = _policy(fallback)
    declared = [c for c in charsets if c]
    distrusted = policy.mislabelled and set(charsets) <= _LATIN_DEFAULTS
    if policy.fallback and (not declared or distrusted
                            or not _decodes_cleanly(raw, charsets)):
        text = _try_fallback(raw, policy.fallback)
        if text is not None:
            return text
    if charsets == ["ISO_IR 192"] and policy.fallback:
        return raw.decode("utf-8", errors="replace")
    try:
        return decode_bytes(raw, convert_encodings(charsets or ["ISO_IR 6"]), _PN_DELIMS)
    except (UnicodeDecodeError, LookupError, ValueError):
        return raw.decode("latin-1")


def python_codec(charset: str) -> str:
    """Python's codec name for a DICOM Specific Character Set term (or the name itself)."""
    return python_encoding.get(charset, charset)


def display_name(pn: str) -> tuple[str, str]:
    """(name to show, alphabetic form) from a decoded PN ``Alpha^Name=表意^名=phonetic``.

    Chinese readers expect the ideographic group written without separators (王小东); the
    alphabetic group reads "Wang XiaoDong".
    """
    groups = pn.split("=")
    alphabetic = " ".join(p for p in groups[0].split("^") if p).strip()
    ideographic = groups[1] if len(groups) > 1 else ""
    if ideographic.strip("^ "):
        parts = [p for p in ideographic.split("^") if p]
        joiner = "" if _is_cjk(ideographic) else " "
        return joiner.join(parts), alphabetic
    if _is_cjk(alphabetic):
        return alphabetic.replace(" ", ""), alphabetic
    return alphabetic, alphabetic

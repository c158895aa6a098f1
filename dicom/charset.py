"""Text from township machines, decoded the way a Chinese reader expects.

The one decoder for every view (case JSON, QIDO, /metadata, C-FIND). pydicom handles the
standard cases; this module adds what the field needs: ``ISO 2022 IR 58`` (GB2312 behind
escape sequences, which pydicom 3.0 leaves in the text) and GB18030 bytes sent with no
charset, or declared as something they are not, decoded with the clinic's fallback charset.

Which wins: a declared charset that decodes the bytes cleanly is believed (a Latin-1
``Müller^Jürgen`` stays Müller; ISO 2022 code extensions such as IR 149 Korean and IR 87
Japanese, whose escape sequences each switch to one of the declared sets, stay Korean and
Japanese), unless the clinic is configured as one whose machines mislabel
(``charset_mislabelled``): then the fallback is tried first for Latin labels. No
declaration, or one the bytes do not fit, always lets the fallback try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydicom.charset import (
    CODES_TO_ENCODINGS,
    convert_encodings,
    decode_bytes,
    handled_encodings,
    python_encoding,
)

_ESC = b"\x1b"
_ESCAPES = re.compile(rb"\x1b[\x24\x28\x29\x2a\x2b\x2d\x2e\x2f]{1,2}[\x40-\x5a]")
# the text before the first escape sequence, then each escape sequence with what follows it
_FRAGMENTS = re.compile(rb"^[^\x1b]+|\x1b[^\x1b]*")
_TO_ASCII = b"\x1b(B"  # ISO 646 back into G0: the default repertoire again
_ASCII_TERMS = {"", "ISO_IR 6", "ISO 2022 IR 6"}  # pydicom maps these to Latin-1
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


def _codec(term: str) -> str:
    return "ascii" if term in _ASCII_TERMS else python_codec(term)


def _escaped(fragment: bytes, codecs: list[str]) -> str | None:
    """One fragment that starts with an escape sequence, in the set it designates; None
    when that set is not declared (UnicodeDecodeError when the bytes do not fit it)."""
    if fragment.startswith(_TO_ASCII):
        return fragment[len(_TO_ASCII):].decode("ascii")
    size = 4 if fragment.startswith((b"\x1b$(", b"\x1b$)")) else 3
    codec = CODES_TO_ENCODINGS.get(fragment[:size], "")
    if codec not in codecs:
        return None
    if codec in handled_encodings:  # Python's codec reads its own escape sequences
        return fragment.decode(codec)
    body = fragment[size:]
    # a ^ or = ends a component: the rest is in the first declared set again (PS3.5 6.1.2.5.3)
    cut = next((i for i, b in enumerate(body) if b in _PN_DELIMS), len(body))
    return body[:cut].decode(codec) + body[cut:].decode(codecs[0])


def _clean_decoding(raw: bytes, charsets: list[str]) -> str | None:
    """The text in the declared charset(s) when the bytes fit them exactly, else None.

    What pydicom does, made strict: an undeclared escape sequence, bytes outside a set, a
    C1 control left by a Latin decoding (GB18030 bytes read as Latin-1) or plain ASCII
    declared and 8-bit bytes sent all mean the declaration is not to be believed.
    """
    if not any(charsets):
        return None
    codecs = [_codec(c) for c in charsets]
    parts = []
    try:
        for fragment in _FRAGMENTS.findall(raw):
            part = (_escaped(fragment, codecs) if fragment.startswith(_ESC)
                    else fragment.decode(codecs[0]))
            if part is None:
                return None
            parts.append(part)
    except (UnicodeDecodeError, LookupError):
        return None
    text = "".join(parts)
    return None if any("\x80" <= ch <= "\x9f" for ch in text) else text


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
    if raw.isascii() and _ESC not in raw:
        return raw.decode("ascii")
    policy = _policy(fallback)
    declared = _clean_decoding(raw, charsets)
    distrusted = policy.mislabelled and set(charsets) <= _LATIN_DEFAULTS
    if policy.fallback and (declared is None or distrusted):
        text = _try_fallback(raw, policy.fallback)
        if text is not None:
            return text
    if declared is not None:
        return declared
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

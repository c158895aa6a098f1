"""WADO-RS content negotiation (PS3.18 8.7): which media type and transfer syntax to send.

Pure: an ``Accept`` value and what is stored in, a decision out. A multipart request names
the part's media type in ``type=`` and may ask for a ``transfer-syntax=`` (``*`` = as
stored). Items are tried by quality, then in the order given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dicom.frames import FRAME_MEDIA_TYPES, NATIVE_SYNTAXES

EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLICIT_LE = "1.2.840.10008.1.2"
OCTET = "application/octet-stream"
DICOM = "application/dicom"
_ITEMS = re.compile(r'(?:[^,"]|"[^"]*")+')
_PARAMS = re.compile(r';\s*([^=;\s]+)\s*=\s*("[^"]*"|[^;]*)')


class NotAcceptable(ValueError):
    """No representation the caller accepts can be produced (HTTP 406)."""


@dataclass(frozen=True)
class MediaRange:
    media: str  # the part's media type (``type=`` of multipart/related), lower case
    transfer_syntax: str | None
    q: float = 1.0
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    media: str
    transfer_syntax: str
    decode: bool  # True: decompress to native pixels first


def parse_accept(value: str, default_type: str = "*/*") -> list[MediaRange]:
    """Accept header (or ``?accept=``) → ranges, best first; empty → ``*/*``."""
    out: list[tuple[float, int, MediaRange]] = []
    for order, item in enumerate(m.group(0).strip() for m in _ITEMS.finditer(value or "")):
        if not item:
            continue
        outer = item.split(";", 1)[0].strip().lower()
        params = {k.lower(): v.strip().strip('"') for k, v in _PARAMS.findall(item)}
        if outer in ("multipart/related", "multipart/*"):
            media = params.get("type", default_type).lower()
        else:  # a bare media type: lenient, as if it were the part's type
            media = outer
        try:
            q = float(params.get("q", "1"))
        except ValueError:
            q = 1.0
        if q > 0:
            out.append((-q, order, MediaRange(media, params.get("transfer-syntax"), q, params)))
    out.sort(key=lambda t: (t[0], t[1]))
    return [r for _, _, r in out] or [MediaRange("*/*", None)]


def _media_matches(pattern: str, media: str) -> bool:
    if pattern in ("*/*", "*", media):
        return True
    return pattern.endswith("/*") and media.startswith(pattern[:-1])


def negotiate_frame(ranges: list[MediaRange], stored_ts: str) -> Choice:
    """How to send a frame stored in ``stored_ts``.

    Native data is ``application/octet-stream`` in Explicit VR Little Endian. Compressed data
    goes as stored under its own media type (or octet-stream with ``transfer-syntax=*``, as
    Cornerstone asks), or decoded to octet-stream when the caller asks for native pixels.
    """
    native = stored_ts in NATIVE_SYNTAXES
    own = OCTET if native else FRAME_MEDIA_TYPES.get(stored_ts, OCTET)
    own_ts = EXPLICIT_LE if native else stored_ts
    for r in ranges:
        ts = r.transfer_syntax
        if _media_matches(r.media, own) and ts in (None, "*", own_ts):
            return Choice(own, own_ts, False)
        if r.media == OCTET and not native:
            if ts == "*":
                return Choice(OCTET, stored_ts, False)
            if ts in (None, EXPLICIT_LE):
                return Choice(OCTET, EXPLICIT_LE, True)
    raise NotAcceptable(f"frames of this instance are {own} in {own_ts}, or "
                        f"{OCTET} in {EXPLICIT_LE}")


def negotiate_instance(ranges: list[MediaRange], stored_ts: str) -> str | None:
    """For ``application/dicom`` parts: None = send as stored, else the syntax to make."""
    for r in ranges:
        if not _media_matches(r.media, DICOM):
            continue
        ts = r.transfer_syntax
        if ts in ("*", stored_ts):
            return None
        if ts is None:
            # PS3.18 8.7.3.5.2: the default is Explicit VR Little Endian; sending what is
            # stored is also allowed there, and it is what every viewer decodes anyway.
            return None
        if ts in (EXPLICIT_LE, IMPLICIT_LE):
            return ts  # compressed ones decoded first (dicom.transcode)
    raise NotAcceptable(f"instances are application/dicom as stored ({stored_ts}) or "
                        f"transcoded to {EXPLICIT_LE} or {IMPLICIT_LE}")

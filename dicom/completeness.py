"""Is a received DICOM file whole and well-formed? A walk of its element headers, values
left on disk.

A sender that stops mid-transfer (or a part cut short) leaves a file whose last element
claims more bytes than arrived. ``check_complete`` walks the top-level elements (and the
items of undefined-length sequences and encapsulated pixel data, to their delimiters) by
reading only the 8-12 byte headers with ``pread``, so a 15 MiB image costs as little as a
small one. It raises ``Incomplete`` only when it is sure; a layout it does not follow (an
unknown VR, say) is left to the readers downstream.

Little-endian files, nearly all, are first walked by ``_flat``: one loop over the mapped
file, no call per element, a stack for the sequences and items it is inside. An ECG's
~1,400 elements (its annotation items) cost 0.56 ms of CPU there against 0.87 ms in the
recursive walk; anything the loop does not expect sends the file to the recursive walk,
which decides as before.

The same walk refuses (``Malformed``, an ``Incomplete``: never acknowledged) what readers
would disagree on: an element tag repeated or out of ascending order in any dataset or item
it walks (the top level and undefined-length items; pydicom keeps the last of two equal
tags, DCMTK the first), and an image whose pixels are not all there: Rows and Columns but
no Pixel Data, an empty one, encapsulated pixel data with no fragment, or native pixel
data shorter than Rows × Columns × Samples × Bits Allocated × Frames (a file cut inside its
pixel data and re-framed as a consistent but short element). Odd value lengths are
accepted as sent (PS3.5 asks for even lengths, but every reader here reads odd ones the
same way, and old modalities send them).
"""

from __future__ import annotations

import mmap
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

_UNDEFINED = 0xFFFFFFFF
_ITEM, _ITEM_END, _SEQ_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
_LONG_VRS = frozenset({b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN",
                       b"UR", b"UT", b"UV"})
_SHORT_VRS = frozenset({b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS",
                        b"LO", b"LT", b"PN", b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL",
                        b"US"})
_LE_FULL = struct.Struct("<HH2sH")  # group, element, VR, 16-bit length
_LE_LEN32 = struct.Struct("<L")
_IMPLICIT_LE = "1.2.840.10008.1.2"
_EXPLICIT_LE = "1.2.840.10008.1.2.1"
_EXPLICIT_BE = "1.2.840.10008.1.2.2"
_DEFLATED = ("1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.8.1")
_WINDOW = 16 * 1024  # headers are read this much at a time (most datasets: one window)
_MAX_DEPTH = 32  # nesting a real dataset never reaches; deeper is a hostile file
_PIXEL_GROUPS = (0x0028, 0x7FE0)  # top-level values the pixel check needs
_PIXEL_ELEMENTS = (0x7FE00008, 0x7FE00009, 0x7FE00010)  # Float, Double Float, Pixel Data


def _disorder(tag: int, last: int) -> Malformed:
    what = "repeated" if tag == last else "out of order"
    return Malformed(f"element ({tag >> 16:04X},{tag & 0xFFFF:04X}) is {what}")


class Incomplete(ValueError):
    """The file ends before the dataset does (the reason is safe to log)."""


class Malformed(Incomplete):
    """Whole, but not a dataset every reader reads the same (the reason is safe to log)."""


class _Unsure(Exception):
    """A layout this walk does not follow: not evidence of truncation."""


class _Fallback(Exception):
    """A layout ``_flat`` leaves to the recursive walk."""


class _Walk:
    """Element headers read at absolute offsets of one open file."""

    def __init__(self, fd: int, size: int, implicit: bool, big: bool) -> None:
        self.fd, self.size = fd, size
        self.implicit, self.big = implicit, big
        e = ">" if big else "<"
        self.tag = struct.Struct(e + "HH")
        self.len16, self.len32 = struct.Struct(e + "H"), struct.Struct(e + "L")
        self.window, self.start = b"", 0  # bytes of the file from offset ``start``
        self.top: dict[int, tuple[int, int]] = {}  # pixel-module tag → (value offset, length)

    def head(self, pos: int, n: int) -> bytes:
        """``n`` bytes at ``pos``; one ``pread`` per window, not per header."""
        off = pos - self.start
        if off < 0 or off + n > len(self.window):
            self.window, self.start, off = os.pread(self.fd, _WINDOW, pos), pos, 0
        data = self.window[off:off + n]
        if len(data) < n:
            raise Incomplete(f"an element header at byte {pos} is cut off")
        return data

    def element(self, pos: int, implicit: bool) -> tuple[int, bytes | None, int, int]:
        """``(tag, vr, length, value offset)`` of the element at ``pos``."""
        raw = self.head(pos, 8)
        group, elem = self.tag.unpack_from(raw)
        tag = group << 16 | elem
        if implicit or group == 0xFFFE:  # items and delimiters never carry a VR
            return tag, None, self.len32.unpack_from(raw, 4)[0], pos + 8
        vr = raw[4:6]
        if vr in _LONG_VRS:
            return tag, vr, self.len32.unpack(self.head(pos + 8, 4))[0], pos + 12
        if vr in _SHORT_VRS:
            return tag, vr, self.len16.unpack_from(raw, 6)[0], pos + 8
        raise _Unsure()

    def dataset(self, pos: int, implicit: bool, depth: int, end_tag: int | None) -> int:
        """Walk elements from ``pos``; return the offset after the last (or the delimiter)."""
        if depth > _MAX_DEPTH:
            raise _Unsure()
        last = -1
        while pos < self.size:
            if depth:  # the top level is read element by element: the pixel check's values
                pos, last = self.skim(pos, implicit, last)
            if pos >= self.size:
                break
            tag, vr, length, pos = self.element(pos, implicit)
            if tag == end_tag:
                return pos
            if tag <= last:
                raise _disorder(tag, last)
            last = tag
            if not depth and tag >> 16 in _PIXEL_GROUPS:
                self.top[tag] = (pos, length)
            if length != _UNDEFINED:
                pos += length
                if pos > self.size:
                    raise Incomplete(f"element ({tag >> 16:04X},{tag & 0xFFFF:04X}) claims "
                                     f"{length} bytes, {self.size - (pos - length)} arrived")
                continue
            # Undefined length: a sequence, encapsulated pixel data, or UN holding an
            # implicit-VR sequence (PS3.5 6.2.2): items until the sequence delimiter.
            pos = self.items(pos, implicit or vr == b"UN", depth + 1)
        if end_tag is not None:
            raise Incomplete("the file ends inside an undefined-length sequence or item")
        return pos

    def skim(self, pos: int, implicit: bool, last: int) -> tuple[int, int]:
        """Skip the plain elements (defined length, inside the window) from ``pos``: the hot
        loop, kept free of calls. Returns where ``element`` must look (or ``size``) and the
        last tag skipped."""
        window, start, size = self.window, self.start, self.size
        len32 = self.len32.unpack_from
        if pos - start < 0 or self.big:
            return pos, last
        limit = start + len(window) - 12
        while pos <= limit:
            off = pos - start
            group, elem, vr, length = _LE_FULL.unpack_from(window, off)
            if group == 0xFFFE:
                return pos, last  # an item or delimiter: the general path
            if implicit:
                length, nxt = len32(window, off + 4)[0], pos + 8
            elif vr in _SHORT_VRS:
                nxt = pos + 8
            elif vr in _LONG_VRS:
                length, nxt = len32(window, off + 8)[0], pos + 12
            else:
                return pos, last
            if length == _UNDEFINED or nxt + length > size:
                return pos, last
            tag = group << 16 | elem
            if tag <= last:
                raise _disorder(tag, last)
            last, pos = tag, nxt + length
        return pos, last

    def items(self, pos: int, implicit: bool, depth: int) -> int:
        while True:
            tag, _, length, pos = self.element(pos, True)
            if tag == _SEQ_END:
                return pos
            if tag != _ITEM:
                raise _Unsure()
            if length == _UNDEFINED:
                pos = self.dataset(pos, implicit, depth, _ITEM_END)
            else:
                pos += length
                if pos > self.size:
                    raise Incomplete(f"an item claims {length} bytes beyond the end of the file")


def _flat(buf: mmap.mmap, pos: int, size: int, implicit: bool) -> dict[int, tuple[int, int]]:
    """The little-endian walk in one loop; raises ``Incomplete`` (with the recursive walk's
    words) or ``_Fallback``. ``open_`` holds, per undefined-length container we are in,
    True for a sequence (items expected) and False for an item (elements until its end);
    ``prev`` the last tag of the dataset being walked, ``outer`` that of the datasets around
    it. Returns the top level's pixel-module tags → (value offset, length)."""
    head, len32 = _LE_FULL.unpack_from, _LE_LEN32.unpack_from
    short, long_ = _SHORT_VRS, _LONG_VRS
    open_: list[bool] = []
    prev, outer = -1, []
    top: dict[int, tuple[int, int]] = {}
    while pos < size:
        if pos + 8 > size:
            raise Incomplete(f"an element header at byte {pos} is cut off")
        group, elem, vr, length = head(buf, pos)
        if group == 0xFFFE:
            if not open_:
                raise _Fallback()
            length = len32(buf, pos + 4)[0]
            if open_[-1]:  # in a sequence: an item or the sequence's end
                if elem == 0xE0DD:
                    open_.pop()
                    pos += 8
                elif elem != 0xE000:
                    raise _Fallback()
                elif length == _UNDEFINED:
                    open_.append(False)
                    outer.append(prev)
                    prev = -1
                    pos += 8
                else:
                    pos += 8 + length
                    if pos > size:
                        raise Incomplete(
                            f"an item claims {length} bytes beyond the end of the file")
                continue
            if elem != 0xE00D:
                raise _Fallback()
            open_.pop()  # the end of an undefined-length item
            prev = outer.pop()
            pos += 8
            continue
        if open_ and open_[-1]:
            raise _Fallback()  # an element where an item belongs
        tag = group << 16 | elem
        if tag <= prev:
            raise _disorder(tag, prev)
        prev = tag
        if implicit:
            length, nxt = len32(buf, pos + 4)[0], pos + 8
        elif vr in short:
            nxt = pos + 8
        elif vr in long_:
            if pos + 12 > size:
                raise Incomplete(f"an element header at byte {pos + 8} is cut off")
            length, nxt = len32(buf, pos + 8)[0], pos + 12
        else:
            raise _Fallback()
        if not open_ and (group == 0x0028 or group == 0x7FE0):
            top[tag] = (nxt, length)
        if length == _UNDEFINED:
            if vr == b"UN" and not implicit or len(open_) >= 2 * _MAX_DEPTH:
                raise _Fallback()  # UN holding implicit VR, or hostile nesting
            open_.append(True)
            pos = nxt
            continue
        pos = nxt + length
        if pos > size:
            raise Incomplete(f"element ({group:04X},{elem:04X}) claims {length} bytes, "
                             f"{size - nxt} arrived")
    if open_:
        if open_[-1]:
            raise Incomplete(f"an element header at byte {pos} is cut off")
        raise Incomplete("the file ends inside an undefined-length sequence or item")
    return top


def _number(read: Callable[[int, int], bytes], top: dict[int, tuple[int, int]], tag: int,
            big: bool) -> int | None:
    """A US value (2 bytes) or an IS value (text) of the top level; None if absent or not
    a single readable number."""
    at = top.get(tag)
    if at is None or at[1] == _UNDEFINED or at[1] > 16:
        return None
    raw = read(at[0], at[1])
    if tag == 0x00280008:  # Number of Frames, IS
        text = raw.decode("ascii", "replace").strip("\x00 ")
        return int(text) if text.isdigit() else None
    return int.from_bytes(raw[:2], "big" if big else "little") if len(raw) >= 2 else None


def _no_fragment(read: Callable[[int, int], bytes], at: int) -> str | None:
    """Encapsulated pixel data (walked to its delimiter already) whose Basic Offset Table
    item is followed by no fragment, or by empty ones only: nothing to decode."""
    head = read(at, 8)
    if len(head) < 8 or head[:4] != b"\xfe\xff\x00\xe0":
        return None  # not the layout expected: left to the readers
    at += 8 + _LE_LEN32.unpack_from(head, 4)[0]
    while len(head := read(at, 8)) == 8 and head[:4] == b"\xfe\xff\x00\xe0":
        length = _LE_LEN32.unpack_from(head, 4)[0]
        if length:
            return None
        at += 8
    return "the encapsulated Pixel Data holds no fragment"


def pixel_shortfall(read: Callable[[int, int], bytes], top: dict[int, tuple[int, int]],
                    native: bool, big: bool = False) -> str | None:
    """Why an image's pixels are not all there, or None (pure, given ``read``: offset,
    length → bytes). Not an image (no Rows/Columns/Bits Allocated): None."""
    rows, columns = _number(read, top, 0x00280010, big), _number(read, top, 0x00280011, big)
    bits = _number(read, top, 0x00280100, big)
    if not rows or not columns or not bits:
        return None
    pixels = [top[t] for t in _PIXEL_ELEMENTS if t in top]
    if not pixels:
        return "the image (Rows, Columns) has no Pixel Data"
    at, length = pixels[0]
    if length == 0:
        return "the Pixel Data is empty"
    if length == _UNDEFINED:
        return _no_fragment(read, at)
    if not native:
        return None
    samples = _number(read, top, 0x00280002, big) or 1
    frames = _number(read, top, 0x00280008, big) or 1
    photometric = top.get(0x00280004)
    if samples == 3 and photometric and photometric[1] <= 16 and read(*photometric).startswith(
            b"YBR_FULL_422"):
        samples = 2  # PS3.3 C.7.6.3.1.2: each pair of pixels holds Y, Y, Cb, Cr
    need = (rows * columns * samples * bits * frames + 7) // 8
    if length < need:
        return (f"the Pixel Data holds {length} bytes, {rows}x{columns}x{samples}x{bits} bits"
                f" x {frames} frame(s) need {need}")
    return None


def _meta(fd: int, size: int) -> tuple[int, str]:
    """``(dataset offset, transfer syntax)`` from the preamble and file meta."""
    head = os.pread(fd, 132, 0)
    if len(head) < 132 or head[128:132] != b"DICM":
        raise _Unsure()  # no file meta: the readers downstream decide
    walk = _Walk(fd, size, implicit=False, big=False)
    pos, syntax = 132, ""
    while pos < size and walk.head(pos, 2) == b"\x02\x00":  # group 0002 only
        tag, _, length, value = walk.element(pos, False)
        if length == _UNDEFINED:
            raise _Unsure()
        if value + length > size:
            raise Incomplete("the file meta information is cut off")
        if tag == 0x00020010:
            syntax = os.pread(fd, length, value).decode("ascii", "replace").strip("\x00 ")
        pos = value + length
    return pos, syntax


def _deflate_complete(fd: int, pos: int) -> None:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while chunk := os.pread(fd, 1 << 20, pos):
        pos += len(chunk)
        inflater.decompress(chunk, 1 << 16)  # the output is not needed, only the end
        while inflater.unconsumed_tail and not inflater.eof:
            inflater.decompress(inflater.unconsumed_tail, 1 << 16)
        if inflater.eof:
            return
    raise Incomplete("the deflated dataset ends before its deflate stream does")


def check_complete(path: Path | str) -> None:
    """Raise ``Incomplete`` if the file at ``path`` ends before its dataset does, or
    ``Malformed`` if it is whole but ill-formed (see the module's docstring)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        try:
            pos, syntax = _meta(fd, size)
            if syntax in _DEFLATED:
                _deflate_complete(fd, pos)
                return
            implicit, big = syntax == _IMPLICIT_LE, syntax == _EXPLICIT_BE
            native = implicit or big or syntax == _EXPLICIT_LE
            if not big:
                with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as buf:
                    try:
                        top = _flat(buf, pos, size, implicit)
                    except _Fallback:
                        pass
                    else:
                        why = pixel_shortfall(lambda at, n: buf[at:at + n], top, native)
                        if why:
                            raise Malformed(why)
                        return
            walk = _Walk(fd, size, implicit=implicit, big=big)
            walk.dataset(pos, walk.implicit, 0, None)
            why = pixel_shortfall(lambda at, n: os.pread(fd, n, at), walk.top, native, big)
            if why:
                raise Malformed(why)
        except (_Unsure, struct.error, zlib.error):
            return
    finally:
        os.close(fd)

"""Frames and bulk data of a stored instance, read from the file without loading it whole.

Used by WADO-RS ``/frames/{n}`` and ``/bulk/...``: the pixel data's place in the file is
found from the header (pydicom's deferred read records the value offset), a native frame is
one slice of it, an encapsulated frame is its fragments joined (PS3.5 A.4). Pure DICOM
knowledge: a path in, bytes out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
from pydicom import dcmread
from pydicom.encaps import get_frame
from pydicom.errors import InvalidDicomError
from pydicom.pixels import pixel_array
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

from dicom import jpeg12

PIXEL_DATA = 0x7FE00010
NATIVE_SYNTAXES = frozenset({ImplicitVRLittleEndian, ExplicitVRLittleEndian,
                             DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian})
# PS3.18 Table 8.7.3-5: the media type of a compressed frame, by its transfer syntax.
FRAME_MEDIA_TYPES: MappingProxyType[str, str] = MappingProxyType({
    "1.2.840.10008.1.2.5": "image/dicom-rle",
    "1.2.840.10008.1.2.4.50": "image/jpeg",
    "1.2.840.10008.1.2.4.51": "image/jpeg",
    "1.2.840.10008.1.2.4.57": "image/jpeg",
    "1.2.840.10008.1.2.4.70": "image/jpeg",
    "1.2.840.10008.1.2.4.80": "image/jls",
    "1.2.840.10008.1.2.4.81": "image/jls",
    "1.2.840.10008.1.2.4.90": "image/jp2",
    "1.2.840.10008.1.2.4.91": "image/jp2",
    "1.2.840.10008.1.2.4.92": "image/jpx",
    "1.2.840.10008.1.2.4.93": "image/jpx",
    "1.2.840.10008.1.2.4.201": "image/jphc",
    "1.2.840.10008.1.2.4.202": "image/jphc",
    "1.2.840.10008.1.2.4.203": "image/jphc",
    "1.2.840.10008.1.2.4.100": "video/mpeg2",
    "1.2.840.10008.1.2.4.101": "video/mpeg2",
    "1.2.840.10008.1.2.4.102": "video/mp4",
    "1.2.840.10008.1.2.4.103": "video/mp4",
    "1.2.840.10008.1.2.4.104": "video/mp4",
    "1.2.840.10008.1.2.4.105": "video/mp4",
    "1.2.840.10008.1.2.4.106": "video/mp4",
})
_READ_ERRORS = (InvalidDicomError, EOFError, ValueError, OSError, KeyError, TypeError,
                AttributeError, OverflowError, NotImplementedError)


class NoPixelData(ValueError):
    """The instance has no (readable) pixel data: not an image."""


class FrameNotFound(IndexError):
    """A frame number outside 1..NumberOfFrames; the message counts from 1 like the API."""


class CannotDecode(ValueError):
    """The frame cannot be decoded to native pixels here (no decoder for its syntax)."""


@dataclass(frozen=True)
class PixelInfo:
    """Where and how an instance's pixel data is stored."""

    transfer_syntax: str
    rows: int
    columns: int
    samples: int
    bits_allocated: int
    frames: int
    offset: int  # file offset of the Pixel Data value (-1: only reachable through pydicom)
    length: int  # bytes of the value; 0xFFFFFFFF when encapsulated

    @property
    def encapsulated(self) -> bool:
        return self.transfer_syntax not in NATIVE_SYNTAXES

    @property
    def frame_bits(self) -> int:
        return self.rows * self.columns * self.samples * self.bits_allocated


def transfer_syntax_of(ds) -> str:  # noqa: ANN001 - a pydicom Dataset or FileDataset
    """The file's transfer syntax (from its meta, else from how pydicom read it)."""
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return str(meta.TransferSyntaxUID).strip("\x00 ")
    implicit, little = ds.original_encoding
    if implicit:
        return ImplicitVRLittleEndian
    return ExplicitVRLittleEndian if little else ExplicitVRBigEndian


def pixel_info(path: Path) -> PixelInfo:
    """Read the header (pixel data deferred) and locate the Pixel Data value."""
    try:
        ds = dcmread(path, defer_size=256, force=True)
        raw = ds.get_item(PIXEL_DATA, keep_deferred=True)
        ts = transfer_syntax_of(ds)
        rows, cols = int(ds.Rows), int(ds.Columns)
        spp, bits = int(ds.get("SamplesPerPixel") or 1), int(ds.BitsAllocated)
        frames = max(int(ds.get("NumberOfFrames") or 1), 1)
    except _READ_ERRORS as exc:
        raise NoPixelData(f"no readable image pixel module: {exc}") from exc
    if raw is None:
        raise NoPixelData("the instance has no pixel data")
    # The offset is only meaningful in the file's own bytes: not for deflated data.
    offset = getattr(raw, "value_tell", None)
    if ts == DeflatedExplicitVRLittleEndian or not isinstance(offset, int):
        offset = -1
    return PixelInfo(ts, rows, cols, spp, bits, frames, offset, int(raw.length or 0))


def check_frame(info: PixelInfo, number: int) -> int:
    """The 0-based index of 1-based frame ``number``; FrameNotFound when out of range."""
    if not 1 <= number <= info.frames:
        raise FrameNotFound(f"frame {number} does not exist: the instance has frames "
                            f"1 to {info.frames}")
    return number - 1


def stored_frame(path: Path, info: PixelInfo, number: int) -> bytes:
    """Frame ``number`` (1-based) as stored: the native bytes (little endian) or the
    encapsulated fragments joined."""
    index = check_frame(info, number)
    if info.offset < 0 or info.transfer_syntax == ExplicitVRBigEndian:
        return _frame_via_pydicom(path, info, index)
    with path.open("rb") as f:
        f.seek(info.offset)
        if info.encapsulated:
            try:
                return get_frame(f, index, number_of_frames=info.frames)
            except (ValueError, KeyError, EOFError) as exc:
                raise NoPixelData(f"cannot find frame {number} in the fragments: {exc}") from exc
        return _native_slice(f, info, index)


def _native_slice(f: io.BufferedReader, info: PixelInfo, index: int) -> bytes:
    bits = info.frame_bits
    if bits % 8 == 0:
        f.seek(index * (bits // 8), io.SEEK_CUR)
        data = f.read(bits // 8)
    else:  # 1-bit frames need not start on a byte: cut the bit range out and repack
        start, end = index * bits, (index + 1) * bits
        f.seek(start // 8, io.SEEK_CUR)
        packed = np.frombuffer(f.read((end + 7) // 8 - start // 8), np.uint8)
        unpacked = np.unpackbits(packed, bitorder="little")[start % 8:start % 8 + bits]
        data = np.packbits(unpacked, bitorder="little").tobytes()
    if len(data) * 8 < bits:
        raise NoPixelData("the pixel data is shorter than its frames")
    return data


def _frame_via_pydicom(path: Path, info: PixelInfo, index: int) -> bytes:
    """Deflated or big endian files: read the whole value through pydicom (rare)."""
    try:
        ds = dcmread(path, force=True)
        data = ds.PixelData
    except _READ_ERRORS as exc:
        raise NoPixelData(f"cannot read pixel data: {exc}") from exc
    if info.encapsulated:
        return get_frame(data, index, number_of_frames=info.frames)
    size = info.frame_bits // 8
    frame = data[index * size:(index + 1) * size]
    if info.transfer_syntax == ExplicitVRBigEndian and info.bits_allocated in (16, 32):
        dtype = np.dtype(f">u{info.bits_allocated // 8}")
        frame = np.frombuffer(frame, dtype).astype(dtype.newbyteorder("<")).tobytes()
    return frame


def native_frame(path: Path, info: PixelInfo, number: int) -> bytes:
    """Frame ``number`` decoded to native little-endian pixels (colour as RGB)."""
    index = check_frame(info, number)
    if not info.encapsulated:
        return stored_frame(path, info, number)
    jpeg12.register()
    try:
        arr = pixel_array(path, index=index, transfer_syntax_uid=info.transfer_syntax)
    except (AttributeError, ValueError, RuntimeError, NotImplementedError, KeyError) as exc:
        raise CannotDecode(f"cannot decode {info.transfer_syntax}: {exc}") from exc
    return np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).tobytes()

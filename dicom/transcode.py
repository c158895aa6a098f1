"""Re-encode a stored instance in another transfer syntax, for a WADO-RS caller that asks.

Stored files are never changed; this makes a copy in memory for one answer. Only what
pydicom can do faithfully: compressed → Explicit VR Little Endian (decoding with the
installed pylibjpeg / RLE decoders), and between the little-endian uncompressed syntaxes.

A change of transfer syntax is not a new instance: the SOP Instance UID stays (pydicom's
``decompress`` would make a new one by default), as DCMTK's dcmdjpeg does, so a viewer sees
one instance however it was fetched and SR/KOS references to it still resolve. Decoding a
lossy-compressed instance keeps its Lossy Image Compression attributes, which say so.
"""

from __future__ import annotations

import io
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

from dicom import jpeg12
from dicom.frames import NATIVE_SYNTAXES, CannotDecode, transfer_syntax_of

TARGETS = frozenset({ExplicitVRLittleEndian, ImplicitVRLittleEndian})


def decode_in_place(ds: Dataset) -> None:
    """Decode compressed pixel data to Explicit VR Little Endian, keeping the instance's
    identity (photometric interpretation updated by pydicom)."""
    jpeg12.register()
    ds.decompress(generate_instance_uid=False)


def transcode(path: Path, target: str) -> bytes:
    """The Part-10 bytes of the instance at ``path`` in ``target``; CannotDecode if not."""
    if target not in TARGETS:
        raise CannotDecode(f"cannot produce transfer syntax {target}")
    try:
        ds = dcmread(path, force=True)
        if transfer_syntax_of(ds) not in NATIVE_SYNTAXES and "PixelData" in ds:
            decode_in_place(ds)
    except (InvalidDicomError, AttributeError, ValueError, RuntimeError, NotImplementedError,
            KeyError, EOFError) as exc:
        raise CannotDecode(f"cannot decode this instance: {exc}") from exc
    ds.file_meta.TransferSyntaxUID = target
    out = io.BytesIO()
    try:
        ds.save_as(out, enforce_file_format=True, implicit_vr=target == ImplicitVRLittleEndian,
                   little_endian=True)
    except (AttributeError, ValueError, TypeError, NotImplementedError, KeyError) as exc:
        raise CannotDecode(f"cannot write this instance in {target}: {exc}") from exc
    return out.getvalue()

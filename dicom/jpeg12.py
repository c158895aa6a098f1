"""A decoder for 12-bit JPEG Extended (1.2.840.10008.1.2.4.51), added to pydicom's own.

pydicom's plugins cannot decode many 12-bit lossy JPEGs: Pillow and pydicom's GDCM plugin
refuse 12-bit precision outright, and pylibjpeg-libjpeg rejects a scan whose spectral
selection is not 0..63 (e.g. pydicom's ``JPEG-lossy.dcm``), which IJG-derived decoders
(DCMTK, libjpeg-turbo) accept with a warning. imagecodecs' ``jpeg8_decode`` is
libjpeg-turbo 3 with 12-bit support; it decodes such files exactly as DCMTK's dcmdjpeg does.
``register`` adds it as the last plugin tried (once per process; the others go first), so
rendering, WADO-RS transcoding and C-GET decoding all use it through pydicom.
"""

from __future__ import annotations

import contextlib

import imagecodecs
import numpy as np
from pydicom import uid
from pydicom.pixels.decoders import JPEGExtended12BitDecoder
from pydicom.pixels.decoders.base import DecodeRunner

LABEL = "imagecodecs-jpeg8"
DECODER_DEPENDENCIES = {uid.JPEGExtended12Bit: ("imagecodecs>=2026.1",)}


def is_available(transfer_syntax: str) -> bool:
    """pydicom's plugin contract: can this plugin decode ``transfer_syntax`` here."""
    return transfer_syntax == uid.JPEGExtended12Bit and bool(imagecodecs.JPEG8.available)


def decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """pydicom's plugin contract: one frame's JPEG bytes → its samples, in the container
    ``runner.bits_allocated`` gives (greyscale only: 12-bit colour JPEG is not met)."""
    if runner.samples_per_pixel != 1:
        raise NotImplementedError("12-bit JPEG with more than one sample per pixel")
    arr = imagecodecs.jpeg8_decode(src)
    dtype = np.dtype(f"<u{max(runner.bits_allocated // 8, 1)}")
    return np.ascontiguousarray(arr, dtype=dtype).tobytes()


def register() -> None:
    """Add the plugin to pydicom's 12-bit JPEG decoder unless it is there already."""
    decoder = JPEGExtended12BitDecoder
    if LABEL in decoder.available_plugins:
        return
    with contextlib.suppress(ValueError):  # registered but unavailable: nothing to add
        decoder.add_plugin(LABEL, (__name__, "decode_frame"))

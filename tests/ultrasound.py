"""Generated ultrasound instances for the tests: a multi-frame cine loop (native RGB, Frame
Time and Cine Rate recorded) and a video instance whose pixel data is a real H.264 High
Profile stream, encoded here by PyAV's libx264 (the encoder ships in PyAV's wheels).

Each picture shows a bright square that moves left to right, one step per frame, and the
frame number as a column of stripes, so a test can tell which frame is on screen."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import (
    HEVCMP51,
    MPEG4HP41,
    ExplicitVRLittleEndian,
    UltrasoundMultiFrameImageStorage,
    generate_uid,
)

US_MULTIFRAME = UltrasoundMultiFrameImageStorage


def picture(i: int, n: int, width: int, height: int) -> np.ndarray:
    """Frame ``i`` of ``n``: dark sector grey, a yellow square at x proportional to i."""
    img = np.full((height, width, 3), 24, np.uint8)
    img[height // 4:3 * height // 4, :, :] = 60
    side = height // 6
    x = int(i * (width - side) / max(1, n - 1))
    y = height // 2 - side // 2
    img[y:y + side, x:x + side] = (250, 230, 40)
    return img


def square_x(rgb: np.ndarray) -> int:
    """Where the square of :func:`picture` is (its left edge), read back from pixels."""
    row = rgb[rgb.shape[0] // 2].astype(int)
    bright = np.flatnonzero((row[:, 0] > 180) & (row[:, 1] > 160) & (row[:, 2] < 120))
    return int(bright[0]) if bright.size else -1


def h264_stream(frames: int = 50, fps: int = 25, width: int = 320, height: int = 240,
                hevc: bool = False) -> bytes:
    """A raw H.264 (Annex B) High Profile stream with B-frames, as an ultrasound machine's
    encoder would write it (or HEVC Main with ``hevc``)."""
    buf = io.BytesIO()
    with av.open(buf, "w", format="hevc" if hevc else "h264") as out:
        stream = out.add_stream("libx265" if hevc else "libx264", rate=Fraction(fps))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = ({"preset": "ultrafast", "x265-params": "log-level=error:bframes=2"}
                          if hevc else {"profile": "high", "preset": "veryfast", "bf": "2"})
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(picture(i, frames, width, height), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return buf.getvalue()


def _base(sop_class: str, ts: str, patient_id: str, description: str) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ts
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality, ds.SpecificCharacterSet = "US", "ISO_IR 192"
    ds.PatientID, ds.PatientName, ds.PatientBirthDate, ds.PatientSex = (
        patient_id, "钱^芳", "19880612", "F")
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "20261207", "093000", "US-0001"
    ds.StudyDescription = ds.SeriesDescription = description
    ds.InstanceNumber, ds.SeriesNumber = 1, 1
    ds.ImageType = ["ORIGINAL", "PRIMARY", "ABDOMINAL", "0001"]
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.SamplesPerPixel, ds.PlanarConfiguration = 3, 0
    return ds


def _timing(ds: Dataset, frames: int, fps: float) -> None:
    ds.NumberOfFrames = frames
    ds.FrameTime = f"{1000 / fps:.4g}"
    ds.CineRate = round(fps)
    ds.RecommendedDisplayFrameRate = round(fps)
    ds.FrameIncrementPointer = 0x00181063  # Frame Time


def make_video(directory: Path, frames: int = 50, fps: int = 25, width: int = 320,
               height: int = 240, patient_id: str = "P-US-1",
               description: str = "远程超声 肝胆", hevc: bool = False) -> Path:
    """A US Multi-frame instance in MPEG-4 AVC/H.264 High Profile / Level 4.1 (or HEVC/H.265
    Main Profile / Level 5.1 with ``hevc``)."""
    ds = _base(US_MULTIFRAME, HEVCMP51 if hevc else MPEG4HP41, patient_id,
               description)
    ds.Rows, ds.Columns = height, width
    ds.PhotometricInterpretation = "YBR_PARTIAL_420"  # PS3.5 8.2.8: the stream's own colour
    ds.LossyImageCompression = "01"
    ds.LossyImageCompressionMethod = "ISO_23008_2" if hevc else "ISO_14496_10"
    _timing(ds, frames, fps)
    ds.PixelData = encapsulate([h264_stream(frames, fps, width, height, hevc)])
    ds["PixelData"].VR = "OB"
    path = directory / "us_video.dcm"
    ds.save_as(path, enforce_file_format=True)
    return path


def make_cine(directory: Path, frames: int = 30, fps: int = 15, width: int = 160,
              height: int = 120, patient_id: str = "P-US-2",
              description: str = "超声心动图 心尖四腔") -> Path:
    """A native RGB US Multi-frame cine loop recorded at ``fps`` frames per second."""
    ds = _base(US_MULTIFRAME, ExplicitVRLittleEndian, patient_id, description)
    ds.Rows, ds.Columns = height, width
    ds.PhotometricInterpretation = "RGB"
    _timing(ds, frames, fps)
    ds.PixelData = np.stack([picture(i, frames, width, height)
                             for i in range(frames)]).tobytes()
    ds["PixelData"].VR = "OB"
    path = directory / "us_cine.dcm"
    ds.save_as(path, enforce_file_format=True)
    return path

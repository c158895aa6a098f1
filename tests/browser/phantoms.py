"""Generated CT/DX phantoms with known geometry (pydicom), for the viewer's tests and
benchmark: a 0.5 mm pixel CT with a uniform 100 HU square in air, stacked along z."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

SIZE = 256
SPACING = 0.5  # mm per pixel, rows and columns
INSIDE = (64, 192)  # the 100 HU square: rows and columns [64, 192)
DX_STORAGE = "1.2.840.10008.5.1.4.1.1.1.1"


def ct_pixels(index: int = 0, size: int = SIZE) -> np.ndarray:
    """Stored values (intercept −1024): air −1000 HU, the square 100 HU, a slice marker."""
    px = np.full((size, size), 24, dtype=np.int16)
    lo, hi = INSIDE
    px[lo:hi, lo:hi] = 1124
    px[8:16, 8 + (index % 30) * 8: 16 + (index % 30) * 8] = 2024  # differs per slice
    return px


def _base(study: str, series: str, patient_id: str, date: str, size: int = SIZE) -> Dataset:
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientName, ds.PatientID = "体模^测试", patient_id
    ds.PatientBirthDate, ds.PatientSex = "19700101", "M"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.StudyDate, ds.StudyTime, ds.StudyID = date, "090000", "1"
    ds.AccessionNumber, ds.ReferringPhysicianName = "", ""
    ds.SeriesNumber, ds.Manufacturer = 1, "Phantom"
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows = ds.Columns = size
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    return ds


def _save(ds: Dataset, sop_class: str, path: Path) -> Path:
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, generate_uid()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = sop_class, ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.save_as(path, enforce_file_format=True)
    return path


def write_ct(folder: Path, slices: int, *, patient_id: str = "PH-1", date: str = "20261129",
             z0: float = 0.0, dz: float = 5.0, study: str | None = None,
             size: int = SIZE) -> tuple[str, list[Path]]:
    """A CT series of ``slices`` axial images at z = z0 + i·dz; (study UID, files)."""
    folder.mkdir(parents=True, exist_ok=True)
    study, series = study or generate_uid(), generate_uid()
    frame_of_reference = generate_uid()
    files = []
    for i in range(slices):
        ds = _base(study, series, patient_id, date, size)
        ds.Modality, ds.SeriesDescription = "CT", "Phantom axial"
        ds.InstanceNumber = i + 1
        ds.ImagePositionPatient = [0.0, 0.0, z0 + i * dz]
        ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
        ds.FrameOfReferenceUID = frame_of_reference
        ds.PixelSpacing, ds.SliceThickness = [SPACING, SPACING], dz
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
        ds.WindowCenter, ds.WindowWidth = 40, 400
        ds.PixelData = ct_pixels(i, size).tobytes()
        files.append(_save(ds, CTImageStorage, folder / f"ct{i:04d}.dcm"))
    return study, files


def write_dx(folder: Path, *, imager_spacing: bool) -> Path:
    """One DX image with Imager Pixel Spacing only (or no spacing at all)."""
    folder.mkdir(parents=True, exist_ok=True)
    ds = _base(generate_uid(), generate_uid(), "PH-DX", "20261129")
    ds.Modality, ds.InstanceNumber = "DX", 1
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 12, 11, 0
    if imager_spacing:
        ds.ImagerPixelSpacing = [0.2, 0.2]
    ds.PixelData = (np.arange(SIZE * SIZE, dtype=np.uint16) % 4096).tobytes()
    return _save(ds, DX_STORAGE, folder / "dx.dcm")

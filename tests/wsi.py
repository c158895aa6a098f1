"""A generated whole-slide image (VL Whole Slide Microscopy Image Storage) for the tests: a
pyramid of levels, each one instance, TILED_FULL, JPEG baseline tiles encoded by Pillow from
a synthetic stained-tissue picture (pink and purple blobs on white, as H&E looks)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
from pydicom.uid import (
    JPEG2000,
    JPEGBaseline8Bit,
    VLWholeSlideMicroscopyImageStorage,
    generate_uid,
)

TILE = 256


def tissue(size: int, seed: int = 7) -> np.ndarray:
    """An RGB picture of ``size``² pixels: stained cells on a pale background."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    img = np.full((size, size, 3), 245, np.float32)
    for _ in range(size // 8):
        cx, cy, r = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(4, size / 40 + 6)
        blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[..., None]
        color = np.array([120, 60, 160] if rng.random() < 0.4 else [230, 140, 180], np.float32)
        img = img * (1 - 0.8 * blob) + color * 0.8 * blob
    return img.clip(0, 255).astype(np.uint8)


def _tiles(picture: np.ndarray, j2k: bool = False) -> list[bytes]:
    rows, cols = picture.shape[0] // TILE, picture.shape[1] // TILE
    out = []
    for r in range(rows):  # TILED_FULL: row by row, left to right
        for c in range(cols):
            buf = io.BytesIO()
            tile = Image.fromarray(picture[r * TILE:(r + 1) * TILE, c * TILE:(c + 1) * TILE])
            if j2k:  # a JPEG 2000 codestream (no JP2 box), irreversible: YBR_ICT
                tile.save(buf, format="JPEG2000", no_jp2=True, irreversible=True,
                          quality_mode="rates", quality_layers=[10])
            else:
                tile.save(buf, format="JPEG", quality=85)
            out.append(buf.getvalue())
    return out


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def make_slide(directory: Path, base: int = 1024, levels: int = 3,
               description: str = "胃窦活检", patient_id: str = "P-PATH-1",
               j2k: bool = False, planes: int = 1) -> list[Path]:
    """The pyramid's instances (largest first), one file per level, under ``directory``;
    JPEG 2000 tiles with ``j2k`` (as some scanners and converters write them); ``planes``
    focal planes (a Z-stack: the planes after the first are black, so a viewer showing the
    wrong one is seen)."""
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    # drawn at up to 1024², then enlarged: a large base level costs no more to make
    picture = tissue(min(base, 1024))
    if base > 1024:
        picture = np.asarray(Image.fromarray(picture).resize((base, base), Image.BICUBIC))
    paths = []
    for level in range(levels):
        size = base >> level
        level_pic = np.asarray(Image.fromarray(picture).resize((size, size), Image.LANCZOS))
        tiles = _tiles(level_pic, j2k)
        # TILED_FULL: every tile of the first plane, then every tile of the next
        tiles += _tiles(np.zeros_like(level_pic), j2k) * (planes - 1)
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.MediaStorageSOPClassUID = VLWholeSlideMicroscopyImageStorage
        ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.file_meta.TransferSyntaxUID = JPEG2000 if j2k else JPEGBaseline8Bit
        ds.SOPClassUID, ds.SOPInstanceUID = (VLWholeSlideMicroscopyImageStorage,
                                             ds.file_meta.MediaStorageSOPInstanceUID)
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.Modality, ds.SpecificCharacterSet = "SM", "ISO_IR 192"
        ds.PatientID, ds.PatientName, ds.PatientBirthDate, ds.PatientSex = (
            patient_id, "赵^敏", "19700305", "F")
        ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "20261207", "101500", "PA-0001"
        ds.StudyDescription = ds.SeriesDescription = description
        ds.ImageType = (["ORIGINAL", "PRIMARY", "VOLUME", "NONE"] if level == 0
                        else ["DERIVED", "PRIMARY", "VOLUME", "RESAMPLED"])
        ds.InstanceNumber, ds.SeriesNumber = level + 1, 1
        ds.DimensionOrganizationType = "TILED_FULL"
        ds.TotalPixelMatrixColumns = ds.TotalPixelMatrixRows = size
        ds.TotalPixelMatrixFocalPlanes, ds.NumberOfOpticalPaths = planes, 1
        ds.Rows = ds.Columns = TILE
        ds.NumberOfFrames = len(tiles)
        ds.SamplesPerPixel = 3
        ds.PhotometricInterpretation = "YBR_ICT" if j2k else "YBR_FULL_422"
        ds.PlanarConfiguration, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 0, 8, 8, 7
        ds.PixelRepresentation = 0
        ds.LossyImageCompression = "01"
        ds.LossyImageCompressionMethod = "ISO_15444_1" if j2k else "ISO_10918_1"
        ds.ImagedVolumeWidth = ds.ImagedVolumeHeight = 10.0  # mm
        ds.ImagedVolumeDepth = 0.004
        measures = Dataset()
        spacing = 10.0 / size
        measures.PixelSpacing, measures.SliceThickness = [spacing, spacing], 0.004
        shared = Dataset()
        shared.PixelMeasuresSequence = Sequence([measures])
        ds.SharedFunctionalGroupsSequence = Sequence([shared])
        origin = Dataset()
        origin.XOffsetInSlideCoordinateSystem, origin.YOffsetInSlideCoordinateSystem = 20.0, 40.0
        ds.TotalPixelMatrixOriginSequence = Sequence([origin])
        ds.ImageOrientationSlide = [0, -1, 0, -1, 0, 0]  # rows along -X, columns along -Y
        ds.ContainerIdentifier = "SLIDE-1"
        path_item = Dataset()
        path_item.OpticalPathIdentifier = "1"
        path_item.IlluminationTypeCodeSequence = Sequence([_code("111744", "DCM",
                                                                 "Brightfield illumination")])
        path_item.IlluminationColorCodeSequence = Sequence([_code("414298005", "SCT",
                                                                  "Full Spectrum")])
        ds.OpticalPathSequence = Sequence([path_item])
        ds.PixelData = encapsulate(tiles)
        ds["PixelData"].VR = "OB"
        path = directory / f"level{level}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths

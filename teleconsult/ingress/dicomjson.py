"""The DICOM JSON model (PS3.18 F.2): study/series/instance summaries and full metadata.

Study-level facts are read from the stored headers (pixel data is never loaded); text that
pydicom may mis-decode (Chinese names in GB18030, ISO 2022 IR 58, mislabelled charsets) goes
through ``dicom.charset.decode_text`` with the clinic's fallback charset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydicom import dcmread
from pydicom.dataset import Dataset

from dicom.charset import TextPolicy
from dicom.fields import UnreadableDataset, read_header, text_of
from dicom.json_model import JsonEncoder, pn_groups
from teleconsult.core.numbers import strict_int
from teleconsult.settings.model import Clinic

_DEFER = 64 * 1024  # values above this are read only when needed (bulk data never)
_PATIENT_NAME = 0x00100010


def text_policy(clinic: Clinic | None) -> TextPolicy | None:
    """How to read a clinic's text (its fallback charset, whether its labels are trusted)."""
    if clinic is None:
        return None
    return TextPolicy(clinic.fallback_charset, clinic.charset_mislabelled)


def element(vr: str, *values: Any) -> dict:
    """One DICOM JSON attribute; empty values give an attribute with no "Value"."""
    vals = [v for v in values if v not in (None, "")]
    return {"vr": vr, "Value": vals} if vals else {"vr": vr}


def _str(ds: Dataset, keyword: str) -> str:
    try:
        value = ds.get(keyword)
    except (ValueError, TypeError, KeyError):
        return ""
    return "" if value is None else str(value).strip("\x00 ")


@dataclass
class InstanceInfo:
    path: Path
    series_uid: str
    sop_uid: str
    sop_class_uid: str = ""
    instance_number: str = ""
    rows: int | None = None
    columns: int | None = None
    frames: int | None = None


@dataclass
class SeriesInfo:
    uid: str
    modality: str = ""
    number: str = ""
    description: str = ""
    files: list[Path] = field(default_factory=list)


@dataclass
class StudyInfo:
    uid: str
    clinic: str
    patient_id: str = ""
    patient_name: str = ""
    birth_date: str = ""
    sex: str = ""
    date: str = ""
    time: str = ""
    accession: str = ""
    description: str = ""
    series: list[SeriesInfo] = field(default_factory=list)

    @property
    def modalities(self) -> list[str]:
        return sorted({s.modality for s in self.series if s.modality})

    @property
    def instance_count(self) -> int:
        return sum(len(s.files) for s in self.series)


def study_info(study_uid: str, clinic: str, files: list[Path],
               fallback: str | TextPolicy | None = None) -> StudyInfo | None:
    """Read one header per series (the first readable one); None when nothing is readable."""
    info = StudyInfo(study_uid, clinic)
    by_series: dict[str, list[Path]] = {}
    for f in files:
        by_series.setdefault(f.parent.name, []).append(f)
    first = None
    for series_uid, paths in sorted(by_series.items()):
        series = SeriesInfo(series_uid, files=paths)
        ds = _first_header(paths)
        if ds is not None:
            first = first or ds
            series.modality = _str(ds, "Modality").upper()
            series.number = _str(ds, "SeriesNumber")
            series.description = text_of(ds, 0x0008103E, fallback)
        info.series.append(series)
    if first is None:
        return None
    info.patient_id = _str(first, "PatientID")
    info.patient_name = text_of(first, _PATIENT_NAME, fallback)
    info.birth_date, info.sex = _str(first, "PatientBirthDate"), _str(first, "PatientSex")
    info.date, info.time = _str(first, "StudyDate"), _str(first, "StudyTime")
    info.accession = _str(first, "AccessionNumber")
    info.description = text_of(first, 0x00081030, fallback)
    return info


def _first_header(paths: list[Path]) -> Dataset | None:
    for p in paths:
        try:
            return read_header(p)
        except UnreadableDataset:
            continue
    return None


def instance_info(path: Path) -> InstanceInfo | None:
    try:
        ds = read_header(path)
    except UnreadableDataset:
        return None
    try:
        frames: int | None = strict_int(_str(ds, "NumberOfFrames").strip(), "NumberOfFrames")
    except ValueError:
        frames = None
    return InstanceInfo(path, path.parent.name, path.stem, _str(ds, "SOPClassUID"),
                        _str(ds, "InstanceNumber"), ds.get("Rows"), ds.get("Columns"), frames)


def _study_base(s: StudyInfo) -> dict:
    return {
        "00080005": element("CS", "ISO_IR 192"),
        "00080020": element("DA", s.date),
        "00080030": element("TM", s.time),
        "00080050": element("SH", s.accession),
        "00081030": element("LO", s.description),
        "00100010": element("PN", pn_groups(s.patient_name) or None),
        "00100020": element("LO", s.patient_id),
        "00100030": element("DA", s.birth_date),
        "00100040": element("CS", s.sex),
        "0020000D": element("UI", s.uid),
    }


def study_json(s: StudyInfo, retrieve_url: str) -> dict:
    out = _study_base(s)
    out.update({
        "00080061": element("CS", *s.modalities),
        "00081190": element("UR", retrieve_url),
        "00201206": element("IS", len(s.series)),
        "00201208": element("IS", s.instance_count),
    })
    return out


def series_json(s: StudyInfo, series: SeriesInfo, retrieve_url: str) -> dict:
    out = _study_base(s)
    out.update({
        "00080060": element("CS", series.modality),
        "0008103E": element("LO", series.description),
        "00081190": element("UR", retrieve_url),
        "0020000E": element("UI", series.uid),
        "00200011": element("IS", series.number),
        "00201209": element("IS", len(series.files)),
    })
    return out


def instance_json(s: StudyInfo, series: SeriesInfo, inst: InstanceInfo,
                  retrieve_url: str) -> dict:
    out = _study_base(s)
    out.update({
        "00080016": element("UI", inst.sop_class_uid),
        "00080018": element("UI", inst.sop_uid),
        "00080060": element("CS", series.modality),
        "00081190": element("UR", retrieve_url),
        "0020000E": element("UI", series.uid),
        "00200013": element("IS", inst.instance_number),
        "00280008": element("IS", inst.frames),
        "00280010": element("US", inst.rows),
        "00280011": element("US", inst.columns),
    })
    return out


def metadata(path: Path, bulk_uri: str, fallback: str | TextPolicy | None = None) -> dict:
    """The instance's full header as DICOM JSON; large binary values become BulkDataURIs."""
    ds = dcmread(path, defer_size=_DEFER, force=True)
    out = JsonEncoder(ds, bulk_uri, fallback).dataset(ds)
    if "00080005" in out:
        out["00080005"] = element("CS", "ISO_IR 192")  # JSON text is always Unicode
    return dict(sorted(out.items()))

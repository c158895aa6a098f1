"""Patient and study fields a case needs, pulled from a dataset header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.filereader import read_partial

from dicom.charset import TextPolicy, decode_text, display_name

_TEXT_TAGS = {
    "PatientName": 0x00100010,
    "StudyDescription": 0x00081030,
    "SeriesDescription": 0x0008103E,
    "RequestedProcedureDescription": 0x00321060,
    "ReasonForTheRequestedProcedure": 0x00401002,
    "AdmittingDiagnosesDescription": 0x00081080,
    "InstitutionName": 0x00080080,
    "BodyPartExamined": 0x00180015,
    "ReferringPhysicianName": 0x00080090,
    "ReasonForVisit": 0x00321066,
}


class UnreadableDataset(ValueError):
    """The bytes are not a DICOM dataset we can read a header from."""


def read_header(path: Path) -> Dataset:
    """Read everything before the pixel data; big values stay on disk."""
    try:
        return dcmread(path, stop_before_pixels=True, defer_size=64 * 1024, force=True)
    except (InvalidDicomError, EOFError, ValueError, OSError, KeyError, TypeError,
            AttributeError, OverflowError, NotImplementedError) as exc:
        raise UnreadableDataset(f"cannot parse DICOM header: {exc}") from exc


def _past_identity(tag, vr, length) -> bool:  # noqa: ANN001 - pydicom's callback shape
    return tag > 0x0020000E  # SeriesInstanceUID: every identifier ingest needs is before it


def read_identity(path: Path) -> Dataset:
    """Read only up to the Series Instance UID: all that ingest needs, and much faster."""
    try:
        with open(path, "rb") as f:
            return read_partial(f, stop_when=_past_identity, defer_size=4096, force=True)
    except (InvalidDicomError, EOFError, ValueError, OSError, KeyError, TypeError,
            AttributeError, OverflowError, NotImplementedError) as exc:
        raise UnreadableDataset(f"cannot parse DICOM header: {exc}") from exc


def text_of(ds: Dataset, tag: int, fallback: str | TextPolicy | None,
            charset: object = None) -> str:
    """A text attribute decoded with the file's charset (``charset`` for a sequence item,
    which inherits its dataset's), or the clinic's fallback."""
    try:
        elem = ds.get_item(tag)
    except (KeyError, ValueError, TypeError):
        return ""
    if elem is None or elem.value is None:
        return ""
    value = elem.value
    if isinstance(value, bytes):
        charset = ds.get("SpecificCharacterSet") or charset
        return decode_text(value, charset, fallback).strip("\x00 ")
    return str(value).strip("\x00 ")


def _str(ds: Dataset, keyword: str) -> str:
    try:
        value = ds.get(keyword)
    except (ValueError, TypeError, KeyError):
        return ""
    if value is None:
        return ""
    if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
        return "\\".join(str(v) for v in value)
    return str(value).strip()


def _other_ids(ds: Dataset) -> list[dict[str, str]]:
    out = []
    try:
        for item in ds.get("OtherPatientIDsSequence") or []:
            out.append({"id": _str(item, "PatientID"), "issuer": _str(item, "IssuerOfPatientID")})
    except (ValueError, TypeError, KeyError):
        pass
    return [o for o in out if o["id"]]


def _requested_reason(ds: Dataset, fallback: str | TextPolicy | None) -> str:
    """(0040,1002) where the General Series module puts it: Request Attributes Sequence."""
    try:
        items = ds.get("RequestAttributesSequence") or []
        charset = ds.get("SpecificCharacterSet")
        return next((r for r in (text_of(i, 0x00401002, fallback, charset) for i in items)
                     if r), "")
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""


def summarize(ds: Dataset, fallback_charset: str | TextPolicy | None = None) -> dict[str, Any]:
    """The JSON-safe fields a case record and worklist need."""
    name_raw = text_of(ds, _TEXT_TAGS["PatientName"], fallback_charset)
    name, alphabetic = display_name(name_raw)
    text = {k: text_of(ds, t, fallback_charset) for k, t in _TEXT_TAGS.items()
            if k != "PatientName"}
    modality = _str(ds, "Modality").upper() or "OT"
    return {
        "patient": {
            "id": _str(ds, "PatientID"),
            "name": name,
            "name_alphabetic": alphabetic,
            "sex": _str(ds, "PatientSex").upper()[:1] or "",
            "birth_date": _iso_date(_str(ds, "PatientBirthDate")),
            "issuer": _str(ds, "IssuerOfPatientID"),
            "other_ids": _other_ids(ds),
        },
        "study_instance_uid": _str(ds, "StudyInstanceUID"),
        "study_date": _iso_date(_str(ds, "StudyDate")),
        "study_time": _str(ds, "StudyTime"),
        "accession_number": _str(ds, "AccessionNumber"),
        "modality": modality,
        "study_description": text["StudyDescription"],
        "body_part": text["BodyPartExamined"],
        "reason": text["ReasonForTheRequestedProcedure"] or _requested_reason(ds, fallback_charset)
        or text["RequestedProcedureDescription"] or text["ReasonForVisit"],
        "institution": text["InstitutionName"],
        "referring_physician": display_name(text["ReferringPhysicianName"])[0],
        # the PN itself (components and groups), for the SR/KOS we write back
        "referring_physician_pn": text["ReferringPhysicianName"].strip(),
        "requested_priority": _str(ds, "RequestedProcedurePriority").upper(),
    }


def _iso_date(da: str) -> str:
    da = da.strip()
    if len(da) == 8 and da.isascii() and da.isdigit():
        return f"{da[:4]}-{da[4:6]}-{da[6:]}"
    return da

"""A signed report version as a DICOM Basic Text SR (PS3.3 A.35.1), built deterministically.

The same report version always yields the same bytes: UIDs are derived from the report id
and every timestamp comes from the signing time. So a retried C-STORE or a second worker
storing it with the study sends *the same instance*, never a second one.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE

from dicom.status import is_success

BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
SR_MODALITY = "SR"
_MANUFACTURER = "Teleconsult"
LOCAL_SCHEME = "99TELECONSULT"
# Document titles (LOINC): an ECG case's report is not a "Diagnostic Imaging Report"
_TITLES = {"ECG": ("11524-6", "EKG study")}
_DEFAULT_TITLE = ("18748-4", "Diagnostic Imaging Report")


def uid_for(*parts: str) -> str:
    """A stable 2.25 UID (PS3.5 B.2) for the given parts: same parts, same UID."""
    digest = hashlib.sha256("\x00".join(("teleconsult", *parts)).encode()).digest()
    return f"2.25.{int.from_bytes(digest[:16], 'big')}"


def study_id_for(study_uid: str) -> str:
    """A stable Study ID (SH, 16 characters) for a study that came without one."""
    return hashlib.sha256(study_uid.encode()).hexdigest()[:16].upper()


def pn_form(name: str) -> str:
    """A single-component name written as a family name (``王小东^``): without any ``^`` it
    is the retired free-text PN form that validators warn about."""
    return "=".join(g + "^" if g and "^" not in g else g for g in name.split("="))


def coding_schemes() -> list[Dataset]:
    """CodingSchemeIdentificationSequence declaring our private scheme (PS3.3 C.12.1)."""
    item = Dataset()
    item.CodingSchemeDesignator = LOCAL_SCHEME
    item.CodingSchemeName = "Teleconsult local codes (doctor ids, critical-result flag)"
    item.CodingSchemeResponsibleOrganization = "Teleconsult"
    return [item]


def sr_uids(report: dict) -> tuple[str, str]:
    """(series UID, SOP instance UID): one SR series per case, one instance per version."""
    return uid_for("sr-series", report["case_id"]), uid_for("sr", report["report_id"])


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def _text_item(value: str, scheme: str, meaning: str, text: str) -> Dataset:
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = "TEXT"
    item.ConceptNameCodeSequence = [_code(value, scheme, meaning)]
    item.TextValue = text
    return item


def _evidence(study_uid: str, series: Iterable[dict]) -> list[Dataset]:
    """CurrentRequestedProcedureEvidenceSequence: every image instance of the study."""
    ref_series = []
    for s in series:
        if s.get("modality") == SR_MODALITY or not s.get("sop_class_uid"):
            continue  # our own SR series is the report, not evidence
        item = Dataset()
        item.SeriesInstanceUID = s["series_instance_uid"]
        refs = []
        for sop in s.get("instances", []):
            ref = Dataset()
            ref.ReferencedSOPClassUID = s["sop_class_uid"]
            ref.ReferencedSOPInstanceUID = sop
            refs.append(ref)
        item.ReferencedSOPSequence = refs
        if refs:
            ref_series.append(item)
    if not ref_series:
        return []
    study = Dataset()
    study.StudyInstanceUID = study_uid
    study.ReferencedSeriesSequence = ref_series
    return [study]


def _dicom_time(iso: str, tz: ZoneInfo) -> tuple[str, str]:
    """(DA, TM) in the community's time zone from an ISO 8601 UTC timestamp."""
    at = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(tz)
    return at.strftime("%Y%m%d"), at.strftime("%H%M%S")


def _patient_study(ds: Dataset, case: dict) -> None:
    patient, study = case.get("patient", {}), case.get("study", {})
    ds.PatientName = pn_form(patient.get("name", ""))
    ds.PatientID = patient.get("id", "")
    if patient.get("issuer"):
        ds.IssuerOfPatientID = patient["issuer"]
    ds.PatientBirthDate = patient.get("birth_date", "").replace("-", "")
    ds.PatientSex = patient.get("sex", "")
    ds.StudyInstanceUID = case["study_instance_uid"]
    ds.StudyDate = study.get("study_date", "").replace("-", "")
    ds.StudyTime = study.get("study_time", "")
    # the PN as received (Family^Given=表意^名; a record from before it was kept: its display
    # form), a one-word group made a family name: never the retired free-text form
    ds.ReferringPhysicianName = pn_form(study.get("referring_physician_pn")
                                        or study.get("referring_physician", ""))
    ds.StudyID = study.get("study_id") or study_id_for(case["study_instance_uid"])
    ds.AccessionNumber = study.get("accession_number", "")


def _verification(ds: Dataset, report: dict, organisation: str, date: str, time: str) -> None:
    """Preliminary Flag and Verification Flag from the report's stage: a preliminary is
    PRELIMINARY / UNVERIFIED (no verifier); a final is FINAL / VERIFIED by its reviewer (or
    by its writer when nobody had to review it)."""
    ds.CompletionFlag = "COMPLETE"
    if report.get("stage") == "preliminary":
        ds.PreliminaryFlag = "PRELIMINARY"
        ds.VerificationFlag = "UNVERIFIED"
        return
    ds.PreliminaryFlag = "FINAL"
    ds.VerificationFlag = "VERIFIED"
    who = report.get("reviewed_by") or report["signed_by"]
    name = (report.get("reviewed_by_name") if report.get("reviewed_by")
            else report.get("signed_by_name")) or who
    observer = Dataset()
    observer.VerifyingObserverName = pn_form(name)
    observer.VerifyingObserverIdentificationCodeSequence = [_code(who, LOCAL_SCHEME, name)]
    observer.VerifyingOrganization = organisation
    # the final is signed when it is verified: its content date-time is the verification's
    observer.VerificationDateTime = date + time
    ds.VerifyingObserverSequence = [observer]


def document(report: dict, case: dict, *, sop_class: str, uids: tuple[str, str],
             modality: str, series: tuple[int, str], organisation: str, tz: ZoneInfo
             ) -> tuple[Dataset, str, str]:
    """The patient/study/series/equipment part of an SR-family document we make for a report
    version (SR, KOS); (dataset, content date, content time)."""
    series_uid, sop_uid = uids
    date, time = _dicom_time(report["signed_at"], tz)
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.InstanceCreationDate, ds.InstanceCreationTime = date, time
    _patient_study(ds, case)
    ds.Modality = modality
    ds.SeriesInstanceUID, (ds.SeriesNumber, ds.SeriesDescription) = series_uid, series
    ds.ReferencedPerformedProcedureStepSequence = []
    ds.Manufacturer = _MANUFACTURER
    ds.InstitutionName = organisation
    ds.InstanceNumber = report["version"]
    ds.ContentDate, ds.ContentTime = date, time
    return ds, date, time


def build_sr(report: dict, case: dict, *, organisation: str, tz: ZoneInfo,
             predecessor: dict | None = None) -> Dataset:
    """The SR for one signed report version of ``case`` (its record with ``series``)."""
    series_uid, sop_uid = sr_uids(report)
    ds, date, time = document(report, case, sop_class=BASIC_TEXT_SR, uids=(series_uid, sop_uid),
                              modality=SR_MODALITY, series=(9000, "Teleconsult report"),
                              organisation=organisation, tz=tz)
    _verification(ds, report, organisation, date, time)
    ds.PerformedProcedureCodeSequence = []
    evidence = _evidence(case["study_instance_uid"], case.get("series", []))
    if evidence:
        ds.CurrentRequestedProcedureEvidenceSequence = evidence
    if predecessor is not None:
        ds.PredecessorDocumentsSequence = _evidence(
            case["study_instance_uid"], [{"series_instance_uid": series_uid,
                                          "sop_class_uid": BASIC_TEXT_SR,
                                          "instances": [sr_uids(predecessor)[1]]}])
    ds.CodingSchemeIdentificationSequence = coding_schemes()
    ds.ValueType = "CONTAINER"
    title = _TITLES.get(str(case.get("modality", "")).upper(), _DEFAULT_TITLE)
    ds.ConceptNameCodeSequence = [_code(title[0], "LN", title[1])]
    ds.ContinuityOfContent = "SEPARATE"
    ds.ContentSequence = _content(report)
    return ds


def _content(report: dict) -> list[Dataset]:
    items = []
    if report.get("findings"):
        items.append(_text_item("121071", "DCM", "Finding", report["findings"]))
    if report.get("impression"):
        items.append(_text_item("121073", "DCM", "Impression", report["impression"]))
    if report.get("critical"):
        items.append(_text_item("CRITICAL", LOCAL_SCHEME, "Critical result",
                                "危急值 / critical result: acknowledgement required"))
    return items + _measurement_items(report)


# concept names of the quantities a reader measures (SNOMED CT / DICOM), as coded text:
# Basic Text SR has no NUM items, so each value is a TEXT item with its unit in the text
_MEASURED = {"length": ("410668003", "SCT", "Length"), "angle": ("1483009", "SCT", "Angle"),
             "ellipse": ("42798000", "SCT", "Area"), "rectangle": ("42798000", "SCT", "Area"),
             "probe": ("112031", "DCM", "Attenuation Coefficient")}


def _measurement_items(report: dict) -> list[Dataset]:
    """A TEXT item per measurement and an IMAGE item per key image of the report."""
    items = [_text_item(*_MEASURED.get(m.get("kind", ""), ("121071", "DCM", "Finding")),
                        m.get("text", "")[:1000])
             for m in report.get("measurements", []) if m.get("text")]
    for k in report.get("key_images", []):
        item = image_item(k)
        item.ConceptNameCodeSequence = [_code("121080", "DCM", "Best illustration of finding")]
        items.append(item)
    return items


def image_item(key: dict) -> Dataset:
    """A CONTAINS/IMAGE content item referencing one key image (``sop_class``, ``sop``,
    ``frame``; a frame number only past the first, as it is unknown whether the
    instance has more than one)."""
    ref = Dataset()
    ref.ReferencedSOPClassUID = key["sop_class"]
    ref.ReferencedSOPInstanceUID = key["sop"]
    if key.get("frame", 1) > 1:
        ref.ReferencedFrameNumber = key["frame"]
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = "IMAGE"
    item.ReferencedSOPSequence = [ref]
    return item


def to_bytes(ds: Dataset) -> bytes:
    """Part 10 file bytes, explicit VR little endian."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    # fixed, not pydicom's (which carries its version): an upgrade must not change the bytes
    meta.ImplementationClassUID = uid_for("implementation-class")
    meta.ImplementationVersionName = "TELECONSULT_1"
    ds.file_meta = meta
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def sr_bytes(report: dict, case: dict, **kwargs: Any) -> bytes:
    return to_bytes(build_sr(report, case, **kwargs))


class SendFailed(Exception):
    """The receiving AE did not take the SR; the message is safe to log (no patient data)."""


def send(path: Path, host: str, port: int, called_ae: str, calling_ae: str,
         timeout: float = 30) -> None:
    """C-STORE one stored SR file, as it is on disk, to a clinic's AE; raise ``SendFailed``."""
    ae = AE(ae_title=calling_ae)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = timeout
    ae.add_requested_context(BASIC_TEXT_SR, [ExplicitVRLittleEndian, ImplicitVRLittleEndian])
    try:
        assoc = ae.associate(host, port, ae_title=called_ae)
    except (OSError, ValueError) as exc:
        raise SendFailed(f"cannot connect to {called_ae}@{host}:{port}: {exc}") from None
    if not assoc.is_established:
        raise SendFailed(f"association with {called_ae}@{host}:{port} rejected or refused")
    try:
        status = assoc.send_c_store(path)
    except (ValueError, AttributeError, OSError, RuntimeError) as exc:
        raise SendFailed(f"C-STORE to {called_ae} failed: {exc}") from None
    finally:
        if assoc.is_established:
            assoc.release()
    code = getattr(status, "Status", None)
    if code is None:
        raise SendFailed(f"no C-STORE response from {called_ae} (timeout or connection lost)")
    if not is_success(code):
        raise SendFailed(f"{called_ae} answered status 0x{code:04X}")

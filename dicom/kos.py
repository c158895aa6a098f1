"""Key images of a signed report as a DICOM Key Object Selection Document (PS3.3 A.35.4,
TID 2010), built deterministically like the SR: the same report version always yields the
same UIDs and bytes, so archiving it twice stores it once.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydicom.dataset import Dataset

from dicom.sr import _code, _text_item, document, image_item, to_bytes, uid_for

KOS = "1.2.840.10008.5.1.4.1.1.88.59"
KOS_MODALITY = "KO"
# CID 7010 "Key Object Selection Document Title": (113000, DCM, "Of Interest")
_TITLE = ("113000", "DCM", "Of Interest")


def kos_uids(report: dict) -> tuple[str, str]:
    """(series UID, SOP instance UID): one KO series per case, one instance per version."""
    return uid_for("kos-series", report["case_id"]), uid_for("kos", report["report_id"])


def _evidence(study_uid: str, keys: list[dict]) -> list[Dataset]:
    """CurrentRequestedProcedureEvidenceSequence: every referenced instance, by series."""
    by_series: dict[str, list[Dataset]] = {}
    for key in keys:
        ref = Dataset()
        ref.ReferencedSOPClassUID = key["sop_class"]
        ref.ReferencedSOPInstanceUID = key["sop"]
        refs = by_series.setdefault(key["series"], [])
        if all(r.ReferencedSOPInstanceUID != key["sop"] for r in refs):
            refs.append(ref)
    series = []
    for series_uid, refs in by_series.items():
        item = Dataset()
        item.SeriesInstanceUID = series_uid
        item.ReferencedSOPSequence = refs
        series.append(item)
    study = Dataset()
    study.StudyInstanceUID = study_uid
    study.ReferencedSeriesSequence = series
    return [study]


def build_kos(report: dict, case: dict, *, organisation: str, tz: ZoneInfo) -> Dataset:
    """The KOS for one signed report version with ``key_images`` (each with ``sop_class``)."""
    keys = report["key_images"]
    ds, _, _ = document(report, case, sop_class=KOS, uids=kos_uids(report),
                        modality=KOS_MODALITY, series=(9001, "Teleconsult key images"),
                        organisation=organisation, tz=tz)
    ds.CurrentRequestedProcedureEvidenceSequence = _evidence(case["study_instance_uid"], keys)
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = [_code(*_TITLE)]
    ds.ContinuityOfContent = "SEPARATE"
    template = Dataset()
    template.MappingResource, template.TemplateIdentifier = "DCMR", "2010"
    ds.ContentTemplateSequence = [template]
    signer = report.get("signed_by_name") or report["signed_by"]
    description = _text_item("113012", "DCM", "Key Object Description",
                             f"Key images of report {report['report_id']} ({signer})")
    ds.ContentSequence = [description, *(image_item(k) for k in keys)]
    return ds


def kos_bytes(report: dict, case: dict, **kwargs: object) -> bytes:
    return to_bytes(build_kos(report, case, **kwargs))  # type: ignore[arg-type]

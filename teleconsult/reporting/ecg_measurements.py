"""A case's automatic ECG measurements: computed once per ECG instance, kept as a file.

The numbers come from ``dicom.ecg_measure`` (median beat) and ``dicom.ecg_stemi`` (the STEMI
flag); this module only reads the instance and keeps the result beside the case record
(``cases/<id>/ecg-measurements.json``), keyed by the instance and the algorithm version, so
a request never recomputes and a changed algorithm does.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset

from dicom.ecg import device_measurements, waveform_leads
from dicom.ecg_measure import ALGORITHM, empty, measure
from dicom.ecg_stemi import FLAG_TEXT, age_years, flag
from dicom.fields import UnreadableDataset, read_header
from teleconsult.store.files import Storage

log = logging.getLogger(__name__)
ECG_CLASSES = {"1.2.840.10008.5.1.4.1.1.9.1.1", "1.2.840.10008.5.1.4.1.1.9.1.2",
               "1.2.840.10008.5.1.4.1.1.9.1.3"}  # 12-lead, general, ambulatory
CACHE_NAME = "ecg-measurements.json"
STEMI_FLAG = "stemi_suspected"
# cart measurement names (CID 3466 meanings) → our field names
_DEVICE = {"Ventricular Heart Rate": "hr_bpm", "PR Interval": "pr_ms", "QRS Duration": "qrs_ms",
           "QT Interval": "qt_ms", "QTc Interval": "qtc_ms", "RR Interval": "rr_ms",
           "P Axis": "p_axis_deg", "QRS Axis": "qrs_axis_deg", "T Axis": "t_axis_deg"}


def first_ecg(files: list[Path]) -> Path | None:
    """The first ECG waveform instance among a study's files."""
    for path in files:
        try:
            if str(read_header(path).get("SOPClassUID", "")) in ECG_CLASSES:
                return path
        except UnreadableDataset:
            continue
    return None


def _date(value: object) -> date | None:
    text = str(value or "").strip()[:8]
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None


def patient_sex_age(ds: Dataset) -> tuple[str, float | None]:
    """PatientSex, and the age from PatientAge or birth date against the study date."""
    on = _date(ds.get("StudyDate")) or _date(ds.get("ContentDate")) or _date(
        ds.get("AcquisitionDateTime"))
    age = age_years(_date(ds.get("PatientBirthDate")), on, str(ds.get("PatientAge") or ""))
    return str(ds.get("PatientSex") or "").strip().upper()[:1], age


def device_values(ds: Dataset) -> dict[str, float]:
    """The cart's own measurements under our field names (zeros mean 'not measured')."""
    out = {}
    for name, item in device_measurements(ds).items():
        if name in _DEVICE and float(item["value"]):
            out[_DEVICE[name]] = float(item["value"])
    if "hr_bpm" not in out and out.get("rr_ms"):
        out["hr_bpm"] = round(60000 / out["rr_ms"])
    return out


def compute(path: Path, ds: Dataset | None = None) -> dict:
    """The API body for one ECG instance (runs in a thread: reads and computes). ``ds`` is
    the instance's header when the caller has read it (the waveform data may be deferred)."""
    ds = dcmread(path, force=True) if ds is None else ds
    try:
        fs, leads = waveform_leads(ds)
        result = measure(leads, fs)
    except (ValueError, AttributeError, KeyError) as exc:
        log.warning("ECG %s cannot be measured: %s", path.stem, exc)
        result = empty()
    sex, age = patient_sex_age(ds)
    result["stemi"] = flag(result, sex, age)
    result.pop("morphology", None)
    result["source"] = "computed"
    result["device"] = device_values(ds)
    result["sop_instance_uid"] = path.stem
    result["algorithm"] = ALGORITHM
    return result


def cached(storage: Storage, case_id: str, study_uid: str,
           ecg: tuple[Path, Dataset] | None = None) -> dict | None:
    """The case's measurements from its file, computed and written first if missing or
    stale; None when the study has no ECG waveform. ``ecg`` is the study's first ECG
    instance and its header when the caller has them (the assembler reads every series')."""
    path, header = ecg or (first_ecg(storage.study_files(study_uid)), None)
    if path is None:
        return None
    cache = storage.case_dir(case_id) / CACHE_NAME
    if cache.exists():
        try:
            kept = storage.read_json(cache)
            if kept.get("sop_instance_uid") == path.stem and kept.get("algorithm") == ALGORITHM:
                return kept
        except ValueError:
            pass  # a file we cannot parse is recomputed, never trusted
    result = compute(path, header)
    storage.write_json(cache, result)
    return result


def machine_flags(result: dict | None) -> list[dict]:
    """What a case record carries for its worklist row: the STEMI suspicion, if any."""
    if not result or not result.get("stemi", {}).get("suspected"):
        return []
    stemi = result["stemi"]
    return [{"code": STEMI_FLAG, "text": FLAG_TEXT, "priority": "stat",
             "leads": stemi["leads"], "criterion": stemi.get("criterion"),
             "criteria": stemi.get("criteria", ""),
             "mimics_considered": stemi.get("mimics_considered", [])}]

"""ECG traces: the clinic JSON upload ⇄ a DICOM ECG waveform instance, and what a reader needs.

Amplitudes are µV throughout. Each channel is stored as int16 with an integer sensitivity
(µV per unit) of ``max(1, ceil(maxabs / 32767))``: 1 µV resolution for every physiological
trace (±32.7 mV), coarser only for the saturated/artefact traces that need it, so the
round trip is exact to within half a sensitivity step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian, generate_uid

from dicom.sr import pn_form, study_id_for

TWELVE_LEAD_ECG = "1.2.840.10008.5.1.4.1.1.9.1.1"
GENERAL_ECG = "1.2.840.10008.5.1.4.1.1.9.1.2"
STANDARD_LEADS = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")
PRIORITIES = ("stat", "urgent", "routine")
MAX_SENSITIVITY_UV = 10  # so the accepted range is ±327 mV; anything beyond is not an ECG
MAX_ABS_UV = 32767 * MAX_SENSITIVITY_UV
TWELVE_LEAD_MAX_SAMPLES = 16384  # 12-lead IOD content constraint (PS3.3 A.34.3.4)

# CID 3001 (ECG Leads): MDC code → (lead, code meaning). SCP-ECG "5.6.3-9-N" uses the same N.
_MDC = {"2:1": ("I", "Lead I"), "2:2": ("II", "Lead II"), "2:61": ("III", "Lead III"),
        "2:62": ("aVR", "aVR, augmented voltage, right"),
        "2:63": ("aVL", "aVL, augmented voltage, left"),
        "2:64": ("aVF", "aVF, augmented voltage, foot"),
        **{f"2:{n + 2}": (f"V{n}", f"Lead V{n}") for n in range(1, 7)}}
_CODE_FOR_LEAD = {lead: (code, meaning) for code, (lead, meaning) in _MDC.items()}
_LABEL_LEADS = {lead.lower(): lead for lead in STANDARD_LEADS}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidEcg(ValueError):
    """The upload is not an ECG we accept; ``field`` names the offending JSON field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class EcgPatient:
    id: str
    name: str = ""
    sex: str = ""
    birth_date: date | None = None


@dataclass(frozen=True, eq=False)
class EcgUpload:
    patient: EcgPatient
    sampling_rate_hz: float
    leads: Mapping[str, np.ndarray]  # standard order, read-only float64 µV arrays
    priority: str | None = None
    clinical_note: str = ""
    study_description: str = ""

    @property
    def samples(self) -> int:
        return len(next(iter(self.leads.values())))


def _text(obj: dict, key: str, name: str, limit: int, required: bool = False) -> str:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidEcg(name, f"{name} must be a string")
    value = (value or "").strip()
    if not value and required:
        raise InvalidEcg(name, f"{name} is required")
    if len(value) > limit or ("\\" in value and limit <= 64):
        raise InvalidEcg(name, f"{name} must be at most {limit} characters, without '\\'")
    return value


def _patient(obj: object) -> EcgPatient:
    if not isinstance(obj, dict):
        raise InvalidEcg("patient", "patient must be an object with at least an id")
    sex = _text(obj, "sex", "patient.sex", 1).upper()
    if sex and sex not in ("M", "F", "O"):
        raise InvalidEcg("patient.sex", "patient.sex must be M, F or O")
    raw_birth = _text(obj, "birth_date", "patient.birth_date", 10)
    try:
        birth = date.fromisoformat(raw_birth) if raw_birth else None
        if raw_birth and not _DATE.fullmatch(raw_birth):
            raise ValueError(raw_birth)
    except ValueError:
        raise InvalidEcg("patient.birth_date", "patient.birth_date must be YYYY-MM-DD") from None
    return EcgPatient(id=_text(obj, "id", "patient.id", 64, required=True),
                      name=_text(obj, "name", "patient.name", 64), sex=sex, birth_date=birth)


def _lead_array(name: str, values: object) -> np.ndarray:
    where = f"leads.{name}"
    if name not in STANDARD_LEADS:
        known = ", ".join(STANDARD_LEADS)
        raise InvalidEcg(where, f"unknown lead {name!r}; expected some of {known}")
    if not isinstance(values, list) or not values:
        raise InvalidEcg(where, f"lead {name} must be a non-empty array of numbers (µV)")
    if not all(type(v) in (int, float) for v in values):
        raise InvalidEcg(where, f"lead {name} must contain only numbers (µV)")
    arr = np.asarray(values, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise InvalidEcg(where, f"lead {name} contains NaN or infinite values")
    if np.abs(arr).max() > MAX_ABS_UV:
        raise InvalidEcg(where, f"lead {name} exceeds ±{MAX_ABS_UV} µV")
    arr.setflags(write=False)
    return arr


def _leads(obj: object, fs: float) -> Mapping[str, np.ndarray]:
    if not isinstance(obj, dict) or not obj:
        raise InvalidEcg("leads", "leads must be an object mapping lead names to µV arrays")
    arrays = {name: _lead_array(str(name), values) for name, values in obj.items()}
    lengths = {len(a) for a in arrays.values()}
    if len(lengths) > 1:
        name = next(n for n, a in arrays.items() if len(a) != len(next(iter(arrays.values()))))
        raise InvalidEcg(f"leads.{name}", "all leads must have the same number of samples")
    duration = lengths.pop() / fs
    if not 1 <= duration <= 60:
        raise InvalidEcg("leads", f"trace lasts {duration:g} s; it must last 1–60 s")
    return MappingProxyType({name: arrays[name] for name in STANDARD_LEADS if name in arrays})


def parse_upload(obj: object) -> EcgUpload:
    """Validate the ``POST /api/v1/ecg`` JSON; raise InvalidEcg on the first problem."""
    if not isinstance(obj, dict):
        raise InvalidEcg("body", "the body must be a JSON object")
    patient = _patient(obj.get("patient"))
    fs = obj.get("sampling_rate_hz")
    if type(fs) not in (int, float) or not 200 <= fs <= 1000:
        raise InvalidEcg("sampling_rate_hz", "sampling_rate_hz must be a number from 200 to 1000")
    leads = _leads(obj.get("leads"), float(fs))
    priority = obj.get("priority")
    if priority is not None and priority not in PRIORITIES:
        raise InvalidEcg("priority", "priority must be stat, urgent or routine")
    return EcgUpload(patient=patient, sampling_rate_hz=float(fs), leads=leads, priority=priority,
                     clinical_note=_text(obj, "clinical_note", "clinical_note", 2000),
                     study_description=_text(obj, "study_description", "study_description", 64))


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def _channel(lead: str, sensitivity: int) -> Dataset:
    ch = Dataset()
    ch.ChannelLabel = lead
    code, meaning = _CODE_FOR_LEAD[lead]
    ch.ChannelSourceSequence = Sequence([_code(code, "MDC", meaning)])
    ch.ChannelSensitivity = str(sensitivity)
    ch.ChannelSensitivityUnitsSequence = Sequence([_code("uV", "UCUM", "microvolt")])
    ch.ChannelSensitivityCorrectionFactor = "1"
    ch.ChannelBaseline = "0"
    ch.ChannelSampleSkew = "0"
    ch.WaveformBitsStored = 16
    return ch


def _multiplex_group(upload: EcgUpload) -> Dataset:
    arrays = list(upload.leads.values())
    sensitivities = [max(1, math.ceil(float(np.abs(a).max()) / 32767)) for a in arrays]
    raw = np.stack([np.rint(a / s) for a, s in zip(arrays, sensitivities, strict=True)], axis=1)
    group = Dataset()
    group.MultiplexGroupLabel = "RHYTHM"
    group.WaveformOriginality = "ORIGINAL"
    group.NumberOfWaveformChannels = len(upload.leads)
    group.NumberOfWaveformSamples = upload.samples
    group.SamplingFrequency = f"{upload.sampling_rate_hz:g}"
    group.ChannelDefinitionSequence = Sequence(
        [_channel(lead, s) for lead, s in zip(upload.leads, sensitivities, strict=True)])
    group.WaveformBitsAllocated = 16
    group.WaveformSampleInterpretation = "SS"
    # Interleaved: sample 1 of every channel, then sample 2 …
    group.WaveformData = np.clip(raw, -32768, 32767).astype("<i2").tobytes()
    return group


def _stamp(ds: Dataset, now: datetime) -> None:
    day, clock = now.strftime("%Y%m%d"), now.strftime("%H%M%S")
    ds.InstanceCreationDate = ds.StudyDate = ds.SeriesDate = ds.ContentDate = day
    ds.InstanceCreationTime = ds.StudyTime = ds.SeriesTime = ds.ContentTime = clock
    ds.AcquisitionDateTime = now.strftime("%Y%m%d%H%M%S") + now.strftime("%z")
    if now.utcoffset() is not None:
        ds.TimezoneOffsetFromUTC = now.strftime("%z")


def _patient_study(ds: Dataset, upload: EcgUpload) -> None:
    p = upload.patient
    ds.PatientName = pn_form(p.name)
    ds.PatientID = p.id
    ds.PatientBirthDate = p.birth_date.strftime("%Y%m%d") if p.birth_date else ""
    ds.PatientSex = p.sex
    ds.ReferringPhysicianName = ""

    ds.AccessionNumber = ""
    ds.StudyDescription = upload.study_description or "十二导联心电图"  # shown on Chinese pages
    if upload.clinical_note:
        ds.ReasonForVisit = upload.clinical_note
        # (0040,1002) belongs in the General Series module's Request Attributes Sequence,
        # not at the top level of an ECG (fields.summarize reads it from either place)
        request = Dataset()
        request.ReasonForTheRequestedProcedure = upload.clinical_note.replace("\\", "/")[:64]
        ds.RequestAttributesSequence = Sequence([request])


def build_ecg_dataset(upload: EcgUpload, *, clinic_name: str, study_uid: str | None = None,
                      series_uid: str | None = None, sop_uid: str | None = None,
                      now: datetime) -> Dataset:
    """A DICOM ECG waveform instance (12-lead, or General ECG past 16384 samples)."""
    sop_class = TWELVE_LEAD_ECG if upload.samples <= TWELVE_LEAD_MAX_SAMPLES else GENERAL_ECG
    sop_uid = sop_uid or generate_uid()
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    _stamp(ds, now)
    _patient_study(ds, upload)
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.StudyID = study_id_for(ds.StudyInstanceUID)
    ds.SeriesInstanceUID = series_uid or generate_uid()
    ds.Modality = "ECG"
    ds.SeriesNumber = "1"
    ds.InstanceNumber = "1"
    ds.Manufacturer = "Teleconsult"
    if clinic_name:
        ds.InstitutionName = clinic_name[:64]
    ds.AcquisitionContextSequence = Sequence()
    ds.WaveformSequence = Sequence([_multiplex_group(upload)])
    return ds


def _lead_name(channel: Dataset) -> str | None:
    for source in channel.get("ChannelSourceSequence") or []:
        code = str(source.get("CodeValue", ""))
        numbered = re.fullmatch(r"(?:2:|5\.6\.3-9-)(\d+)", code)
        if numbered and f"2:{numbered[1]}" in _MDC:
            return _MDC[f"2:{numbered[1]}"][0]
        texts = [code.removeprefix("MDC_ECG_LEAD_"), str(source.get("CodeMeaning", ""))]
        for text in texts:
            name = re.sub(r"\(.*\)|^lead\s+|,.*$", "", text.strip(), flags=re.I).strip().lower()
            if name in _LABEL_LEADS:
                return _LABEL_LEADS[name]
    label = str(channel.get("ChannelLabel", "")).strip().lower().removeprefix("lead ").strip()
    return _LABEL_LEADS.get(label)


def _group_rank(group: Dataset) -> tuple[int, bool, int]:
    names = {_lead_name(ch) for ch in group.get("ChannelDefinitionSequence") or []} - {None}
    return len(names), group.get("WaveformOriginality") == "ORIGINAL", \
        int(group.get("NumberOfWaveformSamples") or 0)


def _to_uv(channel: Dataset) -> float:
    units = channel.get("ChannelSensitivityUnitsSequence") or [Dataset()]
    return {"uV": 1.0, "mV": 1e3, "V": 1e6}.get(str(units[0].get("CodeValue", "uV")), 1.0)


def waveform_leads(ds: Dataset) -> tuple[float, dict[str, np.ndarray]]:
    """Sampling rate and lead name → µV trace, from the richest original multiplex group."""
    groups = list(ds.get("WaveformSequence") or [])
    if not groups:
        raise ValueError("the dataset has no Waveform Sequence")
    index = max(range(len(groups)), key=lambda i: _group_rank(groups[i]))
    group, data = groups[index], ds.waveform_array(index)
    leads: dict[str, np.ndarray] = {}
    for j, channel in enumerate(group.ChannelDefinitionSequence):
        name = _lead_name(channel)
        if name and name not in leads:
            leads[name] = data[:, j] * _to_uv(channel)
    ordered = {name: leads[name] for name in STANDARD_LEADS if name in leads}
    return float(group.SamplingFrequency), ordered


def _qrs_energy(leads: Mapping[str, np.ndarray], fs: float) -> np.ndarray:
    """Pan–Tompkins-style: 5–20 Hz band, slope squared, summed over leads, 120 ms window."""
    matrix = np.stack([np.asarray(v, dtype=float) for v in leads.values()])
    n = matrix.shape[1]
    pad = int(fs)  # zero padding keeps the FFT filter's wrap-around off the real edges
    freqs = np.fft.rfftfreq(n + 2 * pad, 1 / fs)
    centered = matrix - np.median(matrix, axis=1, keepdims=True)
    spectrum = np.fft.rfft(np.pad(centered, ((0, 0), (pad, pad))), axis=1)
    spectrum[:, (freqs < 5) | (freqs > 20)] = 0
    band = np.fft.irfft(spectrum, n + 2 * pad, axis=1)[:, pad:pad + n]
    energy = (np.gradient(band, axis=1) ** 2).sum(axis=0)
    width = max(1, int(0.12 * fs))
    return np.convolve(energy, np.ones(width) / width, mode="same")


def qrs_peaks(leads: Mapping[str, np.ndarray], fs: float) -> list[int]:
    """Sample indices of the QRS complexes (energy maxima), in time order."""
    if not leads or fs <= 0:
        return []
    energy = _qrs_energy(leads, fs)
    threshold = 0.3 * np.percentile(energy, 99.5)
    inner = energy[1:-1]
    candidates = np.flatnonzero((inner > energy[:-2]) & (inner >= energy[2:])
                                & (inner > threshold)) + 1
    refractory = 0.25 * fs  # nothing beats faster than 240/min
    peaks: list[int] = []
    for i in candidates[np.argsort(-energy[candidates])]:
        if all(abs(i - p) > refractory for p in peaks):
            peaks.append(int(i))
    return sorted(peaks)


def heart_rate(leads: Mapping[str, np.ndarray], fs: float) -> float | None:
    """Beats per minute from the median R–R interval, or None when no rhythm is found."""
    peaks = qrs_peaks(leads, fs)
    if len(peaks) < 3:
        return None
    return float(60 / (np.median(np.diff(peaks)) / fs))


def device_measurements(ds: Dataset) -> dict[str, dict[str, float | str]]:
    """The cart's own numeric measurements, e.g. {"QRS Duration": {"value": 75, "unit": "ms"}}."""
    out: dict[str, dict[str, float | str]] = {}
    for item in ds.get("WaveformAnnotationSequence") or []:
        names, value = item.get("ConceptNameCodeSequence"), item.get("NumericValue")
        if not names or value in (None, ""):
            continue
        units = item.get("MeasurementUnitsCodeSequence") or [Dataset()]
        try:
            number = float(value[0] if isinstance(value, list | tuple) else value)
        except (TypeError, ValueError):
            continue
        out.setdefault(str(names[0].get("CodeMeaning", "")).strip(),
                       {"value": number, "unit": str(units[0].get("CodeValue", ""))})
    return out


def device_heart_rate(measurements: Mapping[str, Mapping[str, float | str]]) -> float | None:
    """The cart's ventricular rate, or one derived from its R–R interval (ms)."""
    for name in ("Ventricular Heart Rate", "Heart Rate"):
        if name in measurements:
            return float(measurements[name]["value"])
    rr = measurements.get("RR Interval")
    return 60000 / float(rr["value"]) if rr and float(rr["value"]) > 0 else None

"""ECG JSON → DICOM → leads, heart rate, device measurements and the paper rendering."""

from __future__ import annotations

import math
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from dicom.ecg import (
    GENERAL_ECG,
    STANDARD_LEADS,
    TWELVE_LEAD_ECG,
    InvalidEcg,
    build_ecg_dataset,
    device_heart_rate,
    device_measurements,
    heart_rate,
    parse_upload,
    waveform_leads,
)
from dicom.ecg_svg import render_png, render_svg
from dicom.fields import summarize

NOW = datetime(2024, 5, 1, 8, 30, 15, tzinfo=timezone(timedelta(hours=8)))
SVG = "{http://www.w3.org/2000/svg}"
# Per-lead QRS amplitude (µV) and sign, roughly like a normal axis.
GAINS = dict(zip(STANDARD_LEADS, (0.6, 1.0, 0.4, -0.8, 0.2, 0.7, -0.9, -0.5, 0.4, 1.2, 1.4, 1.0),
                 strict=True))


def synthetic_leads(fs: int = 500, seconds: float = 10, bpm: float = 75) -> dict[str, list]:
    """Gaussian QRS spikes and T waves on a wandering, noisy baseline."""
    rng = np.random.default_rng(7)
    t = np.arange(int(fs * seconds)) / fs
    phase = (t % (60 / bpm)) - 0.2
    beat = 1500 * np.exp(-(phase / 0.012) ** 2) + 300 * np.exp(-((phase - 0.25) / 0.05) ** 2)
    out = {}
    for lead, gain in GAINS.items():
        trace = gain * beat + 60 * np.sin(2 * np.pi * 0.3 * t) + rng.normal(0, 15, t.size)
        out[lead] = np.round(trace, 1).tolist()
    return out


def upload_json(**overrides: object) -> dict:
    body = {"patient": {"id": "P-001", "name": "张三", "sex": "M", "birth_date": "1958-03-09"},
            "sampling_rate_hz": 500, "leads": synthetic_leads(), "priority": "stat",
            "clinical_note": "胸痛2小时，伴大汗 chest pain since 06:00"}
    body.update(overrides)
    return body


def write(ds: pydicom.Dataset, path: Path) -> Path:
    ds.save_as(path, enforce_file_format=True)
    return path


def dciodvfy_errors(path: Path) -> list[str]:
    if shutil.which("dciodvfy") is None:
        pytest.skip("dciodvfy (Debian dicom3tools) is not installed")
    run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, timeout=60)
    lines = (run.stdout + run.stderr).splitlines()
    assert any("ECG" in line for line in lines), lines  # it recognised the IOD
    return [line for line in lines if line.startswith("Error")]


@pytest.fixture()
def stored(tmp_path: Path) -> Path:
    ds = build_ecg_dataset(parse_upload(upload_json()), clinic_name="福田镇卫生院", now=NOW)
    return write(ds, tmp_path / "ecg.dcm")


def test_built_instance_is_valid_12_lead_ecg(stored: Path) -> None:
    assert dciodvfy_errors(stored) == []
    ds = pydicom.dcmread(stored)
    assert ds.SOPClassUID == TWELVE_LEAD_ECG
    assert ds.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
    assert ds.SpecificCharacterSet == "ISO_IR 192"
    assert ds.Modality == "ECG"
    group = ds.WaveformSequence[0]
    assert (group.NumberOfWaveformChannels, group.NumberOfWaveformSamples) == (12, 5000)
    codes = [ch.ChannelSourceSequence[0] for ch in group.ChannelDefinitionSequence]
    assert [c.CodeValue for c in codes] == ["2:1", "2:2", "2:61", "2:62", "2:63", "2:64",
                                            "2:3", "2:4", "2:5", "2:6", "2:7", "2:8"]
    assert {c.CodingSchemeDesignator for c in codes} == {"MDC"}


def test_round_trip_within_one_quantisation_step(stored: Path) -> None:
    sent = synthetic_leads()
    fs, leads = waveform_leads(pydicom.dcmread(stored))
    assert fs == 500
    assert list(leads) == list(STANDARD_LEADS)
    for lead, values in sent.items():
        assert np.abs(leads[lead] - np.asarray(values)).max() <= 0.5 + 1e-9, lead


def test_heart_rate_of_synthetic_trace(stored: Path) -> None:
    fs, leads = waveform_leads(pydicom.dcmread(stored))
    assert heart_rate(leads, fs) == pytest.approx(75, abs=2)
    assert heart_rate({"II": leads["II"]}, fs) == pytest.approx(75, abs=2)


def test_large_amplitudes_get_a_coarser_sensitivity(tmp_path: Path) -> None:
    leads = synthetic_leads()
    leads["V2"] = [v * 40 for v in leads["V2"]]  # ~ -30 mV peaks do not fit 1 µV steps
    ds = build_ecg_dataset(parse_upload(upload_json(leads=leads)), clinic_name="c", now=NOW)
    channel = ds.WaveformSequence[0].ChannelDefinitionSequence[7]
    sensitivity = float(channel.ChannelSensitivity)
    assert sensitivity == math.ceil(np.abs(leads["V2"]).max() / 32767) > 1
    _, back = waveform_leads(pydicom.dcmread(write(ds, tmp_path / "big.dcm")))
    assert np.abs(back["V2"] - np.asarray(leads["V2"])).max() <= sensitivity / 2 + 1e-9


def test_long_trace_becomes_general_ecg(tmp_path: Path) -> None:
    body = upload_json(leads=synthetic_leads(seconds=40), sampling_rate_hz=500)
    path = write(build_ecg_dataset(parse_upload(body), clinic_name="c", now=NOW),
                 tmp_path / "long.dcm")
    assert pydicom.dcmread(path).SOPClassUID == GENERAL_ECG
    assert dciodvfy_errors(path) == []


def test_subset_of_leads(tmp_path: Path) -> None:
    leads = {k: v for k, v in synthetic_leads().items() if k in ("I", "II", "V5")}
    path = write(build_ecg_dataset(parse_upload(upload_json(leads=leads)), clinic_name="c",
                                   now=NOW), tmp_path / "three.dcm")
    assert dciodvfy_errors(path) == []
    fs, back = waveform_leads(pydicom.dcmread(path))
    assert list(back) == ["I", "II", "V5"]
    assert heart_rate(back, fs) == pytest.approx(75, abs=2)


def test_chinese_text_survives(stored: Path) -> None:
    ds = pydicom.dcmread(stored)
    assert str(ds.PatientName) == "张三^"  # family-name form, not the retired free text
    assert ds.ReasonForVisit == "胸痛2小时，伴大汗 chest pain since 06:00"
    assert ds.InstitutionName == "福田镇卫生院"
    assert ds.PatientBirthDate == "19580309" and ds.PatientSex == "M"
    # A fresh read: summarize() must decode the raw UTF-8 bytes itself.
    summary = summarize(pydicom.dcmread(stored), fallback_charset="GB18030")
    assert summary["patient"]["name"] == "张三"
    assert "胸痛" in summary["reason"]  # what the stat keyword rule reads


def test_given_uids_and_time_are_used() -> None:
    ds = build_ecg_dataset(parse_upload(upload_json()), clinic_name="c", study_uid="1.2.3",
                           series_uid="1.2.3.4", sop_uid="1.2.3.4.5", now=NOW)
    assert (ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID) == \
        ("1.2.3", "1.2.3.4", "1.2.3.4.5")
    assert ds.file_meta.MediaStorageSOPInstanceUID == "1.2.3.4.5"
    assert (ds.StudyDate, ds.StudyTime) == ("20240501", "083015")
    assert ds.AcquisitionDateTime == "20240501083015+0800"


def test_parse_keeps_the_fields() -> None:
    upload = parse_upload(upload_json(study_description="Resting ECG"))
    assert upload.patient.id == "P-001" and upload.patient.birth_date.year == 1958
    assert upload.priority == "stat" and upload.study_description == "Resting ECG"
    assert upload.samples == 5000 and upload.sampling_rate_hz == 500.0


def _with_patient(**patient: object) -> dict:
    return upload_json(patient={"id": "P-001", **patient})


BAD = [
    ("not an object", ["leads"], "body"),
    ("no patient", upload_json(patient=None), "patient"),
    ("no patient id", upload_json(patient={"name": "x"}), "patient.id"),
    ("blank patient id", _with_patient(id="  "), "patient.id"),
    ("numeric name", _with_patient(name=12), "patient.name"),
    ("bad sex", _with_patient(sex="X"), "patient.sex"),
    ("bad birth date", _with_patient(birth_date="1958-02-30"), "patient.birth_date"),
    ("missing leads", upload_json(leads=None), "leads"),
    ("empty leads", upload_json(leads={}), "leads"),
    ("unknown lead", upload_json(leads={"II": [0.0] * 5000, "V7": [0.0] * 5000}), "leads.V7"),
    ("unequal lengths", upload_json(leads={"I": [0.0] * 5000, "II": [0.0] * 4999}), "leads.II"),
    ("NaN", upload_json(leads={"II": [0.0] * 4999 + [math.nan]}), "leads.II"),
    ("infinity", upload_json(leads={"II": [math.inf] + [0.0] * 4999}), "leads.II"),
    ("strings", upload_json(leads={"II": ["12"] * 5000}), "leads.II"),
    ("booleans", upload_json(leads={"II": [True] * 5000}), "leads.II"),
    ("not a list", upload_json(leads={"II": "0,1,2"}), "leads.II"),
    ("out of range", upload_json(leads={"II": [0.0] * 4999 + [1e9]}), "leads.II"),
    ("rate 50 Hz", upload_json(sampling_rate_hz=50, leads={"II": [0.0] * 500}), "sampling_rate_hz"),
    ("rate as string", upload_json(sampling_rate_hz="500"), "sampling_rate_hz"),
    ("100 s", upload_json(leads={"II": [0.0] * 50_000}), "leads"),
    ("0.5 s", upload_json(leads={"II": [0.0] * 250}), "leads"),
    ("bad priority", upload_json(priority="asap"), "priority"),
    ("long note", upload_json(clinical_note="痛" * 2001), "clinical_note"),
]


@pytest.mark.parametrize(("body", "field"), [(b, f) for _, b, f in BAD],
                         ids=[name for name, _, _ in BAD])
def test_invalid_uploads(body: object, field: str) -> None:
    with pytest.raises(InvalidEcg) as caught:
        parse_upload(body)
    assert caught.value.field == field
    assert str(caught.value)


@pytest.fixture(scope="module")
def mortara() -> pydicom.Dataset:
    return pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))


def test_mortara_leads_and_measurements(mortara: pydicom.Dataset) -> None:
    fs, leads = waveform_leads(mortara)
    assert fs == 1000 and list(leads) == list(STANDARD_LEADS)
    assert all(len(trace) == 10_000 for trace in leads.values())  # the rhythm group, not median
    measured = device_measurements(mortara)
    assert measured["RR Interval"] == {"value": 982.0, "unit": "ms"}
    assert measured["QRS Duration"]["value"] == 75 and measured["PR Interval"]["value"] == 161
    assert measured["QT Interval"]["value"] == 368 and measured["QRS Axis"]["unit"] == "deg"
    device = device_heart_rate(measured)
    assert device == pytest.approx(61.1, abs=0.1)
    assert heart_rate(leads, fs) == pytest.approx(device, abs=3)


def test_no_rhythm_gives_no_rate() -> None:
    assert heart_rate({"II": np.zeros(5000)}, 500) is None
    assert heart_rate({}, 500) is None


def _svg_texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_svg_layout(stored: Path) -> None:
    fs, leads = waveform_leads(pydicom.dcmread(stored))
    svg = render_svg(leads, fs, title="张三 <P-001> & 胸痛", heart_rate=75.2,
                     measurements={"QRS Duration": {"value": 88, "unit": "ms"}})
    root = ET.fromstring(svg)
    assert root.get("viewBox", "").startswith("0 0 ")
    texts = _svg_texts(svg)
    assert texts[0] == "张三 <P-001> & 胸痛"
    assert "HR 75 /min" in texts[1] and "QRS 88 ms" in texts[1]
    assert set(STANDARD_LEADS) <= set(texts) and "II 节律" in texts
    polylines = list(root.iter(f"{SVG}polyline"))
    assert sorted(p.get("data-lead") for p in polylines if p.get("class") == "lead") == \
        sorted(STANDARD_LEADS)
    assert [p.get("data-lead") for p in polylines if p.get("class") == "rhythm"] == ["II"]
    assert len([p for p in polylines if p.get("class") == "calibration"]) == 4
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "grid")
    assert {p.get("class") for p in grid} == {"minor", "major"}


def test_svg_calibration_pulse_is_one_millivolt() -> None:
    svg = render_svg({"II": np.zeros(5000)}, 500)
    pulse = next(p for p in ET.fromstring(svg).iter(f"{SVG}polyline")
                 if p.get("class") == "calibration")
    ys = [float(xy.split(",")[1]) for xy in pulse.get("points", "").split()]
    assert max(ys) - min(ys) == pytest.approx(10)  # 10 mm/mV


def test_svg_and_png_of_mortara(mortara: pydicom.Dataset) -> None:
    fs, leads = waveform_leads(mortara)
    measured = device_measurements(mortara)
    svg = render_svg(leads, fs, title="Mortara", measurements=measured,
                     heart_rate=heart_rate(leads, fs))
    texts = _svg_texts(svg)
    assert "PR 161 ms" in texts[1] and "QRS axis 52°" in texts[1]
    png = render_png(leads, fs, title="张三", measurements=measured, px_per_mm=4)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_svg_strips_characters_xml_forbids() -> None:
    svg = render_svg({"II": np.zeros(1000)}, 500, title="bad\x00\x07 title")
    assert _svg_texts(svg)[0] == "bad title"

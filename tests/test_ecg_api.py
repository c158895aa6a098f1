"""ECG JSON upload → DICOM → STAT case on a cardiologist's worklist → 12-lead sheet."""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET

import orjson
from PIL import Image
from pydicom import dcmread
from test_ecg import synthetic_leads
from test_pipeline import drain

from teleconsult.web.app import create_app
from tests.conftest import ROOT, arrival_count, stored_files

CLINIC = {"Authorization": "Bearer demo-futian"}


def body(**overrides: object) -> dict:
    out = {"patient": {"id": "P-100", "name": "张三", "sex": "M", "birth_date": "1958-03-09"},
           "sampling_rate_hz": 500, "leads": synthetic_leads(500, 10), "priority": "stat",
           "clinical_note": "胸痛"}
    out.update(overrides)
    return out


async def test_upload_becomes_stat_case_and_renders(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    r = await http.post("/api/v1/ecg", json=body(), headers=CLINIC)
    assert r.status == 201, await r.text()
    made = await r.json()
    assert set(made) == {"study_instance_uid", "sop_instance_uid", "case_id"}
    [path] = stored_files(settings)
    ds = dcmread(path)
    assert ds.Modality == "ECG" and ds.SOPInstanceUID == made["sop_instance_uid"]
    assert str(ds.PatientName) == "张三^"  # family-name form, not the retired free text
    await drain(settings)
    items = []
    for doc in ("card-chen", "card-zhao"):
        r = await http.get("/api/v1/worklist", headers={"Authorization": f"Bearer demo-{doc}"})
        items += (await r.json())["items"]
    [item] = items
    assert item["case_id"] == made["case_id"] and item["priority"] == "stat"
    assert item["patient"]["name"] == "张三" and item["clinical_note"] == "胸痛"
    owner = {"Authorization": f"Bearer demo-{item['assigned_to']}"}

    r = await http.get(f"/api/v1/cases/{made['case_id']}/ecg.svg", headers=owner)
    assert r.status == 200 and r.content_type == "image/svg+xml"
    root = ET.fromstring(await r.read())
    leads = {el.get("data-lead") for el in root.iter() if el.get("data-lead")}
    assert {"I", "II", "V6", "aVR"} <= leads
    texts = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert "V1" in texts and "张三" in texts
    r = await http.get(f"/api/v1/cases/{made['case_id']}/ecg.png", headers=CLINIC)
    assert r.status == 200
    assert Image.open(io.BytesIO(await r.read())).format == "PNG"
    for who in ("guandu", "rad-li"):
        r = await http.get(f"/api/v1/cases/{made['case_id']}/ecg.svg",
                           headers={"Authorization": f"Bearer demo-{who}"})
        assert r.status == 403 and (await r.json())["error"]["code"] == "not_yours"


async def _error(r, status: int, code: str | None = None) -> dict:
    assert r.status == status, await r.text()
    payload = await r.json()
    assert set(payload) == {"error"} and payload["error"]["message"]
    if code:
        assert payload["error"]["code"] == code
    return payload["error"]


async def test_bad_uploads_are_refused_and_store_nothing(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    json_h = {**CLINIC, "Content-Type": "application/json"}
    await _error(await http.post("/api/v1/ecg", data=b"{not json", headers=json_h), 400,
                 "invalid_json")
    nan = orjson.dumps(body()).replace(b'"I":[', b'"I":[NaN,', 1)
    await _error(await http.post("/api/v1/ecg", data=nan, headers=json_h), 400, "invalid_json")
    leads = synthetic_leads(500, 10)
    leads["V6"] = leads["V6"][:-10]
    err = await _error(await http.post("/api/v1/ecg", json=body(leads=leads), headers=CLINIC),
                       400, "invalid_ecg")
    assert "leads.V6" in err["message"]
    err = await _error(await http.post("/api/v1/ecg", json=body(sampling_rate_hz=50),
                                       headers=CLINIC), 400, "invalid_ecg")
    assert "sampling_rate_hz" in err["message"]
    big = b'{"leads": {"I": [' + b"1234.5," * (11 * 2**20 // 7) + b"1]}}"
    await _error(await http.post("/api/v1/ecg", data=big, headers=json_h), 413,
                 "payload_too_large")
    await _error(await http.post("/api/v1/ecg", data=b"{}", headers={
        **CLINIC, "Content-Type": "text/plain"}), 415, "unsupported_media_type")
    await _error(await http.post("/api/v1/ecg", json=body()), 401)
    await _error(await http.post("/api/v1/ecg", json=body(),
                                 headers={"Authorization": "Bearer demo-card-chen"}), 403)
    assert stored_files(settings) == [] and arrival_count(settings) == 0
    assert not list((settings.data_dir / "tmp").iterdir())


async def test_ecg_of_unknown_case_is_404(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/cases/c0123456789abcdef/ecg.svg", headers=CLINIC)
    await _error(r, 404)


async def test_the_sample_ecg_for_new_users_is_accepted(settings, aiohttp_client):
    """README's try-it step posts config/samples/ecg.json (issue 25 item 20)."""
    path = ROOT / "config" / "samples" / "ecg.json"
    made = subprocess.run([sys.executable, "scripts/sample_ecg.py"], cwd=ROOT,
                          capture_output=True, check=True, timeout=60).stdout
    assert made == path.read_bytes()  # the file is what the script writes
    http = await aiohttp_client(create_app(settings))
    r = await http.post("/api/v1/ecg", data=path.read_bytes(),
                        headers={**CLINIC, "Content-Type": "application/json"})
    assert r.status == 201, await r.text()
    assert arrival_count(settings) == 1

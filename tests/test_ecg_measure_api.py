"""ECG measurements over HTTP, cached beside the case; a suspected STEMI makes the case STAT
with a machine flag on the worklist row and the case (it signs nothing)."""

from __future__ import annotations

from dataclasses import replace

from pydicom.data import get_testdata_file
from test_pipeline import CT, auth, drain, worklists

from dicom.ecg_stemi import FLAG_TEXT
from dicom.ecg_synth import Beat, direction, synth
from teleconsult.reporting import ecg_measurements
from teleconsult.store import audit
from teleconsult.store.files import case_id_for_study
from teleconsult.web.app import create_app

KEYS = {"hr_bpm", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms", "qtc_fridericia_ms",
        "p_axis_deg", "qrs_axis_deg", "t_axis_deg", "st_deviation_uv", "stemi", "source"}
GUANDU = auth("guandu")  # not an emergency clinic: its ECGs are routine unless flagged


def upload_body(st_uv: float = 0.0, sex: str = "M") -> dict:
    beat = replace(Beat(), st_vector=tuple(st_uv * direction(100, 0.1)))
    trace = synth(beat, hr_bpm=75, fs=500, noise_uv=10, wander_uv=80, seed=7)
    return {"patient": {"id": f"P-{int(st_uv)}", "name": "李四", "sex": sex,
                        "birth_date": "1960-05-01"},
            "sampling_rate_hz": 500, "priority": "routine",
            "leads": {k: [round(float(v)) for v in a] for k, a in trace.leads.items()}}


async def _upload(http, settings, body: dict) -> str:
    r = await http.post("/api/v1/ecg", json=body, headers=GUANDU)
    assert r.status == 201, await r.text()
    case_id = (await r.json())["case_id"]
    await drain(settings)
    return case_id


async def _owner_item(http, case_id: str) -> dict:
    lists = await worklists(http, "card-chen", "card-zhao")
    [item] = [i for items in lists.values() for i in items if i["case_id"] == case_id]
    return item


async def test_suspected_stemi_becomes_stat_with_a_machine_flag(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    case_id = await _upload(http, settings, upload_body(st_uv=300))
    item = await _owner_item(http, case_id)
    assert item["priority"] == "stat"
    [flag] = item["machine_flags"]
    assert flag["text"] == FLAG_TEXT == "疑似 STEMI（机器判读，需医生确认）"
    assert {"II", "III", "aVF"} <= set(flag["leads"])
    owner = auth(item["assigned_to"])
    r = await http.get(f"/api/v1/cases/{case_id}", headers=owner)
    case = await r.json()
    assert case["machine_flags"] == [flag] and case["reports"] == []  # nothing signed
    r = await http.get(f"/api/v1/cases/{case_id}/ecg/measurements", headers=owner)
    assert r.status == 200
    m = await r.json()
    assert set(m) >= KEYS and m["source"] == "computed"
    assert m["stemi"]["suspected"] and m["st_deviation_uv"]["III"] > 200
    assert abs(m["hr_bpm"] - 75) <= 1 and abs(m["pr_ms"] - 160) <= 10
    assert m["device"] == {}  # our own upload carries no cart measurements


async def test_normal_ecg_stays_routine_and_measurements_are_cached(settings, aiohttp_client,
                                                                   monkeypatch):
    http = await aiohttp_client(create_app(settings))
    case_id = await _upload(http, settings, upload_body(st_uv=0))
    item = await _owner_item(http, case_id)
    assert item["priority"] == "routine" and item["machine_flags"] == []
    cache = settings.data_dir / "cases" / case_id / ecg_measurements.CACHE_NAME
    assert cache.exists()  # computed once, when the case was made

    def never(_path):
        raise AssertionError("measurements recomputed")

    monkeypatch.setattr(ecg_measurements, "compute", never)
    r = await http.get(f"/api/v1/cases/{case_id}/ecg/measurements", headers=auth("admin"))
    assert r.status == 200
    m = await r.json()
    assert m["stemi"]["suspected"] is False and m["stemi"]["leads"] == []
    assert m["stemi"]["criterion"] is None and m["stemi"]["conduction"] == "normal"
    assert m["quality"]["measurable"] is True and m["quality"]["excluded"] == []
    assert m["rhythm"]["code"] == "sinus" and m["rhythm"]["confidence"] > 0.5
    assert "200 uV" in m["stemi"]["criteria"]  # a man over 40: V2–V3 ≥ 2 mm
    entries = audit.query(settings.data_dir, who="admin", action="ecg_measurements")
    assert entries[-1]["cases"] == [case_id]
    access = audit.query(settings.data_dir, who="admin", action="access")
    assert access[-1]["ids"] == {"case_id": case_id} and access[-1]["status"] == 200


async def test_who_may_read_measurements(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    case_id = await _upload(http, settings, upload_body())
    owner = (await _owner_item(http, case_id))["assigned_to"]
    other = "card-zhao" if owner == "card-chen" else "card-chen"
    url = f"/api/v1/cases/{case_id}/ecg/measurements"
    case = await (await http.get(f"/api/v1/cases/{case_id}", headers=auth("admin"))).json()
    # a doctor the case was ever assigned to keeps a read-only view (a lease that expired
    # under load hands it on); one it never reached may not read it
    was_theirs = any(h.get("status") == "assigned" and h.get("to") == other
                     for h in case["history"])
    r = await http.get(url, headers=auth(other))
    assert r.status == (200 if was_theirs else 403)
    for who, status, code in (("guandu", 403, "wrong_role"), ("rad-li", 403, "not_yours")):
        r = await http.get(url, headers=auth(who))
        assert r.status == status and (await r.json())["error"]["code"] == code
    r = await http.get(url)
    assert r.status == 401
    r = await http.get("/api/v1/cases/c0123456789abcdef/ecg/measurements", headers=auth(owner))
    assert r.status == 404
    r = await http.get("/api/v1/cases/not-a-case/ecg/measurements", headers=auth(owner))
    assert r.status == 404


async def test_cart_values_beside_ours_and_no_ecg_is_404(settings, store_file,
                                                        aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    ecg = store_file(get_testdata_file("waveform_ecg.dcm"), ae="FUTIAN_ECG")
    ct = store_file(CT, ae="FUTIAN_CT")
    await drain(settings)
    admin = auth("admin")
    r = await http.get(f"/api/v1/cases/{case_id_for_study(ecg.study_uid)}/ecg/measurements",
                       headers=admin)
    m = await r.json()
    assert m["device"]["pr_ms"] == 161 and m["device"]["qrs_axis_deg"] == 52
    assert abs(m["pr_ms"] - 161) <= 10 and not m["stemi"]["suspected"]
    assert "female" in m["stemi"]["criteria"]  # PatientSex F in the file
    r = await http.get(f"/api/v1/cases/{case_id_for_study(ct.study_uid)}/ecg/measurements",
                       headers=admin)
    assert r.status == 404 and (await r.json())["error"]["code"] == "no_ecg"


async def test_openapi_lists_the_measurements(settings, aiohttp_client):
    http = await aiohttp_client(create_app(settings))
    doc = await (await http.get("/api/v1/openapi.json")).json()
    op = doc["paths"]["/api/v1/cases/{case_id}/ecg/measurements"]["get"]
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(schema["required"]) >= KEYS


async def test_unreadable_waveform_still_makes_a_case(settings, store_file, aiohttp_client,
                                                     tmp_path):
    from pydicom import dcmread

    ds = dcmread(get_testdata_file("waveform_ecg.dcm"))
    ds.WaveformSequence[0].WaveformData = ds.WaveformSequence[0].WaveformData[:100]
    bad = tmp_path / "bad.dcm"
    ds.save_as(bad)
    made = store_file(bad, ae="FUTIAN_ECG")
    await drain(settings)
    http = await aiohttp_client(create_app(settings))
    case_id = case_id_for_study(made.study_uid)
    r = await http.get(f"/api/v1/cases/{case_id}", headers=auth("admin"))
    assert r.status == 200 and (await r.json())["machine_flags"] == []
    r = await http.get(f"/api/v1/cases/{case_id}/ecg/measurements", headers=auth("admin"))
    m = await r.json()
    assert r.status == 200 and m["qrs_ms"] is None and m["st_deviation_uv"] == {}
    assert m["device"]["pr_ms"] == 161  # the cart's values are still shown

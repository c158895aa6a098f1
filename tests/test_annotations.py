"""Measurements and key images per reader: the API (rights, fence, bad input, audit), the
signed report's snapshot, its PDF and SR, and the KOS archived with the study."""

from __future__ import annotations

import subprocess

import orjson
import pytest
from pydicom import dcmread
from test_pipeline import auth, drain, one_assigned_case

from dicom.kos import KOS
from teleconsult.reporting import annotations, key_images
from teleconsult.store import audit
from teleconsult.web.app import create_app

URL = "/api/v1/cases/{}/annotations"


def where(record: dict) -> dict:
    series = record["series"][0]
    return {"study": record["study_instance_uid"], "series": series["series_instance_uid"],
            "sop": series["instances"][0], "frame": 1, "image_number": "1"}


def body(record: dict) -> dict:
    at = where(record)
    return {"measurements": [
        {"id": "m1", "kind": "length", **at, "length": 42.5, "unit": "mm",
         "calibration": "pixel_spacing", "cs": {"points": [[0, 0, 0], [1, 1, 0]]}},
        {"id": "m2", "kind": "ellipse", **at, "area": 310.2, "area_unit": "mm²", "mean": 100.0,
         "sd": 0.0, "min": 100, "max": 100, "value_unit": "HU", "calibration": "pixel_spacing"}],
        "key_images": [at, at]}


@pytest.mark.parametrize(("bad", "fragment"), [
    ([], "JSON object"),
    ({"measurements": {}}, "measurements must be a list"),
    ({"measurements": [{"kind": "volume"}]}, "kind must be one of"),
    ({"measurements": [{"kind": "length", "id": "x", "study": "1.2", "series": "1.2",
                        "sop": "../etc", "frame": 1}]}, "sop"),
    ({"measurements": [{"kind": "length", "id": "x", "study": "1.2", "series": "1.2",
                        "sop": "1.2", "frame": 0}]}, "frame"),
    ({"measurements": [{"kind": "length", "id": "x", "study": "1.2", "series": "1.2",
                        "sop": "1.2", "length": float("nan")}]}, "finite"),
    ({"measurements": [{"kind": "probe", "study": "1.2", "series": "1.2", "sop": "1.2"}]},
     "id is missing"),
    ({"key_images": [{"study": "1.2"}]}, "series"),
    ({"key_images": [{}] * (annotations.MAX_KEY_IMAGES + 1)}, "at most"),
])
def test_parse_refuses_bad_documents(bad, fragment):
    with pytest.raises(annotations.InvalidAnnotations, match=fragment):
        annotations.parse(bad)


async def test_owner_saves_reads_and_others_are_refused(settings, store_file, aiohttp_client):
    redis, queue, storage, cid, owner, record = await one_assigned_case(
        settings, store_file, "FUTIAN_CT")
    client = await aiohttp_client(create_app(settings))
    other = "rad-wang" if owner == "rad-li" else "rad-li"
    r = await client.put(URL.format(cid), json=body(record))
    assert r.status == 401
    r = await client.put(URL.format(cid), json=body(record), headers=auth(other))
    assert r.status == 403 and (await r.json())["error"]["code"] == "not_owner"
    r = await client.get(URL.format(cid), headers=auth(other))
    assert r.status == 403
    r = await client.put(URL.format(cid), json={**body(record), "fence": 999},
                         headers=auth(owner))
    assert r.status == 409 and (await r.json())["error"]["code"] == "stale_fence"
    r = await client.put(URL.format(cid), data=b"x" * (annotations.MAX_BODY_BYTES + 10),
                         headers={**auth(owner), "Content-Type": "application/json"})
    assert r.status == 413
    r = await client.put(URL.format(cid), data=b"{}", headers={**auth(owner),
                                                              "Content-Type": "text/plain"})
    assert r.status == 415
    r = await client.put(URL.format(cid), data=b"{nope", headers={
        **auth(owner), "Content-Type": "application/json"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_json"
    r = await client.put(URL.format(cid), json={"measurements": [{"kind": "x"}]},
                         headers=auth(owner))
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_annotations"
    state = await queue.state(cid)
    r = await client.put(URL.format(cid), json={**body(record), "fence": int(state["fence"])},
                         headers=auth(owner))
    assert r.status == 200
    r = await client.get(URL.format(cid), headers=auth(owner))
    doc = await r.json()
    assert [m["id"] for m in doc["measurements"]] == ["m1", "m2"]
    assert len(doc["key_images"]) == 1  # the same image twice is one key image
    on_disk = orjson.loads(annotations.path(storage, cid, owner).read_bytes())
    assert on_disk["measurements"][0]["length"] == 42.5
    r = await client.get(URL.format(cid) + f"?reader={owner}", headers=auth("admin"))
    assert (await r.json())["measurements"][1]["mean"] == 100.0
    r = await client.get(URL.format(cid) + "?reader=../x", headers=auth("admin"))
    assert r.status == 400
    actions = [e["action"] for e in audit.query(settings.data_dir, patient=record["patient"]["id"])]
    assert actions.count("annotations_saved") == 1 and "annotations_read" in actions
    await redis.aclose()


async def test_signed_report_carries_measurements_into_pdf_sr_and_kos(
        settings, store_file, aiohttp_client, tmp_path):
    redis, queue, storage, cid, owner, record = await one_assigned_case(
        settings, store_file, "FUTIAN_CT")
    client = await aiohttp_client(create_app(settings))
    r = await client.put(URL.format(cid), json=body(record), headers=auth(owner))
    assert r.status == 200
    r = await client.post(f"/api/v1/cases/{cid}/report", headers=auth(owner), json={
        "findings": "右肺结节。", "impression": "建议随访。", "critical": False})
    assert r.status == 201
    report = await r.json()
    assert report["measurements"][0]["text"].startswith("长度 Length 42.5 mm")
    assert report["key_images"][0]["sop_class"] == record["series"][0]["sop_class_uid"]
    # later edits do not change the signed version
    r = await client.put(URL.format(cid), json={"measurements": []}, headers=auth(owner))
    assert r.status == 200
    r = await client.get(f"/api/v1/reports/{report['report_id']}.pdf", headers=auth("futian"))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(await r.read())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "42.5 mm" in text and "均值 Mean 100 HU" in text and "关键图像" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                            text=True).stdout.splitlines()[2:]
    assert len(images) >= 1
    r = await client.get(f"/api/v1/reports/{report['report_id']}.dcm", headers=auth("futian"))
    sr = dcmread(__import__("io").BytesIO(await r.read()))
    texts = [i.get("TextValue", "") for i in sr.ContentSequence]
    assert any("42.5 mm" in t for t in texts)
    assert any(i.ValueType == "IMAGE" for i in sr.ContentSequence)
    await drain(settings, 0)  # the delivery worker archives the SR and the KOS
    path = key_images.kos_path(storage, report)
    assert path.exists()
    ko = dcmread(path)
    assert ko.SOPClassUID == KOS and ko.Modality == "KO"
    refs = [i.ReferencedSOPSequence[0].ReferencedSOPInstanceUID for i in ko.ContentSequence
            if i.ValueType == "IMAGE"]
    assert refs == [record["series"][0]["instances"][0]]
    check = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
    assert "Error" not in check.stdout + check.stderr, check.stdout + check.stderr
    await redis.aclose()

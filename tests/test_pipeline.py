"""Arrival → case → assignment → report, with the real Redis and workers in burst mode."""

import asyncio
import time

import orjson
import pytest
import redis
import redis.asyncio as aioredis
from pydicom.data import get_charset_files, get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.admin.reindex import reindex
from teleconsult.reporting import signing
from teleconsult.store import keys
from teleconsult.web.app import create_app
from workers.context import WorkerContext
from workers.runner import Worker

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")


def later(seconds: float = 3600):
    return lambda: time.time() + seconds


async def go_online(client, settings, doctors=None) -> None:
    """As if the doctors had polled their worklists (presence lasts presence_seconds).

    By default every doctor but the residents and experts: the tests written before
    two-level reporting route to the attendings; a test of reviews names its doctors."""
    if doctors is None:
        doctors = [d.id for d in settings.doctors.values()
                   if d.title != "resident" and not d.expert]
    for d in doctors:
        await client.set(keys.online(d), "1", ex=settings.routing.presence_seconds)


async def drain(settings, *offsets: float, name: str = "t", online: bool = True):
    """Run the workers in burst mode at each clock offset (seconds from now) in turn.

    The default (0, 3600) notes the arrivals now and then passes every stability window.
    With ``online`` every doctor counts as present, as if polling their worklists.
    """
    client = aioredis.Redis.from_url(settings.redis_target().url)
    if online:
        await go_online(client, settings)
    try:
        for offset in offsets or (0, 3600):
            await Worker(WorkerContext.create(settings, client, later(offset), name)).run(
                burst=True)
    finally:
        await client.aclose()


def auth(who):
    return {"Authorization": f"Bearer demo-{who}"}


async def worklists(client, *doctors):
    out = {}
    for d in doctors:
        r = await client.get("/api/v1/worklist", headers=auth(d))
        assert r.status == 200
        out[d] = (await r.json())["items"]
    return out


async def test_ct_to_radiologist_ecg_to_cardiologist_report_to_clinic(settings, store_file,
                                                                      aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    store_file(ECG, "FUTIAN_ECG")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang", "card-chen", "card-zhao")
    rad = lists["rad-li"] + lists["rad-wang"]
    card = lists["card-chen"] + lists["card-zhao"]
    assert [i["modality"] for i in rad] == ["CT"]
    assert [i["modality"] for i in card] == ["ECG"]
    item = rad[0]
    for field in ("case_id", "study_instance_uid", "patient", "modality", "specialty",
                  "priority", "clinic", "received_at", "due_at", "status", "assigned_to"):
        assert field in item
    assert item["status"] == "assigned" and item["clinic"] == "futian"
    assert item["patient"]["id"] == "1CT1" and item["priority"] == "routine"
    doctor = item["assigned_to"]

    # another doctor may not act on it
    other = "rad-wang" if doctor == "rad-li" else "rad-li"
    r = await client.post(f"/api/v1/cases/{item['case_id']}/claim", headers=auth(other))
    assert r.status == 403 and (await r.json())["error"]["code"] == "not_owner"

    r = await client.post(f"/api/v1/cases/{item['case_id']}/claim", headers=auth(doctor))
    assert r.status == 200 and (await r.json())["status"] == "in_review"
    r = await client.post(f"/api/v1/cases/{item['case_id']}/report", headers=auth(doctor),
                          json={"findings": "双肺纹理清晰。", "impression": "未见异常",
                                "critical": False})
    assert r.status == 201, await r.text()
    report = await r.json()
    assert report["version"] == 1 and report["signed_by"] == doctor

    r = await client.get("/api/v1/reports?since=0", headers=auth("futian"))
    feed = await r.json()
    assert [x["report_id"] for x in feed["reports"]] == [report["report_id"]]
    assert feed["reports"][0]["impression"] == "未见异常"
    r = await client.get(f"/api/v1/reports?since={feed['next']}", headers=auth("futian"))
    assert (await r.json())["reports"] == []
    for clinic in ("guandu", "miaoyu"):
        r = await client.get("/api/v1/reports?since=0", headers=auth(clinic))
        assert (await r.json())["reports"] == []
        r = await client.get(f"/api/v1/reports/{report['report_id']}", headers=auth(clinic))
        assert r.status == 403
        r = await client.get(f"/api/v1/cases/{item['case_id']}", headers=auth(clinic))
        assert r.status == 403
    r = await client.get(f"/api/v1/cases/{item['case_id']}", headers=auth("futian"))
    case = await r.json()
    assert case["status"] == "reported"
    assert [h["status"] for h in case["history"]] == ["queued", "assigned", "in_review",
                                                      "reported"]
    assert case["series"] and case["series"][0]["instance_count"] == 1
    # the worklist no longer carries the reported case
    lists = await worklists(client, doctor)
    assert lists[doctor] == []


async def test_amendment_makes_a_new_version_and_keeps_the_old(settings, store_file,
                                                               aiohttp_client):
    store_file(CT, "MIAOYU_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    item = (lists["rad-li"] + lists["rad-wang"])[0]
    doc = item["assigned_to"]
    url = f"/api/v1/cases/{item['case_id']}/report"
    r1 = await client.post(url, headers=auth(doc), json={"impression": "first"})
    r2 = await client.post(url, headers=auth(doc), json={"impression": "amended"})
    assert r1.status == 201 and r2.status == 201
    assert (await r2.json())["version"] == 2
    r = await client.get("/api/v1/reports", headers=auth("miaoyu"))
    assert [x["impression"] for x in (await r.json())["reports"]] == ["first", "amended"]


async def test_chinese_names_in_the_worklist(settings, store_file, aiohttp_client):
    for path in get_charset_files("chrX*"):
        # the charset samples carry no modality a router understands: give them CT
        store_file(path, "GUANDU_DR", Modality="CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    names = sorted(i["patient"]["name"] for i in lists["rad-li"] + lists["rad-wang"])
    assert names == ["王小东", "王小東"]


async def test_gb18030_mislabelled_as_latin1_uses_clinic_fallback(settings, store_file,
                                                                  aiohttp_client):
    from pydicom import dcmread

    ds = dcmread(get_charset_files("chrX2.dcm")[0])
    tmp = settings.data_dir / "mislabelled.dcm"
    raw = "李^小明".encode("gb18030")
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.Modality = "CT"
    ds.PatientName = raw  # bytes are written as they are, like the township machine does
    ds.save_as(tmp)
    assert raw in tmp.read_bytes()
    store_file(tmp, "GUANDU_DR")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    assert [i["patient"]["name"] for i in lists["rad-li"] + lists["rad-wang"]] == ["李小明"]


async def test_identical_resend_is_stored_once(settings, store_file):
    first = store_file(CT)
    second = store_file(CT)
    assert first.new and not second.new
    files = list((settings.data_dir / "instances").rglob("*.dcm"))
    assert len(files) == 1
    r = redis.Redis.from_url(settings.redis_target().url)
    assert r.xlen(keys.ARRIVALS) == 1


async def test_stability_window_waits_for_the_last_instance(settings, store_file):
    store_file(CT, "FUTIAN_CT")
    await drain(settings, 0)  # CT window is 5 s: not yet a case
    r = redis.Redis.from_url(settings.redis_target().url)
    assert r.zcard(keys.PENDING_STUDIES) == 1
    assert list(settings.data_dir.glob("cases/*/case.json")) == []
    await drain(settings, 10)
    assert r.zcard(keys.PENDING_STUDIES) == 0
    assert len(list(settings.data_dir.glob("cases/*/case.json"))) == 1


async def test_many_routers_never_assign_twice(settings):
    """4 concurrent workers over 600 queued cases: every case exactly one owner."""
    from teleconsult.cases.priority import queue_score
    from teleconsult.cases.record import build_case
    from teleconsult.routing.queue import CaseQueue
    from teleconsult.store.files import Storage, case_id_for_study

    storage = Storage(settings.data_dir)
    client = aioredis.Redis.from_url(settings.redis_target().url)
    q = CaseQueue(client)
    n = 600
    for i in range(n):
        study = {"study_instance_uid": generate_uid(), "modality": "CT" if i % 2 else "ECG",
                 "patient": {"id": f"P{i}"}}
        rec = build_case(case_id_for_study(study["study_instance_uid"]), study, "futian",
                         settings, time.time() + i, time.time())
        storage.write_case(rec)
        await q.enqueue(rec, queue_score(rec["priority"], rec["received_at"]),
                        rec["due_at"])
    # capacity 30/40 per doctor means not all fit: the rest must stay queued, not vanish
    await go_online(client, settings)
    contexts = [WorkerContext.create(settings, aioredis.Redis.from_url(settings.redis_target().url),
                                     time.time, f"r{i}") for i in range(4)]
    from workers.router import route_once

    made = await asyncio.gather(*(route_once(c) for c in contexts))
    owners: dict[str, str] = {}
    for d in settings.doctors:
        for cid in await client.zrange(keys.doctor_cases(d), 0, -1):
            assert cid not in owners, f"{cid} assigned twice"
            owners[cid] = d
    queued = sum([await client.zcard(keys.queue(s)) for s in ("radiology", "cardiology")])
    assert len(owners) == sum(made) > 0
    assert len(owners) + queued == n
    history_assigned = sum(  # status lines (STATs beyond one a doctor also widen: events)
        1 for cid in storage.iter_case_ids() for h in storage.history(cid)
        if h.get("status") == "assigned")
    assert history_assigned == len(owners)
    for c in contexts:
        await c.redis.aclose()
    await client.aclose()


async def store_mixed_studies(settings, store_file) -> None:
    """A CT, an ECG and the Chinese-name charset samples (as CT), each made a case."""
    store_file(CT, "FUTIAN_CT")
    store_file(ECG, "FUTIAN_ECG")
    for path in get_charset_files("chrX*"):
        store_file(path, "GUANDU_DR", Modality="CT")
    await drain(settings)


async def test_flushall_then_reindex_restores_worklists(settings, store_file, aiohttp_client):
    await store_mixed_studies(settings, store_file)
    client = await aiohttp_client(create_app(settings))
    doctors = list(settings.doctors)
    before = await worklists(client, *doctors)
    case = next(i for items in before.values() for i in items if i["modality"] == "ECG")
    r = await client.post(f"/api/v1/cases/{case['case_id']}/report",
                          headers=auth(case["assigned_to"]), json={"impression": "窦性心律"})
    assert r.status == 201
    before = await worklists(client, *doctors)
    sync = redis.Redis.from_url(settings.redis_target().url)
    sync.flushall()
    assert (await worklists(client, *doctors)) == {d: [] for d in doctors}
    result = reindex(settings, sync)
    assert result.cases == 4 and result.reports == 1
    after = await worklists(client, *doctors)
    assert after == before
    r = await client.get("/api/v1/reports", headers=auth("futian"))
    assert [x["impression"] for x in (await r.json())["reports"]] == ["窦性心律"]


async def test_lease_expiry_returns_case_to_queue(settings, store_file):
    store_file(CT, "FUTIAN_CT")
    await drain(settings, 0, 10)
    r = redis.Redis.from_url(settings.redis_target().url)
    owners = [d for d in settings.doctors if r.zcard(keys.doctor_cases(d))]
    assert len(owners) == 1
    # an hour + the routine lease later nobody opened it: requeued then reassigned
    await drain(settings, 10 + 3600 + 61)
    from teleconsult.store.files import Storage

    storage = Storage(settings.data_dir)
    (cid,) = list(storage.iter_case_ids())
    statuses = [h["status"] for h in storage.history(cid)]
    assert statuses[:4] == ["queued", "assigned", "queued", "assigned"]
    assert storage.history(cid)[2]["reason"] == "lease_expired"


@pytest.mark.parametrize("path,method", [
    ("/api/v1/worklist", "get"), ("/api/v1/reports", "get"),
    ("/api/v1/cases/c0000000000000000", "get"),
])
async def test_auth_errors_use_the_json_shape(settings, aiohttp_client, path, method):
    client = await aiohttp_client(create_app(settings))
    r = await getattr(client, method)(path)
    assert r.status == 401
    body = await r.json()
    assert body["error"]["code"] == "missing_token" and body["error"]["message"]
    r = await getattr(client, method)(path, headers={"Authorization": "Bearer nope"})
    assert r.status == 401 and (await r.json())["error"]["code"] == "invalid_token"


async def test_clinic_sees_todays_studies_and_supervisor_the_turnaround(settings, store_file,
                                                                        aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    store_file(ECG, "FUTIAN_ECG")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    r = await client.get("/api/v1/clinic/cases", headers=auth("futian"))
    body = await r.json()
    assert r.status == 200 and sorted(c["modality"] for c in body["cases"]) == ["CT", "ECG"]
    assert all(c["status"] == "assigned" and c["assigned_to"] for c in body["cases"])
    ecg = next(c for c in body["cases"] if c["modality"] == "ECG")
    r = await client.post(f"/api/v1/cases/{ecg['case_id']}/report",
                          headers=auth(ecg["assigned_to"]), json={"impression": "正常心电图"})
    assert r.status == 201
    r = await client.get("/api/v1/clinic/cases", headers=auth("futian"))
    ecg = next(c for c in (await r.json())["cases"] if c["modality"] == "ECG")
    assert ecg["status"] == "reported" and ecg["reports"] == [f"{ecg['case_id']}-v1"]
    r = await client.get("/api/v1/clinic/cases", headers=auth("guandu"))
    assert (await r.json())["cases"] == []
    r = await client.get("/api/v1/clinic/cases?date=yesterday", headers=auth("futian"))
    assert r.status == 400 and (await r.json())["error"]["code"] == "invalid_date"
    r = await client.get("/api/v1/clinic/cases", headers=auth("rad-li"))
    assert r.status == 403
    r = await client.get("/api/v1/admin/overview", headers=auth("admin"))
    (point,) = (await r.json())["turnaround_today"]
    assert point["case_id"] == ecg["case_id"] and point["minutes"] >= 0


async def one_assigned_case(settings, store_file, ae: str):
    """CT_small pushed by ``ae`` and routed: (redis, queue, storage, case id, owner, record)."""
    from teleconsult.routing.queue import CaseQueue
    from teleconsult.store.files import Storage

    store_file(CT, ae)
    await drain(settings)
    client = aioredis.Redis.from_url(settings.redis_target().url)
    queue, storage = CaseQueue(client), Storage(settings.data_dir)
    (cid,) = list(storage.iter_case_ids())
    owner = (await queue.state(cid))["owner"]
    return client, queue, storage, cid, owner, storage.read_case(cid)


async def test_concurrent_signings_never_overwrite_a_version(settings, store_file):
    """Six signings at once by the owner: each 'signed' answer is its own version on disk."""
    from teleconsult.routing.queue import QueueError

    client, queue, storage, cid, owner, record = await one_assigned_case(
        settings, store_file, "MIAOYU_CT")
    results = await asyncio.gather(*(
        signing.sign(storage, queue, record, owner, "x",
                     {"findings": "", "impression": str(i), "critical": False, "fence": None},
                     time.time()) for i in range(6)), return_exceptions=True)
    signed = [r for r in results if isinstance(r, dict)]
    assert all(isinstance(r, QueueError) for r in results if not isinstance(r, dict))
    assert signed and len({r["version"] for r in signed}) == len(signed)
    on_disk = {r["version"]: r["impression"] for r in storage.reports(cid)}
    assert {r["version"]: r["impression"] for r in signed} == on_disk
    await client.aclose()


async def test_reindex_trusts_a_report_file_over_a_torn_history(settings, store_file,
                                                                aiohttp_client):
    """Signed (file fsynced), then a crash before the 'reported' history line: after
    reindex the case is reported, not back on a worklist with a lease."""
    from teleconsult.store.files import Storage

    store_file(CT, "FUTIAN_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    item = (lists["rad-li"] + lists["rad-wang"])[0]
    r = await client.post(f"/api/v1/cases/{item['case_id']}/report",
                          headers=auth(item["assigned_to"]), json={"impression": "ok"})
    assert r.status == 201
    history = Storage(settings.data_dir).case_dir(item["case_id"]) / "history.jsonl"
    lines = history.read_bytes().splitlines(keepends=True)
    history.write_bytes(b"".join(ln for ln in lines if b'"reported"' not in ln))
    sync = redis.Redis.from_url(settings.redis_target().url)
    sync.flushall()
    reindex(settings, sync)
    assert sync.hget(keys.case(item["case_id"]), "status") == b"reported"
    assert sync.zcard(keys.LEASES) == 0
    assert (await worklists(client, item["assigned_to"]))[item["assigned_to"]] == []


async def test_an_unreadable_study_is_parked_not_retried_forever(settings, store_file):
    arrival = store_file(CT, "FUTIAN_CT")
    path = settings.data_dir / "instances" / arrival.study_uid / arrival.series_uid
    (path / f"{arrival.sop_uid}.dcm").write_bytes(b"not a dicom file at all")
    await drain(settings, 0, *(3600 * (i + 1) for i in range(6)))
    sync = redis.Redis.from_url(settings.redis_target().url)
    assert sync.smembers(keys.UNREADABLE_STUDIES) == {arrival.study_uid.encode()}
    assert sync.zcard(keys.PENDING_STUDIES) == 0
    assert list(settings.data_dir.glob("cases/*/case.json")) == []


async def test_a_crash_after_signing_still_reaches_the_clinic(settings, store_file,
                                                              aiohttp_client, monkeypatch):
    """The API process dies after the case moved to 'reported' but before publishing: the
    delivery worker's safety-net job publishes the report, history and critical event."""
    from teleconsult.reporting import reports, signing

    client, queue, storage, cid, owner, record = await one_assigned_case(
        settings, store_file, "FUTIAN_CT")

    async def dies(*_args, **_kwargs):
        raise SystemExit("the API process died here")

    monkeypatch.setattr(reports, "publish_report", dies)
    with pytest.raises(SystemExit):
        await signing.sign(storage, queue, record, owner, "x",
                           {"findings": "", "impression": "气胸", "critical": True,
                            "fence": None}, time.time())
    monkeypatch.undo()
    assert await client.zcard(keys.clinic_reports("futian")) == 0
    await drain(settings, 3600 * 2)
    http = await aiohttp_client(create_app(settings))
    r = await http.get("/api/v1/reports", headers=auth("futian"))
    assert [x["impression"] for x in (await r.json())["reports"]] == ["气胸"]
    assert any(h.get("status") == "reported" for h in storage.history(cid))
    kinds = [orjson.loads(f[b"data"])["type"] for _, f in await client.xrange(keys.EVENTS)]
    assert "critical_result" in kinds
    await client.aclose()

"""Upward consultation over the API with real Redis: a reader asks the provincial pool, the
expert sees only that case (403 for any other, audited), claims it under a lease, answers;
the opinion is on the case for the reader and the clinic; an unanswered consultation past
its SLA is escalated to the next expert."""

from __future__ import annotations

import orjson
from pydicom.data import get_testdata_file

from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.test_pdf import pdf_text
from tests.test_pipeline import auth, drain, later
from workers.context import WorkerContext
from workers.timers import check_consultations

CT = get_testdata_file("CT_small.dcm")
OTHER = {"StudyInstanceUID": "1.2.826.0.1.3680043.8.498.77001",
         "SeriesInstanceUID": "1.2.826.0.1.3680043.8.498.77002",
         "SOPInstanceUID": "1.2.826.0.1.3680043.8.498.77003", "PatientID": "OTHER-77"}


async def two_read_cases(settings, store_file, aiohttp_client):
    """Two CTs from futian on the attendings' worklists: (client, [(case, reader), …])."""
    store_file(CT, "FUTIAN_CT")
    store_file(CT, "FUTIAN_CT", **OTHER)
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    out = []
    for d in ("rad-li", "rad-wang"):
        items = (await (await client.get("/api/v1/worklist", headers=auth(d))).json())["items"]
        out += [(i, d) for i in items]
    assert len(out) == 2, out
    return client, out


def audit_lines(settings, who: str) -> list[dict]:
    path = settings.data_dir / "audit" / "access.jsonl"
    return [line for line in map(orjson.loads, path.read_bytes().splitlines())
            if line.get("who") == who]


async def test_consultation_round_trip_and_expert_sees_only_what_was_asked(
        settings, store_file, aiohttp_client, tmp_path):
    client, cases = await two_read_cases(settings, store_file, aiohttp_client)
    (item, reader), (other, _) = cases
    cid = item["case_id"]
    # before anyone asks, the expert sees nothing of either case
    assert (await client.get(f"/api/v1/cases/{cid}", headers=auth("exp-liu"))).status == 403
    r = await client.post(f"/api/v1/cases/{cid}/consultations", headers=auth(reader),
                          json={"pool": "nowhere", "question": "?"})
    assert r.status == 400 and (await r.json())["error"]["code"] == "unknown_pool"
    r = await client.post(f"/api/v1/cases/{cid}/consultations", headers=auth(reader),
                          json={"pool": "provincial", "question": "右肺结节性质？请上级会诊",
                                "urgency": "urgent"})
    assert r.status == 201, await r.text()
    asked = await r.json()
    assert asked["status"] == "requested" and asked["consultation_id"].startswith(cid)
    # the expert: this case (and its images) yes, the other case no — audited
    r = await client.get(f"/api/v1/cases/{cid}", headers=auth("exp-liu"))
    assert r.status == 200 and (await r.json())["consultations"][0]["question"].startswith(
        "右肺结节")
    r = await client.get(f"/api/v1/cases/{other['case_id']}", headers=auth("exp-liu"))
    assert r.status == 403
    r = await client.get(f"/dicomweb/studies/{item['study_instance_uid']}/series",
                         headers=auth("exp-liu"))
    assert r.status == 200
    r = await client.get(f"/dicomweb/studies/{other['study_instance_uid']}/series",
                         headers=auth("exp-liu"))
    assert r.status == 403
    refused = [line for line in audit_lines(settings, "exp-liu") if line["status"] == 403]
    assert {line["ids"].get("case_id") for line in refused} >= {other["case_id"]}
    # an expert asks nothing and reads nothing else: claiming a case is refused too
    r = await client.post(f"/api/v1/cases/{other['case_id']}/claim", headers=auth("exp-liu"))
    assert r.status in (403, 409)
    # the expert's worklist, claim, opinion
    items = (await (await client.get("/api/v1/worklist", headers=auth("exp-liu"))).json())[
        "items"]
    assert [(i["kind"], i["case_id"]) for i in items] == [("consultation", cid)]
    qid = asked["consultation_id"]
    r = await client.post(f"/api/v1/consultations/{qid}/opinion", headers=auth("exp-liu"),
                          json={"opinion": "考虑良性"})
    assert r.status == 409  # claim first
    r = await client.post(f"/api/v1/consultations/{qid}/claim", headers=auth(reader))
    assert r.status == 403  # not of the pool
    r = await client.post(f"/api/v1/consultations/{qid}/claim", headers=auth("exp-liu"))
    assert r.status == 200 and (await r.json())["status"] == "claimed"
    r = await client.post(f"/api/v1/consultations/{qid}/opinion", headers=auth("exp-liu"),
                          json={"opinion": "考虑炎性肉芽肿，良性可能大",
                                "recommendation": "3个月后复查薄层CT"})
    assert r.status == 201, await r.text()
    assert (await r.json())["answered_by"] == "exp-liu"
    r = await client.post(f"/api/v1/consultations/{qid}/opinion", headers=auth("exp-liu"),
                          json={"opinion": "again"})
    assert r.status == 409
    # back in the case: the reader and the clinic see it; the reader finalises
    for who in (reader, "futian"):
        case = await (await client.get(f"/api/v1/cases/{cid}", headers=auth(who))).json()
        (c,) = case["consultations"]
        assert (c["status"], c["opinion"], c["recommendation"]) == (
            "answered", "考虑炎性肉芽肿，良性可能大", "3个月后复查薄层CT")
    statuses = [h["status"] for h in Storage(settings.data_dir).history(cid)]
    assert "consultation_requested" in statuses and "consultation_answered" in statuses
    r = await client.post(f"/api/v1/cases/{cid}/report", headers=auth(reader),
                          json={"findings": "右肺上叶结节", "impression": "良性可能大（会诊意见）"})
    assert r.status == 201
    text = await pdf_text(client, await r.json(), tmp_path)  # the opinion as an addendum
    assert "上级会诊意见" in text and "考虑炎性肉芽肿" in text and "3个月后复查薄层CT" in text
    assert (await (await client.get("/api/v1/worklist", headers=auth("exp-liu"))).json())[
        "items"] == []


async def test_clinic_asks_and_an_overdue_claim_goes_to_the_next_expert(
        settings, store_file, aiohttp_client, redis_url):
    import redis.asyncio as aioredis

    client, cases = await two_read_cases(settings, store_file, aiohttp_client)
    (item, _), (other, _) = cases
    r = await client.post(f"/api/v1/cases/{item['case_id']}/consultations",
                          headers=auth("guandu"), json={"pool": "provincial", "question": "?"})
    assert r.status == 403  # not its case
    r = await client.post(f"/api/v1/cases/{item['case_id']}/consultations",
                          headers=auth("futian"),
                          json={"pool": "provincial", "question": "请专家会诊", "urgency": "stat"})
    assert r.status == 201
    qid = (await r.json())["consultation_id"]
    assert (await client.post(f"/api/v1/consultations/{qid}/claim",
                              headers=auth("exp-liu"))).status == 200
    redis = aioredis.Redis.from_url(redis_url)
    try:
        ctx = WorkerContext.create(settings, redis, later(3600), "t")
        assert await check_consultations(ctx) >= 1
    finally:
        await redis.aclose()
    case = await (await client.get(f"/api/v1/cases/{item['case_id']}",
                                   headers=auth("futian"))).json()
    (c,) = case["consultations"]
    assert c["status"] == "requested" and c["escalations"] == 1
    history = Storage(settings.data_dir).history(item["case_id"])
    assert any(h["status"] == "consultation_escalated" for h in history)
    # back on the pool's worklist for the next expert
    items = (await (await client.get("/api/v1/worklist", headers=auth("exp-liu"))).json())[
        "items"]
    assert [i["consultation"]["consultation_id"] for i in items] == [qid]

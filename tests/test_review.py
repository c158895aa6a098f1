"""Two-level reporting over the API, real Redis and the real router: a resident's CT report
cannot go final alone; the preliminary becomes a review item (kind ``review``) on an
attending's worklist, never the writer's; the reviewer returns, revises or approves it with
a grade; a STAT preliminary reaches the clinic's feed at once, a routine one only as its
final."""

from __future__ import annotations

from pydicom.data import get_testdata_file

from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.test_pipeline import auth, drain

CT = get_testdata_file("CT_small.dcm")
ATTENDINGS = ("rad-li", "rad-wang")


async def resident_case(settings, store_file, aiohttp_client, **changes):
    """A CT from futian routed to the resident alone; (client, case_id)."""
    client = await aiohttp_client(create_app(settings))
    r = await client.get("/api/v1/worklist", headers=auth("rad-zhang"))  # online
    assert r.status == 200
    store_file(CT, "FUTIAN_CT", **changes)
    await drain(settings, 0, 3600, online=False)
    items = (await (await client.get("/api/v1/worklist", headers=auth("rad-zhang"))).json())[
        "items"]
    assert len(items) == 1 and items[0]["kind"] == "read", items
    return client, items[0]["case_id"]


async def to_reviewer(settings, client, case_id):
    """Attendings poll (online), the router runs: the review item's reviewer and item."""
    for d in ATTENDINGS:
        await client.get("/api/v1/worklist", headers=auth(d))
    await drain(settings, 3600, online=False)
    for d in ATTENDINGS:
        items = (await (await client.get("/api/v1/worklist", headers=auth(d))).json())["items"]
        mine = [i for i in items if i["case_id"] == case_id]
        if mine:
            return d, mine[0]
    raise AssertionError("the review item reached no attending")


async def sign(client, case_id, who, stage=None, **text):
    body = {"findings": text.get("findings", "右肺上叶见结节影"),
            "impression": text.get("impression", "右肺结节，建议随访"), "critical": False}
    if stage:
        body["stage"] = stage
    return await client.post(f"/api/v1/cases/{case_id}/report", headers=auth(who), json=body)


async def test_resident_ct_cannot_go_final_and_review_returns_then_revises(
        settings, store_file, aiohttp_client):
    client, case_id = await resident_case(settings, store_file, aiohttp_client)
    r = await sign(client, case_id, "rad-zhang")
    assert r.status == 403 and (await r.json())["error"]["code"] == "review_required"
    r = await client.post(f"/api/v1/cases/{case_id}/report", headers=auth("rad-zhang"),
                          json={"impression": "x", "stage": "draft"})
    assert r.status == 400
    r = await sign(client, case_id, "rad-zhang", "preliminary")
    assert r.status == 201, await r.text()
    prelim = await r.json()
    assert (prelim["stage"], prelim["written_by"], prelim["reviewed_by"]) == (
        "preliminary", "rad-zhang", None)
    case = await (await client.get(f"/api/v1/cases/{case_id}", headers=auth("futian"))).json()
    assert case["status"] == "preliminary" and case["kind"] == "review"
    # routine: the clinic's feed waits for the final
    feed = await (await client.get("/api/v1/reports", headers=auth("futian"))).json()
    assert feed["reports"] == []
    for suffix in ("", ".pdf", ".dcm"):  # nor by its id
        r = await client.get(f"/api/v1/reports/{prelim['report_id']}{suffix}",
                             headers=auth("futian"))
        assert r.status == 404, suffix
    # the writer may neither finalise alone nor review their own preliminary
    assert (await client.get("/api/v1/worklist", headers=auth("rad-zhang"))).status == 200
    reviewer, item = await to_reviewer(settings, client, case_id)
    assert item["kind"] == "review" and item["writer"] == "rad-zhang"
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth("rad-zhang"),
                          json={"decision": "approve", "grade": "agree"})
    assert r.status == 403
    # return to the writer with a comment
    assert (await client.post(f"/api/v1/cases/{case_id}/claim",
                              headers=auth(reviewer))).status == 200
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "return", "grade": "major"})
    assert r.status == 400  # a return says why
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "return", "grade": "major",
                                "comment": "请补充纵隔窗所见"})
    assert r.status == 200, await r.text()
    items = (await (await client.get("/api/v1/worklist", headers=auth("rad-zhang"))).json())[
        "items"]
    assert [(i["case_id"], i["kind"]) for i in items] == [(case_id, "read")]
    # re-signed (same text is a new version now) → review again → revised final
    assert (await client.post(f"/api/v1/cases/{case_id}/claim",
                              headers=auth("rad-zhang"))).status == 200
    r = await sign(client, case_id, "rad-zhang", "preliminary")
    assert r.status == 201 and (await r.json())["version"] == 2
    reviewer, item = await to_reviewer(settings, client, case_id)
    assert (await client.post(f"/api/v1/cases/{case_id}/claim",
                              headers=auth(reviewer))).status == 200
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "revise", "grade": "minor",
                                "impression": "右肺上叶结节，建议3个月后复查CT"})
    assert r.status == 201, await r.text()
    final = await r.json()
    assert (final["stage"], final["version"], final["written_by"], final["reviewed_by"]) == (
        "final", 3, "rad-zhang", reviewer)
    assert final["reviewed_at"] and final["review"]["grade"] == "minor"
    assert "+印象: 右肺上叶结节，建议3个月后复查CT" in final["review"]["diff"]
    assert final["findings"] == "右肺上叶见结节影"
    feed = await (await client.get("/api/v1/reports", headers=auth("futian"))).json()
    assert [(x["version"], x["stage"]) for x in feed["reports"]] == [(3, "final")]
    history = Storage(settings.data_dir).history(case_id)
    statuses = [h["status"] for h in history]
    for expected in ("returned", "reviewed", "reported"):
        assert expected in statuses, statuses
    stages = [h.get("stage") for h in history if h["status"] == "reported"]
    assert stages == ["preliminary", "preliminary", "final"], stages
    assert any(h["status"] == "assigned" and h.get("kind") == "review" for h in history)
    # nothing is left on anybody's worklist
    for d in (*ATTENDINGS, "rad-zhang"):
        items = (await (await client.get("/api/v1/worklist", headers=auth(d))).json())["items"]
        assert items == [], (d, items)


async def test_stat_preliminary_reaches_the_feed_then_the_final(settings, store_file,
                                                                aiohttp_client):
    client, case_id = await resident_case(settings, store_file, aiohttp_client,
                                          StudyDescription="STAT HEAD CT")
    r = await sign(client, case_id, "rad-zhang", "preliminary")
    assert r.status == 201
    feed = await (await client.get("/api/v1/reports", headers=auth("futian"))).json()
    assert [(x["version"], x["stage"]) for x in feed["reports"]] == [(1, "preliminary")]
    reviewer, item = await to_reviewer(settings, client, case_id)
    assert item["priority"] == "stat"
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "approve", "grade": "agree"})
    assert r.status == 201, await r.text()
    final = await r.json()
    assert final["review"].get("diff") is None and final["impression"] == "右肺结节，建议随访"
    feed = await (await client.get(f"/api/v1/reports?since={feed['next']}",
                                   headers=auth("futian"))).json()
    assert [(x["version"], x["stage"], x["reviewed_by"]) for x in feed["reports"]] == [
        (2, "final", reviewer)]
    case = await (await client.get(f"/api/v1/cases/{case_id}", headers=auth("futian"))).json()
    assert case["status"] == "reported"


async def test_an_attending_signs_final_alone(settings, store_file, aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    for d in ATTENDINGS:
        items = (await (await client.get("/api/v1/worklist", headers=auth(d))).json())["items"]
        if items:
            r = await sign(client, items[0]["case_id"], d)
            assert r.status == 201
            report = await r.json()
            assert (report["stage"], report["written_by"], report["reviewed_by"]) == (
                "final", d, None)
            return
    raise AssertionError("no attending got the case")


async def test_reindex_restores_review_items_and_consultations(settings, store_file,
                                                               aiohttp_client):
    """Files are the truth: after FLUSHALL, reindex puts the preliminary back as a review
    item (routed to a reviewer again), keeps the routine preliminary out of the clinic's
    feed, and the open consultation back on the pool's worklist."""
    import redis

    from teleconsult.admin.reindex import reindex

    client, case_id = await resident_case(settings, store_file, aiohttp_client)
    assert (await sign(client, case_id, "rad-zhang", "preliminary")).status == 201
    r = await client.post(f"/api/v1/cases/{case_id}/consultations", headers=auth("rad-zhang"),
                          json={"pool": "provincial", "question": "会诊？"})
    assert r.status == 201
    sync = redis.Redis.from_url(settings.redis_target().url)
    try:
        sync.flushall()
        reindex(settings, sync)
    finally:
        sync.close()
    case = await (await client.get(f"/api/v1/cases/{case_id}", headers=auth("futian"))).json()
    assert (case["status"], case["kind"], case["review_status"]) == (
        "preliminary", "review", "queued")
    feed = await (await client.get("/api/v1/reports", headers=auth("futian"))).json()
    assert feed["reports"] == []
    items = (await (await client.get("/api/v1/worklist", headers=auth("exp-liu"))).json())[
        "items"]
    assert [i["case_id"] for i in items] == [case_id]
    reviewer, item = await to_reviewer(settings, client, case_id)
    assert item["kind"] == "review" and item["writer"] == "rad-zhang"
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "approve", "grade": "agree"})
    assert r.status == 201

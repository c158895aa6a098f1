"""On-call paging against local receivers that check each vendor's documented request
format and signature: WeChat Work group robot, DingTalk robot (signed), an SMS gateway and
the generic HMAC-signed webhook. Real Redis, the real router and paging worker step."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import replace

import orjson
import pytest
from aiohttp import web

from teleconsult.core.webhook import verify_webhook
from teleconsult.settings.paging import Channel, PagingConfig, Person
from teleconsult.store import keys
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.test_handover import two_doctors
from tests.test_pipeline import go_online
from tests.test_routing import Clock, client, ctx, enqueue  # noqa: F401
from workers import paging, router

SECRET, HOOK_SECRET = "SECdingtalk-test", "hook-secret"


class Receivers:
    """Four vendor endpoints; each records what it accepted and can refuse the next N."""

    def __init__(self) -> None:
        self.got: dict[str, list[dict]] = {k: [] for k in ("wecom", "dingtalk", "sms", "webhook")}
        self.refuse: dict[str, int] = {}
        self.problems: list[str] = []

    def _fail(self, kind: str) -> bool:
        if self.refuse.get(kind, 0) > 0:
            self.refuse[kind] -= 1
            return True
        return False

    async def wecom(self, request: web.Request) -> web.Response:
        body = await request.json()
        if request.query.get("key") != "robot-key" or body.get("msgtype") != "text" or \
                not isinstance(body.get("text", {}).get("content"), str):
            self.problems.append(f"wecom: {body}")
            return web.json_response({"errcode": 40008, "errmsg": "invalid message type"})
        if self._fail("wecom"):
            return web.json_response({"errcode": 45009, "errmsg": "api freq out of limit"})
        self.got["wecom"].append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def dingtalk(self, request: web.Request) -> web.Response:
        ts, sign = request.query.get("timestamp", ""), request.query.get("sign", "")
        mac = hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()
        # aiohttp has URL-decoded the query once: compare with the plain base64
        if request.query.get("access_token") != "ding-token" or not ts.isdigit() or \
                abs(int(ts) / 1000 - time.time()) > 3600 or \
                not hmac.compare_digest(sign, base64.b64encode(mac).decode()):
            self.problems.append(f"dingtalk signature: {ts} {sign}")
            return web.json_response({"errcode": 310000, "errmsg": "sign not match"})
        body = await request.json()
        if body.get("msgtype") != "text" or "content" not in body.get("text", {}):
            self.problems.append(f"dingtalk: {body}")
        self.got["dingtalk"].append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def sms(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self._fail("sms"):
            return web.Response(status=503)
        self.got["sms"].append(body)
        return web.json_response({"code": "OK"})

    async def webhook(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if not verify_webhook(HOOK_SECRET, request.headers.get("X-Teleconsult-Signature", ""),
                              raw):
            self.problems.append("webhook signature")
            return web.Response(status=401)
        self.got["webhook"].append(orjson.loads(raw))
        return web.Response(status=204)


@pytest.fixture()
async def receivers(aiohttp_server):
    rx = Receivers()
    app = web.Application()
    app.router.add_post("/cgi-bin/webhook/send", rx.wecom)
    app.router.add_post("/robot/send", rx.dingtalk)
    app.router.add_post("/sms", rx.sms)
    app.router.add_post("/hook", rx.webhook)
    server = await aiohttp_server(app)
    rx.base = str(server.make_url(""))
    return rx


def paged_settings(settings, rx, monkeypatch, **person):
    monkeypatch.setenv("TC_TEST_DING_SECRET", SECRET)
    monkeypatch.setenv("TC_TEST_HOOK_SECRET", HOOK_SECRET)
    monkeypatch.setenv("TC_TEST_WECOM_URL", f"{rx.base}/cgi-bin/webhook/send?key=robot-key")
    channels = {c.id: c for c in (
        Channel("wx", "wecom", url_env="TC_TEST_WECOM_URL"),
        Channel("ding", "dingtalk", url=f"{rx.base}/robot/send?access_token=ding-token",
                secret_env="TC_TEST_DING_SECRET"),
        Channel("sms", "sms", url=f"{rx.base}/sms",
                body_template='{"mobile": "{phone}", "content": "{text}", "sign": "县医院"}'),
        Channel("hook", "webhook", url=f"{rx.base}/hook", secret_env="TC_TEST_HOOK_SECRET",
                internal=True))}
    r1 = Person("r1", tuple(channels), phone="13800001111", **person)
    cfg = PagingConfig(base_url="https://tc.example", backoff_seconds=10,
                       channels=channels, people={"r1": r1})
    return replace(two_doctors(settings), paging=cfg)


async def stat_for_r1(s, client, clock):  # noqa: F811
    (rec,) = await enqueue(s, client, 1, priorities=("stat",))
    await go_online(client, s, ["r1"])  # on shift and online, but no page open
    await router.route_once(ctx(s, client, clock))
    return rec


def pages(s, case_id: str) -> list[dict]:
    return [h for h in Storage(s.data_dir).history(case_id) if h.get("event") == "page"]


async def test_a_stat_for_someone_with_no_page_open_is_paged_on_every_channel(
        settings, client, receivers, monkeypatch, aiohttp_client):  # noqa: F811
    s = paged_settings(settings, receivers, monkeypatch)
    clock = Clock()
    rec = await stat_for_r1(s, client, clock)
    assert await paging.page_due(ctx(s, client, clock)) == 8  # 4 jobs made, 4 sent
    assert receivers.problems == []
    assert {k: len(v) for k, v in receivers.got.items()} == {
        "wecom": 1, "dingtalk": 1, "sms": 1, "webhook": 1}
    text = receivers.got["wecom"][0]["text"]["content"]
    assert "STAT" in text and "福田镇卫生院" in text and rec["modality"] in text
    assert text.endswith(f"https://tc.example/cases/{rec['case_id']}")
    assert rec["patient"]["id"] not in text  # phone-safe unless the channel is internal
    assert receivers.got["wecom"][0]["text"]["mentioned_mobile_list"] == ["13800001111"]
    assert receivers.got["sms"][0]["mobile"] == "13800001111"
    assert rec["patient"]["id"] in receivers.got["webhook"][0]["text"]  # internal channel
    lines = pages(s, rec["case_id"])
    assert sorted(h["channel"] for h in lines) == ["ding", "hook", "sms", "wx"]
    assert all(h["state"] == "sent" and h["to"] == "r1" and h["attempt"] == 1 for h in lines)
    http = await aiohttp_client(create_app(s))
    metrics = await (await http.get("/metrics")).text()
    assert 'teleconsult_pages_total{channel="dingtalk",outcome="sent"} 1.0' in metrics
    assert await paging.page_due(ctx(s, client, clock)) == 0  # at most once per request


async def test_refused_pages_are_retried_with_backoff(settings, client, receivers,  # noqa: F811
                                                      monkeypatch):
    s = paged_settings(settings, receivers, monkeypatch)
    receivers.refuse = {"wecom": 1, "sms": 2}
    clock = Clock()
    rec = await stat_for_r1(s, client, clock)
    await paging.page_due(ctx(s, client, clock))
    assert len(receivers.got["wecom"]) == 0 and len(receivers.got["dingtalk"]) == 1
    clock.now += 10
    await paging.page_due(ctx(s, client, clock))
    assert len(receivers.got["wecom"]) == 1 and len(receivers.got["sms"]) == 0
    clock.now += 20
    await paging.page_due(ctx(s, client, clock))
    assert len(receivers.got["sms"]) == 1
    sms = [(h["state"], h["attempt"], h["answer"]) for h in pages(s, rec["case_id"])
           if h["channel"] == "sms"]
    assert sms == [("retrying", 1, "HTTP 503"), ("retrying", 2, "HTTP 503"),
                   ("sent", 3, "HTTP 200")]
    wx = [h for h in pages(s, rec["case_id"]) if h["channel"] == "wx"]
    assert wx[0]["answer"] == "errcode 45009" and wx[0]["retry_in"] == 10


async def test_a_doctor_looking_at_the_worklist_is_not_paged(settings, client, receivers,  # noqa: F811
                                                             monkeypatch, aiohttp_client):
    s = paged_settings(settings, receivers, monkeypatch)
    http = await aiohttp_client(create_app(s))
    assert (await http.get("/api/v1/worklist",
                           headers={"Authorization": "Bearer tok-r1"})).status == 200
    clock = Clock()
    rec = await stat_for_r1(s, client, clock)
    await paging.page_due(ctx(s, client, clock))
    assert sum(map(len, receivers.got.values())) == 0 and pages(s, rec["case_id"]) == []


async def test_quiet_hours_and_rate_limit_hold_but_never_drop(settings, client,  # noqa: F811
                                                              receivers, monkeypatch):
    from datetime import datetime
    from datetime import time as dtime

    s = paged_settings(settings, receivers, monkeypatch, quiet_start=dtime(22),
                       quiet_end=dtime(7), events=("sla_at_risk",))
    s = replace(s, paging=replace(s.paging, channels={"hook": s.paging.channels["hook"]},
                                  people={"r1": replace(s.paging.people["r1"],
                                                        channels=("hook",))}))
    clock = Clock(datetime(2026, 11, 30, 23, 0, tzinfo=s.timezone).timestamp())
    (rec,) = await enqueue(s, client, 1, priorities=("urgent",))
    from teleconsult.routing import pager

    await pager.request(client, "sla_at_risk", clock.now, case_id=rec["case_id"],
                        doctor="r1", priority="urgent", specialty="radiology")
    await paging.page_due(ctx(s, client, clock))
    assert receivers.got["webhook"] == []  # 23:00: held until 07:00
    clock.now = datetime(2026, 12, 1, 7, 0, 1, tzinfo=s.timezone).timestamp()
    await paging.page_due(ctx(s, client, clock))
    assert len(receivers.got["webhook"]) == 1
    # the hour's budget used up: the next page waits, and is sent when the hour allows
    s = replace(s, paging=replace(s.paging, max_per_hour=1))
    await pager.request(client, "sla_at_risk", clock.now, case_id=rec["case_id"],
                        doctor="r1", priority="urgent", specialty="radiology")
    await paging.page_due(ctx(s, client, clock))
    assert len(receivers.got["webhook"]) == 1
    assert pages(s, rec["case_id"])[-1]["state"] == "rate_limited"
    clock.now += 3601
    await paging.page_due(ctx(s, client, clock))
    assert len(receivers.got["webhook"]) == 2


async def test_unset_secret_is_a_failed_attempt_not_a_crash(settings, client,  # noqa: F811
                                                            receivers, monkeypatch):
    s = paged_settings(settings, receivers, monkeypatch)
    monkeypatch.delenv("TC_TEST_DING_SECRET")
    clock = Clock()
    rec = await stat_for_r1(s, client, clock)
    await paging.page_due(ctx(s, client, clock))
    (ding,) = [h for h in pages(s, rec["case_id"]) if h["channel"] == "ding"]
    assert ding["state"] == "retrying" and "not set" in ding["answer"]
    assert await client.zscore(keys.PAGES_DUE, next(
        j.decode() for j in await client.zrange(keys.PAGES_DUE, 0, -1))) is not None

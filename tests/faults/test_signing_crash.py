"""Signing is atomic from the outside: a real process signing a report is SIGKILLed after
each of its steps in turn (every Redis command and every file write); whatever the step,
the worker (burst mode) and a retried POST end with one published v1 and the case reported.
A repeated POST answers the version it made (200) instead of adding an amendment."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import replace
from datetime import time as clock_time

import orjson
import pytest
import redis
import redis.asyncio as aioredis
from aiohttp.test_utils import TestClient, TestServer
from pydicom.uid import generate_uid

from teleconsult.reporting import signing
from teleconsult.routing.queue import CaseQueue
from teleconsult.settings.model import Shift
from teleconsult.store import keys
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.test_delivery import CT
from tests.test_e2e_serve import poll
from tests.test_pipeline import auth, drain, worklists

FIELDS = {"findings": "右肺上叶结节", "impression": "建议随访", "critical": True, "fence": None}
BODY = {k: v for k, v in FIELDS.items() if k != "fence"}
KEY = "sign-attempt-1"
ROUND_THE_CLOCK = (Shift(days=tuple(range(7)), start=clock_time(0), end=clock_time(0)),)


@pytest.fixture()
def settings(settings):
    """Every doctor on shift at every hour: the drains below run the workers an hour ahead
    and then a minute ahead, and at a shift change (07:30-08:00 in the demo) the case an
    hour ahead finds on duty would be off shift again a minute ahead and handed back."""
    return replace(settings, doctors={k: replace(d, shifts=ROUND_THE_CLOCK)
                                      for k, d in settings.doctors.items()})


async def _case_in_review(settings) -> tuple[dict, str]:
    """The newest routed case, claimed by its doctor."""
    await drain(settings)
    storage = Storage(settings.data_dir)
    client = aioredis.Redis.from_url(settings.redis_target().url)
    try:
        for case_id in storage.iter_case_ids():
            state = await CaseQueue(client).state(case_id)
            if state.get("status") == "assigned":
                await CaseQueue(client).owner_step(case_id, state["owner"], "in_review")
                return storage.read_case(case_id), state["owner"]
    finally:
        await client.aclose()
    raise AssertionError("no assigned case")


def _child(settings, record: dict, owner: str, kill_after: int) -> None:
    """In the forked process: sign, SIGKILLing ourselves right after step ``kill_after``."""
    steps = 0

    def step() -> None:
        nonlocal steps
        steps += 1
        if steps == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    command = aioredis.Redis.execute_command

    async def counted(self, *args, **options):
        result = await command(self, *args, **options)
        step()
        return result

    def after(method):
        def wrapper(*args, **kwargs):
            result = method(*args, **kwargs)
            step()
            return result
        return wrapper

    aioredis.Redis.execute_command = counted
    Storage.create_report = after(Storage.create_report)
    Storage.append_jsonl = staticmethod(after(Storage.append_jsonl))

    async def sign() -> None:
        client = aioredis.Redis.from_url(settings.redis_target().url)
        await signing.sign_once(Storage(settings.data_dir), CaseQueue(client), record, owner,
                                "测试医生", FIELDS, time.time(), KEY)

    asyncio.run(sign())


def _wait(pid: int) -> int:
    found = {}

    def done() -> bool:
        got, code = os.waitpid(pid, os.WNOHANG)
        if got == pid:
            found["code"] = code
        return got == pid

    poll(done, 60, "the signing process")
    return found["code"]


async def _repost(settings, record: dict, owner: str) -> tuple[int, dict, str]:
    async with TestClient(TestServer(create_app(settings))) as client:
        r = await client.post(f"/api/v1/cases/{record['case_id']}/report",
                              headers={**auth(owner), "Idempotency-Key": KEY}, json=BODY)
        return r.status, await r.json(), r.headers.get("Idempotent-Replayed", "")


def _check_published_once(settings, record: dict, owner: str) -> None:
    case_id = record["case_id"]
    storage = Storage(settings.data_dir)
    versions = [r["version"] for r in storage.reports(case_id)]
    assert versions == [1], versions
    r = redis.Redis.from_url(settings.redis_target().url)
    try:
        status = r.hget(keys.case(case_id), "status").decode()
        assert status in ("reported", "delivered"), status
        assert r.zscore(keys.clinic_reports(record["clinic"]), f"{case_id}-v1") is not None
        events = [orjson.loads(f[b"data"]) for _, f in r.xrange(keys.EVENTS)]
        assert any(e.get("type") == "report_signed" and e.get("case_id") == case_id
                   for e in events)
        assert any(e.get("type") == "critical_result" and e.get("case_id") == case_id
                   for e in events)
        assert r.zscore(keys.doctor_cases(owner), case_id) is None  # off the worklist
    finally:
        r.close()
    reported = [h for h in storage.history(case_id) if h.get("status") == "reported"]
    assert reported and all(h.get("version") == 1 for h in reported)


@pytest.mark.slow  # one forked signer per step (~20 steps)
def test_signing_killed_at_every_step_ends_with_one_published_v1(settings, store_file):
    step, finished = 0, False
    while not finished:
        step += 1
        assert step < 60, "signing never finished"
        store_file(CT, StudyInstanceUID=generate_uid(), SeriesInstanceUID=generate_uid(),
                   SOPInstanceUID=generate_uid())
        record, owner = asyncio.run(_case_in_review(settings))
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                _child(settings, record, owner, step)
            finally:
                os._exit(0)
        code = _wait(pid)
        finished = os.WIFEXITED(code)
        assert finished or os.WTERMSIG(code) == signal.SIGKILL
        had_file = Storage(settings.data_dir).report_path(record["case_id"], 1).exists()
        # the worker alone finishes whatever the file got ahead of
        asyncio.run(drain(settings, 60))
        if had_file:
            _check_published_once(settings, record, owner)
        # the doctor's page retries the POST whose answer it never got
        status, body, replayed = asyncio.run(_repost(settings, record, owner))
        assert body.get("version") == 1, body
        assert (status, replayed) == ((200, "true") if had_file else (201, ""))
        asyncio.run(drain(settings, 60))
        _check_published_once(settings, record, owner)
    assert step > 8  # every Redis command and file write of a signing was a kill point


async def _case_to_sign(settings, store_file, aiohttp_client):
    """A routed CT case: (test client, its report URL, its doctor's Authorization header)."""
    store_file(CT, "FUTIAN_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    item = (lists["rad-li"] + lists["rad-wang"])[0]
    url, who = f"/api/v1/cases/{item['case_id']}/report", auth(item["assigned_to"])
    return client, url, who


async def test_repeated_post_answers_the_existing_version(settings, store_file, aiohttp_client):
    client, url, who = await _case_to_sign(settings, store_file, aiohttp_client)
    first = await client.post(url, headers={**who, "Idempotency-Key": "k1"}, json=BODY)
    assert first.status == 201
    v1 = await first.json()
    assert "idempotency_key" not in v1
    # the same key again (a lost response): the same version, 200
    again = await client.post(url, headers={**who, "Idempotency-Key": "k1"}, json=BODY)
    assert again.status == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert (await again.json())["report_id"] == v1["report_id"]
    # no key, same content as the latest version: still that version
    same = await client.post(url, headers=who, json=BODY)
    assert same.status == 200 and (await same.json())["version"] == 1
    # the key with other content: refused, nothing made
    other = await client.post(url, headers={**who, "Idempotency-Key": "k1"},
                              json={**BODY, "impression": "改了"})
    assert other.status == 409
    assert (await other.json())["error"]["code"] == "idempotency_key_reused"
    # other content without the key: an amendment, as before
    amend = await client.post(url, headers=who, json={**BODY, "impression": "改了"})
    assert amend.status == 201 and (await amend.json())["version"] == 2
    bad = await client.post(url, headers={**who, "Idempotency-Key": "有空格 x"}, json=BODY)
    assert bad.status == 400
    assert (await bad.json())["error"]["code"] == "invalid_idempotency_key"


async def test_two_identical_posts_at_once_make_one_version(settings, store_file,
                                                            aiohttp_client):
    client, url, who = await _case_to_sign(settings, store_file, aiohttp_client)
    answers = await asyncio.gather(*(client.post(url, headers=who, json=BODY)
                                     for _ in range(2)))
    assert sorted(a.status for a in answers) == [200, 201]
    assert {(await a.json())["report_id"] for a in answers} == {url.split("/")[-2] + "-v1"}

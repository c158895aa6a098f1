"""A reader types a STAT report and closes the tab mid-report; once they are gone the case is
handed over, and the next cardiologist opens it with the draft and who wrote it."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import datetime
from datetime import time as dtime

import aiohttp
import pytest
from test_doctor_clinic_flow import ECG_BODY, push_ecg

from teleconsult.routing import roster_store
from teleconsult.settings.handover import HandoverConfig
from teleconsult.settings.model import Override, Settings, Shift
from teleconsult.store.files import Storage

expect = pytest.importorskip("playwright.async_api").expect
ADMIN = {"Authorization": "Bearer demo-admin"}


@pytest.fixture()
def web_settings(settings: Settings) -> Settings:
    """Both cardiologists on duty; presence and grace short so the test need not wait long."""
    always = (Shift(days=tuple(range(7)), start=dtime(0), end=dtime(0)),)
    doctors = {d.id: replace(d, shifts=always if d.id in ("card-chen", "card-zhao") else (),
                             overrides=()) for d in settings.doctors.values()}
    # an open page's event stream notes presence at every heartbeat: beat well inside it
    return replace(settings, doctors=doctors,
                   routing=replace(settings.routing, presence_seconds=10),
                   http=replace(settings.http, stream_heartbeat_seconds=3),
                   handover=HandoverConfig(grace_seconds={"stat": 3, "urgent": 3, "routine": 3},
                                           page_alive_seconds=5))


async def poll(fn, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = await fn()
        if got:
            return got
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


async def logged_in(new_page, base: str, user: str):
    from browser_util import login

    page = await new_page()
    page.set_default_timeout(30_000)  # the machine may be loaded: generous deadlines
    await login(page, base, user)
    await page.wait_for_url(f"{base}/worklist")
    return page


async def test_closed_tab_mid_report_hands_the_case_over_with_the_draft(live_server, new_page):
    chen = await logged_in(new_page, live_server, "card-chen")
    zhao = await logged_in(new_page, live_server, "card-zhao")
    made = await push_ecg(live_server, dict(ECG_BODY, clinical_note="胸痛 1 小时"))
    cid = made["case_id"]
    async with aiohttp.ClientSession() as http:
        async def assigned():
            r = await http.get(f"{live_server}/api/v1/cases/{cid}", headers=ADMIN)
            return (await r.json()).get("assigned_to")

        assert await poll(assigned, 30, "the assignment") == "card-chen"
    await chen.locator(f'tr[data-case-id="{cid}"]').click(timeout=30_000)
    await chen.wait_for_url(f"{live_server}/cases/{cid}")
    await chen.click("#claim")
    await chen.wait_for_selector("#draft-status", state="attached", timeout=30_000)
    await chen.fill("#findings", "窦性心律，V1-V4 ST 段抬高 0.3 mV。")
    await chen.wait_for_selector('#draft-status[data-state="saved"]', timeout=30_000)
    # the last words go in just before the tab closes (inside the save's debounce window)
    await chen.type("#impression", "急性前壁心肌梗死")
    await chen.close(run_before_unload=True)

    async with aiohttp.ClientSession() as http:
        async def draft():
            r = await http.get(f"{live_server}/api/v1/cases/{cid}/draft", headers=ADMIN)
            body = await r.json()
            return body if body.get("draft") and body["draft"]["impression"] else None

        saved = await poll(draft, 30, "the last words of the draft on the server")
        assert saved["draft"]["impression"] == "急性前壁心肌梗死"

        async def handed_over():
            r = await http.get(f"{live_server}/api/v1/cases/{cid}", headers=ADMIN)
            body = await r.json()
            return body if body.get("assigned_to") == "card-zhao" else None

        case = await poll(handed_over, 60, "the case to be handed over to card-zhao")
    (back,) = [h for h in case["history"] if h.get("handover")]
    assert back["previous"] == "card-chen" and back["reason"] == "silent"
    assert back["draft_by"] == "card-chen"

    row = zhao.locator(f'tr[data-case-id="{cid}"]')
    await row.click(timeout=30_000)
    await zhao.wait_for_url(f"{live_server}/cases/{cid}")
    await expect(zhao.locator("#findings")).to_have_value("窦性心律，V1-V4 ST 段抬高 0.3 mV。")
    await expect(zhao.locator("#impression")).to_have_value("急性前壁心肌梗死")
    await expect(zhao.locator("#draft-status")).to_contain_text("陈心电")
    await zhao.click("#claim")
    await zhao.wait_for_selector("#sign")
    await zhao.click("#sign")
    await zhao.wait_for_selector("#signed-note")
    assert not new_page.errors, new_page.errors


async def test_a_case_that_is_not_yours_is_no_dead_end(live_server, new_page, web_settings):
    """A case nobody holds (its lease just ran out): the page says it is back in the queue
    and offers to take it; taking it opens it for reading. A case moved away shows a
    banner and a read-only editor."""
    import redis.asyncio as aioredis

    from teleconsult.store import keys

    chen = await logged_in(new_page, live_server, "card-chen")
    made = await push_ecg(live_server, dict(ECG_BODY, priority="urgent", clinical_note="心悸"),
                          clinic="guandu")  # not the chest-pain clinic: it stays urgent
    cid = made["case_id"]
    client = aioredis.Redis.from_url(web_settings.redis_target().url)
    try:
        async with aiohttp.ClientSession() as http:
            async def owner():
                r = await http.get(f"{live_server}/api/v1/cases/{cid}", headers=ADMIN)
                return (await r.json()).get("assigned_to")

            await poll(owner, 30, "the assignment")
            # back to the queue as by an expired lease (nobody else is online to take it)
            r = await http.get(f"{live_server}/api/v1/cases/{cid}", headers=ADMIN)
            holder = (await r.json())["assigned_to"]
            from teleconsult.routing.queue import CaseQueue

            for d in ("card-chen", "card-zhao"):  # nobody to route to: the case must wait
                await client.set(keys.checked_out(d), "1")
                await client.delete(keys.online(d))
            await CaseQueue(client).requeue(cid, "cardiology", holder, doctor=holder)
            await chen.goto(f"{live_server}/cases/{cid}")
            banner = chen.locator("#follow-banner")
            await banner.locator("#follow-claim").wait_for(timeout=30_000)
            await expect(banner).to_contain_text("派单队列")
            await client.delete(keys.checked_out("card-chen"))  # back at work
            await chen.click("#follow-claim")
            await chen.wait_for_selector("#handover")  # in review, mine: it can be handed over
            assert await owner() == "card-chen"
            # the supervisor moves it away to a doctor at work (so no sweep hands it back
            # before the page looks): the open page notices and says so
            await client.delete(keys.checked_out("card-zhao"))
            await client.set(keys.online("card-zhao"), "1", ex=600)
            # at work means on shift too (web_settings rosters only card-chen for cardiology):
            # an extra shift today, as the supervisor page adds one
            today = datetime.now(web_settings.timezone).date().isoformat()
            await roster_store.add(client, Storage(web_settings.data_dir), "card-zhao",
                                   Override(today, False, dtime(0), dtime(0)), "test", time.time())
            r = await http.post(f"{live_server}/api/v1/admin/cases/{cid}/assign",
                                json={"doctor": "card-zhao", "reason": "test"}, headers=ADMIN)
            assert r.status == 200, await r.text()
            moved = chen.locator('#follow-banner[data-state="taken_by_other"]')
            await moved.wait_for(timeout=45_000)
            await expect(chen.locator("#findings")).to_be_disabled()
    finally:
        await client.aclose()
    assert not new_page.errors, new_page.errors

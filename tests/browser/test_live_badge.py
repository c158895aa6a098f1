"""A page whose event stream is cut server-side still shows a new STAT within 10 s, and its
badge says when it is not live (轮询 while streams are refused, 实时 again after)."""

from __future__ import annotations

import pytest
from browser_util import login
from conftest import serving
from test_doctor_clinic_flow import ECG_BODY, push_ecg

from teleconsult.api.appkeys import EVENT_HUB

expect = pytest.importorskip("playwright.async_api").expect


async def test_cut_stream_still_shows_new_stat_and_badge_tells(web_settings, new_page):
    async with serving(web_settings) as (base, app):
        page = await new_page()
        await login(page, base, "card-chen")
        await page.wait_for_url(f"{base}/worklist")
        badge = page.locator("#live")
        await expect(badge).to_have_text("实时", timeout=10_000)
        hub = app[EVENT_HUB]
        # the server ends every stream and refuses new ones: the page says it is polling,
        # and a new STAT still shows within 10 s
        hub.max_total = 0
        hub.end_all("test")
        await expect(badge).to_have_text("轮询", timeout=10_000)
        made = await push_ecg(base, ECG_BODY)
        row = page.locator(f'tr[data-case-id="{made["case_id"]}"]')
        await expect(row).to_be_visible(timeout=10_000)
        # streams are served again: live again; a stream cut once more loses nothing
        hub.max_total = 100
        await expect(badge).to_have_text("实时", timeout=20_000)
        hub.end_all("test")
        again = await push_ecg(base, dict(ECG_BODY, patient=dict(ECG_BODY["patient"],
                                                                  id="P-2024-002")))
        row = page.locator(f'tr[data-case-id="{again["case_id"]}"]')
        await expect(row).to_be_visible(timeout=10_000)
        # and in English the badge speaks English
        await page.click("#lang-toggle")
        await expect(badge).to_have_text("live")
        # the clinic's desk has no badge of its own: the shared one goes into its top bar
        desk = await new_page()
        await login(desk, base, "futian")
        await desk.wait_for_url(f"{base}/desk")
        await expect(desk.locator("header.topbar #live")).to_have_text("实时", timeout=10_000)
        assert not new_page.errors

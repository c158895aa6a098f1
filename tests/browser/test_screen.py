"""The big screen (智慧大屏) in Chromium: the display account logs in to /screen, a STAT shows
with its countdown within 5 s of the upload, no patient name or ID is ever on it, it is still
live after the event stream is cut, and it shows today's turnaround from the statistics store.
Screenshots at 1920×1080 and 1366×768. Many refreshes leave no DOM nodes, listeners or ECharts
instances behind (the 30-minute heap run is scripts/bench/screen)."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from browser_util import login, page_counts, shot
from conftest import serving
from test_doctor_clinic_flow import ECG_BODY, push_ecg

from teleconsult.api.appkeys import EVENT_HUB
from workers.stats import StatsFollower

expect = pytest.importorskip("playwright.async_api").expect
NAMES = ("王秀英", "李建国", "P-2024-001", "P-2024-002")


async def _no_patient(page) -> None:
    text = await page.locator("body").inner_text()
    html = await page.content()
    for word in NAMES:
        assert word not in text and word not in html, word


async def test_screen_shows_a_stat_within_5s_and_stays_live(web_settings, browser):
    async with serving(web_settings) as (base, app):
        follower = StatsFollower(web_settings, every=0.5)
        following = asyncio.create_task(follower.run())
        try:
            ctx = await browser.new_context(viewport={"width": 1920, "height": 1080},
                                            locale="zh-CN")
            ctx.set_default_timeout(10_000)
            page = await ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            await login(page, base, "screen")
            await page.wait_for_url(f"{base}/screen")
            await expect(page.locator("#live")).to_have_text("实时", timeout=10_000)
            await expect(page.locator("#stat-list li.empty")).to_be_visible()
            t0 = time.monotonic()
            await push_ecg(base, ECG_BODY)
            countdown = page.locator("#stat-list .countdown .clock")
            await expect(countdown).to_have_count(1, timeout=5_000)
            assert time.monotonic() - t0 < 5.0
            await expect(countdown).to_have_text(re.compile(r"^\d+:\d\d$"))
            first = await countdown.inner_text()
            await expect(countdown).not_to_have_text(first, timeout=3_000)  # it runs
            await expect(page.locator('#clinic-tiles [data-clinic="futian"] strong')
                         ).to_have_text("1")
            await _no_patient(page)
            # the event stream is cut and refused: the screen polls and still shows news
            hub = app[EVENT_HUB]
            hub.max_total = 0
            hub.end_all("test")
            await expect(page.locator("#live")).to_have_text("轮询", timeout=10_000)
            t1 = time.monotonic()
            await push_ecg(base, dict(ECG_BODY, patient=dict(
                ECG_BODY["patient"], id="P-2024-002", name="李建国")), clinic="futian")
            await expect(countdown).to_have_count(2, timeout=10_000)
            assert time.monotonic() - t1 < 10.0
            # served again: live again by itself
            hub.max_total = 100
            await expect(page.locator("#live")).to_have_text("实时", timeout=20_000)
            # today's turnaround comes from the statistics store the follower keeps
            await expect(page.locator("#today-ontime")).to_contain_text("到达→分配")
            await expect(page.locator("#today-ontime")).to_contain_text("（2 例）",
                                                                        timeout=10_000)
            await _no_patient(page)
            await page.wait_for_timeout(300)  # the charts' first frame
            await shot(page, "screen-1920")
            await page.set_viewport_size({"width": 1366, "height": 768})
            await page.wait_for_timeout(300)
            await shot(page, "screen-1366")
            assert not errors, errors
            await ctx.close()
        finally:
            follower.stop()
            await following


async def test_the_display_account_sees_nothing_else(live_server, new_page):
    page = await new_page()
    await login(page, live_server, "screen")
    await page.wait_for_url(f"{live_server}/screen")
    for path in ("/worklist", "/desk", "/supervisor", "/history", "/stats", "/cases/c0123"):
        await page.goto(f"{live_server}{path}")
        assert page.url == f"{live_server}/screen", path
    for path in ("/api/v1/worklist", "/api/v1/admin/overview", "/api/v1/stats/turnaround",
                 "/api/v1/reports"):
        r = await page.request.get(f"{live_server}{path}")
        assert r.status == 403, path
    r = await page.request.get(f"{live_server}/api/v1/screen")
    assert r.status == 200


async def test_statistics_page_with_charts_and_exports(web_settings, new_page, tmp_path):
    import openpyxl
    from test_stats import _case

    from teleconsult.stats import follow
    from teleconsult.store.files import Storage

    storage = Storage(web_settings.data_dir)
    now = time.time()
    for i in range(24):
        _case(storage, i, now - 3600 * (i + 1), modality=("CT", "DX", "ECG")[i % 3],
              priority="stat" if i % 5 == 0 else "routine", clinic=("futian", "guandu")[i % 2],
              doctor="rad-li", spans={"assigned": 2, "report": 10 + i, "delivered": 11 + i},
              positive=i % 2 == 0)
    follow.catch_up(web_settings, wait=True)
    async with serving(web_settings) as (base, _app):
        page = await new_page()
        await login(page, base, "admin")
        await page.wait_for_url(f"{base}/supervisor")
        await page.click('a[href="/stats"]')
        await page.wait_for_url(f"{base}/stats")
        table = page.locator("#turnaround")
        await expect(table.locator('tr[data-stage="arrival_to_report"] td').nth(1)
                     ).to_have_text("24")
        await page.check('#group-by input[value="modality"]')
        await page.click("#stats-query")
        await expect(table.locator('tr[data-stage="arrival_to_report"]')).to_have_count(3)
        await expect(page.locator("#daily-chart canvas")).to_have_count(1)
        month = time.strftime("%Y-%m", time.localtime(now - 3600))
        await page.fill("#month", month)
        async with page.expect_download() as info:
            await page.click("#export-xlsx")
        path = tmp_path / "export.xlsx"
        await (await info.value).save_as(path)
        wb = openpyxl.load_workbook(path)
        api = await (await page.request.get(f"{base}/api/v1/stats/month?month={month}")).json()
        rows = list(wb["检查类型"].iter_rows(values_only=True))[1:]
        assert [(r[0], r[2]) for r in rows] == [(x["modality"], x["cases"])
                                                for x in api["modality"]]
        await shot(page, "stats")
        assert not new_page.errors, new_page.errors


# today's bar in the 30-day chart, as ECharts holds it (the module is the page's own)
TREND_TODAY = """() => import("/static/charts/charts.js").then(({ echarts }) => {
  const data = echarts.getInstanceByDom(document.getElementById("trend-chart"))
    .getOption().series[0].data;
  return data[data.length - 1]; })"""


async def _poll(get, want, seconds: float = 15.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while (got := await get()) != want:
        assert time.monotonic() < deadline, f"still {got!r}, not {want!r}"
        await asyncio.sleep(0.1)


async def test_the_screen_holds_no_more_after_many_refreshes(web_settings, browser):
    """Many refreshes with news each time (a STAT into the countdown list, the arrivals, the
    tiles, the charts from the store): after a forced GC the page holds no more detached DOM
    nodes, no more event listeners and no more ECharts instances than after the first ones
    (a list's old rows kept, a listener added per refresh or charts made again without
    disposing of the old ones would each show here)."""
    async with serving(web_settings) as (base, _app):
        follower = StatsFollower(web_settings, every=0.5)
        following = asyncio.create_task(follower.run())
        try:
            ctx = await browser.new_context(viewport={"width": 1920, "height": 1080},
                                            locale="zh-CN")
            ctx.set_default_timeout(10_000)
            page = await ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            await login(page, base, "screen")
            await page.wait_for_url(f"{base}/screen")
            await expect(page.locator("#live")).to_have_text("实时", timeout=10_000)
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Performance.enable")
            tile = page.locator('#clinic-tiles [data-clinic="futian"] strong')
            countdowns = page.locator("#stat-list .countdown .clock")

            async def upload(i: int) -> None:
                updated = await page.evaluate("document.body.dataset.updated")
                await push_ecg(base, dict(ECG_BODY, patient=dict(ECG_BODY["patient"],
                                                                 id=f"P-LEAK-{i}")))
                # the refresh that shows it has been drawn (the tile counts cases today)
                await expect(tile).to_have_text(str(i + 1))
                await expect(countdowns).to_have_count(i + 1)
                await expect(page.locator("body")).not_to_have_attribute("data-updated",
                                                                         updated or "")

            for i in range(5):
                await upload(i)
            # the store has today's cases and the charts have been redrawn with them
            await _poll(lambda: page.evaluate(TREND_TODAY), 5)
            before = await page_counts(page, cdp)
            assert before["echarts"] == 2, before
            for i in range(5, 30):
                await upload(i)
            await _poll(lambda: page.evaluate(TREND_TODAY), 30)
            # a row replaced in the last moments can still be in flight (seen once in a
            # 10-minute run: 199 detached for one sample, 5 the next); a leak stays
            deadline = time.monotonic() + 10
            while (after := await page_counts(page, cdp))["detached"] > \
                    before["detached"] + 10 and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
            # 25 more rows in the STAT list are attached; nothing detached stays behind
            assert after["attached"] > before["attached"], (before, after)
            assert after["detached"] <= before["detached"] + 10, (before, after)
            assert after["listeners"] <= before["listeners"], (before, after)
            assert after["echarts"] == 2, (before, after)
            assert not errors, errors
            await ctx.close()
        finally:
            follower.stop()
            await following

"""The on-call cardiologist's phone (390×844, touch): the page's deep link opens the case
page made for a phone; the 12-lead sheet zooms; the measurements show their quality, rhythm
and the STEMI flag's criterion; the report is signed with the same API and fencing."""

from __future__ import annotations

import re
import time

import aiohttp
import pytest
from browser_util import shot
from test_doctor_clinic_flow import push_ecg
from test_ecg_tools import BODY
from test_pipeline import drain
from test_radiologist_viewer import store_ct_series

from dicom.ecg_synth import Beat, synth
from teleconsult.routing.paging import message
from teleconsult.store.files import case_id_for_study

pytest.importorskip("playwright.async_api")

PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36")


async def test_paged_stat_ecg_opens_on_a_phone_zooms_and_signs(live_server, browser):
    earlier = synth(Beat(), hr_bpm=68, fs=500, noise_uv=8, seed=9)  # the same patient's last ECG
    prior = await push_ecg(live_server, {**BODY, "priority": "routine", "leads": {
        k: [round(float(v)) for v in a] for k, a in earlier.leads.items()}}, clinic="guandu")
    made = await push_ecg(live_server, BODY, clinic="guandu")
    case_id = made["case_id"]
    record = {"case_id": case_id, "priority": "stat", "modality": "ECG",
              "received_at": time.time()}
    text = message("assigned", {}, record, "关渡卫生院", time.time(), live_server, False)
    [link] = re.findall(r"https?://\S+", text)  # the deep link the pager carries
    ctx = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                    has_touch=True, user_agent=PHONE_UA, locale="zh-CN",
                                    device_scale_factor=2)
    ctx.set_default_timeout(15_000)
    errors: list[str] = []
    try:
        page = await ctx.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(link)
        await page.wait_for_url(re.compile(r"/login"))
        await page.fill("#user", "card-chen")
        await page.fill("#password", "demo-card-chen")
        await page.click("#login-submit")
        await page.wait_for_url(link)
        await page.wait_for_selector("#m-ecg-svg")
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways
        stemi = page.locator("#m-stemi")
        assert "疑似 STEMI" in await stemi.inner_text()
        assert await stemi.locator("[data-criterion]").get_attribute("data-criterion") == "udmi"
        assert "信号质量良好" in await page.inner_text("#ecg-quality")
        assert "窦性" in await page.inner_text("#ecg-rhythm")
        # the prior ECG: its sheet when this doctor may read that case, else why not
        await page.wait_for_selector("#m-prior #m-prior-svg, #m-prior #m-prior-closed")
        assert await page.get_attribute("#m-prior", "data-case-id") == prior["case_id"]
        await shot(page, "phone-ecg-opened")

        sheet = page.locator("#m-sheet")
        assert await sheet.get_attribute("data-zoom") == "1.00"
        await page.tap("#m-zoom-in")
        await page.tap("#m-zoom-in")
        assert float(await sheet.get_attribute("data-zoom")) == pytest.approx(2.25)
        before = await page.eval_on_selector("#m-ecg-svg", "n => n.style.transform")
        box = await sheet.bounding_box()
        await page.mouse.move(box["x"] + 200, box["y"] + 100)  # drag pans the zoomed sheet
        await page.mouse.down()
        await page.mouse.move(box["x"] + 120, box["y"] + 60, steps=4)
        await page.mouse.up()
        assert await page.eval_on_selector("#m-ecg-svg", "n => n.style.transform") != before
        await shot(page, "phone-ecg-zoomed")

        await page.tap("#m-claim")
        await page.wait_for_selector("#m-sign")
        await page.tap("#m-template")
        findings = await page.input_value("#m-findings")
        assert "ST 段抬高" in findings and "（机器测量）" in findings
        assert "心律：窦性心律（机器测量）" in findings  # the rhythm statement, machine-marked
        assert await page.is_checked("#m-critical")  # a suspected STEMI is a 危急值
        page.once("dialog", lambda d: d.accept())
        await page.tap("#m-sign")
        await page.wait_for_selector("#m-signed")
        await shot(page, "phone-ecg-signed")
    finally:
        await ctx.close()
    assert errors == []
    async with aiohttp.ClientSession() as http:
        r = await http.get(f"{live_server}/api/v1/reports",
                           headers={"Authorization": "Bearer demo-guandu"})
        reports = [x for x in (await r.json())["reports"] if x["case_id"] == case_id]
    assert reports and reports[-1]["signed_by"] == "card-chen" and reports[-1]["critical"]
    assert "机器测量" not in reports[-1]["findings"]  # confirmed on signing


async def test_a_radiologist_on_the_phone_gets_key_images_and_a_scrollable_series(
        web_settings, store_file, live_server, browser):
    study = store_ct_series(store_file, slices=5)
    await drain(web_settings)
    case_id = case_id_for_study(study)
    ctx = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                    has_touch=True, user_agent=PHONE_UA, locale="zh-CN")
    ctx.set_default_timeout(15_000)
    try:
        page = await ctx.new_page()
        await page.goto(f"{live_server}/cases/{case_id}")
        await page.fill("#user", "rad-li")
        await page.fill("#password", "demo-rad-li")
        await page.click("#login-submit")
        await page.wait_for_selector("#m-series figure.m-slice img")
        figures = page.locator("#m-series figure.m-slice")
        assert await figures.count() == 5
        assert await page.is_visible("#m-keys-none")
        await page.tap("#m-claim")
        await page.wait_for_selector("#m-sign")
        third = await figures.nth(2).get_attribute("data-sop")
        series = await page.get_attribute("#m-series", "data-series")
        status = await page.evaluate(
            """async ([url, key]) => { const r = await fetch(url, {method: 'PUT',
                 credentials: 'same-origin', headers: {'Content-Type': 'application/json',
                 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},
                 body: JSON.stringify({measurements: [], key_images: [key]})});
               return r.status; }""",
            [f"/api/v1/cases/{case_id}/annotations",
             {"study": study, "series": series, "sop": third, "frame": 1}])
        assert status == 200
        await page.reload()
        key = page.locator("#m-keys img.m-key")
        await key.wait_for()
        assert await key.get_attribute("data-sop") == third
        await key.tap()  # jumps the series to the key image
        await page.wait_for_function(
            "() => document.getElementById('m-series').scrollTop > 0")
        last = figures.nth(4).locator("img")
        await last.scroll_into_view_if_needed()
        await page.wait_for_function(
            "() => { const i = document.querySelectorAll('#m-series img')[4];"
            " return i.complete && i.naturalWidth > 0; }")
        await shot(page, "phone-ct-series")
    finally:
        await ctx.close()

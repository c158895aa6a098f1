"""The patient record page (检查检验记录) in Chromium: a clinic asks with a reason, then sees
imaging, ECG and lab results from two facilities, lab tables with flags and 可互认, and the
potassium chart over time; at 1366×768 and 1920×1080."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import aiohttp
import hl7
from hl7.mllp import open_hl7_connection

from teleconsult.run.hl7_part import hl7_part
from tests.browser.browser_util import login, shot
from tests.lab_messages import bundle, oru
from tests.ports import free_port
from tests.test_lab_history import CT, ECG, PATIENT
from tests.test_pipeline import drain
from tests.test_sharing import RESIDENT, new_study, other_ids


async def _hl7(port: int, text: str) -> str:
    reader, writer = await open_hl7_connection("127.0.0.1", port, encoding="utf-8")
    try:
        writer.writemessage(hl7.parse(text))
        await writer.drain()
        return str((await asyncio.wait_for(reader.readmessage(), 30)).segment("MSA")(1))
    finally:
        writer.close()


async def _community(settings, store_file, base: str) -> None:  # noqa: ANN001
    now = datetime.now(settings.timezone)
    ids = dict(PatientID="F001", OtherPatientIDsSequence=other_ids(RESIDENT, "身份证"))
    store_file(CT, "FUTIAN_CT", **new_study(**ids, **PATIENT, StudyDescription="胸部CT平扫"))
    store_file(ECG, "FUTIAN_ECG", **new_study(**ids, **PATIENT))
    await drain(settings)
    lab = replace(settings, hl7_port=free_port())
    async with hl7_part(lab):
        for n, (days, k) in enumerate(((20, "5.9"), (9, "2.5"), (2, "3.9"))):
            when = (now - timedelta(days=days)).strftime("%Y%m%d%H%M%S")
            assert await _hl7(lab.hl7_port, oru(
                control=f"F-{n}", pid="F001", community_id=RESIDENT, name="王^芳", sex="F",
                potassium=k, flag="", when=when)) == "AA"
    async with aiohttp.ClientSession() as http:
        r = await http.post(f"{base}/api/v1/fhir", json=bundle(
            identifier="G-1", pid="G777", community_id=RESIDENT, name="王芳", gender="female",
            potassium=4.6, when=(now - timedelta(days=1)).isoformat(timespec="seconds")),
            headers={"Authorization": "Bearer demo-guandu"})
        assert r.status == 201, await r.text()


async def test_clinic_sees_every_kind_with_lab_tables_and_trend(
        web_settings, store_file, live_server, new_page) -> None:  # noqa: ANN001
    await _community(web_settings, store_file, live_server)
    page = await new_page()
    await login(page, live_server, "futian")
    await page.goto(f"{live_server}/patients/F001")
    # guandu's result is another facility's: the page asks why first
    await page.wait_for_selector("#reason-form")
    await page.select_option("#reason", "follow_up")
    await page.click("#reason-submit")
    await page.wait_for_selector("#timeline .history-item")
    kinds = await page.eval_on_selector_all("#timeline .history-item",
                                            "els => els.map(e => e.dataset.kind)")
    assert set(kinds) == {"imaging", "ecg", "lab"} and kinds.count("lab") == 4
    clinics = await page.eval_on_selector_all(".history-item[data-kind=lab]",
                                              "els => els.map(e => e.dataset.clinic)")
    assert sorted(clinics) == ["futian", "futian", "futian", "guandu"]
    text = await page.inner_text("#app")
    for words in ("检查检验记录", "王芳", "钾", "mmol/L", "3.5-5.3", "可互认", "已过互认期",
                  "危急值", "↑ 偏高", "官渡镇卫生院", "他院", "检验趋势"):
        assert words in text, words
    for internal in ("2823-3", "lab-", "same_patient", "RESIDENT_ID"):
        assert internal not in text, internal
    # the potassium chart: one dot per result in time order, the out-of-range ones red
    chart = page.locator("figure.trend[data-code='2823-3']")
    assert await chart.locator("circle").count() == 4
    assert await chart.locator("circle.out").count() == 2
    values = await chart.locator("text.val").all_text_contents()
    assert values == ["5.9", "2.5", "3.9", "4.6"]
    await shot(page, "patient-record-1366")
    # the kind filter: only lab items
    await page.click("#kind-filter button[data-kind=lab]")
    assert set(await page.eval_on_selector_all(
        "#timeline .history-item", "els => els.map(e => e.dataset.kind)")) == {"lab"}
    await page.set_viewport_size({"width": 1920, "height": 1080})
    await page.click("#kind-filter button[data-kind=all]")
    await shot(page, "patient-record-1920")
    assert new_page.errors == []

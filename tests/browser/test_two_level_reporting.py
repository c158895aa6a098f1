"""Two-level reporting and consultation in Chromium (1366×768, Chinese): a resident cannot
sign a CT final, signs the preliminary; the clinic's desk shows it as 初步报告 with the
banner; the attending's worklist gets the review item, the review view shows the preliminary
beside the editable final, the difference and the grade; the revised final replaces the
preliminary at the desk; the attending asks the provincial experts; the expert's worklist
shows the consultation, the expert takes it and answers; the reader sees the opinion."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from browser_util import login, shot
from conftest import serving

from teleconsult.settings.model import Shift

expect = pytest.importorskip("playwright.async_api").expect
CT = __import__("pydicom").data.get_testdata_file("CT_small.dcm")


@pytest.fixture()
async def review_server(settings):
    """The resident, an attending, a cardiologist and the expert on duty round the clock."""
    always = (Shift(days=tuple(range(7)), start=time(0), end=time(0)),)
    on = ("rad-zhang", "rad-li", "card-chen", "exp-liu")
    doctors = {d.id: replace(d, shifts=always if d.id in on else (), overrides=())
               for d in settings.doctors.values()}
    async with serving(replace(settings, doctors=doctors)) as (url, _app):
        yield url


async def test_preliminary_review_and_consultation_in_the_browser(review_server, store_file,
                                                                  new_page):
    base = review_server
    resident = await new_page()
    await login(resident, base, "rad-zhang")
    await resident.wait_for_url(f"{base}/worklist")
    await resident.wait_for_selector("#empty:not([hidden])")  # polling: the resident is online
    store_file(CT, "FUTIAN_CT", StudyDescription="STAT CHEST CT", PatientName="Zhang^Wei")
    row = resident.locator("#worklist tbody tr").first
    await row.wait_for(timeout=30_000)
    case_id = await row.get_attribute("data-case-id")
    await row.click()
    await resident.wait_for_url(f"{base}/cases/{case_id}")
    await resident.fill("#findings", "右肺上叶见一约 8 mm 结节影，边缘光整。")
    await resident.fill("#impression", "右肺上叶小结节，建议随访。")
    await resident.click("#sign")  # a resident's CT cannot go final alone
    await expect(resident.locator("#toast")).to_contain_text("初步报告")
    await resident.click("#sign-preliminary")
    await resident.wait_for_selector('#stage-note[data-stage="preliminary"]')
    assert "急诊初步报告，以正式报告为准" in await resident.inner_text("#stage-note")
    await shot(resident, "case-preliminary")

    clinic = await new_page()
    await login(clinic, base, "futian")
    await clinic.wait_for_url(f"{base}/desk")
    prelim = clinic.locator(f'li.report[data-report-id="{case_id}-v1"]')
    await prelim.wait_for()
    assert await prelim.locator(".badge.stage-preliminary").count() == 1
    await clinic.wait_for_selector(
        f'#studies tr[data-case-id="{case_id}"][data-status="preliminary"]')
    await prelim.locator(".report-head").click()
    assert "急诊初步报告" in await prelim.inner_text()
    await shot(clinic, "desk-preliminary")

    attending = await new_page()
    await login(attending, base, "rad-li")
    await attending.wait_for_url(f"{base}/worklist")
    review_row = attending.locator(f'tr[data-case-id="{case_id}"]')
    await review_row.wait_for(timeout=30_000)
    assert await review_row.locator(".badge.kind-review").inner_text() == "审核"
    await shot(attending, "worklist-review")
    await review_row.click()
    await attending.wait_for_selector("#review")
    assert "8 mm" in await attending.inner_text("#review-prelim")
    await attending.fill("#review-impression", "右肺上叶小结节（8 mm），建议 3 个月后复查薄层 CT。")
    await expect(attending.locator("#review-diff .diff-add")).to_have_count(1)
    await expect(attending.locator("#review-diff .diff-del")).to_have_count(1)
    assert await attending.locator("#review-approve").is_hidden()
    await attending.check('#review-grade input[value="minor"]')
    await shot(attending, "case-review")
    await attending.set_viewport_size({"width": 1920, "height": 1080})
    await shot(attending, "case-review-1920")
    await attending.set_viewport_size({"width": 1366, "height": 768})
    await attending.click("#review-revise")
    await attending.wait_for_selector('#stage-note[data-stage="final"]')
    assert "审核医师" in await attending.inner_text("#stage-note")

    final = clinic.locator(f'li.report[data-report-id="{case_id}-v2"]')
    await final.wait_for(timeout=15_000)
    assert await final.locator(".badge.stage-final").count() == 1
    assert await clinic.locator(f'li.report[data-report-id="{case_id}-v1"]').count() == 0
    await final.locator(".report-head").click()
    assert "3 个月后复查" in await final.inner_text()
    await shot(clinic, "desk-final")

    # the attending asks the provincial experts about the case
    await attending.click("#consult-open")
    await attending.fill("#consult-question", "结节性质？是否需要增强 CT？")
    await attending.select_option("#consult-urgency", "urgent")
    await shot(attending, "consult-dialog")
    await attending.click("#consult-submit")
    await attending.wait_for_selector("li.consultation.consult-requested")

    expert = await new_page()
    await login(expert, base, "exp-liu")
    await expert.wait_for_url(f"{base}/worklist")
    consult_row = expert.locator(f'tr[data-case-id="{case_id}"]')
    await consult_row.wait_for()
    assert await consult_row.locator(".badge.kind-consultation").inner_text() == "会诊"
    assert "增强 CT" in await consult_row.inner_text()
    await shot(expert, "worklist-expert")
    await consult_row.click()
    await expert.wait_for_selector("li.consultation button.consult-claim")
    assert await expert.locator("#report").count() == 0  # an expert writes no report here
    await expert.click("li.consultation button.consult-claim")
    await expert.fill("#consult-opinion", "边缘光整，考虑良性（炎性肉芽肿可能）。")
    await expert.fill("#consult-recommendation", "3 个月后复查薄层 CT，无需增强。")
    await shot(expert, "case-expert")
    await expert.click("#consult-send")
    await expert.wait_for_selector("li.consultation.consult-answered")

    await attending.reload()
    answered = attending.locator("li.consultation.consult-answered")
    await answered.wait_for()
    assert "炎性肉芽肿" in await answered.inner_text()
    # and the clinic sees it came back: its day list marks the case, the opinion on hover
    await clinic.reload()
    badge = clinic.locator(f'#studies tr[data-case-id="{case_id}"] .consult-answered')
    await badge.wait_for()
    assert await badge.inner_text() == "会诊已答复"
    assert "炎性肉芽肿" in await badge.get_attribute("title")
    assert not new_page.errors, new_page.errors

"""The clinic desk's studies of the day and report PDF, the worklist's check-in/out, and the
case page's priors from another clinic (result sharing)."""

from __future__ import annotations

import re

import aiohttp
import pytest
from browser_util import login, shot
from test_doctor_clinic_flow import ECG_BODY, push_ecg
from test_pipeline import drain
from test_radiologist_viewer import CT
from test_sharing import new_study, other_ids

expect = pytest.importorskip("playwright.async_api").expect


def bearer(who: str) -> dict:
    return {"Authorization": f"Bearer demo-{who}"}


async def call(base: str, method: str, path: str, who: str, **kw) -> tuple[int, dict]:
    async with (aiohttp.ClientSession() as http,
                http.request(method, f"{base}{path}", headers=bearer(who), **kw) as r):
        return r.status, await r.json()


def api_requests(page) -> list[str]:
    """The paths of every request the page makes from now on."""
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url.split("//", 1)[1].split("/", 1)[1]))
    return seen


async def test_desk_lists_todays_study_with_reader_then_reported_and_its_pdf(live_server,
                                                                            new_page):
    status, _ = await call(live_server, "POST", "/api/v1/presence/check-in", "card-chen")
    assert status == 200
    clinic = await new_page()
    asked = api_requests(clinic)
    await login(clinic, live_server, "futian")
    await clinic.wait_for_url(f"{live_server}/desk")
    await clinic.wait_for_selector("#no-reports:not([hidden])")

    made = await push_ecg(live_server, dict(ECG_BODY, priority="urgent"))
    row = clinic.locator(f'#studies tbody tr[data-case-id="{made["case_id"]}"]')
    await row.wait_for(timeout=15_000)
    assert "王秀英" in await row.inner_text()
    await expect(row.locator("td.reader")).to_have_text("陈心电", timeout=15_000)  # by name
    assert await row.get_attribute("data-status") in ("assigned", "in_review")
    _, day = await call(live_server, "GET", "/api/v1/clinic/cases", "futian")
    assert await clinic.inner_text("#studies-date") == day["date"]

    status, report = await call(live_server, "POST", f"/api/v1/cases/{made['case_id']}/report",
                                "card-chen", json={"findings": "窦性心律，心率 72 次/分。",
                                                   "impression": "正常心电图。"})
    assert status == 201, report
    # reported, and "delivered" once the (here empty) delivery plan has run
    await expect(row).to_have_attribute("data-status", re.compile("^(reported|delivered)$"),
                                        timeout=15_000)
    value, text = await row.locator("td .badge[data-value]").first.evaluate(
        "n => [n.dataset.value, n.textContent]")  # one read: the row may re-render between
    assert text == {"reported": "已报告", "delivered": "已送达"}[value]
    assert await row.locator("a.pdf-link").get_attribute("href") == \
        f"/api/v1/reports/{report['report_id']}.pdf"
    await expect(row.locator("td.reader")).to_have_text("陈心电")
    item = clinic.locator(f'#report-list li[data-report-id="{report["report_id"]}"]')
    await item.wait_for()
    assert not await clinic.locator("#critical").is_visible()

    # the report's PDF, opened from the desk: a PDF comes back (not rendered here)
    async with clinic.context.expect_event(
            "response", lambda r: r.url.endswith(f"/api/v1/reports/{report['report_id']}.pdf")
    ) as info:
        await item.locator("a.button", has_text="打印 PDF").click()
    response = await info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "inline" in response.headers.get("content-disposition", "")

    # the page found today's studies with one call, not by rebuilding case ids
    assert any(p.startswith("api/v1/clinic/cases") for p in asked)
    assert not [p for p in asked if p.startswith(("dicomweb/studies", "api/v1/cases/"))], asked
    assert not new_page.errors, new_page.errors


async def test_check_out_and_in_from_the_worklist(live_server, new_page):
    doctor = await new_page()
    await login(doctor, live_server, "rad-li")
    await doctor.wait_for_url(f"{live_server}/worklist")
    duty = doctor.locator("#duty")
    await expect(duty).to_have_attribute("data-state", "on")  # never checked out

    await doctor.click("#check-out")
    await expect(duty).to_have_attribute("data-state", "off")
    await expect(duty).to_have_text("已签退")
    status, body = await call(live_server, "GET", "/api/v1/presence", "rad-li")
    assert status == 200 and body["checked_out"] is True and body["online"] is False

    await doctor.click("#check-in")
    await expect(duty).to_have_attribute("data-state", "on")
    await expect(duty).to_have_text("在岗")
    _, body = await call(live_server, "GET", "/api/v1/presence", "rad-li")
    assert body["checked_out"] is False and body["online"] is True
    # a reload reads the state back from the server
    await doctor.reload()
    await expect(doctor.locator("#duty")).to_have_attribute("data-state", "on")
    assert not new_page.errors, new_page.errors


async def test_case_page_shows_prior_from_another_clinic(web_settings, store_file, live_server,
                                                         new_page):
    issuer = web_settings.reports.community_id_issuer
    resident = "110101199001011234"
    # guandu knows the patient by the community-wide id; rad-li reads that study first
    store_file(CT, "GUANDU_DR", **new_study(PatientID=resident, IssuerOfPatientID=issuer,
                                            PatientName="王^芳"))
    await drain(web_settings)
    _, wl = await call(live_server, "GET", "/api/v1/worklist", "rad-li")
    [guandu] = [i for i in wl["items"] if i["clinic"] == "guandu"]
    status, _ = await call(live_server, "POST", f"/api/v1/cases/{guandu['case_id']}/report",
                           "rad-li", json={"findings": "左肺下叶见 6 mm 结节。",
                                           "impression": "左肺下叶小结节，建议 6 个月复查。"})
    assert status == 201
    # shima: same name and birth date but no shared id -> a possible match only
    store_file(CT, "SHIMA_DR", **new_study(PatientID="S9", PatientName="王^芳"))
    # futian: its own local id, the community id in OtherPatientIDsSequence
    store_file(CT, "FUTIAN_CT", **new_study(PatientID="F001", PatientName="王^芳",
                                            OtherPatientIDsSequence=other_ids(resident, issuer)))
    await drain(web_settings)
    _, wl = await call(live_server, "GET", "/api/v1/worklist", "rad-li")
    [futian] = [i for i in wl["items"] if i["clinic"] == "futian"]

    page = await new_page()
    await login(page, live_server, "rad-li")
    await page.wait_for_url(f"{live_server}/worklist")
    await page.goto(f"{live_server}/cases/{futian['case_id']}")
    shared = page.locator(f'#priors li.prior[data-case-id="{guandu["case_id"]}"]')
    await shared.wait_for()
    assert await shared.get_attribute("data-clinic") == "guandu"
    assert await shared.get_attribute("data-match") != "possible_match"
    assert await shared.locator(".prior-clinic").inner_text() == "官渡镇卫生院"
    assert "左肺下叶小结节" in await shared.inner_text()
    assert await shared.locator(".badge.possible-match").count() == 0

    possible = page.locator('#priors li.prior[data-match="possible_match"]')
    assert await possible.count() == 1
    assert await possible.locator(".prior-clinic").inner_text() == "石马乡卫生院"
    await expect(possible.locator(".badge.possible-match")).to_have_text("疑似同一患者")
    assert await possible.locator(".prior-report").count() == 0  # no reports for a maybe
    await page.wait_for_function("() => document.querySelector('#viewer-info')?.textContent"
                                 ".includes('/')")  # the image is on screen
    await shot(page, "case-priors")
    assert not new_page.errors, new_page.errors

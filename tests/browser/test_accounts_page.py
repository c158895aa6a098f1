"""The supervisor adds a doctor on the page (credentials shown once), disables and re-enables
the account, and imports doctors from a CSV file — no TOML, no hashing by hand."""

from __future__ import annotations

import re

import pytest
from browser_util import login, shot

from teleconsult.core.digest import hash_secret
from teleconsult.settings.load import reread

expect = pytest.importorskip("playwright.async_api").expect


async def test_supervisor_manages_accounts_on_the_page(web_settings, live_server, new_page,
                                                       tmp_path):
    page = await new_page()
    await login(page, live_server, "admin")
    await page.wait_for_url(f"{live_server}/supervisor")
    await page.wait_for_selector('#account-list tr[data-account="rad-li"]')

    await page.select_option("#account-kind", "doctor")
    await page.fill("#account-id", "rad-he")
    await page.fill("#account-name", "何影像")
    await page.fill("#account-specialties", "radiology")
    await page.fill("#account-shifts", "daily 08:00-20:00; sat 20:00-08:00")
    await page.select_option("#account-title", "resident")  # 住院医师: reports reviewed
    await page.click("#account-add")
    token = page.locator("#account-credentials code.token")
    await expect(token).to_have_count(1)
    doctor = reread(web_settings).doctors["rad-he"]
    assert doctor.token_sha256 == hash_secret(await token.inner_text())
    assert len(doctor.shifts) == 2 and doctor.title == "resident"
    row = page.locator('#account-list tr[data-account="rad-he"]')
    await expect(row.locator("td.state")).to_have_text("启用")

    page.once("dialog", lambda dialog: dialog.accept())
    await row.locator("button.disable").click()
    await expect(row.locator("td.state")).to_have_text("已停用")
    assert reread(web_settings).doctors["rad-he"].shifts == ()
    await row.locator("button.enable").click()
    await expect(row.locator("td.state")).to_have_text("启用")

    csv = tmp_path / "doctors.csv"
    csv.write_text("id,name,specialties,shifts\ncard-lu,陆心电,cardiology,daily 20:00-08:00\n",
                   encoding="utf-8")
    await page.set_input_files("#account-import", str(csv))
    await expect(page.locator('#account-list tr[data-account="card-lu"]')).to_have_count(1)
    await expect(page.locator("#account-credentials code.password")).to_have_count(1)
    await shot(page.locator("#accounts"), "supervisor-accounts")

    # a refusal is told in Chinese: an id another account holds (a clinic's)
    await page.select_option("#account-kind", "doctor")
    await page.fill("#account-id", "futian")
    await page.fill("#account-name", "重名医生")
    await page.fill("#account-specialties", "radiology")
    await page.click("#account-add")
    await expect(page.locator("#toast")).to_contain_text("该编号已被其他账号使用")
    assert not re.search(r"[A-Za-z]{3,}", await page.locator("#toast").inner_text())
    await page.click("#lang-toggle")
    await expect(page.locator("#accounts h2")).to_have_text("Accounts")
    assert not new_page.errors, new_page.errors

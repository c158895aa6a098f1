"""Bad logins, lockout, expired sessions and CSRF-less posts are refused; the cookie is
HttpOnly + SameSite=Strict; logout ends the session. Plus the supervisor view."""

from __future__ import annotations

import aiohttp
import redis.asyncio as aioredis
from browser_util import login, shot
from test_pipeline import drain
from test_radiologist_viewer import store_ct_series

from teleconsult.store import keys

FETCH_POST = """async ([url, token]) => {
  const headers = {"Content-Type": "application/json"};
  if (token) headers["X-CSRF-Token"] = token;
  const r = await fetch(url, {method: "POST", headers, body: "{}"});
  return [r.status, (await r.json()).error?.code ?? null];
}"""


async def test_bad_login_lockout_and_cookie_flags(live_server, new_page):
    page = await new_page()
    await page.goto(f"{live_server}/worklist")  # not signed in: sent to the login form
    assert page.url.startswith(f"{live_server}/login?next=/worklist")
    await shot(page, "login")
    assert await page.inner_text("#login-submit") == "登录"  # Chinese by default
    await page.click("#lang-toggle")
    assert await page.inner_text("#login-submit") == "Log in"
    await page.click("#lang-toggle")
    for _ in range(4):
        await login(page, live_server, "card-chen", "wrong")
        assert await page.get_attribute("#login-message", "data-code") == "bad_credentials"
    await login(page, live_server, "nobody-here", "x")
    assert await page.get_attribute("#login-message", "data-code") == "bad_credentials"
    await login(page, live_server, "card-chen", "still-wrong")  # 5th failure for card-chen
    assert await page.get_attribute("#login-message", "data-code") == "locked"
    await login(page, live_server, "card-chen")  # right password, but locked for 15 min
    assert await page.get_attribute("#login-message", "data-code") == "locked"
    assert "/login" in page.url
    assert not [c for c in await page.context.cookies() if c["name"] == "tc_session"]

    # another user is not affected; the session cookie is HttpOnly and SameSite=Strict
    await login(page, live_server, "rad-li")
    await page.wait_for_url(f"{live_server}/worklist")
    [cookie] = [c for c in await page.context.cookies() if c["name"] == "tc_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert await page.evaluate("document.cookie.includes('tc_session')") is False

    # a login form posted without its CSRF token is refused
    async with aiohttp.ClientSession() as http:
        r = await http.post(f"{live_server}/login", data={"user": "rad-li",
                                                          "password": "demo-rad-li"},
                            allow_redirects=False)
        assert r.status == 403 and "form_expired" in await r.text()


async def test_csrf_expired_session_and_logout(web_settings, store_file, live_server,
                                               new_page):
    store_ct_series(store_file, slices=1)
    await drain(web_settings)
    page = await new_page()
    await login(page, live_server, "rad-li")
    await page.wait_for_url(f"{live_server}/worklist")
    case_id = await page.locator("#worklist tbody tr").first.get_attribute("data-case-id")
    claim = f"/api/v1/cases/{case_id}/claim"
    csrf = await page.get_attribute('meta[name="csrf-token"]', "content")

    # cookie-authenticated POST without (or with a wrong) X-CSRF-Token: refused
    assert await page.evaluate(FETCH_POST, [claim, None]) == [403, "csrf_failed"]
    assert await page.evaluate(FETCH_POST, [claim, "forged"]) == [403, "csrf_failed"]
    async with aiohttp.ClientSession() as http:  # logout form without its token
        cookie = {c["name"]: c["value"] for c in await page.context.cookies()}
        r = await http.post(f"{live_server}/logout", cookies=cookie, allow_redirects=False)
        assert r.status == 403 and (await r.json())["error"]["code"] == "csrf_failed"
    # the page's own token works
    status, _ = await page.evaluate(FETCH_POST, [claim, csrf])
    assert status == 200

    # the session expires in Redis: API calls get 401 session_expired, pages go to the login
    client = aioredis.Redis.from_url(web_settings.redis_target().url)
    try:
        [key] = await client.keys(keys.session("*"))
        await client.pexpire(key, 1)
        assert await page.evaluate(
            "fetch('/api/v1/worklist').then(async r => [r.status, (await r.json()).error.code])"
        ) == [401, "session_expired"]
        await page.goto(f"{live_server}/worklist")
        assert "expired=1" in page.url
        assert await page.get_attribute("#login-message", "data-code") == "expired"

        # logout ends the session server-side
        await login(page, live_server, "rad-li")
        await page.wait_for_url(f"{live_server}/worklist")
        assert len(await client.keys(keys.session("*"))) == 1
        await page.click("form[action='/logout'] button")
        await page.wait_for_url(f"{live_server}/login?bye=1")
        assert await client.keys(keys.session("*")) == []
    finally:
        await client.aclose()
    await page.goto(f"{live_server}/worklist")
    assert "/login" in page.url


async def test_supervisor_sees_queues_doctors_and_turnaround(web_settings, store_file,
                                                             live_server, new_page):
    store_ct_series(store_file, slices=1)
    await drain(web_settings)
    async with aiohttp.ClientSession() as http:  # rad-li reads it at once
        auth = {"Authorization": "Bearer demo-rad-li"}
        r = await http.get(f"{live_server}/api/v1/worklist", headers=auth)
        [item] = (await r.json())["items"]
        r = await http.post(f"{live_server}/api/v1/cases/{item['case_id']}/report", headers=auth,
                            json={"findings": "双肺清晰。", "impression": "未见异常。"})
        assert r.status == 201
    page = await new_page()
    asked: list[str] = []
    page.on("request", lambda req: asked.append(req.url))
    await login(page, live_server, "admin")
    await page.wait_for_url(f"{live_server}/supervisor")
    async with aiohttp.ClientSession() as http:
        r = await http.get(f"{live_server}/api/v1/admin/overview",
                           headers={"Authorization": "Bearer demo-admin"})
        assert r.status == 200
        [point] = (await r.json())["turnaround_today"]
    assert point["case_id"] == item["case_id"] and point["priority"] == "routine"
    await page.wait_for_selector('#doctor-body tr[data-doctor="rad-li"]')
    assert await page.locator("#doctor-body tbody tr").count() == len(web_settings.doctors)
    # the chart's point is the overview's turnaround_today one, not rebuilt from every case
    dot = page.locator("#turnaround-chart circle.pt.prio-routine")
    await dot.wait_for()
    assert await dot.count() == 1
    assert await dot.get_attribute("data-case-id") == item["case_id"]
    assert f"{point['minutes']:.1f} " in await dot.locator("title").text_content()
    assert not [u for u in asked if "/dicomweb/" in u or "/api/v1/cases/" in u], asked
    await shot(page, "supervisor")
    assert not new_page.errors, new_page.errors

"""Issue 11 holes 4 and 6: numbers that only look like numbers get 400 with the JSON error
shape (never 500), and the login's ``next`` never leads off the site."""

from __future__ import annotations

import pytest

from teleconsult.core.numbers import strict_float, strict_int
from teleconsult.web.app import create_app
from teleconsult.web.pages import safe_next
from tests.test_delivery import CT
from tests.test_pipeline import auth, drain, worklists

UNICODE_DIGITS = ["²", "١٢", "１２", "1_000", " 5", "-1", "9" * 40, ""]


def test_strict_parsers_accept_only_ascii_decimals():
    assert strict_int("42", "n") == 42
    assert strict_float("-1.5", "x") == -1.5
    for raw in UNICODE_DIGITS:
        with pytest.raises(ValueError):
            strict_int(raw, "n")
    for raw in ["inf", "nan", "1e308", "١.٥", "", "1,5"]:
        with pytest.raises(ValueError):
            strict_float(raw, "x")
    with pytest.raises(ValueError):
        strict_int("1001", "limit", high=1000)


async def _json_error(r, status: int = 400) -> str:
    assert r.status == status, await r.text()
    assert r.content_type == "application/json"
    body = await r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"]


async def test_unicode_digits_and_inf_are_400(settings, store_file, aiohttp_client):
    arrival = store_file(CT, "FUTIAN_CT")
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    lists = await worklists(client, "rad-li", "rad-wang")
    [case] = lists["rad-li"] + lists["rad-wang"]
    base = (f"/dicomweb/studies/{arrival.study_uid}/series/{arrival.series_uid}"
            f"/instances/{arrival.sop_uid}")
    r = await client.get(f"{base}/frames/1/rendered", headers=auth("futian"))
    assert r.status == 200  # the real thing works
    attempts = {
        ("futian", f"{base}/frames/²/rendered"): "invalid_frame",
        ("futian", f"{base}/frames/１/rendered"): "invalid_frame",
        ("futian", f"{base}/rendered?viewport=inf,inf"): "invalid_query",
        ("futian", f"{base}/rendered?viewport=1e9,1e9"): "invalid_query",
        ("futian", f"{base}/rendered?viewport=99999,99999"): "invalid_query",
        ("futian", f"{base}/rendered?window=nan,400"): "invalid_query",
        (case["assigned_to"], f"/api/v1/cases/{case['case_id']}/claim?fence=²"):
            "invalid_fence",
        ("futian", "/api/v1/reports?since=²"): "invalid_cursor",
        ("futian", "/api/v1/reports?limit=²"): "invalid_cursor",
        ("admin", "/api/v1/admin/escalations?limit=²"): "invalid_limit",
        ("admin", "/api/v1/admin/audit?limit=²"): "invalid_query",
        ("admin", "/api/v1/admin/audit?since=inf"): "invalid_query",
        ("futian", "/dicomweb/studies?limit=²"): "invalid_query",
        ("futian", "/dicomweb/studies?offset=1_0"): "invalid_query",
    }
    for (who, url), code in attempts.items():
        method = client.post if "/claim" in url else client.get
        r = await method(url, headers=auth(who))
        assert await _json_error(r) == code, url
    r = await client.get("/static/" + "a" * 300)
    assert await _json_error(r, 404) == "not_found"


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/\n/evil.example", "\t//evil.example", "//evil.example",
    "/\\evil.example", "\\\\evil.example", "https://evil.example/", "javascript:alert(1)",
    " //evil.example", "/\r\n/evil.example", "evil.example", "/x\x00y",
])
def test_next_never_leaves_the_site(target):
    assert safe_next(target) == ""


def test_next_keeps_same_site_paths():
    assert safe_next("/cases/c-1?tab=report") == "/cases/c-1?tab=report"
    assert safe_next("/worklist") == "/worklist"


async def test_login_redirect_with_tab_stays_on_site(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    r = await client.post("/login", data={"user": "rad-li", "password": "demo-rad-li",
                                          "csrf": "t", "next": "/\t/evil.example"},
                          cookies={"tc_login_csrf": "t"}, allow_redirects=False)
    assert r.status == 303 and r.headers["Location"] == "/worklist"

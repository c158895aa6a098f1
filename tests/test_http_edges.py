"""Issue 25 items 10, 11, 13, 14 at the HTTP edge: malformed forms and bodies are 400 (never
500), a client that leaves mid-upload is no server error, account ids and passwords are
checked, the overview and ownership reads are audited and fenced, 405 names what is allowed.

The client-drop test runs the real HTTP part (``run.http_part``) as ``serve`` does: aiohttp's
test server cancels a handler whose client left, the real one lets the read fail."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from teleconsult.run.http_part import http_part
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from teleconsult.store import audit
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.conftest import DEMO_CONFIG
from tests.ports import free_port
from tests.test_delivery import CT
from tests.test_pipeline import auth, drain

BOUNDARY_GARBAGE = [
    (b"garbage", "multipart/form-data; boundary=zz"),
    (b"--zz\r\nbroken", "multipart/form-data; boundary=zz"),
    (b"x", "multipart/form-data"),
    (b"--zz\r\nContent-Disposition: form-data\r\n\r\nv\r\n--zz--\r\n",
     "multipart/form-data; boundary=zz"),
    (b"--zz\r\nContent-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: zz\r\n\r\n"
     b"v\r\n--zz--\r\n", "multipart/form-data; boundary=zz"),
    (b"user=a&csrf=t", "application/x-www-form-urlencoded; charset=no-such-charset"),
]


async def _error_code(r, status: int = 400) -> str:
    assert r.status == status, await r.text()
    body = await r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"]


async def _page_session(client, user: str) -> str:
    """Log in through the form; the page's CSRF token (from the page shell)."""
    r = await client.get("/login")
    csrf = r.cookies["tc_login_csrf"].value
    r = await client.post("/login", data={"user": user, "password": f"demo-{user}",
                                          "csrf": csrf}, allow_redirects=False)
    assert r.status == 303
    r = await client.get("/worklist" if user.startswith(("rad", "card")) else "/desk")
    text = await r.text()
    marker = 'name="csrf-token" content="'
    assert marker in text
    return text.split(marker, 1)[1].split('"', 1)[0]


async def test_malformed_forms_are_400_not_500(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for body, ctype in BOUNDARY_GARBAGE:
        r = await client.post("/login", data=body, headers={"Content-Type": ctype},
                              cookies={"tc_login_csrf": "t"})
        assert await _error_code(r) == "invalid_form", (body, ctype)
    # a cookie-authenticated POST whose CSRF token is looked for in a broken form
    await _page_session(client, "rad-li")
    for body, ctype in BOUNDARY_GARBAGE:
        for path in ("/logout", "/api/v1/presence/check-out"):
            r = await client.post(path, data=body, headers={"Content-Type": ctype})
            assert await _error_code(r) == "invalid_form", (path, body, ctype)


async def test_account_kind_must_be_a_string(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for kind in (["clinic"], {"a": 1}, 3, None):
        r = await client.post("/api/v1/admin/accounts", headers=auth("admin"),
                              json={"kind": kind, "id": "x1", "name": "x"})
        assert await _error_code(r) == "invalid_account", kind


@contextlib.asynccontextmanager
async def _real_http(settings):
    port = free_port()
    async with http_part(replace(settings, http_port=port, http_host="127.0.0.1")):
        yield port


async def test_a_client_leaving_mid_stow_is_no_server_error(settings, caplog):
    caplog.set_level(logging.INFO)
    data = Path(CT).read_bytes()
    body = b"--XYZ\r\nContent-Type: application/dicom\r\n\r\n" + data + b"\r\n--XYZ--\r\n"
    head = ("POST /dicomweb/studies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-futian\r\n"
            'Content-Type: multipart/related; type="application/dicom"; boundary=XYZ\r\n'
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    path = audit.audit_path(settings.data_dir)
    async with _real_http(settings) as port:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head + body[: len(body) // 2])
        await writer.drain()
        writer.close()
        async with asyncio.timeout(20):
            while not path.exists() or b"/dicomweb/studies" not in path.read_bytes():
                await asyncio.sleep(0.05)
    [line] = [orjson.loads(x) for x in path.read_bytes().splitlines()
              if b"/dicomweb/studies" in x]
    assert line["status"] == 499, line
    assert not [r for r in caplog.records if r.exc_info], "no traceback for a client leaving"
    assert any("client" in r.getMessage() and "left" in r.getMessage()
               for r in caplog.records)


async def test_account_ids_are_checked_and_unique_across_kinds(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for kind in ("admin", "doctor", "clinic"):
        for bad_id in ("", "../../x", "x\n", "rad-x\nother", "A", "x/y"):
            body = {"kind": kind, "id": bad_id, "name": "x"}
            if kind == "doctor":
                body |= {"specialties": ["radiology"],
                         "shifts": [{"days": "daily", "start": "08:00", "end": "20:00"}]}
            if kind == "clinic":
                body |= {"ae_titles": ["NEWCLINIC_CT"]}
            r = await client.post("/api/v1/admin/accounts", headers=auth("admin"), json=body)
            assert await _error_code(r) == "invalid_account", (kind, bad_id)
    # a doctor may not take a clinic's id (the clinic could no longer log in)
    r = await client.post("/api/v1/admin/accounts", headers=auth("admin"), json={
        "kind": "doctor", "id": "futian", "name": "x", "specialties": ["radiology"],
        "shifts": [{"days": "daily", "start": "08:00", "end": "20:00"}]})
    assert await _error_code(r, 409) == "account_exists"
    r = await client.post("/api/v1/admin/accounts", headers=auth("admin"),
                          json={"kind": "admin", "id": "rad-li", "name": "x"})
    assert await _error_code(r, 409) == "account_exists"
    r = await client.get("/api/v1/worklist", headers=auth("futian"))
    assert r.status == 403  # still the clinic's token


def test_the_file_may_not_give_one_id_to_two_kinds(tmp_path):
    text = Path(DEMO_CONFIG).read_text(encoding="utf-8")
    clash = tmp_path / "t.toml"
    clash.write_text(text.replace('[[admins]]\nid = "admin"', '[[admins]]\nid = "futian"'),
                     encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(clash, env={"TELECONSULT_DATA_DIR": str(tmp_path)})
    assert any("futian" in p and "unique" in p for p in err.value.problems)


async def test_a_chosen_password_has_a_minimum_length(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for weak in ("1", "abc", "1234567"):
        r = await client.post("/api/v1/admin/accounts", headers=auth("admin"),
                              json={"kind": "admin", "id": "ops-two", "name": "x",
                                    "password": weak})
        assert await _error_code(r) == "weak_password"
    r = await client.post("/api/v1/admin/accounts", headers=auth("admin"),
                          json={"kind": "admin", "id": "ops-two", "name": "x",
                                "password": "long-enough-1"})
    assert r.status == 201, await r.text()


def _audit_lines(settings, route: str) -> list[dict]:
    path = audit.audit_path(settings.data_dir)
    lines = [orjson.loads(x) for x in path.read_bytes().splitlines()] if path.exists() else []
    return [x for x in lines if x["route"] == route]


async def test_overview_is_audited_and_names_only(settings, store_file, aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    await drain(settings, online=False)  # nobody present: the case stays queued
    client = await aiohttp_client(create_app(settings))
    r = await client.get("/api/v1/admin/overview", headers=auth("admin"))
    assert r.status == 200
    queued = [c for q in (await r.json())["queues"].values() for c in q["cases"]]
    assert len(queued) == 1
    assert queued[0]["patient"] == {"name": "CompressedSamples CT1"}
    [line] = _audit_lines(settings, "/api/v1/admin/overview")
    assert line["who"] == "admin" and line["status"] == 200


async def test_ownership_only_to_those_entitled(settings, store_file, aiohttp_client):
    store_file(CT, "FUTIAN_CT")
    await drain(settings, online=False)
    client = await aiohttp_client(create_app(settings))
    [cid] = list(Storage(settings.data_dir).iter_case_ids())
    answers = {}
    for who in ("rad-li", "rad-wang", "card-chen", "card-zhao"):
        r = await client.get(f"/api/v1/cases/{cid}/ownership", headers=auth(who))
        answers[who] = r.status
        if r.status == 200:
            assert (await r.json())["can_claim"] is True
        else:
            assert await _error_code(r, 403) == "not_yours"
    # the radiologist on shift may claim it; the one off shift and the cardiologists learn
    # nothing about a case never routed to them
    assert sorted(answers.values()) == [200, 403, 403, 403], answers
    assert answers["card-chen"] == answers["card-zhao"] == 403


async def test_405_names_the_allowed_methods(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    for method, path, allowed in [("DELETE", "/api/v1/worklist", {"GET", "HEAD"}),
                                  ("PUT", "/login", {"GET", "HEAD", "POST"}),
                                  ("GET", "/api/v1/admin/reload", {"POST"})]:
        r = await client.request(method, path, headers=auth("admin"))
        assert await _error_code(r, 405) == "method_not_allowed", path
        assert {m.strip() for m in r.headers["Allow"].split(",")} == allowed, path

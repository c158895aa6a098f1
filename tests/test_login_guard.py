"""Issue 11 hole 5: login attempts are counted and locked atomically per (account, source
address); guesses from elsewhere slow the account down instead of locking its owner out."""

from __future__ import annotations

import asyncio
import re
import time

import aiohttp

from teleconsult.web.app import create_app


async def _login(base: str, user: str, password: str, source: str) -> tuple[int, str]:
    """One login form post from ``source`` (a loopback address): (status, message code)."""
    connector = aiohttp.TCPConnector(local_addr=(source, 0))
    async with aiohttp.ClientSession(connector=connector) as http:
        r = await http.post(f"{base}/login", data={"user": user, "password": password,
                                                   "csrf": "t"},
                            cookies={"tc_login_csrf": "t"}, allow_redirects=False)
        text = await r.text()
        code = re.search(r'data-code="([a-z_]*)"', text)
        return r.status, (code.group(1) if code else r.headers.get("Location", ""))


async def test_parallel_guesses_get_at_most_the_allowed_checks(settings, aiohttp_server):
    server = await aiohttp_server(create_app(settings))
    base = f"http://127.0.0.1:{server.port}"
    results = await asyncio.gather(*(_login(base, "card-chen", f"guess{i}", "127.0.0.1")
                                      for i in range(40)))
    statuses = [s for s, _ in results]
    assert statuses.count(401) + statuses.count(429) == 40
    checked = [r for r in results if r[0] == 401 or r[1] == "bad_credentials"]
    assert len(checked) <= 5, results  # 5 password checks, then locked
    assert statuses.count(429) >= 35
    # the right password from the guessing address is refused while locked ...
    assert await _login(base, "card-chen", "demo-card-chen", "127.0.0.1") == (429, "locked")
    # ... but the doctor at their own machine is not locked out
    status, where = await _login(base, "card-chen", "demo-card-chen", "127.0.0.2")
    assert (status, where) == (303, "/worklist")


async def test_guesses_from_many_addresses_slow_the_account_down(settings, aiohttp_server):
    server = await aiohttp_server(create_app(settings))
    base = f"http://127.0.0.1:{server.port}"
    for n in range(2, 6):  # 4 addresses x 5 failures = 20: the slow-down threshold
        for i in range(5):
            await _login(base, "rad-li", f"guess{i}", f"127.0.0.{n}")
    # now one check per turn: two fresh guessers at the same moment, one is told to wait
    both = await asyncio.gather(_login(base, "rad-li", "x", "127.0.1.1"),
                                _login(base, "rad-li", "y", "127.0.1.2"))
    assert sorted(both) == [(401, "bad_credentials"), (429, "slow_down")]
    # the doctor still gets in from a clean address after at most a short wait
    deadline = time.monotonic() + 30
    while True:
        status, where = await _login(base, "rad-li", "demo-rad-li", "127.0.2.1")
        if status != 429 or time.monotonic() > deadline:
            break
        assert where == "slow_down"
        await asyncio.sleep(0.5)
    assert (status, where) == (303, "/worklist")

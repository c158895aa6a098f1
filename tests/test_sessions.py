"""A page session ends when its account leaves the configuration (reload)."""

from dataclasses import replace

import redis.asyncio as aioredis

from teleconsult.api.sessions import COOKIE
from teleconsult.store.sessions import Principal, SessionStore
from teleconsult.web.app import create_app


async def test_session_of_a_removed_doctor_is_refused(settings, aiohttp_client):
    client = aioredis.Redis.from_url(settings.redis_target().url)
    session = await SessionStore(client).create(Principal("doctor", "rad-li", "李放射"))
    http = await aiohttp_client(create_app(settings))
    cookies = {COOKIE: session.token}
    r = await http.get("/api/v1/worklist", cookies=cookies)
    assert r.status == 200
    without = replace(settings, doctors={k: v for k, v in settings.doctors.items()
                                         if k != "rad-li"})
    http2 = await aiohttp_client(create_app(without))
    r = await http2.get("/api/v1/worklist", cookies=cookies)
    assert r.status == 401 and (await r.json())["error"]["code"] == "session_expired"
    assert await SessionStore(client).load(session.token) is None  # and it is gone
    await client.aclose()

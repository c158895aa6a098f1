"""Event streams against a real ``teleconsult api`` process: 300 idle streams do not starve
the API, a stream held idle for a minute (past every client, server and redis-py timeout)
still delivers at once, the per-caller cap answers 429, every stream starts with an ``id:``,
and ``Last-Event-ID`` resumes exactly."""

from __future__ import annotations

import contextlib
import re
import socket
import time

import pytest
import redis

from teleconsult.store import events
from teleconsult.store.redis_target import RedisTarget
from tests.faults.api_process import ApiProcess, api_process
from tests.test_e2e_serve import http, poll

CALLERS = ("futian", "guandu", "miaoyu", "rad-li", "rad-wang", "card-chen", "card-zhao",
           "admin")
READY = re.compile(rb"id: (\d+-\d+)\nevent: ready\n")


def open_stream(api: ApiProcess, who: str, last: str | None = None
                ) -> tuple[socket.socket, int, bytes]:
    """(socket, status, bytes so far): HTTP/1.0, so the body is the bare event stream."""
    sock = api.connect()
    resume = f"Last-Event-ID: {last}\r\n" if last else ""
    sock.sendall(f"GET /api/v1/events HTTP/1.0\r\nAuthorization: Bearer demo-{who}\r\n"
                 f"Accept: text/event-stream\r\n{resume}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data or (b" 200 " in data[:16] and not READY.search(data)):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return sock, int(data.split(b" ", 2)[1]), data


def read_until(sock: socket.socket, needle: bytes, seconds: float) -> bytes:
    sock.settimeout(seconds)
    deadline, data = time.monotonic() + seconds, b""
    while needle not in data:
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} not seen in {seconds} s: {data[-300:]!r}")
        data += sock.recv(65536)
    return data


@pytest.mark.slow  # holds one stream idle for a minute, by design
def test_streams_under_load_idle_for_a_minute_and_capped(data_dir, redis_url):
    with api_process(data_dir, redis_url, "max_streams_per_caller = 40") as api:
        idle, status, first = open_stream(api, "admin")
        opened = time.monotonic()
        assert status == 200 and READY.search(first)
        streams = [open_stream(api, CALLERS[i % len(CALLERS)]) for i in range(300)]
        assert all(s == 200 and READY.search(d) for _, s, d in streams)
        # with 301 streams open, the API still answers at once (no pool is held by them)
        for _ in range(5):
            started = time.monotonic()
            code, body = http(api.port, "/api/v1/worklist", "demo-rad-li")
            assert code == 200 and "items" in body
            code, _ = http(api.port, "/readyz")
            assert code in (200, 503) and time.monotonic() - started < 2.0
        # the per-caller cap: admin has 1 + 37 open; the 41st is refused with 429 JSON
        mine = 1 + sum(1 for i in range(300) if CALLERS[i % len(CALLERS)] == "admin")
        extra = []
        while True:
            sock, status, data = open_stream(api, "admin")
            extra.append(sock)
            if status != 200:
                break
            mine += 1
        assert status == 429 and mine == 40
        assert b'"code":"too_many_streams"' in data.replace(b" ", b"")
        # hold the first stream idle for a minute: heartbeats keep coming meanwhile
        seen = b""
        idle.settimeout(1.0)

        def a_minute_passed() -> bool:
            nonlocal seen
            with contextlib.suppress(TimeoutError):
                seen += idle.recv(65536)
            return time.monotonic() - opened > 60

        poll(a_minute_passed, 90, "a minute of idling")
        assert seen.count(b"event: heartbeat") >= 3
        last_id = re.findall(rb"id: (\d+-\d+)\n", first + seen)[-1].decode()
        r = redis.Redis.from_url(redis_url)
        sent = time.monotonic()
        events.publish_into(r, "case_queued", case_id="c-idle-test", specialty="radiology",
                            clinic="futian")
        read_until(idle, b"c-idle-test", 2.0)
        assert time.monotonic() - sent < 2.0
        r.close()
        # a reconnect from the last id it had gets exactly what came after (as the clinic:
        # admin is at its cap, and a closed stream frees its slot only at its next write)
        again, status, data = open_stream(api, "futian", last=last_id)
        assert status == 200 and READY.search(data).group(1).decode() == last_id
        if b"c-idle-test" not in data:  # it may have come with the ready frame
            read_until(again, b"c-idle-test", 5.0)
        for sock in [idle, again, *extra, *(s for s, _, _ in streams)]:
            sock.close()


async def test_hub_survives_a_redis_outage_and_resumes_without_a_gap():
    """Redis killed under an open subscription: the hub keeps its position and, once Redis
    is back, delivers what is published then (nothing is skipped, nothing repeated)."""
    import asyncio
    import shutil
    import tempfile
    from pathlib import Path

    import redis.asyncio as aioredis

    from teleconsult.api.event_hub import EventHub
    from teleconsult.run.redis_server import start_redis

    directory = Path(tempfile.mkdtemp(prefix="tc-hub-"))
    server = start_redis(directory, persistent=True)
    hub = EventHub(RedisTarget.from_url(server.url), 5, 5, block_ms=500)
    hub.start()
    try:
        await asyncio.wait_for(hub.ready.wait(), 10)
        sub = hub.subscribe("admin:admin", lambda e: True)
        client = aioredis.Redis.from_url(server.url)
        await events.publish(client, "case_queued", case_id="before")
        assert (await asyncio.wait_for(sub.queue.get(), 5))[1]["case_id"] == "before"
        await client.aclose()
        server.process.kill()  # Redis dies under the open subscription
        server.process.wait(10)
        server = start_redis(directory, persistent=True)  # same socket, same data
        client = aioredis.Redis.from_url(server.url)
        await events.publish(client, "case_queued", case_id="after")
        event_id, event = await asyncio.wait_for(sub.queue.get(), 20)
        assert event["case_id"] == "after" and not sub.ended
        assert hub.position == event_id
        await client.aclose()
    finally:
        await hub.stop()
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def test_caps_and_a_lagging_subscriber_is_ended_not_buffered():
    from teleconsult.api import event_hub
    from teleconsult.api.event_hub import EventHub, TooManyStreams

    hub = EventHub(RedisTarget.from_url("unix:///nonexistent"), max_per_caller=2, max_total=3)
    hub.position = "1-0"
    a1, _ = hub.subscribe("a", lambda e: True), hub.subscribe("a", lambda e: True)
    with pytest.raises(TooManyStreams) as err:
        hub.subscribe("a", lambda e: True)
    assert err.value.scope == "caller"
    hub.subscribe("b", lambda e: e.get("clinic") == "b")
    with pytest.raises(TooManyStreams) as err:
        hub.subscribe("c", lambda e: True)
    assert err.value.scope == "total"
    hub.unsubscribe(a1)
    assert hub.open_streams == 2
    hub.fan_out([(f"{i + 2}-0", {"type": "x", "clinic": "a"})
                 for i in range(event_hub.QUEUE_SIZE + 1)])
    lagging = [s for s in hub._subs if s.caller == "a"][0]
    other = [s for s in hub._subs if s.caller == "b"][0]
    assert lagging.ended == "lagging" and lagging.queue.qsize() == event_hub.QUEUE_SIZE
    assert other.queue.empty() and not other.ended  # it sees none of them
    assert hub.position == f"{event_hub.QUEUE_SIZE + 2}-0"


async def test_an_open_stream_keeps_its_doctor_online(settings, aiohttp_client):
    import asyncio

    from teleconsult.store import keys
    from teleconsult.web.app import create_app

    client = await aiohttp_client(create_app(settings))
    stream = await client.get("/api/v1/events", headers={"Authorization": "Bearer demo-rad-wang"})
    assert stream.status == 200
    first = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 5)
    assert READY.search(first.replace(b"retry: 3000\n", b""))
    r = redis.Redis.from_url(settings.redis_target().url)
    deadline = time.monotonic() + 5
    while not r.exists(keys.online("rad-wang")):  # the server runs on this loop: yield to it
        assert time.monotonic() < deadline, "rad-wang never came online"
        await asyncio.sleep(0.05)
    r.close()
    stream.close()

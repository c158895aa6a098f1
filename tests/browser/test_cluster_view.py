"""The supervisor page's cluster view: every node the registry knows, alive or lost, and
the parts each holds — at 1366x768 and 1920x1080."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
import redis.asyncio as aioredis
from browser_util import login, shot

from teleconsult.store import keys, nodes


async def _county_b_died(client: aioredis.Redis) -> None:
    """county-b (ingress and workers) stopped beating a minute ago, as after a kill -9."""
    now = time.time()
    await nodes.beat(client, "county-b/dicom-0", ["ingress", "workers"], now - 900, now - 60)
    await client.zadd(keys.WORKER_HEARTBEATS, {"county-b/777/w0": now - 61})
    await nodes.describe(client, ["county-b/777/w0"], ["ingress", "workers"], now - 900)


async def _county_a_lives(client: aioredis.Redis) -> None:
    """county-a runs everything and beats every half second, as its processes do."""
    started = time.time() - 300
    while True:
        for member in ("county-a/api", "county-a/dicom-0"):
            await nodes.beat(client, member, ["ingress", "api", "workers"], started)
        await client.zadd(keys.WORKER_HEARTBEATS, {"county-a/4242/w0": time.time()})
        await asyncio.sleep(0.5)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
async def test_the_supervisor_sees_which_nodes_are_alive_and_what_each_holds(
        web_settings, live_server, new_page, size) -> None:
    client = aioredis.Redis.from_url(web_settings.redis_target().url)
    await _county_b_died(client)
    beating = asyncio.create_task(_county_a_lives(client))
    try:
        await _look(web_settings, live_server, new_page, size)
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        await client.aclose()


async def _look(web_settings, live_server, new_page, size: tuple[int, int]) -> None:
    page = await new_page()
    await page.set_viewport_size({"width": size[0], "height": size[1]})
    await login(page, live_server, "admin")
    await page.wait_for_url(f"{live_server}/supervisor")
    a = page.locator('#cluster-body tr[data-node="county-a"]')
    b = page.locator('#cluster-body tr[data-node="county-b"]')
    await b.wait_for()
    assert await page.locator("#cluster h2").text_content() == "集群节点"
    assert "运行中" in await a.text_content() and "失联" in await b.text_content()
    assert await a.get_attribute("class") == "node alive"
    assert await b.get_attribute("class") == "node dead"
    held = a.locator(".part.on")
    assert [await held.nth(i).get_attribute("data-part") for i in range(await held.count())] \
        == ["ingress", "api", "workers"]
    # county-b holds ingress and workers (configured), both lost; no api shown for it
    assert await b.locator(".part").count() == 2 and await b.locator(".part.on").count() == 0
    assert "影像接收" in await b.text_content() and "后台任务" in await b.text_content()
    title = await b.locator('.part[data-part="workers"]').get_attribute("title")
    assert title == "777/w0"
    # the page fits its width: no sideways scrolling at either size
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = await page.locator("#cluster").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size[0]
    await page.locator("#cluster").scroll_into_view_if_needed()
    await shot(page, f"supervisor-cluster-{size[0]}")
    assert not new_page.errors, new_page.errors

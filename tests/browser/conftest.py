"""Real Chromium (Debian's, via Playwright from PyPI) against the real app on a free port,
with the private Redis of tests/conftest.py and a background worker.

Never downloads a browser: ``/usr/bin/chromium`` is used, installed with apt-get when missing
and we are root (scripts/test does the same); otherwise these tests are skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from teleconsult.settings.model import Settings, Shift
from teleconsult.web.app import create_app
from workers.context import WorkerContext
from workers.runner import Worker

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
VIEWPORT = {"width": 1366, "height": 768}


def _chromium_available() -> str | None:
    """None when usable, else why not (installing it with apt-get first when we may)."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e .[test])"
    if not os.path.exists(CHROMIUM) and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run("apt-get update -q && apt-get install -y -q chromium fonts-noto-cjk",
                       shell=True, env=env, capture_output=True, timeout=900, check=False)
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is absent and could not be installed (apt-get install chromium)"
    return None


_WHY_NOT = _chromium_available()


@pytest.fixture()
def web_settings(settings: Settings) -> Settings:
    """The demo community with rad-li and card-chen on duty round the clock (others off),
    so the tests know who gets each case whatever the hour."""
    always = (Shift(days=tuple(range(7)), start=time(0), end=time(0)),)
    doctors = {}
    for d in settings.doctors.values():
        shifts = always if d.id in ("rad-li", "card-chen") else ()
        doctors[d.id] = replace(d, shifts=shifts, overrides=())
    return replace(settings, doctors=doctors)


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[tuple[str, web.Application]]:
    """The app on 127.0.0.1:<free port> and one worker in the background: (base URL, app)."""
    # open event streams would hold a graceful shutdown for up to a minute
    runner = web.AppRunner(create_app(settings), shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    client = aioredis.Redis.from_url(settings.redis_target().url)
    worker = Worker(WorkerContext.create(settings, client, name="browser-test"), poll_ms=100)
    task = asyncio.create_task(worker.run())
    try:
        yield f"http://127.0.0.1:{port}", runner.app
    finally:
        worker.stop()
        await asyncio.wait_for(task, 5)
        await client.aclose()
        await runner.cleanup()


@pytest.fixture()
async def live_server(web_settings: Settings) -> AsyncIterator[str]:
    """The app on 127.0.0.1:<free port> and one worker running in the background."""
    async with serving(web_settings) as (url, _app):
        yield url


@pytest.fixture()
async def browser():
    if _WHY_NOT:
        pytest.skip(_WHY_NOT)
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            await b.close()


@pytest.fixture()
async def new_page(browser):
    """A fresh browser context (own cookies) per call, 1366×768, Chinese locale."""
    contexts = []

    async def make():
        ctx = await browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        page = await ctx.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    errors: list[str] = []
    make.errors = errors
    yield make
    for ctx in contexts:
        await ctx.close()

"""Running the parts: all in one (`serve`) or one per process (`api`, `dicom`, `worker`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import replace

import redis
from aiohttp import web

from teleconsult import keys
from teleconsult.api.app import create_app, redis_client
from teleconsult.core.http_limits import runner_options
from teleconsult.ingest import Ingest
from teleconsult.redis_server import EmbeddedRedis, start_redis
from teleconsult.settings import ConfigError, Settings, reread
from teleconsult.storage import Storage
from workers.context import WorkerContext
from workers.runner import Worker

log = logging.getLogger(__name__)


@contextlib.contextmanager
def embedded_redis(settings: Settings):
    """Yield settings with a redis_url: the configured one, or a private server we own."""
    if settings.redis_url:
        yield settings
        return
    server: EmbeddedRedis = start_redis(settings.data_dir / "redis")
    log.info("embedded redis-server started (pid %d, %s)", server.process.pid, server.url)
    try:
        yield replace(settings, redis_url=server.url)
    finally:
        server.stop()
        log.info("embedded redis-server stopped")


@contextlib.asynccontextmanager
async def http_part(settings: Settings) -> AsyncIterator[None]:
    runner = web.AppRunner(create_app(settings), access_log=None,
                           **runner_options(settings.http))
    await runner.setup()
    for site in http_sites(runner, settings):
        await site.start()
        log.info("%s", site.name)
    try:
        yield
    finally:
        await runner.cleanup()


def http_sites(runner: web.AppRunner, settings: Settings) -> list[web.TCPSite]:
    """Plain HTTP unless ``http_port`` is 0; HTTPS on ``https_port`` with the configured
    certificate (``teleconsult.core.tls``)."""
    from teleconsult.core.tls import server_context

    sites = []
    if settings.http_port:
        sites.append(web.TCPSite(runner, settings.http_host, settings.http_port))
    if settings.tls and settings.tls.https_port:
        sites.append(web.TCPSite(runner, settings.http_host, settings.tls.https_port,
                                 ssl_context=server_context(settings.tls)))
    return sites


@contextlib.contextmanager
def dicom_part(settings: Settings):
    from teleconsult.ingress.tls import start_listeners

    client = redis.Redis.from_url(settings.redis_url)
    # plain and/or TLS, each checking client certificates against the calling clinic
    servers = start_listeners(settings, Ingest(Storage(settings.data_dir), client))
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
        client.close()


@contextlib.asynccontextmanager
async def worker_part(settings: Settings, count: int = 1) -> AsyncIterator[list[Worker]]:
    client = redis_client(settings.redis_url)
    workers = [Worker(WorkerContext.create(settings, client, name=f"w{i}-{id(client)}"))
               for i in range(count)]
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        yield workers
    finally:
        for w in workers:
            w.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()


async def _until_stop_or_reload(settings: Settings) -> str:
    """'stop' on SIGINT/SIGTERM; 'reload' on SIGHUP or when an admin's reload bumps the
    shared config version (so every process of a scaled-out community follows)."""
    outcome: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    loop = asyncio.get_running_loop()

    def finish(value: str) -> None:
        if not outcome.done():
            outcome.set_result(value)

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, finish, "stop")
    loop.add_signal_handler(signal.SIGHUP, finish, "reload")
    client = redis_client(settings.redis_url)
    try:
        seen = await client.get(keys.CONFIG_VERSION)
        while not outcome.done():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(outcome), 1.0)
            if not outcome.done():
                with contextlib.suppress(redis.RedisError, OSError):
                    if await client.get(keys.CONFIG_VERSION) != seen:
                        finish("reload")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(sig)
        await client.aclose()
    return outcome.result()


def reloaded(settings: Settings) -> Settings:
    """The configuration file read again, keeping this process's Redis and data dir."""
    return reread(settings)


async def run_parts(settings: Settings, parts: set[str]) -> None:
    """Run the chosen parts until SIGINT/SIGTERM, then stop them in reverse order.

    A reload restarts the parts with the new (validated) configuration; an invalid file is
    logged and the running configuration kept.
    """
    while True:
        async with contextlib.AsyncExitStack() as stack:
            if "dicom" in parts:
                stack.enter_context(dicom_part(settings))
            if "worker" in parts:
                await stack.enter_async_context(worker_part(settings))
            if "api" in parts:
                await stack.enter_async_context(http_part(settings))
            outcome = await _until_stop_or_reload(settings)
        if outcome == "stop":
            log.info("shut down")
            return
        try:
            settings = reloaded(settings)
            log.info("configuration reloaded from %s", settings.source)
        except ConfigError as exc:
            log.error("configuration not reloaded: %s", "; ".join(exc.problems))

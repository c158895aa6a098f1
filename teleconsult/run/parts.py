"""Running the parts: all in one (`serve`) or one per process (`api`, `dicom`, `worker`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import TYPE_CHECKING

import redis
import redis.asyncio as aioredis

from teleconsult.run import instance_lock
from teleconsult.run.children import SUPERVISED_AS, beat_forever, heartbeat_path
from teleconsult.run.redis_server import EmbeddedRedis, start_redis
from teleconsult.settings.model import ConfigError, Settings, reread
from teleconsult.store import keys

# Each part's modules are imported when that part starts: a DICOM ingress process does not
# carry the HTTP stack (memory, start-up time), nor the API process the SCP.

if TYPE_CHECKING:
    from aiohttp import web

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
    from aiohttp import web

    from teleconsult.core.http_limits import runner_options
    from teleconsult.web.app import create_app

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
    from aiohttp import web

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
    from teleconsult.ingress import listeners
    from teleconsult.ingress.ingest import Ingest
    from teleconsult.ingress.tls import start_listeners
    from teleconsult.store.files import Storage

    client = redis.Redis.from_url(settings.redis_url)
    # plain and/or TLS, each checking client certificates against the calling clinic; on
    # the sockets serve opened for all its ingress processes, when it did
    servers = start_listeners(settings, Ingest(Storage(settings.data_dir), client),
                              listeners.inherited(os.environ), listeners.slot(os.environ))
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
        client.close()


@contextlib.asynccontextmanager
async def worker_part(settings: Settings, count: int = 1) -> AsyncIterator[list]:
    from workers.context import WorkerContext
    from workers.runner import Worker

    client = _redis(settings.redis_url)
    # The name is the consumer in the arrivals group: unique per process, so a restarted
    # worker never mistakes a dead one's unacknowledged arrivals for its own (it reclaims them).
    host = socket.gethostname()
    workers = [Worker(WorkerContext.create(settings, client,
                                           name=f"{host}-{os.getpid()}-w{i}"))
               for i in range(count)]
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        yield workers
    finally:
        for w in workers:
            w.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()


def _redis(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(url, health_check_interval=30)


async def _until_stop_or_reload(settings: Settings) -> str:
    """'stop' on SIGINT/SIGTERM; 'reload' on SIGHUP or when an admin's reload bumps the
    shared config version (so every process of a scaled-out community follows)."""
    outcome: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    loop = asyncio.get_running_loop()

    def finish(value: str) -> None:
        if not outcome.done():
            outcome.set_result(value)

    def on_signal(sig: signal.Signals, value: str) -> None:
        log.warning("received %s: %s", sig.name, "shutting down" if value == "stop"
                    else "reloading the configuration")
        finish(value)

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal, sig, "stop")
    loop.add_signal_handler(signal.SIGHUP, on_signal, signal.SIGHUP, "reload")
    client = _redis(settings.redis_url)
    unknown = object()  # Redis was down when we looked first: the next answer is the baseline
    seen: object = unknown
    try:
        while not outcome.done():
            # Redis may be down for any length of time: keep looking, never end the part.
            with contextlib.suppress(redis.RedisError, OSError):
                version = await client.get(keys.CONFIG_VERSION)
                if seen is unknown:
                    seen = version
                elif version != seen:
                    finish("reload")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(outcome), 1.0)
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
    logged and the running configuration kept. Under ``serve`` the process beats a heartbeat
    file so the supervisor can tell it is not wedged.
    """
    lock = instance_lock.hold_shared(settings.data_dir)  # reindex refuses while we run
    name = os.environ.get(SUPERVISED_AS)
    up = asyncio.Event()
    beat = asyncio.create_task(beat_forever(heartbeat_path(settings.data_dir, name), up)) \
        if name else None
    try:
        await _run_until_stopped(settings, parts, up)
    finally:
        if beat is not None:
            beat.cancel()
        lock.close()


async def _run_until_stopped(settings: Settings, parts: set[str], up: asyncio.Event) -> None:
    while True:
        async with contextlib.AsyncExitStack() as stack:
            if "dicom" in parts:
                stack.enter_context(dicom_part(settings))
            if "worker" in parts:
                await stack.enter_async_context(worker_part(settings))
            if "api" in parts:
                await stack.enter_async_context(http_part(settings))
            up.set()
            outcome = await _until_stop_or_reload(settings)
        if outcome == "stop":
            log.info("shut down")
            return
        try:
            settings = reloaded(settings)
            log.info("configuration reloaded from %s", settings.source)
        except ConfigError as exc:
            log.error("configuration not reloaded: %s", "; ".join(exc.problems))

"""The HTTP part: the aiohttp app (API and pages) on plain HTTP and/or HTTPS."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from teleconsult.api.limits import runner_options
from teleconsult.settings.model import Settings
from teleconsult.settings.tls import server_context
from teleconsult.web.app import create_app

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def http_part(settings: Settings) -> AsyncIterator[None]:
    """Serve the app until the block is left."""
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
    certificate."""
    sites = []
    if settings.http_port:
        sites.append(web.TCPSite(runner, settings.http_host, settings.http_port))
    if settings.tls and settings.tls.https_port:
        sites.append(web.TCPSite(runner, settings.http_host, settings.tls.https_port,
                                 ssl_context=server_context(settings.tls)))
    return sites

"""The HTTP part: the aiohttp app (API and pages) on plain HTTP and/or HTTPS.

A reload (an account added, a roster change) stops the app and starts it again with the
configuration read anew. The listening sockets are not part of that: ``HttpPart`` opens them
once per process and keeps them open across reloads, each app serving a duplicate of them. A
connection that arrives while the old app stops and the new one starts waits in the kernel's
accept queue and is answered by the new app, instead of being refused (ECONNREFUSED) as it
was when each reload closed the port.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import socket
from collections.abc import AsyncIterator
from ssl import SSLContext

from aiohttp import web

from teleconsult.api.limits import runner_options
from teleconsult.settings.model import Settings
from teleconsult.settings.tls import server_context
from teleconsult.web.app import create_app

log = logging.getLogger(__name__)
BACKLOG = 256  # connections the kernel holds while a reload swaps the app
# asyncio hands an accepted connection to its protocol a loop turn or more later; a shutdown
# that runs first never sees it (the client waits for nothing), one just after resets it
ACCEPTED_GRACE = 0.05


class HttpPart:
    """The HTTP part of one process (a ``run.process.Part``): called with the settings on
    every (re)start; owns the listening sockets for the life of the process."""

    def __init__(self) -> None:
        self._listening: dict[tuple[str, int], socket.socket] = {}

    def __call__(self, settings: Settings) -> contextlib.AbstractAsyncContextManager[None]:
        return self._serve(settings)

    @contextlib.asynccontextmanager
    async def _serve(self, settings: Settings) -> AsyncIterator[None]:
        wanted = http_addresses(settings)
        for address in set(self._listening) - {a for a, _ in wanted}:
            self._listening.pop(address).close()  # a port the new configuration dropped
        runner = web.AppRunner(create_app(settings), access_log=None,
                               **runner_options(settings.http))
        await runner.setup()
        try:
            for address, ssl_context in wanted:
                # the site closes what it is given when it stops: give it a duplicate
                site = web.SockSite(runner, self._socket(address).dup(),
                                    ssl_context=ssl_context)
                await site.start()
                log.info("serving HTTP%s on %s:%d", "S" if ssl_context else "", *address)
            # the app, settings and caches live until the next reload: out of the collector's
            # sight, a full collection no longer walks them and stalls every request in flight
            gc.collect()
            gc.freeze()
            yield
        finally:
            # before the old app is let go: frozen objects are never freed
            gc.unfreeze()
            await _stop(runner)

    def _socket(self, address: tuple[str, int]) -> socket.socket:
        sock = self._listening.get(address)
        if sock is None:
            sock = listening_socket(*address)
            self._listening[address] = sock
        return sock

    def close(self) -> None:
        """Close the listening sockets (the process is ending)."""
        for sock in self._listening.values():
            sock.close()
        self._listening.clear()


async def _stop(runner: web.AppRunner) -> None:
    """Stop accepting (new connections wait in the kernel's queue for the next app), let the
    connections just accepted get their protocol and first request in, then shut down."""
    for site in list(runner.sites):
        await site.stop()
    await asyncio.sleep(ACCEPTED_GRACE)
    await runner.cleanup()


def http_addresses(settings: Settings) -> list[tuple[tuple[str, int], SSLContext | None]]:
    """Plain HTTP unless ``http_port`` is 0; HTTPS on ``https_port`` with the configured
    certificate."""
    out: list[tuple[tuple[str, int], SSLContext | None]] = []
    if settings.http_port:
        out.append(((settings.http_host, settings.http_port), None))
    if settings.tls and settings.tls.https_port:
        out.append(((settings.http_host, settings.tls.https_port),
                    server_context(settings.tls)))
    return out


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening, non-blocking TCP socket (IPv6 when ``host`` is an IPv6 address)."""
    info = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                              flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(info[0], socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


@contextlib.asynccontextmanager
async def http_part(settings: Settings) -> AsyncIterator[None]:
    """Serve the app until the block is left, on sockets of its own (a one-off use; the
    processes use ``HttpPart``, which keeps them across reloads)."""
    part = HttpPart()
    try:
        async with part(settings):
            yield
    finally:
        part.close()

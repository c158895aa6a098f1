"""One process running its parts until it is stopped: ``teleconsult api|dicom|worker``, and
each child ``serve`` forks.

A part is an async context manager factory taking the settings (``HttpPart()``,
``dicom_part``, ``worker_part``): entered to start, left to stop. A reload — SIGHUP, or an
admin's reload bumping the shared configuration version, so every process of a scaled-out
community follows — leaves and re-enters them with the file read again; an invalid file is
logged and the running configuration kept. Under ``serve`` the process touches a heartbeat
file so the supervisor can tell it is not wedged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager

import redis
import redis.asyncio as aioredis

from teleconsult.core import logfile
from teleconsult.run import instance_lock
from teleconsult.run.children import beat_forever
from teleconsult.settings.load import load_settings, reread
from teleconsult.settings.model import Settings
from teleconsult.settings.node import PARTS_ENV
from teleconsult.settings.reader import ConfigError
from teleconsult.store import keys, nodes
from teleconsult.store.redis import async_client
from teleconsult.store.run_files import heartbeat_path

log = logging.getLogger(__name__)

Part = Callable[[Settings], AbstractAsyncContextManager[object]]


def child_main(make_part: Callable[[], Part], verbose: bool) -> int:
    """What a child of ``serve`` runs: the part ``make_part`` makes, with the configuration
    its environment names (``TELECONSULT_CONFIG``, ``TELECONSULT_REDIS_URL``, …), until
    stopped; the exit code."""
    logfile.configure(verbose)
    try:
        settings = load_settings(with_accounts=True)
    except ConfigError as exc:
        print("configuration errors:", *exc.problems, sep="\n  ", file=sys.stderr)
        return 2
    if settings.log_file:
        logfile.add_file_log(settings.log_file, settings.log_max_mb, settings.log_backups)
    asyncio.run(run_parts(settings, [make_part()]))
    return 0


async def run_parts(settings: Settings, parts: Sequence[Part], label: str = "") -> None:
    """Run ``parts`` until SIGINT/SIGTERM, then stop them in reverse order, restarting them
    with the configuration read again on every reload. ``label``: the part's name when run
    alone (``teleconsult api``), for the node registry."""
    lock = instance_lock.hold_shared(settings.data_dir)  # reindex refuses while we run
    name = os.environ.get(logfile.SUPERVISED_AS)
    up = asyncio.Event()
    beat = asyncio.create_task(beat_forever(
        heartbeat_path(settings.data_dir, settings.node_id, name), up)) if name else None
    client = async_client(settings.redis_target())  # a reload keeps the Redis: one client for all
    member = f"{settings.node_id}/{name or f'{label}-{os.getpid()}'}"
    # a worker process is in the registry through its workers' own heartbeats
    registered = None if nodes.part_of(member) == "workers" or not (name or label) else \
        asyncio.create_task(_stay_registered(client, member, _node_parts(member)))
    try:
        await _run_until_stopped(settings, parts, up, client)
    finally:
        for task in (beat, registered):
            if task is not None:
                task.cancel()
        if registered is not None:  # a hung Redis must not hold up the stop
            with contextlib.suppress(redis.RedisError, OSError, asyncio.TimeoutError):
                await asyncio.wait_for(nodes.farewell(client, member), 2.0)
        await client.aclose()
        lock.close()


def _node_parts(member: str) -> list[str]:
    """The parts this node's ``serve --parts`` runs; alone, this process's part."""
    listed = os.environ.get(PARTS_ENV, "")
    return listed.split(",") if listed else [nodes.part_of(member)]


async def _stay_registered(client: aioredis.Redis, member: str, parts: list[str]) -> None:
    """Beat in the node registry while this process lives; Redis may come and go."""
    started = time.time()
    while True:
        with contextlib.suppress(redis.RedisError, OSError):
            await nodes.beat(client, member, parts, started)
        await asyncio.sleep(nodes.BEAT_SECONDS)


# The shared configuration version could not be read (Redis down): the next answer is the
# baseline.
_UNKNOWN = object()


async def _run_until_stopped(settings: Settings, parts: Sequence[Part], up: asyncio.Event,
                             client: aioredis.Redis) -> None:
    # The version is read before the configuration it stands for: an account change is
    # logged before its version is bumped, so a change that lands while the parts restart
    # is either in the file read or moves the version past the baseline — never lost.
    seen = await _config_version(client)
    if seen is not _UNKNOWN:
        settings = _reread_or_keep(settings)
    while True:
        async with contextlib.AsyncExitStack() as stack:
            for part in parts:
                await stack.enter_async_context(part(settings))
            up.set()
            outcome, seen = await _until_stop_or_reload(client, seen)
        if outcome == "stop":
            log.info("shut down")
            return
        settings = _reread_or_keep(settings)


def _reread_or_keep(settings: Settings) -> Settings:
    """The configuration read again, or (when it is now invalid) the one running."""
    try:
        fresh = reread(settings)
    except ConfigError as exc:
        log.error("configuration not reloaded: %s", "; ".join(exc.problems))
        return settings
    log.info("configuration read from %s", fresh.source)
    return fresh


async def _config_version(client: aioredis.Redis) -> object:
    """The shared configuration version now (None before any change), or ``_UNKNOWN``."""
    try:
        return await client.get(keys.CONFIG_VERSION)
    except (redis.RedisError, OSError):
        return _UNKNOWN


async def _until_stop_or_reload(client: aioredis.Redis, seen: object) -> tuple[str, object]:
    """'stop' on SIGINT/SIGTERM; 'reload' on SIGHUP or when the shared config version moves
    from ``seen``; with the version last seen."""
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
    try:
        while not outcome.done():
            # Redis may be down for any length of time: keep looking, never end the part.
            version = await _config_version(client)
            if seen is _UNKNOWN:
                seen = version
            elif version is not _UNKNOWN and version != seen:
                seen = version
                finish("reload")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(outcome), 1.0)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(sig)
    return outcome.result(), seen

"""A part process follows account changes: every change recorded reaches every part, even
one that lands while the part is restarting for the previous change (real Redis, the real
reload loop of ``teleconsult.run.process``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import redis.asyncio as aioredis

from teleconsult.admin import accounts
from teleconsult.run.process import run_parts
from teleconsult.settings import accounts_log
from teleconsult.settings.load import load_settings
from teleconsult.settings.model import Settings
from teleconsult.store import keys
from teleconsult.store.redis_target import RedisTarget
from tests.conftest import DEMO_CONFIG


def _clinic(clinic_id: str, ae: str) -> dict:
    _, hashed = accounts.credentials("clinic", clinic_id)
    entry = {"name": clinic_id, "ae_titles": [ae], "token_sha256": hashed["token_sha256"]}
    return accounts.change("put", "clinic", clinic_id, "test", entry)


async def _until(predicate, what: str, timeout: float = 20.0) -> None:  # noqa: ANN001
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)
    assert predicate(), what


async def test_a_change_recorded_during_a_restart_is_not_lost(data_dir: Path, redis_url: str):
    settings = replace(load_settings(DEMO_CONFIG, env={"TELECONSULT_DATA_DIR": str(data_dir)}),
                       redis=RedisTarget.from_url(redis_url))
    entered: list[Settings] = []
    second_entry = asyncio.Event()  # the part is restarting for the first change
    go_on = asyncio.Event()

    @contextlib.asynccontextmanager
    async def part(s: Settings) -> AsyncIterator[None]:
        entered.append(s)
        if len(entered) == 2:
            second_entry.set()
            await go_on.wait()  # the configuration is read; the watcher not started yet
        yield

    client = aioredis.Redis.from_url(redis_url)
    runner = asyncio.create_task(run_parts(settings, [part]))
    try:
        await _until(lambda: len(entered) == 1, "the part to start")
        accounts_log.append(data_dir, _clinic("xinmin", "XINMIN_CT"))
        await client.incr(keys.CONFIG_VERSION)
        await asyncio.wait_for(second_entry.wait(), 20)
        assert "xinmin" in entered[1].clinics
        # the next change lands before the restarted part looks at the version again
        accounts_log.append(data_dir, _clinic("beiping", "BEIPING_DR"))
        await client.incr(keys.CONFIG_VERSION)
        go_on.set()
        await _until(lambda: len(entered) >= 3, "the part to reload for the second change")
        assert "beiping" in entered[-1].clinics and "xinmin" in entered[-1].clinics
    finally:
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await client.aclose()

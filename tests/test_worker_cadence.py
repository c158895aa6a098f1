"""The worker takes arrivals at once but runs its other duties (routing, timers, delivery,
paging) only when a case was made, a nudge came, or their interval has passed; real Redis."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis.asyncio as aioredis
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.store import keys
from workers import router, runner
from workers.context import WorkerContext
from workers.runner import Worker

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")


@pytest.fixture()
def routed(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The times of every routing pass (the real pass still runs)."""
    calls: list[float] = []
    real = router.route_once

    async def counting(ctx: WorkerContext) -> int:
        calls.append(time.monotonic())
        return await real(ctx)
    monkeypatch.setattr(runner.router, "route_once", counting)
    return calls


async def test_a_stream_of_instances_is_taken_without_a_routing_pass_each(
        settings, store_file, routed: list[float]) -> None:
    client = aioredis.Redis.from_url(settings.redis_target().url)
    worker = Worker(WorkerContext.create(settings, client, name="cadence"))
    try:
        await runner.assembler.ensure_group(client)
        assert await worker._round(burst=False) == 0 and len(routed) == 1  # the first round
        study = generate_uid()
        taken = 0
        # the interval must not pass while the five arrive, however slow the machine: only
        # the arrivals themselves may (and must not) bring a pass
        worker._next_round = float("inf")
        for _ in range(5):  # CT waits out its stability window: no case is made yet
            store_file(CT, "FUTIAN_CT", StudyInstanceUID=study, SOPInstanceUID=generate_uid())
            taken += await worker._round(burst=False)
        assert taken == 5
        assert len(routed) == 1  # five arrivals, no routing pass
        worker._next_round = 0.0  # the interval has passed
        store_file(CT, "FUTIAN_CT", StudyInstanceUID=study, SOPInstanceUID=generate_uid())
        await worker._round(burst=False)
        assert len(routed) == 2
        store_file(ECG, "FUTIAN_ECG")  # stable at once: a case is made, so routed at once
        await worker._round(burst=False)
        assert len(routed) == 3
        assert await client.zcard(keys.queue("cardiology")) + await client.zcard(
            keys.doctor_cases("card-chen")) + await client.zcard(
            keys.doctor_cases("card-zhao")) == 1
    finally:
        await client.aclose()


async def test_a_nudge_brings_a_routing_pass_and_clears_the_rest(settings,
                                                                routed: list[float]) -> None:
    client = aioredis.Redis.from_url(settings.redis_target().url)
    worker = Worker(WorkerContext.create(settings, client, name="nudged"), poll_ms=50)
    task = asyncio.create_task(worker.run())
    try:
        deadline = time.monotonic() + 10
        while not routed and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        worker._next_round = float("inf")  # from here on only a nudge brings a pass
        before = len(routed)
        await client.lpush(keys.ROUTE_WAKE, "a", "b", "c")
        while len(routed) == before and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert len(routed) == before + 1
        assert await client.llen(keys.ROUTE_WAKE) == 0  # one pass for all three nudges
    finally:
        worker.stop()
        await asyncio.wait_for(task, 10)
        await client.aclose()


async def test_only_a_round_that_took_arrivals_without_a_case_waits_for_more(
        settings, store_file, monkeypatch: pytest.MonkeyPatch) -> None:
    client = aioredis.Redis.from_url(settings.redis_target().url)
    worker = Worker(WorkerContext.create(settings, client, name="gathering"), poll_ms=10)
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)
    monkeypatch.setattr(worker, "_pause", pause)
    try:
        await runner.assembler.ensure_group(client)
        await worker._round(burst=False)  # the first round runs every duty
        worker._next_round = float("inf")
        assert await worker._round(burst=False) == 0 and pauses == []  # nothing came
        store_file(CT, "FUTIAN_CT", SOPInstanceUID=generate_uid())  # a series under way
        assert await worker._round(burst=False) == 1
        assert pauses == [runner.GATHER_ARRIVALS]
        store_file(ECG, "FUTIAN_ECG")  # makes a case at once: never held back
        await worker._round(burst=False)
        assert pauses == [runner.GATHER_ARRIVALS]
    finally:
        await client.aclose()


async def test_a_stopping_worker_leaves_due_studies_for_the_next_one(settings, store_file) -> None:
    client = aioredis.Redis.from_url(settings.redis_target().url)
    try:
        await runner.assembler.ensure_group(client)
        for _ in range(3):
            store_file(ECG, "FUTIAN_ECG", StudyInstanceUID=generate_uid(),
                       SOPInstanceUID=generate_uid())  # each its own study, due at once
        stopping = Worker(WorkerContext.create(settings, client, name="stopping"))
        stopping.stop()
        assert await stopping._assemble(None) == (3, 0)  # taken, none made
        assert await client.zcard(keys.PENDING_STUDIES) == 3
        assert await Worker(WorkerContext.create(settings, client, name="next"))._assemble(
            None) == (0, 3)
        assert await client.zcard(keys.PENDING_STUDIES) == 0
    finally:
        await client.aclose()

"""What every worker needs, built once per process."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import redis.asyncio as aioredis

from teleconsult.routing.queue import CaseQueue
from teleconsult.settings.model import Settings
from teleconsult.store.files import Storage


@dataclass(frozen=True)
class WorkerContext:
    settings: Settings
    storage: Storage
    redis: aioredis.Redis
    queue: CaseQueue
    clock: Callable[[], float] = time.time
    name: str = "worker"

    @classmethod
    def create(cls, settings: Settings, client: aioredis.Redis,
               clock: Callable[[], float] = time.time, name: str = "worker") -> WorkerContext:
        return cls(settings, Storage(settings.data_dir), client, CaseQueue(client), clock, name)

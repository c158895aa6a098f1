"""Asking for a page: any part (router, timers, escalation, API) records *that* something
needs a person's attention; the paging worker decides who, on which channel and when.

A request is one member of a due-time zset, so it survives a crash of the process that made
it and is expanded into per-recipient jobs at least once (job ids are derived from it, so a
second expansion adds nothing).
"""

from __future__ import annotations

import os

import orjson
import redis.asyncio as aioredis

from teleconsult.store import keys


def request_into(client, event: str, at: float, **fields: object):  # noqa: ANN001
    """The ZADD of a page request on a client (awaitable) or a pipeline (queued)."""
    body = {"id": os.urandom(6).hex(), "event": event, "at": at,
            **{k: v for k, v in fields.items() if v is not None}}
    return client.zadd(keys.PAGE_REQUESTS, {orjson.dumps(body): at})


async def request(client: aioredis.Redis, event: str, at: float, **fields: object) -> None:
    """Ask for ``event`` to be paged (``case_id``, ``priority``, ``specialty``, ``clinic``,
    ``doctor``, ``reason`` as known)."""
    await request_into(client, event, at, **fields)

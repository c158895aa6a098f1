"""Acknowledge only what a replica holds, when the deployment says so.

Redis replicates asynchronously: a master killed a moment after it answered may take its
last writes with it, and Sentinel promotes a replica that never saw them. With
``RedisTarget.replicas_to_ack`` > 0, an instance's arrival, a STOW and a signed report are
acknowledged only after that many replicas confirmed the writes (``WAIT``); if they do not
within ``ack_timeout_ms`` the caller gets ``NotReplicated`` (a Redis ``ConnectionError``: the
DICOM sender gets A700 and re-sends, an HTTP client 503 and retries with its Idempotency-Key;
both are idempotent, and the files on disk are already durable).

``WAIT`` counts the writes of its own connection, so a write and its ``WAIT`` go down one
connection (``record_replicated``). Where several pooled calls write (signing a report),
``mark`` notes the master's replication id first and ``confirm`` writes a probe and waits
for it on one connection: replication is one ordered stream, so a replica holding the probe
holds everything the master did before it, and an unchanged replication id proves no
failover came in between (a promoted replica starts a new one).
"""

from __future__ import annotations

from collections.abc import Callable

import orjson
import redis
import redis.asyncio as aioredis
from redis.client import Pipeline

from teleconsult.store import keys, redis_cluster
from teleconsult.store.redis_target import RedisTarget


class NotReplicated(redis.exceptions.ConnectionError):
    """Fewer replicas than required confirmed the writes in time, or the master changed."""


def _check(target: RedisTarget, acked: object) -> None:
    if not isinstance(acked, int) or acked < target.replicas_to_ack:
        raise NotReplicated(f"{acked} of {target.replicas_to_ack} replicas confirmed within "
                            f"{target.ack_timeout_ms} ms")


def record_replicated(client: redis.Redis, target: RedisTarget | None,
                      write: Callable[[redis.Redis | Pipeline], object], key: str) -> object:
    """``write(c)`` runs its commands on ``c``; with replicas to wait for, ``c`` is a
    pipeline down one connection of the master (of ``key``'s slot, in a cluster) followed by
    ``WAIT``, else the client itself. Returns what ``write`` returned, or its replies."""
    if target is None or not target.replicas_to_ack:
        return write(client)
    if target.kind == "cluster":
        result = redis_cluster.on_master_of(
            client, key, lambda node: _refused_or_written(node, target, write))  # type: ignore[arg-type]
        if isinstance(result, NotReplicated):
            raise result
        return result
    return _write_and_wait(client, target, write)


def _refused_or_written(client: redis.Redis, target: RedisTarget,
                        write: Callable[[redis.Redis | Pipeline], object]) -> list | NotReplicated:
    """A refusal is returned, not raised: ``on_master_of`` retries connection errors (a moved
    slot) and NotReplicated is one, but a shard without a replica stays so for the retries'
    15 s; the sender is told at once (A700 / 503) and re-sends."""
    try:
        return _write_and_wait(client, target, write)
    except NotReplicated as exc:
        return exc


def _write_and_wait(client: redis.Redis, target: RedisTarget,
                    write: Callable[[redis.Redis | Pipeline], object]) -> list:
    pipe = client.pipeline(transaction=False)
    write(pipe)
    pipe.wait(target.replicas_to_ack, target.ack_timeout_ms)
    *replies, acked = pipe.execute()
    _check(target, acked)
    return replies


async def _replid(client: aioredis.Redis) -> str:
    info = await client.info("replication")
    return str(info.get("master_replid", ""))


async def mark(client: aioredis.Redis, target: RedisTarget | None) -> str | None:
    """The master's replication id before a sequence of writes (None: nothing to wait for)."""
    if target is None or not target.replicas_to_ack:
        return None
    if target.kind == "cluster":  # every master: a signing writes to several
        return orjson.dumps(await redis_cluster.replication_ids(client)).decode()  # type: ignore[arg-type]
    return await _replid(client)


async def confirm(client: aioredis.Redis, target: RedisTarget | None, since: str | None) -> None:
    """Every write since ``mark`` is on ``replicas_to_ack`` replicas; ``NotReplicated`` if
    not, or if a failover happened since (those writes may be gone: redo them)."""
    if target is None or not target.replicas_to_ack or since is None:
        return
    if target.kind == "cluster":
        await _confirm_masters(client, target, since)
        return
    async with client.pipeline(transaction=False) as pipe:
        pipe.info("replication")
        pipe.incr(keys.REPLICATION_PROBE)
        pipe.wait(target.replicas_to_ack, target.ack_timeout_ms)
        info, _probe, acked = await pipe.execute()
    if str(info.get("master_replid", "")) != since:
        raise NotReplicated("the Redis master changed during the writes")
    _check(target, acked)


async def _confirm_masters(client: aioredis.Redis, target: RedisTarget, since: str) -> None:
    """``confirm`` on a Redis Cluster: a probe and WAIT on each master, none replaced."""
    try:
        now = await redis_cluster.masters_replicated(
            client, target.replicas_to_ack, target.ack_timeout_ms)  # type: ignore[arg-type]
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise NotReplicated(f"a Redis Cluster master changed or did not answer: {exc}") \
            from exc
    if {name: replid for name, (replid, _n) in now.items()} != orjson.loads(since):
        raise NotReplicated("a Redis Cluster master changed during the writes")
    _check(target, min(n for _replid, n in now.values()))

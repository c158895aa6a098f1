"""Redis Cluster clients (redis-py ``RedisCluster``, sync and asyncio), made from seed nodes
(``RedisTarget.nodes`` of kind ``cluster``).

Only ``teleconsult.store.redis`` calls these (it chooses by the configured deployment). The
client learns the slot map from any seed, follows MOVED/ASK, and on a failover refreshes the
map and retries with backoff, so a master killed and replaced by its replica costs a few
seconds of retries, not an error to the caller. Keys that a script or MULTI touches together
share a hash tag (``teleconsult.store.keys``), which the cluster requires.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TypeVar

import redis
import redis.asyncio as aioredis
import redis.asyncio.cluster as aiocluster
import redis.asyncio.retry as aioretry
from redis.backoff import ExponentialWithJitterBackoff
from redis.cluster import ClusterNode, RedisCluster
from redis.crc import key_slot
from redis.exceptions import ClusterDownError, MovedError, TryAgainError
from redis.retry import Retry

from teleconsult.store import keys

T = TypeVar("T")
# A slot's master gone, or moved to a promoted replica: ask the cluster again, then retry.
_MOVING = (redis.ConnectionError, redis.TimeoutError, MovedError, ClusterDownError,
           TryAgainError)

# A replica takes over a dead master after cluster-node-timeout plus an election (a few s
# with the usual 5 s timeout: ~7 s; 1 s here in the tests: ~2-3 s). The retries span more
# than that: 12 tries, backoff from 50 ms to at most 2 s, ~15 s in all.
RETRIES = 12
BACKOFF_BASE_SECONDS = 0.05
BACKOFF_CAP_SECONDS = 2.0
# The async client refuses (MaxConnectionsError), never waits, past this many connections to
# one node: an API process under a city's load keeps far fewer than this busy at once.
MAX_CONNECTIONS_PER_NODE = 1024


def _backoff() -> ExponentialWithJitterBackoff:
    return ExponentialWithJitterBackoff(cap=BACKOFF_CAP_SECONDS, base=BACKOFF_BASE_SECONDS)


def sync_cluster(seeds: Sequence[tuple[str, int]], **kw: object) -> RedisCluster:
    """A blocking cluster client (ingest threads, maintenance commands)."""
    return RedisCluster(startup_nodes=[ClusterNode(h, p) for h, p in seeds],
                        retry=Retry(_backoff(), RETRIES), **kw)


def async_cluster(seeds: Sequence[tuple[str, int]], **kw: object) -> aiocluster.RedisCluster:
    """An asyncio cluster client (the API, the workers, the event hub's blocking reads)."""
    return aiocluster.RedisCluster(
        startup_nodes=[aiocluster.ClusterNode(h, p) for h, p in seeds],
        retry=aioretry.Retry(_backoff(), RETRIES),
        max_connections=MAX_CONNECTIONS_PER_NODE, **kw)


def on_master_of(client: RedisCluster, key: str, run: Callable[[redis.Redis], T]) -> T:
    """``run`` given a plain client of the master serving ``key``'s slot now, retried on a
    fresh slot map while a failover is under way.

    For a write that must be on a replica before it is acknowledged: a pipeline on that client
    is one connection, so ``WAIT`` after the writes counts exactly them (a cluster client sends
    ``WAIT`` to every master on any connection, which proves nothing), and it loads a script
    the node lacks (a cluster pipeline never does: NOSCRIPT on a fresh or promoted node)."""
    backoff = _backoff()
    for attempt in range(RETRIES + 1):
        try:
            return run(client.get_node_from_key(key).redis_connection)
        except _MOVING:
            if attempt == RETRIES:
                raise
            time.sleep(backoff.compute(attempt + 1))
            client.nodes_manager.initialize()
    raise AssertionError("unreachable")


def _probe_key(client: aiocluster.RedisCluster, node: aiocluster.ClusterNode) -> str:
    """A key of a slot ``node`` serves now (a probe written there before a WAIT)."""
    for i in range(16384 * 4):
        name = f"{keys.PREFIX}:{{probe:{i}}}"
        owners = client.nodes_manager.slots_cache.get(key_slot(name.encode())) or []
        if owners and owners[0].name == node.name:
            return name
    raise redis.ConnectionError(f"no slot served by {node.name}")


async def masters_replicated(client: aiocluster.RedisCluster, replicas: int, timeout_ms: int
                             ) -> dict[str, tuple[str, int]]:
    """Per master now: its replication id and how many replicas hold every write it took so
    far (a probe written, then WAIT, down one connection of its own). A signing writes to
    several masters through pooled connections; this covers them all."""
    await client.initialize()
    out = {}
    for node in client.get_primaries():
        async with _refresh_on_failure(client):
            out[node.name] = await _probe(client, node, replicas, timeout_ms)
    return out


async def _probe(client: aiocluster.RedisCluster, node: aiocluster.ClusterNode, replicas: int,
                 timeout_ms: int) -> tuple[str, int]:
    one = aioredis.Redis(host=node.host, port=node.port, socket_timeout=timeout_ms / 1000 + 5,
                         password=node.connection_kwargs.get("password"),
                         single_connection_client=True)
    try:
        async with one.pipeline(transaction=False) as pipe:
            pipe.info("replication")
            pipe.incr(_probe_key(client, node))
            pipe.wait(replicas, timeout_ms)
            info, _n, acked = await pipe.execute()
    finally:
        await one.aclose()
    return str(info.get("master_replid", "")), int(acked)


@contextlib.asynccontextmanager
async def _refresh_on_failure(client: aiocluster.RedisCluster) -> AsyncIterator[None]:
    """A master that does not answer was probably replaced: the next call asks the cluster
    again instead of knocking on the dead one."""
    try:
        yield
    except _MOVING:
        with contextlib.suppress(*_MOVING):
            await client.nodes_manager.initialize()
        raise


async def replication_ids(client: aiocluster.RedisCluster) -> dict[str, str]:
    """Per master now: its replication id (a promoted replica starts a new one)."""
    await client.initialize()
    out = {}
    for node in client.get_primaries():
        async with _refresh_on_failure(client):
            info = await client.execute_command("INFO", "replication", target_nodes=node)
        out[node.name] = str(info.get("master_replid", ""))
    return out

"""Redis Cluster clients (redis-py ``RedisCluster``, sync and asyncio), made from seed nodes
(``RedisTarget.nodes`` of kind ``cluster``).

Only ``teleconsult.store.redis`` calls these (it chooses by the configured deployment). The
client learns the slot map from any seed, follows MOVED/ASK, and on a failover refreshes the
map and retries with backoff, so a master killed and replaced by its replica costs a few
seconds of retries, not an error to the caller. Keys that a script or MULTI touches together
share a hash tag (``teleconsult.store.keys``), which the cluster requires.
"""

from __future__ import annotations

from collections.abc import Sequence

import redis.asyncio.cluster as aiocluster
import redis.asyncio.retry as aioretry
from redis.backoff import ExponentialWithJitterBackoff
from redis.cluster import ClusterNode, RedisCluster
from redis.retry import Retry

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

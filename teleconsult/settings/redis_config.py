"""The ``[redis]`` table and the ``TELECONSULT_REDIS_*`` environment: which Redis deployment
(one URL, Sentinel, or Cluster) the service uses, as a ``RedisTarget``; None = ``serve`` starts
its embedded redis-server.

The environment wins over the file as a whole (``serve`` hands its parts the target it chose
that way): if any of ``TELECONSULT_REDIS_URL``, ``_SENTINELS``/``_MASTER`` or ``_CLUSTER`` is
set, the file's ``url``/``sentinels``/``master``/``cluster`` are not read. Exactly one kind
must be named; two, or a half (sentinels without a master), is a configuration error.
Passwords for Sentinel and Cluster servers come from the environment only
(``TELECONSULT_REDIS_PASSWORD``, ``TELECONSULT_REDIS_SENTINEL_PASSWORD``), never the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from teleconsult.settings.reader import Reader
from teleconsult.store.redis_target import RedisTarget, parse_addresses

KEYS = {"url", "sentinels", "master", "cluster", "replicas_to_ack", "ack_timeout_ms"}
ENV = {"url": "TELECONSULT_REDIS_URL", "sentinels": "TELECONSULT_REDIS_SENTINELS",
       "master": "TELECONSULT_REDIS_MASTER", "cluster": "TELECONSULT_REDIS_CLUSTER"}
# Sentinel promotes a replica: wait for one before acknowledging, or a failover may lose it.
DEFAULT_REPLICAS_TO_ACK = {"url": 0, "sentinel": 1, "cluster": 0}


def parse_redis(r: Reader, table: Any, env: Mapping[str, str]) -> RedisTarget | None:
    """The Redis target, problems recorded on ``r`` (then None)."""
    t = r.table(table if table is not None else {}, "redis", KEYS, set())
    from_env = {k: env[v] for k, v in ENV.items() if env.get(v)}
    if from_env:
        named = from_env
        where = {k: f"environment {ENV[k]}" for k in ENV}
    else:
        named = {k: t[k] for k in ENV if k in t}
        where = {k: f"redis.{k}" for k in ENV}
    if not named:
        return None
    kind = _kind(r, named, where)
    if kind is None:
        return None
    acks = r.get(t, "replicas_to_ack", "redis", int, DEFAULT_REPLICAS_TO_ACK[kind])
    timeout = r.get(t, "ack_timeout_ms", "redis", int, 1000)
    if not 0 <= acks <= 16:
        r.fail("redis.replicas_to_ack", "must be 0..16")
    if not 10 <= timeout <= 60_000:
        r.fail("redis.ack_timeout_ms", "must be 10..60000")
    if kind == "url":
        url = named["url"]
        if not isinstance(url, str) or not url.startswith(("redis://", "rediss://", "unix://")):
            r.fail(where["url"], "must be a redis://, rediss:// or unix:// URL")
            return None
        return RedisTarget("url", url=url, replicas_to_ack=acks, ack_timeout_ms=timeout)
    key = "sentinels" if kind == "sentinel" else "cluster"
    try:
        nodes = parse_addresses(named[key])
    except ValueError as exc:
        r.fail(where[key], f"must be host:port,host:port,…: {exc}")
        return None
    master = named.get("master", "")
    if kind == "sentinel" and (not isinstance(master, str) or not master.strip()):
        r.fail(where["master"], "must be the master name the sentinels monitor")
        return None
    return RedisTarget(kind, nodes=nodes, master=str(master).strip(), replicas_to_ack=acks,
                       ack_timeout_ms=timeout,
                       password=env.get("TELECONSULT_REDIS_PASSWORD") or None,
                       sentinel_password=env.get("TELECONSULT_REDIS_SENTINEL_PASSWORD") or None)


def _kind(r: Reader, named: Mapping[str, Any], where: Mapping[str, str]) -> str | None:
    """The one kind ``named`` describes, or None with the problem recorded."""
    kinds = [k for k, parts in (("url", {"url"}), ("sentinel", {"sentinels", "master"}),
                                ("cluster", {"cluster"})) if parts & set(named)]
    if len(kinds) > 1:
        r.fail(" / ".join(where[k] for k in named),
               "name one Redis deployment: url, or sentinels + master, or cluster")
        return None
    if kinds == ["sentinel"] and set(named) != {"sentinels", "master"}:
        missing = ({"sentinels", "master"} - set(named)).pop()
        r.fail(where[missing], "missing: sentinels and master go together")
        return None
    return kinds[0]

"""Which Redis deployment to talk to: one server by URL, a master found through Sentinel, or
a Redis Cluster. Pure data (no client is made here), so the configuration can hold it;
``teleconsult.store.redis`` turns it into clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from teleconsult.core.numbers import strict_int

Kind = Literal["url", "sentinel", "cluster"]
Address = tuple[str, int]


@dataclass(frozen=True)
class RedisTarget:
    """``url``: one server (``redis://``, ``rediss://``, ``unix://``). ``sentinel``: the
    master named ``master`` as the ``nodes`` (sentinels) say. ``cluster``: a Redis Cluster
    reached through the seed ``nodes``.

    ``replicas_to_ack``: before an instance, a STOW or a signed report is acknowledged, this
    many replicas must have its Redis writes (``WAIT``), within ``ack_timeout_ms``; 0 = do not
    wait (one server: there is no replica to wait for). ``password`` (the Redis servers') and
    ``sentinel_password`` (the sentinels') come only from the environment and are never
    shown; a URL carries its own."""

    kind: Kind
    url: str = ""
    nodes: tuple[Address, ...] = ()
    master: str = ""
    replicas_to_ack: int = 0
    ack_timeout_ms: int = 1000
    password: str | None = field(default=None, repr=False)
    sentinel_password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str) -> RedisTarget:
        return cls("url", url=url)

    def describe(self) -> str:
        """For logs and errors: where, never a password."""
        if self.kind == "url":
            scheme, sep, rest = self.url.partition("://")
            return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else self.url
        where = ",".join(f"{h}:{p}" for h, p in self.nodes)
        return f"sentinel {self.master}@{where}" if self.kind == "sentinel" \
            else f"cluster {where}"

    def env(self) -> dict[str, str]:
        """The environment variables that name this target (what ``serve`` gives its parts)."""
        if self.kind == "url":
            return {"TELECONSULT_REDIS_URL": self.url}
        nodes = ",".join(f"{h}:{p}" for h, p in self.nodes)
        if self.kind == "sentinel":
            return {"TELECONSULT_REDIS_SENTINELS": nodes, "TELECONSULT_REDIS_MASTER": self.master}
        return {"TELECONSULT_REDIS_CLUSTER": nodes}


def parse_addresses(raw: str | list) -> tuple[Address, ...]:
    """``"host:port,host:port"`` (or a list of ``"host:port"``) as addresses; ``ValueError``
    naming the bad one. IPv6 hosts go in brackets: ``[::1]:26379``."""
    items = raw.split(",") if isinstance(raw, str) else raw
    out: list[Address] = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{item!r} is not a \"host:port\" string")
        host, sep, port = item.strip().rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not sep or not host:
            raise ValueError(f"{item.strip()!r} is not host:port")
        out.append((host, strict_int(port, f"port of {item.strip()!r}", low=1, high=65535)))
    if not out:
        raise ValueError("no host:port given")
    return tuple(out)

"""Server-side sessions of the web pages, in Redis: who a session speaks for and its CSRF
token, under ``sha256(token)`` with an idle expiry; the cookie holds only the token.

``Principal`` is who is acting — a clinic, a doctor or an admin — whether a session or a
bearer token says so (``teleconsult.api.auth``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import redis.asyncio as aioredis

from teleconsult.core.digest import hash_secret
from teleconsult.store import keys


@dataclass(frozen=True)
class Principal:
    kind: str  # "clinic" | "doctor" | "admin"
    id: str
    name: str


SESSION_SECONDS = 8 * 3600  # idle limit; every request with the cookie renews it


@dataclass(frozen=True)
class Session:
    token: str
    principal: Principal
    csrf: str


class SessionStore:
    def __init__(self, redis: aioredis.Redis, ttl: int = SESSION_SECONDS) -> None:
        self.redis = redis
        self.ttl = ttl

    async def create(self, who: Principal) -> Session:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        key = keys.session(hash_secret(token))
        async with self.redis.pipeline(transaction=True) as p:
            p.hset(key, mapping={"kind": who.kind, "id": who.id, "name": who.name,
                                 "csrf": csrf})
            p.expire(key, self.ttl)
            await p.execute()
        return Session(token, who, csrf)

    async def load(self, token: str) -> Session | None:
        key = keys.session(hash_secret(token))
        async with self.redis.pipeline(transaction=True) as p:
            p.hgetall(key)
            p.expire(key, self.ttl, xx=True)
            data, _ = await p.execute()
        if not data or b"csrf" not in data:
            return None
        d = {k.decode(): v.decode() for k, v in data.items()}
        return Session(token, Principal(d["kind"], d["id"], d["name"]), d["csrf"])

    async def drop(self, token: str) -> None:
        await self.redis.delete(keys.session(hash_secret(token)))

    async def end_all(self, kind: str, account_id: str) -> int:
        """End every page session of an account (disabled, or its credentials re-issued)."""
        ended = 0
        async for key in self.redis.scan_iter(match=keys.session("*"), count=500):
            if await self.redis.hmget(key, "kind", "id") == [kind.encode(), account_id.encode()]:
                ended += await self.redis.delete(key)
        return ended

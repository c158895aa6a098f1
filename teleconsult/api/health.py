"""Operators' endpoints: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

import os

import redis
from aiohttp import web
from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from teleconsult import keys
from teleconsult.api.appkeys import REDIS, SETTINGS, STORAGE
from teleconsult.api.cases import json_response
from teleconsult.settings import PRIORITIES

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    checks: dict[str, str] = {}
    try:
        await request.app[REDIS].ping()
        checks["redis"] = "ok"
    except (redis.RedisError, OSError) as exc:
        checks["redis"] = f"unreachable: {type(exc).__name__}"
    tmp = request.app[STORAGE].tmp
    checks["storage"] = "ok" if os.access(tmp, os.W_OK) else f"not writable: {tmp}"
    ok = all(v == "ok" for v in checks.values())
    return json_response({"status": "ok" if ok else "unavailable", "checks": checks},
                         status=200 if ok else 503)


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    # A fresh registry per scrape: the figures live in Redis (shared by every process),
    # so there is no per-process state to accumulate here.
    registry = CollectorRegistry()
    depth = Gauge("teleconsult_queue_depth", "Cases waiting for a doctor",
                  ["specialty", "priority"], registry=registry)
    online = Gauge("teleconsult_doctors_online", "Doctors who polled recently", registry=registry)
    leases = Gauge("teleconsult_open_leases", "Assigned cases not yet opened",
                   registry=registry)
    client = request.app[REDIS]
    settings = request.app[SETTINGS]
    specialties = {s for d in settings.doctors.values() for s in d.specialties}
    for spec in sorted(specialties):
        for i, prio in enumerate(PRIORITIES):
            n = await client.zcount(keys.queue(spec), i * 1e10, (i + 1) * 1e10 - 1)
            depth.labels(spec, prio).set(n)
    flags = await client.mget([keys.online(d) for d in settings.doctors])
    online.set(sum(1 for f in flags if f))
    leases.set(await client.zcard(keys.LEASES))
    return web.Response(body=generate_latest(registry),
                        headers={"Content-Type": CONTENT_TYPE_LATEST})

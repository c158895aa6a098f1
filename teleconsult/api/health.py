"""Operators' endpoints: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

import os

import redis
from aiohttp import web
from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from teleconsult import keys, metrics_store, presence
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
    online.set(len(await presence.online_ids(client, settings.doctors)))
    leases.set(await client.zcard(keys.LEASES))
    registry.register(_Snapshot(await _shared_families(client)))
    return web.Response(body=generate_latest(registry),
                        headers={"Content-Type": CONTENT_TYPE_LATEST})


class _Snapshot:
    """A collector that yields families already read from Redis (collect() is sync)."""

    def __init__(self, families: list) -> None:
        self.families = families

    def collect(self):
        return iter(self.families)


async def _shared_families(client) -> list:
    counters = {k.decode(): int(v) for k, v in (await client.hgetall(keys.METRICS)).items()}
    esc = CounterMetricFamily("teleconsult_escalations", "Escalations by reason", labels=["reason"])
    breaches = CounterMetricFamily("teleconsult_sla_breaches", "Cases past their SLA",
                                   labels=["priority"])
    pages = CounterMetricFamily("teleconsult_pages", "On-call page attempts",
                                labels=["channel", "outcome"])
    for name, value in sorted(counters.items()):
        kind, _, label = name.partition(":")
        if kind == "escalations":
            esc.add_metric([label], value)
        elif kind == "sla_breaches":
            breaches.add_metric([label], value)
        elif kind == "pages":
            pages.add_metric(label.split("|", 1), value)
    families = [esc, breaches, pages]
    for name, text in (("time_to_assignment", "Seconds from arrival to first assignment"),
                       ("time_to_report", "Seconds from arrival to the signed report")):
        fam = HistogramMetricFamily(f"teleconsult_{name}_seconds", text, labels=["priority"])
        for label, parts in sorted((await metrics_store.histogram(client, name)).items()):
            cumulative, buckets = 0.0, []
            for bound in [*map(str, metrics_store.BUCKETS), "+Inf"]:
                cumulative += parts.get(bound, 0.0)
                buckets.append((bound, cumulative))
            fam.add_metric([label], buckets, parts.get("sum", 0.0))
        families.append(fam)
    return families

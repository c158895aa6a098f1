"""Operators' endpoints: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import redis
from aiohttp import web
from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from teleconsult.api.appkeys import REDIS, SETTINGS, STORAGE
from teleconsult.api.health_checks import Facts, all_ok, liveness, readiness
from teleconsult.api.json_io import json_response
from teleconsult.routing import presence
from teleconsult.settings.terms import PRIORITIES
from teleconsult.store import keys, nodes
from teleconsult.store import metrics as shared_metrics
from teleconsult.store.run_files import status_path

routes = web.RouteTableDef()


def supervisor_parts(data_dir: Path, node_id: str) -> dict[str, dict] | None:
    """The parts of the ``serve`` that started this process, as its supervisor sees them;
    None when this process was not started by ``serve`` (scaled out, or in tests)."""
    try:
        status = orjson.loads(status_path(data_dir, node_id).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    # Only our own parent's word counts: a file left by an earlier serve says nothing.
    return status.get("parts") if status.get("pid") == os.getppid() else None


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    """Liveness: no Redis involved, so it answers the truth while Redis is down too."""
    settings = request.app[SETTINGS]
    checks = liveness(supervisor_parts(settings.data_dir, settings.node_id))
    ok = all_ok(checks)
    return json_response({"status": "ok" if ok else "failed", "checks": checks},
                         status=200 if ok else 503)


def _free_disk_mb(storage) -> float | None:
    if not os.access(storage.tmp, os.W_OK):
        return None
    st = os.statvfs(storage.tmp)
    return st.f_bavail * st.f_frsize / 2**20


async def heartbeat_ages(client, now: float) -> dict[str, float]:
    """Seconds since each known worker's last heartbeat."""
    beats = await client.zrange(keys.WORKER_HEARTBEATS, 0, -1, withscores=True)
    return {name.decode(): max(0.0, now - at) for name, at in beats}


async def arrival_lag(client, now: float) -> float | None:
    """Age of the oldest arrival no worker has finished with (None: nothing waiting)."""
    ids: list[bytes] = []
    try:
        groups = await client.xinfo_groups(keys.ARRIVALS)
    except redis.ResponseError:  # no stream yet: nothing ever arrived
        return None
    group = next((g for g in groups if g["name"] in (keys.ASSEMBLER_GROUP,
                                                     keys.ASSEMBLER_GROUP.encode())), None)
    after = group["last-delivered-id"] if group else b"0-0"
    if group and group["pending"]:
        ids.append((await client.xpending(keys.ARRIVALS, keys.ASSEMBLER_GROUP))["min"])
    after = after.decode() if isinstance(after, bytes) else after
    unread = await client.xrange(keys.ARRIVALS, min=f"({after}", count=1)
    ids += [entry_id for entry_id, _ in unread]
    if not ids:
        return None
    oldest_ms = min(int((i.decode() if isinstance(i, bytes) else i).split("-")[0]) for i in ids)
    return max(0.0, now - oldest_ms / 1000)


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    """Readiness of the whole chain: Redis, disk, a live worker, arrivals not piling up;
    with this node's id and live parts, and every node the registry knows (alive or dead)."""
    client, now = request.app[REDIS], time.time()
    settings = request.app[SETTINGS]
    redis_error, beat, lag, cluster = None, None, None, []
    try:
        await client.ping()
        ages = await heartbeat_ages(client, now)
        beat = min(ages.values()) if ages else None
        lag = await arrival_lag(client, now)
        cluster = await nodes.cluster(client, now)
    except (redis.RedisError, OSError) as exc:
        redis_error = type(exc).__name__
    facts = Facts(redis_error, _free_disk_mb(request.app[STORAGE]), beat, lag,
                  supervisor_parts(settings.data_dir, settings.node_id))
    checks = readiness(facts, settings.health)
    ok = all_ok(checks)
    mine = next((n for n in cluster if n["id"] == settings.node_id), None)
    node = {"id": settings.node_id, "configured": (mine or {}).get("configured", []),
            "parts": sorted(p for p, v in (mine or {}).get("parts", {}).items() if v["alive"])}
    return json_response({"status": "ok" if ok else "unavailable", "checks": checks,
                          "node": node, "nodes": cluster}, status=200 if ok else 503)


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
    communities = settings.community_ids()
    for spec in sorted(specialties):
        for i, prio in enumerate(PRIORITIES):
            n = sum([await client.zcount(keys.queue(spec, c), i * 1e10, (i + 1) * 1e10 - 1)
                     for c in communities])
            depth.labels(spec, prio).set(n)
    online.set(len(await presence.online_ids(client, settings.doctors)))
    leases.set(sum([await client.zcard(keys.leases(c)) for c in communities]))
    _supervision_gauges(registry, settings.data_dir, settings.node_id)
    beat_age = Gauge("teleconsult_worker_heartbeat_age_seconds",
                     "Seconds since each worker's last heartbeat", ["worker"], registry=registry)
    now = time.time()
    for name, age in (await heartbeat_ages(client, now)).items():
        beat_age.labels(name).set(age)
    node_up = Gauge("teleconsult_node_up", "1 while a node of the deployment beats (any of "
                    "its processes within 5 s), 0 once it is lost", ["node"], registry=registry)
    for node in await nodes.cluster(client, now):
        node_up.labels(node["id"]).set(1 if node["alive"] else 0)
    Gauge("teleconsult_arrival_lag_seconds", "Age of the oldest arrival not yet processed "
          "(0 when none waits)", registry=registry).set(await arrival_lag(client, now) or 0.0)
    registry.register(_Snapshot(await _shared_families(client)))
    return web.Response(body=generate_latest(registry),
                        headers={"Content-Type": CONTENT_TYPE_LATEST})


def _supervision_gauges(registry: CollectorRegistry, data_dir: Path, node_id: str) -> None:
    """Restarts and state of the parts of ``serve`` (absent when not under ``serve``)."""
    parts = supervisor_parts(data_dir, node_id)
    if parts is None:
        return
    restarts = Gauge("teleconsult_part_restarts_total", "Restarts of each supervised part",
                     ["part"], registry=registry)
    up = Gauge("teleconsult_part_up", "1 when the supervised part is running",
               ["part"], registry=registry)
    for name, part in parts.items():
        restarts.labels(name).set(part.get("restarts", 0))
        up.labels(name).set(1 if part.get("state") == "running" else 0)


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
        for label, parts in sorted((await shared_metrics.histogram(client, name)).items()):
            cumulative, buckets = 0.0, []
            for bound in [*map(str, shared_metrics.BUCKETS), "+Inf"]:
                cumulative += parts.get(bound, 0.0)
                buckets.append((bound, cumulative))
            fam.add_metric([label], buckets, parts.get("sum", 0.0))
        families.append(fam)
    return families

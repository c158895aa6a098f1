"""The node registry: which nodes of a deployment are alive and which parts each runs.

Every process of a node beats into Redis about once a second under ``<node id>/<process>``:
a worker through its own heartbeat (``keys.WORKER_HEARTBEATS``, named by ``worker_name``),
which readiness, ``reindex`` and lock takeover read too; an ingress or API process in
``keys.NODE_BEATS``. Each also leaves what it is (host, pid, the parts its node runs, when it
started) in ``keys.NODE_INFO``. A process whose beat is older than ``DEAD_AFTER_SECONDS`` is
dead; a node is alive while any of its processes is. A clean stop removes the entries at
once; a killed node's stay (shown dead) until ``KEEP_SECONDS`` have passed.
"""

from __future__ import annotations

import os
import re
import socket
import time
from collections.abc import Iterable, Mapping

import orjson
import redis.asyncio as aioredis

from teleconsult.store import keys

BEAT_SECONDS = 1.0
# A beat this late means the process is gone (or stopped): its stream entries and locks may
# be taken over. Five missed beats: a loaded machine's event loop is late by far less.
DEAD_AFTER_SECONDS = 5.0
KEEP_SECONDS = 3600.0
# process name (as supervised) → the part of `serve --parts` it belongs to
_PART_OF = {"dicom": "ingress", "hl7": "ingress", "api": "api", "worker": "workers"}


def worker_name(node_id: str, index: int, pid: int | None = None) -> str:
    """A worker's name: its consumer name in the arrivals group and its lock owner, unique
    per node, process and worker, so no two workers anywhere ever share pending entries."""
    return f"{node_id}/{pid or os.getpid()}/w{index}"


def node_of(member: str) -> str | None:
    """The node id a registry member or worker name belongs to (None: an unnamed one)."""
    node, sep, _ = member.partition("/")
    return node if sep else None


def part_of(member: str) -> str:
    """``ingress`` | ``api`` | ``workers`` for ``node/dicom-0``, ``node/api``, ``node/12/w0``."""
    last = member.rsplit("/", 1)[-1]
    if re.fullmatch(r"w\d+", last):
        return "workers"
    base = re.sub(r"-\d+\Z", "", last)
    return _PART_OF.get(base, base)


def _info(parts: Iterable[str], started: float) -> bytes:
    return orjson.dumps({"host": socket.gethostname(), "pid": os.getpid(),
                         "parts": list(parts), "started": started})


async def beat(client: aioredis.Redis, member: str, parts: Iterable[str], started: float,
               now: float | None = None) -> None:
    """One beat of an ingress or API process ``<node id>/<process>``, with what it is."""
    now = time.time() if now is None else now
    pipe = client.pipeline(transaction=False)
    pipe.zadd(keys.NODE_BEATS, {member: now})
    pipe.hset(keys.NODE_INFO, member, _info(parts, started))
    pipe.zremrangebyscore(keys.NODE_BEATS, "-inf", now - KEEP_SECONDS)
    await pipe.execute()


async def describe(client: aioredis.Redis, members: Iterable[str], parts: Iterable[str],
                   started: float) -> None:
    """What a worker process is (its beat is the worker's own heartbeat)."""
    info = _info(parts, started)
    await client.hset(keys.NODE_INFO, mapping=dict.fromkeys(members, info))


async def farewell(client: aioredis.Redis, member: str) -> None:
    """A clean stop: out of the registry at once."""
    pipe = client.pipeline(transaction=False)
    pipe.zrem(keys.NODE_BEATS, member)
    pipe.hdel(keys.NODE_INFO, member)
    await pipe.execute()


def alive(last_beat: float, now: float) -> bool:
    return now - last_beat <= DEAD_AFTER_SECONDS


def summarise(beats: Mapping[str, float], info: Mapping[str, dict], now: float
              ) -> list[dict]:
    """The cluster view from every member's last beat and info: one entry per node, sorted
    by id, with each part's processes; pure."""
    nodes: dict[str, dict] = {}
    for member, at in sorted(beats.items()):
        node_id = node_of(member)
        if node_id is None:
            continue
        node = nodes.setdefault(node_id, {"id": node_id, "alive": False, "parts": {},
                                          "configured": [], "host": None, "last_beat": at,
                                          "started": None})
        ok = alive(at, now)
        part = node["parts"].setdefault(part_of(member), {"alive": False, "processes": []})
        about = info.get(member, {})
        part["processes"].append({"name": member.split("/", 1)[1], "alive": ok,
                                  "age": round(max(0.0, now - at), 1),
                                  "pid": about.get("pid")})
        part["alive"] = part["alive"] or ok
        node["alive"] = node["alive"] or ok
        node["last_beat"] = max(node["last_beat"], at)
        if about:
            node["host"] = about.get("host") or node["host"]
            node["configured"] = sorted(set(node["configured"]) | set(about.get("parts", [])))
            started = about.get("started")
            if started and (node["started"] is None or started < node["started"]):
                node["started"] = started
    for node in nodes.values():
        node["age"] = round(max(0.0, now - node.pop("last_beat")), 1)
    return [nodes[k] for k in sorted(nodes)]


async def cluster(client: aioredis.Redis, now: float | None = None) -> list[dict]:
    """The cluster view as Redis has it now (``summarise``)."""
    now = time.time() if now is None else now
    pipe = client.pipeline(transaction=False)
    pipe.zrange(keys.NODE_BEATS, 0, -1, withscores=True)
    pipe.zrange(keys.WORKER_HEARTBEATS, 0, -1, withscores=True)
    pipe.hgetall(keys.NODE_INFO)
    processes, workers, raw = await pipe.execute()
    beats = {m.decode(): at for m, at in [*processes, *workers]}
    info, gone = {}, []
    for member, value in raw.items():
        if member.decode() not in beats:  # its beat was pruned (or it never beat)
            gone.append(member)
            continue
        try:
            info[member.decode()] = orjson.loads(value)
        except orjson.JSONDecodeError:
            continue  # a damaged entry hides one process's details, not the view
    if gone:
        await client.hdel(keys.NODE_INFO, *gone)
    return summarise(beats, info, now)

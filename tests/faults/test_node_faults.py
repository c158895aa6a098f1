"""Several nodes active/active on one data dir and one Redis, with real processes: a whole
node killed (kill -9) during a push and while STATs are being assigned, a node paused
(SIGSTOP) past the takeover bound and resumed. After each: every acknowledged instance is
stored once and belongs to exactly one case, no case is made or routed twice, and a STAT is
assigned within TAKEOVER_BOUND seconds of the fault (docs/deployment.md).

Each test has its own redis-server (a unix socket in its own temp dir), data dir and ports,
so the tests may run in parallel with any others (pytest-xdist)."""

from __future__ import annotations

import shutil
import signal
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from teleconsult.run.redis_server import EmbeddedRedis, start_redis
from teleconsult.store import keys, nodes
from tests.faults.cluster import (
    Node,
    assigned_at,
    check_exactly_once,
    ct_series,
    ecg_studies,
    kill_a_node_mid_push,
    start_nodes,
    stop,
)
from tests.test_e2e_serve import poll

# Seconds from a node's death to a STAT it was handling being assigned by another: its
# worker's beat goes stale after DEAD_AFTER_SECONDS (5), then a surviving worker takes its
# arrivals (XAUTOCLAIM every second, 5 s idle), its study lock and its routing lock at its
# next round; routing takes well under a second.
TAKEOVER_BOUND = 10.0
CARDIOLOGISTS = ("card-chen", "card-zhao")


@pytest.fixture()
def base() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="tc-nodes-"))  # short: unix socket paths are limited
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture()
def redis_server(base: Path) -> Iterator[EmbeddedRedis]:
    server = start_redis(base / "redis")
    yield server
    server.stop()


@pytest.fixture()
def two_nodes(base: Path, redis_server: EmbeddedRedis) -> Iterator[list[Node]]:
    started = start_nodes(base, redis_server.url, ["node-a", "node-b"])
    yield started
    for node in started:
        stop(node)


def _doctors_online(node: Node) -> None:
    """The cardiologists poll their worklists on ``node`` (that makes them online)."""
    for doctor in CARDIOLOGISTS:
        status, _ = node.get("/api/v1/worklist", f"demo-{doctor}")
        assert status == 200


def _read_since(url: str, prefix: str, at: float) -> bool:
    client = redis.Redis.from_url(url)
    try:
        consumers = client.xinfo_consumers(keys.ARRIVALS, keys.ASSEMBLER_GROUP)
    finally:
        client.close()
    now = time.time()
    return any(c["name"].decode().startswith(prefix) and now - c["idle"] / 1000 > at
               for c in consumers)


def _cluster_view(node: Node) -> dict[str, bool]:
    status, body = node.get("/readyz")
    return {n["id"]: n["alive"] for n in body["nodes"]} if body else {}


def test_a_node_killed_mid_push_loses_and_doubles_nothing(base: Path, redis_server,
                                                          two_nodes: list[Node]) -> None:
    a, b = two_nodes
    kill_a_node_mid_push(base, redis_server.url, a, b)
    status, body = b.get("/readyz")
    assert body["node"] == {"id": "node-b", "configured": ["api", "ingress", "workers"],
                            "parts": ["api", "ingress", "workers"]}
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{b.http_port}/metrics", timeout=10
                                     ).read().decode()
    assert 'teleconsult_node_up{node="node-a"} 0.0' in metrics
    assert 'teleconsult_node_up{node="node-b"} 1.0' in metrics


def test_stats_being_assigned_when_their_node_dies_are_assigned_by_another(
        base: Path, redis_server, two_nodes: list[Node]) -> None:
    a, b = two_nodes
    out = base / "send"
    out.mkdir()
    _doctors_online(b)
    stats = ecg_studies(out, 4)
    assert a.push([p for _, p in stats], "FUTIAN_ECG").returncode == 0  # acknowledged by a
    a.signal_all(signal.SIGKILL)
    fault = time.time()
    _doctors_online(b)

    def all_assigned() -> bool:
        return all(assigned_at(base / "data", s) for s, _ in stats)
    poll(all_assigned, TAKEOVER_BOUND + 5, "every STAT to be assigned")
    late = [s for s, _ in stats if assigned_at(base / "data", s) > fault + TAKEOVER_BOUND]
    assert not late, f"assigned later than {TAKEOVER_BOUND} s after the fault: {late}"
    cases = check_exactly_once(base / "data", redis_server.url, {s: [p] for s, p in stats})
    assert {c["priority"] for c in cases.values()} == {"stat"}


def test_a_paused_node_comes_back_without_doubling_anything(base: Path, redis_server,
                                                            two_nodes: list[Node]) -> None:
    """SIGSTOP past the takeover bound, then SIGCONT: the others took its work over while
    it was away; back, it is fenced off (locks and claims it held are no longer its own)."""
    a, b = two_nodes
    out = base / "send"
    out.mkdir()
    _doctors_online(b)
    stats = ecg_studies(out, 4)
    study, series = ct_series(out, 40)
    assert a.push([p for _, p in stats], "FUTIAN_ECG").returncode == 0
    assert a.push(series, "FUTIAN_CT").returncode == 0
    a.signal_all(signal.SIGSTOP)
    paused = time.time()
    try:
        poll(lambda: _cluster_view(b).get("node-a") is False, nodes.DEAD_AFTER_SECONDS + 10,
             "node-b to see node-a gone")
        _doctors_online(b)
        poll(lambda: all(assigned_at(base / "data", s) for s, _ in stats),
             TAKEOVER_BOUND + 5, "every STAT to be assigned while node-a is stopped")
        assert all(assigned_at(base / "data", s) <= paused + TAKEOVER_BOUND for s, _ in stats)
    finally:
        a.signal_all(signal.SIGCONT)
    resumed = time.time()
    poll(lambda: _cluster_view(b).get("node-a") is True, 20, "node-a to beat again")
    # node-a's worker reads the arrivals once per round, and a round runs to its end first:
    # once it has read since the resume, whatever it was in the middle of is done (or was
    # fenced off)
    poll(lambda: _read_since(redis_server.url, "node-a/", resumed), 20,
         "node-a's worker to finish the round it was paused in")
    check_exactly_once(base / "data", redis_server.url,
                       {study: series, **{s: [p] for s, p in stats}})


def test_nodes_split_by_parts_pass_the_work_between_them(base: Path, redis_server) -> None:
    """`--parts ingress` on one node, `--parts api,workers` on the other: a study received by
    the first is made a case and routed by the second; each node reports only its parts."""
    ingress, = start_nodes(base, redis_server.url, ["edge"], parts="ingress", ready=False)
    try:
        core, = start_nodes(base, redis_server.url, ["core"], parts="api,workers")
        try:
            _doctors_online(core)
            [(study, path)] = ecg_studies(base, 1)
            assert ingress.push([path], "FUTIAN_ECG").returncode == 0
            poll(lambda: assigned_at(base / "data", study), 20, "the ECG to be assigned")
            _, body = core.get("/readyz")
            assert body["node"]["parts"] == ["api", "workers"]
            edge = next(n for n in body["nodes"] if n["id"] == "edge")
            assert edge["alive"] and sorted(edge["parts"]) == ["ingress"]
            assert edge["configured"] == ["ingress"]
            # each start-up banner names only what that node listens on
            assert "node edge: ingress" in ingress.log() and "HTTP http" not in ingress.log()
            assert "node core: api,workers" in core.log()
            assert "DICOM TELECONSULT@" not in core.log()
        finally:
            stop(core)
    finally:
        stop(ingress)

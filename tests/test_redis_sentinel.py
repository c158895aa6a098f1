"""The Sentinel client against a real deployment (1 master, 2 replicas, 3 sentinels): it
follows a killed master by itself, turns a manual failover's READONLY into a retry, loses no
write it acknowledged after a replica confirmed it, and never writes to an old master that
comes back before the sentinels demote it."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import redis

from teleconsult.store import redis_sentinel, replication
from teleconsult.store.redis import async_client, sync_client
from teleconsult.store.replication import NotReplicated, record_replicated
from tests.redis_topology import Node
from tests.sentinel_topology import SentinelTopology, role, start_sentinel_topology
from tests.test_e2e_serve import poll

STREAM = "t:sentinel:stream"
CLIENT_BACK_WITHIN = 15.0  # s from SIGKILL of the master to the next acknowledged write


@pytest.fixture(scope="module")
def topo() -> Iterator[SentinelTopology]:
    d = Path(tempfile.mkdtemp(prefix="tc-sent-"))
    t = start_sentinel_topology(d, password="s3cret-町")  # servers and sentinels need it
    yield t
    t.stop()
    shutil.rmtree(d, ignore_errors=True)


def _writer(topo: SentinelTopology, stop: threading.Event, acked: list[tuple[float, str]],
            errors: list[str]) -> None:
    """Blocking client: each XADD is acknowledged only once a replica holds it."""
    target = topo.target(ack_timeout_ms=2000)
    client = sync_client(target)
    i = 0
    while not stop.is_set():
        i += 1
        try:
            record_replicated(client, target, lambda p, n=i: p.xadd(STREAM, {"w": f"s{n}"}),
                              STREAM)
            acked.append((time.monotonic(), f"s{i}"))
        except redis.RedisError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    client.close()


async def _async_writer(topo: SentinelTopology, stop: threading.Event,
                        acked: list[tuple[float, str]], errors: list[str]) -> None:
    """asyncio client, the signing path: several writes, then confirm."""
    target = topo.target(ack_timeout_ms=2000)
    client = async_client(target)
    i = 0
    while not stop.is_set():
        i += 1
        try:
            since = await replication.mark(client, target)
            await client.xadd(STREAM, {"w": f"a{i}"})
            await client.incr("t:sentinel:count")
            await replication.confirm(client, target, since)
            acked.append((time.monotonic(), f"a{i}"))
        except redis.RedisError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        await asyncio.sleep(0)
    await client.aclose()


def _sentinel_event(topo: SentinelTopology, event: str, after: float) -> float | None:
    """Wall-clock time of the first ``event`` (+sdown, +odown, +switch-master) any sentinel
    logged after ``after`` (epoch s)."""
    times = []
    for s in topo.sentinels:
        for line in (s.directory / "sentinel.log").read_text(errors="replace").splitlines():
            m = re.match(r"\d+:X (\d\d \w{3} \d{4} [\d:.]+) . " + re.escape(event) + " ", line)
            if m:
                t = datetime.strptime(m.group(1), "%d %b %Y %H:%M:%S.%f").timestamp()
                if t >= after - 0.5:
                    times.append(t)
    return min(times) if times else None


def _entries(node: Node) -> set[str]:
    with node.client() as c:
        return {f[b"w"].decode() for _id, f in c.xrange(STREAM)}


def test_a_killed_master_is_followed_and_no_acknowledged_write_is_lost(topo):
    stop = threading.Event()
    acked: list[tuple[float, str]] = []
    errors: list[str] = []
    sync = threading.Thread(target=_writer, args=(topo, stop, acked, errors))
    aio = threading.Thread(target=lambda: asyncio.run(_async_writer(topo, stop, acked, errors)))
    sync.start()
    aio.start()
    try:
        poll(lambda: len(acked) > 200, 30, "writes before the fault")
        old = topo.master()
        killed_wall, killed = time.time(), time.monotonic()
        old.kill()
        new = topo.wait_master(not_port=old.port)
        promoted = time.monotonic() - killed
        poll(lambda: sum(1 for t, w in acked if t > killed and w[0] == "s") > 50
             and sum(1 for t, w in acked if t > killed and w[0] == "a") > 50, 60,
             "both clients writing again on the new master")
    finally:
        stop.set()
        sync.join(60)
        aio.join(60)
    times = sorted(t for t, _w in acked)
    # the clients' outage: the longest pause between two acknowledgements around the kill
    back = max(b - a for a, b in zip(times, times[1:], strict=False) if b > killed)
    present = _entries(new)
    lost = [w for _t, w in acked if w not in present]
    assert not lost, f"{len(lost)} acknowledged writes lost: {lost[:5]}"
    assert back < CLIENT_BACK_WITHIN, f"clients back only after {back:.1f} s"
    sdown = _sentinel_event(topo, "+sdown", killed_wall)
    switch = _sentinel_event(topo, "+switch-master", killed_wall)
    assert sdown and switch
    print(f"\nfailover: detection (+sdown) {sdown - killed_wall:.2f} s, promotion "
          f"(+switch-master) {switch - killed_wall:.2f} s, topology agreed {promoted:.2f} s, "
          f"longest pause of acknowledgements {back:.2f} s; {len(acked)} acknowledged, "
          f"{len(errors)} refused: {errors[:3]}")

    # the old master comes back from its AOF as a master: until the sentinels demote it no
    # client of ours may write to it (they ask the sentinels and check ROLE)
    stop.clear()
    sync = threading.Thread(target=_writer, args=(topo, stop, acked, errors))
    sync.start()
    try:
        back_node = topo.restart(old)
        demoted, outsiders = topo.watch_demotion(back_node)
    finally:
        stop.set()
        sync.join(60)
    assert not outsiders, f"clients on the old master before its demotion: {outsiders}"
    topo.wait_replicas_synced(2)
    assert _entries(back_node) >= {w for _t, w in acked}, "the rejoined replica has them all"
    print(f"old master: demoted to replica {demoted:.2f} s after its restart")


def test_a_manual_failover_is_a_retry_not_an_error(topo):
    target = topo.target(ack_timeout_ms=2000)
    client = sync_client(target)
    aclient = async_client(target)
    try:
        assert client.set("t:manual", "before")  # a pooled connection to the master now
        old = topo.master()

        async def marked() -> str | None:
            return await replication.mark(aclient, target)

        loop = asyncio.new_event_loop()
        since = loop.run_until_complete(marked())
        topo.sentinels[0].ask("SENTINEL", "FAILOVER", topo.master_name)
        topo.wait_master(not_port=old.port)
        poll(lambda: role(old) == "slave", 30, "the old master to be a replica")
        # the same pooled connection now talks to a replica: READONLY, retried on the master
        assert client.set("t:manual", "after")
        assert record_replicated(client, target, lambda p: p.incr("t:manual:n"),
                                "t:manual:n") == [1]
        # writes marked before the failover cannot be proved replicated: refused, redone
        with pytest.raises(NotReplicated, match="master changed"):
            loop.run_until_complete(replication.confirm(aclient, target, since))
        loop.run_until_complete(aclient.aclose())
        loop.close()
        with topo.master().client() as c:
            assert c.get("t:manual") == b"after"
    finally:
        client.close()


def test_too_few_replicas_refuse_the_acknowledgement(topo):
    target = topo.target(replicas_to_ack=3, ack_timeout_ms=50)  # there are two
    client = sync_client(target)
    try:
        with pytest.raises(NotReplicated, match="of 3 replicas confirmed within 50 ms"):
            record_replicated(client, target, lambda p: p.incr("t:few"), "t:few")
    finally:
        client.close()


def test_with_no_master_to_find_a_command_fails_within_one_deadline(tmp_path, monkeypatch):
    """A master dead with no replica to promote: the sync and the asyncio client give up
    after one deadline (the command's retries and each reconnection's nested inside it would
    otherwise multiply: the asyncio client hung for minutes)."""
    monkeypatch.setattr(redis_sentinel, "RETRY_SECONDS", 3.0)
    lone = start_sentinel_topology(tmp_path / "lone", replicas=0, sentinels=1)
    try:
        target = lone.target(replicas_to_ack=0)
        client = sync_client(target)
        aclient = async_client(target)
        loop = asyncio.new_event_loop()
        assert client.set("t:lone", 1) and loop.run_until_complete(aclient.set("t:lone", 2))
        lone.servers[0].kill()
        for call in (lambda: client.set("t:lone", 3),
                     lambda: loop.run_until_complete(aclient.set("t:lone", 4))):
            t0 = time.monotonic()
            with pytest.raises(redis.ConnectionError):
                call()
            assert 3.0 <= time.monotonic() - t0 < 3.0 + 2 * redis_sentinel.BACKOFF_CAP + 2
        loop.run_until_complete(aclient.aclose())
        loop.close()
        client.close()
    finally:
        lone.stop()

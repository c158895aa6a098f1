"""The node fault scenario of tests/faults/cluster.py on the county's Sentinel Redis (one
master, two replicas, three sentinels): a whole `serve` node killed during a push, the
sender's re-send to the other node, nothing lost and nothing doubled. The same scenario runs
on one plain Redis (test_node_faults.py) and on a 3-master Cluster (test_cluster_failover.py).
Its own file so that pytest-xdist runs it beside the Sentinel failover test."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.cluster import kill_a_node_mid_push, start_nodes, stop
from tests.sentinel_topology import SentinelTopology, start_sentinel_topology


@pytest.fixture()
def topo() -> Iterator[SentinelTopology]:
    d = Path(tempfile.mkdtemp(prefix="tc-sn-"))
    t = start_sentinel_topology(d)
    yield t
    t.stop()
    shutil.rmtree(d, ignore_errors=True)


def test_a_node_killed_mid_push_on_sentinel_loses_and_doubles_nothing(
        topo: SentinelTopology, tmp_path: Path) -> None:
    target = topo.target()
    base = tmp_path / "nodes"
    base.mkdir()
    a, b = nodes = start_nodes(base, target, ["node-a", "node-b"])
    try:
        kill_a_node_mid_push(base, target, a, b)
    finally:
        for node in nodes:
            stop(node)

"""The node fault scenario of tests/faults/cluster.py on the county's Sentinel Redis (one
master, two replicas, three sentinels; the ``topo`` fixture): a whole `serve` node killed
during a push, the sender's re-send to the other node, nothing lost and nothing doubled. The
same scenario runs on one plain Redis (test_node_faults.py) and on a 3-master Cluster
(test_cluster_failover.py). Its own file so that pytest-xdist runs it beside the Sentinel
failover test."""

from __future__ import annotations

from pathlib import Path

from tests.faults.cluster import node_death_on
from tests.sentinel_topology import SentinelTopology


def test_a_node_killed_mid_push_on_sentinel_loses_and_doubles_nothing(
        topo: SentinelTopology, tmp_path: Path) -> None:
    base = tmp_path / "nodes"
    base.mkdir()
    node_death_on(base, topo.target())

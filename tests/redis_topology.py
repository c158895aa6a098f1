"""Real Redis topologies for tests and benchmarks (imported by both, so no pytest here).

``start_cluster``: a Redis Cluster of real ``redis-server --cluster-enabled yes`` processes
on 127.0.0.1, joined by ``redis-cli --cluster create``, optionally with a replica per master
so that killing a master (SIGKILL) makes the cluster fail over.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from redis.cluster import RedisCluster

from teleconsult.run.redis_server import die_with_parent, find_redis_binary
from tests.ports import free_port

# A node is "failing" after this many ms without an answer; a replica then takes over in
# about two of these (measured here: 2-4 s from SIGKILL to a promoted replica).
NODE_TIMEOUT_MS = 1000
_ATTEMPTS = 8  # fresh ports after an EADDRINUSE (another process took one meanwhile)


class TopologyError(RuntimeError):
    pass


@dataclass
class Node:
    port: int
    bus_port: int
    directory: Path
    process: subprocess.Popen
    argv: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def client(self, **kw: object) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5, **kw)

    def ask(self, *command: object) -> object:
        """One command on a connection of its own (closed after)."""
        with self.client() as c:
            return c.execute_command(*command)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no last AOF write."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def restart(self, timeout: float = 10.0) -> None:
        """Start it again on its ports and data (a killed master rejoins as a replica)."""
        assert not self.alive()
        self.process = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                        preexec_fn=die_with_parent)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.02)
        raise TopologyError(f"{self.address} did not come back")

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Cluster:
    nodes: list[Node]
    directory: Path
    replicas: int
    extra: list[Node] = field(default_factory=list)

    @property
    def seeds(self) -> str:
        """``host:port,…`` of every node (TELECONSULT_REDIS_CLUSTER)."""
        return ",".join(n.address for n in self.nodes)

    def client(self, **kw: object) -> RedisCluster:
        return RedisCluster(host="127.0.0.1", port=self.nodes[0].port, **kw)

    def role(self, node: Node) -> str:
        return node.ask("ROLE")[0].decode()

    def masters(self) -> list[Node]:
        return [n for n in self.nodes if n.alive() and self.role(n) == "master"]

    def master_of(self, key: str) -> Node:
        """The live node serving ``key``'s slot now."""
        slot = redis.crc.key_slot(key.encode())
        for n in self.nodes:
            if not n.alive():
                continue
            for start, end, master, *_ in n.ask("CLUSTER SLOTS"):
                if start <= slot <= end:
                    port = int(master[1])
                    return next(x for x in self.nodes if x.port == port)
        raise TopologyError(f"no node serves slot {slot}")

    def wait_ok(self, timeout: float = 30.0) -> None:
        """Until every live node says ``cluster_state:ok`` with all 16384 slots served."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                infos = [n.ask("CLUSTER INFO") for n in self.nodes if n.alive()]
                if all(str(i.get("cluster_state")) == "ok"
                       and int(i.get("cluster_slots_ok", 0)) == 16384 for i in infos):
                    return
                last = str(infos[0]) if infos else ""
            except redis.RedisError as exc:
                last = repr(exc)
            time.sleep(0.05)
        raise TopologyError(f"cluster not ok after {timeout:.0f}s: {last[:300]}")

    def stop(self) -> None:
        for n in self.nodes + self.extra:
            n.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def start_node(directory: Path, timeout: float = 10.0, cluster: bool = True) -> Node:
    """One ``redis-server --cluster-enabled yes`` on a free port and bus port (retried with
    fresh ports when either is taken between the check and the bind). ``cluster=False``: a
    plain server on TCP with the same persistence (a benchmark's single-Redis reference)."""
    for _ in range(_ATTEMPTS):
        port, bus = free_port(), free_port()
        d = directory / str(port)
        d.mkdir(parents=True, exist_ok=True)
        log = d / "redis.log"
        mode = ["--cluster-enabled", "yes", "--cluster-port", str(bus),
                "--cluster-config-file", str(d / "nodes.conf"),
                "--cluster-node-timeout", str(NODE_TIMEOUT_MS)] if cluster else []
        argv = [find_redis_binary(), "--bind", "127.0.0.1", "--port", str(port), *mode,
                "--dir", str(d), "--appendonly", "yes", "--appendfsync", "everysec",
                "--save", "", "--daemonize", "no", "--logfile", str(log)]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
        node = Node(port, bus, d, proc, argv)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                if node.client().ping():
                    return node
            except redis.RedisError:
                time.sleep(0.02)
        text = log.read_text(errors="replace") if log.exists() else ""
        node.kill()
        if "Address already in use" not in text:
            raise TopologyError(f"redis-server on {port} did not start: {text[-400:]}")
    raise TopologyError("no free ports for a cluster node")


def start_cluster(directory: Path, masters: int = 3, replicas: int = 0) -> Cluster:
    """``masters`` × (1 + ``replicas``) nodes joined into one cluster, all slots served."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes: list[Node] = []
    try:
        for _ in range(masters * (1 + replicas)):
            nodes.append(start_node(directory))
        cluster = Cluster(nodes, directory, replicas)
        done = subprocess.run(
            ["redis-cli", "--cluster", "create", *(n.address for n in nodes),
             "--cluster-replicas", str(replicas), "--cluster-yes"],
            capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise TopologyError(f"redis-cli --cluster create: {done.stdout[-400:]}"
                                f"{done.stderr[-400:]}")
        cluster.wait_ok()
        if replicas:
            wait_replicas(cluster, masters * replicas)
        return cluster
    except BaseException:
        for n in nodes:
            n.stop()
        raise


def wait_replicas(cluster: Cluster, expected: int, timeout: float = 30.0) -> None:
    """Until every replica has finished its first sync (a failover needs a synced replica)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        synced = 0
        for n in (x for x in cluster.nodes if x.alive()):
            with n.client() as c:
                info = c.info("replication")
            if info.get("role") == "slave" and info.get("master_link_status") == "up":
                synced += 1
        if synced == expected:
            return
        time.sleep(0.05)
    raise TopologyError(f"replicas not in sync after {timeout:.0f}s")


def wait_failover(cluster: Cluster, dead: Node, timeout: float = 30.0) -> float:
    """Seconds until no live node routes a slot to the killed ``dead`` master any more and
    the cluster is ok again (a replica promoted)."""
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        try:
            routed = {int(m[1]) for n in cluster.nodes if n.alive()
                      for _s, _e, m, *_ in n.ask("CLUSTER SLOTS")}
            if dead.port not in routed:
                cluster.wait_ok(max(0.1, deadline - time.monotonic()))
                return time.monotonic() - start
        except redis.RedisError:
            pass
        time.sleep(0.05)
    raise TopologyError(f"no failover from {dead.address} within {timeout:.0f}s")

"""A real Redis Sentinel deployment for tests and benchmarks (imported by both: no pytest).

``start_sentinel_topology``: one master and ``replicas`` replicas (plain ``redis-server``,
AOF on) watched by ``sentinels`` × ``redis-server --sentinel`` on 127.0.0.1, with a small
``down-after-milliseconds`` so a killed master is replaced in a few seconds. Ports are retried
with fresh ones when another process takes one between the check and the bind. With
``password`` the servers and the sentinels require one (``requirepass``) as in production.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from teleconsult.run.redis_server import die_with_parent, find_redis_binary
from teleconsult.store.redis_target import RedisTarget
from tests.ports import free_port
from tests.redis_topology import Node, TopologyError

MASTER_NAME = "teleconsult"
DOWN_AFTER_MS = 1000  # a master silent this long is subjectively down (production: 5000)
FAILOVER_TIMEOUT_MS = 10_000
_ATTEMPTS = 8
# What a connection may have sent and still have written nothing: a sentinel's or a probe's
# connection before it names itself, and a client's checks before it uses a server.
_HANDSHAKE = {"NULL", "auth", "hello", "ping", "role", "info", "client|setname",
              "client|list", "client|id", "command|docs"}


@dataclass
class AuthNode(Node):
    """A node whose clients give the password it requires (None: it requires none)."""

    password: str | None = None

    def client(self, **kw: object) -> redis.Redis:
        return super().client(password=self.password, **kw)


@dataclass
class SentinelTopology:
    servers: list[Node]  # servers[0] started as the master
    sentinels: list[Node]
    directory: Path
    master_name: str = MASTER_NAME
    restarted: list[Node] = field(default_factory=list)
    password: str | None = None

    @property
    def addresses(self) -> str:
        """``host:port,…`` of the sentinels (TELECONSULT_REDIS_SENTINELS)."""
        return ",".join(s.address for s in self.sentinels)

    def target(self, **kw: object) -> RedisTarget:
        """As the configuration makes it: a replica confirms before an acknowledgement."""
        return RedisTarget("sentinel", nodes=tuple(("127.0.0.1", s.port) for s in self.sentinels),
                           master=self.master_name, password=self.password,
                           sentinel_password=self.password,
                           **{"replicas_to_ack": 1, **kw})  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        env = {"TELECONSULT_REDIS_SENTINELS": self.addresses,
               "TELECONSULT_REDIS_MASTER": self.master_name}
        if self.password:
            env.update(TELECONSULT_REDIS_PASSWORD=self.password,
                       TELECONSULT_REDIS_SENTINEL_PASSWORD=self.password)
        return env

    def sentinels_say(self) -> set[int]:
        """The master port each live sentinel names now."""
        ports = set()
        for s in self.sentinels:
            if not s.alive():
                continue
            try:
                _host, port = s.ask("SENTINEL", "GET-MASTER-ADDR-BY-NAME", self.master_name)
                ports.add(int(port))
            except (redis.RedisError, TypeError, ValueError):
                continue
        return ports

    def master(self) -> Node:
        """The server that is master now (by its own ``ROLE``) and named by the sentinels."""
        named = self.sentinels_say()
        for n in self.servers:
            if n.alive() and n.port in named and role(n) == "master":
                return n
        raise TopologyError(f"no agreed master (sentinels name {named})")

    def wait_master(self, not_port: int | None = None, timeout: float = 30.0) -> Node:
        """Until every live sentinel names one live master (other than ``not_port``) that
        says so itself and has a connected replica."""
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            try:
                named = self.sentinels_say()
                if len(named) == 1 and not_port not in named:
                    m = self.master()
                    with m.client() as c:
                        if c.info("replication").get("connected_slaves", 0) >= 1:
                            return m
            except (redis.RedisError, TopologyError) as exc:
                last = exc
            time.sleep(0.05)
        raise TopologyError(f"no new master within {timeout:.0f}s: {last}")

    def wait_replicas_synced(self, expected: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            synced = 0
            for n in self.servers:
                try:
                    info = n.ask("INFO", "replication")
                except redis.RedisError:
                    continue
                if info.get("role") == "slave" and info.get("master_link_status") == "up":
                    synced += 1
            if synced >= expected:
                return
            time.sleep(0.05)
        raise TopologyError(f"{expected} replicas not in sync after {timeout:.0f}s")

    def wait_sentinels_know(self, replicas: int, timeout: float = 30.0) -> None:
        """Until every sentinel knows every replica and the other sentinels (a failover needs
        a quorum that has met and a replica it has seen)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                ok = all(
                    len(s.ask("SENTINEL", "REPLICAS", self.master_name)) >= replicas
                    and len(s.ask("SENTINEL", "SENTINELS", self.master_name))
                    >= len(self.sentinels) - 1 for s in self.sentinels)
                if ok:
                    return
            except redis.RedisError:
                pass
            time.sleep(0.05)
        raise TopologyError(f"sentinels did not discover each other in {timeout:.0f}s")

    def restart(self, node: Node) -> Node:
        """The same server (port, directory, AOF) started again, as after a crash: it comes
        up as the master it last was, until the sentinels demote it."""
        fresh = _spawn(node.directory, node.port,
                       _server_args(node.port, node.directory, password=self.password),
                       self.password)
        if fresh is None:
            raise TopologyError(f"could not restart the server on {node.port}")
        self.servers[self.servers.index(node)] = fresh
        self.restarted.append(fresh)
        return fresh

    def watch_demotion(self, node: Node, timeout: float = 60.0) -> tuple[float, set]:
        """Until ``node`` (an old master just restarted) is a replica: the seconds it took
        and every client other than the sentinels and replication that sent it more than a
        handshake meanwhile (none of ours may: they ask the sentinels and check ROLE)."""
        start = time.monotonic()
        outsiders: set = set()
        while role(node) != "slave":
            with node.client() as c:
                me = str(c.client_id())
                outsiders |= {(x.get("addr"), x.get("cmd")) for x in c.client_list()
                              if x["id"] != me and not x.get("name", "").startswith("sentinel-")
                              and "S" not in x.get("flags", "")
                              and x.get("cmd") not in _HANDSHAKE}
            if time.monotonic() - start > timeout:
                raise TopologyError(f"{node.address} not demoted within {timeout:.0f}s")
        return time.monotonic() - start, outsiders

    def stop(self) -> None:
        for n in self.sentinels + self.servers:
            n.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def role(node: Node) -> str:
    return node.ask("ROLE")[0].decode()


def _server_args(port: int, d: Path, replica_of: int | None = None,
                 password: str | None = None) -> list[str]:
    args = [find_redis_binary(), "--bind", "127.0.0.1", "--port", str(port), "--dir", str(d),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--daemonize", "no", "--logfile", str(d / "redis.log")]
    if password:
        args += ["--requirepass", password, "--masterauth", password]
    return args + (["--replicaof", "127.0.0.1", str(replica_of)] if replica_of else [])


def _spawn(d: Path, port: int, args: list[str], password: str | None = None,
           timeout: float = 10.0) -> Node | None:
    """Start ``args``; the node once it answers PING, None if its port was taken."""
    d.mkdir(parents=True, exist_ok=True)
    log = d / ("sentinel.log" if "--sentinel" in args else "redis.log")
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
    node = AuthNode(port, 0, d, proc, argv=args, password=password)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if node.client().ping():
                return node
        except redis.RedisError:
            time.sleep(0.02)
    text = log.read_text(errors="replace") if log.exists() else ""
    node.kill()
    if "Address already in use" in text:
        return None
    raise TopologyError(f"{args[0]} on {port} did not start: {text[-400:]}")


def _start(directory: Path, name: str, make_args,  # noqa: ANN001 - port, dir -> args
           password: str | None) -> Node:
    for _ in range(_ATTEMPTS):
        port = free_port()
        d = directory / f"{name}-{port}"
        node = _spawn(d, port, make_args(port, d), password)
        if node is not None:
            return node
    raise TopologyError(f"no free port for {name}")


def _sentinel_args(master_port: int, quorum: int,  # noqa: ANN202 - port, dir -> args
                   password: str | None):
    def make(port: int, d: Path) -> list[str]:
        d.mkdir(parents=True, exist_ok=True)
        conf = d / "sentinel.conf"  # a sentinel rewrites its file: one of its own
        conf.write_text(
            f"port {port}\nbind 127.0.0.1\ndir {d}\nlogfile {d / 'sentinel.log'}\n"
            f"sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} {quorum}\n"
            f"sentinel down-after-milliseconds {MASTER_NAME} {DOWN_AFTER_MS}\n"
            f"sentinel failover-timeout {MASTER_NAME} {FAILOVER_TIMEOUT_MS}\n"
            f"sentinel parallel-syncs {MASTER_NAME} 1\n"
            + (f"sentinel auth-pass {MASTER_NAME} {password}\nrequirepass {password}\n"
               f"sentinel sentinel-pass {password}\n" if password else ""),
            encoding="utf-8")
        return [find_redis_binary(), str(conf), "--sentinel"]
    return make


def start_sentinel_topology(directory: Path, replicas: int = 2, sentinels: int = 3,
                            password: str | None = None) -> SentinelTopology:
    """A master, ``replicas`` synced replicas and ``sentinels`` sentinels that know them."""
    directory.mkdir(parents=True, exist_ok=True)
    servers: list[Node] = []
    watchers: list[Node] = []
    try:
        servers.append(_start(directory, "redis",
                              lambda p, d: _server_args(p, d, password=password), password))
        master_port = servers[0].port
        for _ in range(replicas):
            servers.append(_start(directory, "redis", lambda p, d: _server_args(
                p, d, replica_of=master_port, password=password), password))
        topo = SentinelTopology(servers, watchers, directory, password=password)
        topo.wait_replicas_synced(replicas)
        for _ in range(sentinels):
            watchers.append(_start(directory, "sentinel",
                                   _sentinel_args(master_port, sentinels // 2 + 1, password),
                                   password))
        topo.wait_sentinels_know(replicas)
        return topo
    except BaseException:
        for n in watchers + servers:
            n.stop()
        raise

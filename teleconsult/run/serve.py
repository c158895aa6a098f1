"""``teleconsult serve``: a supervisor of child processes.

``--parts`` chooses which of ingress, api and workers this node runs (default all); several
nodes (``TELECONSULT_NODE_ID``) may share one data dir and one external Redis.
It owns the embedded ``redis-server`` (unless a Redis deployment is configured: ``[redis]``
or ``TELECONSULT_REDIS_*``), N DICOM ingress processes accepting from the DICOM port(s) it
opens once for all of them (``teleconsult.ingress.listeners``), the HTTP API and the worker. A
child that exits or stops beating is restarted with backoff and logged at ERROR; the others
go on (each survives a Redis outage by itself). ``run/supervisor.json`` under the data dir
tells ``/healthz`` what the supervisor sees
(``run/nodes/<node id>/``). SIGTERM/SIGINT stop everything, SIGHUP is passed
on to every part, which reloads its configuration.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import socket
import time
from collections.abc import Callable

from teleconsult.ingress import listeners
from teleconsult.run import instance_lock
from teleconsult.run.children import Child, describe_exit, fork_part, last_beat
from teleconsult.run.dicom_part import dicom_part
from teleconsult.run.hl7_part import hl7_part
from teleconsult.run.http_part import HttpPart
from teleconsult.run.process import Part, child_main
from teleconsult.run.redis_server import start_redis
from teleconsult.run.supervision import part_state, wedged
from teleconsult.run.worker_part import worker_part
from teleconsult.settings.model import Settings
from teleconsult.settings.node import PART_NAMES, PARTS_ENV
from teleconsult.store.files import Storage
from teleconsult.store.redis import embedded_dir, embedded_target
from teleconsult.store.redis_target import RedisTarget
from teleconsult.store.run_files import heartbeat_path, run_dir, status_path

log = logging.getLogger(__name__)

TICK = 0.1  # seconds between looks at the children
STOP_GRACE = 20.0  # seconds a part gets to finish after SIGTERM


# each child makes its part when it starts (the HTTP part holds its process's listening sockets)
PARTS: dict[str, Callable[[], Part]] = {"dicom": lambda: dicom_part, "api": HttpPart,
                                        "worker": lambda: worker_part, "hl7": lambda: hl7_part}


def _children(settings: Settings, verbose: bool, shared_fds: str,
              parts: tuple[str, ...] = PART_NAMES) -> tuple[list[Child], RedisTarget]:
    """The parts to run, Redis first; and the Redis deployment the others use. ``shared_fds``:
    the listening sockets every DICOM ingress process accepts from (listeners.env_value);
    ``parts``: which of ingress, api and workers this node runs."""
    out: list[Child] = []
    target = settings.redis
    if target is None:
        directory = embedded_dir(settings.data_dir)
        target = embedded_target(settings.data_dir)
        # Same socket path and AOF dir on every restart: the data is still there.
        out.append(Child("redis", lambda: start_redis(directory).process))
    env = {**target.env(), "TELECONSULT_DATA_DIR": str(settings.data_dir),
           "TELECONSULT_CONFIG": settings.source, "TELECONSULT_NODE_ID": settings.node_id,
           PARTS_ENV: ",".join(parts), listeners.ENV: shared_fds}
    names: list[tuple[str, str, dict[str, str]]] = []
    if "ingress" in parts:
        count = settings.supervision.dicom_processes
        names += [(f"dicom-{i}", "dicom", {**env, listeners.SLOT_ENV: f"{i}/{count}"})
                  for i in range(count)]
        if settings.hl7_port:  # lab results over MLLP: one process (asyncio) is plenty
            names.append(("hl7", "hl7", env))
    if "api" in parts:
        names.append(("api", "api", env))
    if "workers" in parts:
        names.append(("worker", "worker", env))
    for name, part, part_env in names:
        nice = settings.supervision.worker_nice if part == "worker" else 0
        run = functools.partial(child_main, PARTS[part], verbose)
        out.append(Child(name, lambda n=name, t=run, e=part_env, k=nice:
                         fork_part(n, t, e, k),
                         heartbeat_path(settings.data_dir, settings.node_id, name)))
    return out, target


class Supervisor:
    """The restart loop; ``run()`` returns the exit code of ``teleconsult serve``."""

    def __init__(self, settings: Settings, listening: dict[int, socket.socket],
                 verbose: bool = False, parts: tuple[str, ...] = PART_NAMES) -> None:
        self.settings = settings
        self.cfg = settings.supervision
        self.listening = listening  # kept open across the parts' restarts
        self.children, self.redis = _children(settings, verbose,
                                              listeners.env_value(self.listening), parts)
        self.storage = Storage(settings.data_dir)
        self._signal: int | None = None
        self._last_status: dict | None = None

    def _on_signal(self, signum: int, _frame: object) -> None:
        self._signal = signum

    def run(self) -> int:
        lock = instance_lock.hold_shared(self.settings.data_dir)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        try:
            for child in self.children:
                self._start(child)
            while True:
                if self._signal is not None:
                    sig, self._signal = self._signal, None
                    log.warning("received %s", signal.Signals(sig).name)
                    if sig != signal.SIGHUP:
                        break
                    log.info("SIGHUP: every part reloads its configuration")
                    for child in self.children:
                        if child.name != "redis":
                            child.signal(signal.SIGHUP)
                self._watch()
                time.sleep(TICK)
        finally:
            self._stop_all()
            for sock in self.listening.values():
                sock.close()
            lock.close()
        log.info("shut down")
        return 0

    def _start(self, child: Child) -> None:
        try:
            child.start()
        except Exception as exc:  # noqa: BLE001 - a part that cannot start counts as an exit
            log.error("part %s could not start: %s", child.name, exc)
            child.process = None
            self._exited(child, -1, time.time())

    def _watch(self) -> None:
        now = time.time()
        for child in self.children:
            code = child.exited()
            if child.process is None:
                if now >= child.start_after:
                    child.restarts += 1
                    self._start(child)
            elif code is not None:
                self._exited(child, code, now)
            elif child.heartbeat is not None and wedged(
                    child.started_at, last_beat(child.heartbeat), now, self.cfg):
                log.error("part %s (pid %d) is wedged: no heartbeat for %.0f s; killing it",
                          child.name, child.process.pid, self.cfg.heartbeat_timeout_seconds)
                child.signal(signal.SIGKILL)
        self._write_status(now)

    def _exited(self, child: Child, code: int, now: float) -> None:
        child.last_exit, child.process = code, None
        child.history = child.history.after_exit(now, self.cfg)
        delay = child.history.restart_delay(now, self.cfg)
        child.start_after = now + delay
        if child.history.failed(now, self.cfg):
            log.error("part %s %s: FAILED (%d exits within %.0f s, budget %d); retrying in "
                      "%.1f s", child.name, describe_exit(code), len(child.history.exits),
                      self.cfg.restart_window_seconds, self.cfg.restart_budget, delay)
        else:
            log.error("part %s %s; restarting in %.1f s", child.name, describe_exit(code),
                      delay)

    def _write_status(self, now: float) -> None:
        parts = {c.name: c.status(part_state(c.process is not None, c.history, now, self.cfg))
                 for c in self.children}
        view = {name: {k: v for k, v in p.items() if k != "started_at"}
                for name, p in parts.items()}
        if view == self._last_status:
            return  # written on change only: the API reads it, nobody needs it fresher
        self._last_status = view
        try:
            self.storage.write_json(status_path(self.settings.data_dir, self.settings.node_id),
                                    {"pid": os.getpid(), "updated_at": now, "parts": parts})
        except OSError as exc:  # a full disk must not stop the supervision itself
            log.error("cannot write the supervisor status file: %s", exc)
            self._last_status = None

    def _stop_all(self) -> None:
        """Parts first (they may still write to Redis), then Redis."""
        parts = [c for c in self.children if c.name != "redis"]
        for child in parts:
            child.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for child in parts:
            child.stop(deadline)
        for child in self.children:
            if child.name == "redis":
                child.signal(signal.SIGTERM)
                child.stop(time.monotonic() + 10)
                log.info("embedded redis-server stopped")
        status_path(self.settings.data_dir, self.settings.node_id).unlink(missing_ok=True)


def serve(settings: Settings, verbose: bool = False,
          parts: tuple[str, ...] = PART_NAMES) -> int:
    """Run ``teleconsult serve`` (``parts`` of it) until SIGTERM/SIGINT."""
    run_dir(settings.data_dir)
    embedded = None
    if settings.redis is None:
        embedded = instance_lock.hold_embedded(settings.data_dir)
        if embedded is None:
            log.error("another teleconsult serve runs the embedded Redis of %s: several "
                      "nodes on one data dir need a shared Redis (TELECONSULT_REDIS_URL)",
                      settings.data_dir)
            return 1
    named = {"DICOM": settings.dicom_port,
             "DICOM TLS": settings.tls.dicom_tls_port if settings.tls else 0,
             "HL7": settings.hl7_port} if "ingress" in parts else {}
    ports = list(named.values())
    try:  # before any part is forked: every DICOM ingress process accepts from these
        listening = listeners.open_shared("0.0.0.0", ports)
    except OSError as exc:  # e.g. another program on the DICOM port: say so, start nothing
        log.error("cannot listen on the DICOM port(s) %s: %s",
                  ", ".join(f"{p} ({kind})" for kind, p in named.items() if p), exc)
        return 1
    log.info("node %s: parts %s", settings.node_id, ",".join(parts))
    try:
        return Supervisor(settings, listening, verbose, parts).run()
    finally:
        if embedded is not None:
            embedded.close()

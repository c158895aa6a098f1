"""`teleconsult serve` with its embedded Redis, parts killed with real signals: each is
restarted, the others go on, health tells the truth, nothing acknowledged is lost and every
study becomes exactly one case. The tests share one serve and run in file order."""

from __future__ import annotations

import collections
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator

import pytest
from pynetdicom import AE
from pynetdicom.sop_class import Verification

from teleconsult.ingress.listeners import LoadBoard
from teleconsult.store.run_files import load_board_path
from tests.conftest import ROOT
from tests.faults.conftest import DEADLINE, Serve, start_serve, stop_serve
from tests.ports import free_port
from tests.test_e2e_serve import http, poll


@pytest.fixture(scope="module")
def serve(workdir) -> Iterator[Serve]:
    s = start_serve(workdir, dicom=2)
    yield s
    if s.proc.poll() is None:
        stop_serve(s)


def test_reindex_refuses_against_a_live_serve(serve):
    serve.push_until_acked(serve.new_study())
    sock = serve.data_dir / "redis" / "redis.sock"
    out = subprocess.run([sys.executable, "-m", "teleconsult", "reindex"], cwd=ROOT,
                         env=serve.env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 3 and "refused" in out.stderr, out.stderr
    assert sock.exists(), "serve's Redis socket untouched"
    serve.push_until_acked(serve.new_study())
    serve.every_study_one_case()


def test_a_killed_worker_is_restarted_and_arrivals_meanwhile_become_cases(serve):
    old = serve.kill("worker")
    during = [serve.new_study() for _ in range(3)]
    for path in during:  # the ingress does not depend on the worker
        assert serve.push(path).returncode == 0
    new = serve.restarted("worker", old)
    serve.every_study_one_case()
    assert "part worker killed by SIGKILL" in serve.log()
    # the restarted worker still yields the CPU to the ingress ([supervision] worker_nice)
    assert new == serve.pid("worker")
    assert (os.getpriority(os.PRIO_PROCESS, new)
            - os.getpriority(os.PRIO_PROCESS, serve.pid("dicom-0"))) == 5
    assert http(serve.http_port, "/healthz")[0] == 200
    with urllib.request.urlopen(f"http://127.0.0.1:{serve.http_port}/metrics",
                                timeout=10) as resp:
        metrics = resp.read().decode()
    assert 'teleconsult_part_restarts_total{part="worker"} 1.0' in metrics
    assert 'teleconsult_part_up{part="dicom-1"} 1.0' in metrics
    assert "teleconsult_worker_heartbeat_age_seconds{worker=" in metrics
    assert "teleconsult_arrival_lag_seconds 0.0" in metrics


def test_embedded_redis_killed_is_restarted_with_its_data(serve):
    before = dict(serve.acked)
    old = serve.kill("redis")
    answers = []

    def back() -> int | None:
        status, body = http(serve.http_port, "/healthz")
        answers.append((status, body))
        pid = serve.pid("redis")
        return pid if pid not in (None, old) else None

    poll(back, DEADLINE, "redis to be restarted")
    # a part being restarted within its budget is not a dead service
    assert all(status == 200 for status, _ in answers), answers
    serve.push_until_acked(serve.new_study())  # pushes resume by themselves
    assert set(before) < set(serve.acked)
    serve.every_study_one_case()  # the studies from before the kill are still in Redis
    poll(lambda: serve.get("/readyz")[0] == 200, DEADLINE, "readyz again")
    assert "part redis killed by SIGKILL" in serve.log()


def test_a_wedged_part_is_killed_and_restarted(serve):
    """SIGSTOP: the process is alive but does nothing, as a deadlock would leave it."""
    old = serve.kill("api", signal.SIGSTOP)
    serve.restarted("api", old)
    assert f"part api (pid {old}) is wedged" in serve.log()
    poll(lambda: serve.get("/readyz")[0] == 200, DEADLINE, "the new api ready")
    serve.push_until_acked(serve.new_study())
    serve.every_study_one_case()


def _holders(port: int) -> collections.Counter:
    """pid → established connections on the DICOM port, as the kernel sees them."""
    out = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, check=True).stdout
    return collections.Counter(int(pid) for pid in re.findall(r"pid=(\d+)", out))


def _hold(serve: Serve, ae: AE, n: int, held: list) -> None:
    """Open ``n`` associations that stay on (into ``held``), on both ingress processes."""
    for _ in range(n):
        assoc = ae.associate("127.0.0.1", serve.dicom_port, ae_title="TELECONSULT")
        assert assoc.is_established
        held.append(assoc)
    dicom = {serve.pid("dicom-0"), serve.pid("dicom-1")}
    holders = poll(lambda: (h := _holders(serve.dicom_port)) and sum(h.values()) == n
                   and h, DEADLINE, f"{n} established associations")
    assert set(holders) == dicom, holders  # not all on one process


def test_associations_spread_over_ingress_processes_and_skip_a_stopped_one(serve):
    """One listening socket for all ingress processes: the less loaded one takes the next
    association, and a process that cannot accept (stopped) leaves its share to the others."""
    ae = AE(ae_title="FUTIAN_ECG")
    ae.add_requested_context(Verification)
    held: list = []
    try:
        _hold(serve, ae, 4, held)  # four clinics connecting one after the other
        dicom = {serve.pid("dicom-0"), serve.pid("dicom-1")}
        # each process publishes what it carries where the others look before accepting
        board = load_board_path(serve.data_dir, serve.node_id, serve.dicom_port)

        def all_four() -> list[tuple[int, int, int]] | None:
            slots = LoadBoard.read(board, 2)
            return slots if sum(load for _, load, _ in slots) == 4 else None
        published = poll(all_four, DEADLINE, "the four associations on the load board")
        assert {pid for pid, _, _ in published} == dicom
        assert sum(associations for _, _, associations in published) == 4
    finally:
        for assoc in held:
            assoc.release()
    stopped = serve.kill("dicom-0", signal.SIGSTOP)
    try:
        for _ in range(3):  # with a socket of its own, some would wait for dicom-0
            path = serve.new_study()
            out = serve.push(path)
            assert out.returncode == 0, out.stderr
    finally:
        os.kill(stopped, signal.SIGCONT)
    serve.every_study_one_case()


def test_a_part_dying_past_its_budget_fails_healthz_naming_it(serve):
    for _ in range(4):  # restart_budget = 3
        serve.restarted("worker", serve.kill("worker"))

    def failed():
        status, body = http(serve.http_port, "/healthz")
        return status == 503 and body

    body = poll(failed, DEADLINE, "healthz to fail")
    assert body["status"] == "failed" and body["checks"]["worker"].startswith("failed")
    assert body["checks"]["api"] == "ok" and body["checks"]["dicom-0"] == "ok"
    assert "worker killed by SIGKILL: FAILED" in serve.log()
    # the others went on, and the worker (still retried) makes the cases
    serve.push_until_acked(serve.new_study())
    serve.every_study_one_case()
    stop_serve(serve)  # SIGTERM logged, exit 0, no part left behind


def test_serve_refuses_to_start_on_a_dicom_port_taken_by_another_program(tmp_path):
    """The supervisor opens the DICOM socket itself: a taken port is one clear error at
    start, not ingress processes failing and restarting behind a healthy-looking serve."""
    taken = socket.socket()
    taken.bind(("0.0.0.0", 0))
    taken.listen()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
        env.update(TELECONSULT_DATA_DIR=str(tmp_path / "data"),
                   TELECONSULT_HTTP_PORT=str(free_port()),
                   TELECONSULT_DICOM_PORT=str(taken.getsockname()[1]))
        out = subprocess.run([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    finally:
        taken.close()
    assert out.returncode == 1
    assert "cannot listen on the DICOM port" in out.stderr + out.stdout
    assert not (tmp_path / "data" / "redis" / "redis.sock").exists()  # nothing was started


def test_a_clinics_association_limit_holds_across_ingress_processes(tmp_path):
    """Two ingress processes, a limit of three per clinic: the clinic gets three in all,
    not three in each; when one ends, the next is let in."""
    serve = start_serve(tmp_path, dicom=2,
                        extra_config="\n[dicom_limits]\nmax_associations_per_clinic = 3\n")
    ae = AE(ae_title="FUTIAN_CT")
    ae.add_requested_context(Verification)
    held: list = []
    try:
        _hold(serve, ae, 3, held)
        fourth = ae.associate("127.0.0.1", serve.dicom_port, ae_title="TELECONSULT")
        # refused with A-ASSOCIATE-RJ and a close; a pynetdicom requestor sometimes sees only
        # the close (as in the abuse tests), so the door's own line says why
        assert not fourth.is_established
        poll(lambda: "clinic futian already holds 3 associations" in serve.log(), DEADLINE,
             "the door's refusal line")
        held.pop().release()
        again = poll(lambda: (a := ae.associate("127.0.0.1", serve.dicom_port,
                                                ae_title="TELECONSULT")).is_established and a,
                     DEADLINE, "an association once one has ended")
        held.append(again)
    finally:
        for assoc in held:
            assoc.release()
        stop_serve(serve)

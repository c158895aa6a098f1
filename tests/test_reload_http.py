"""Issue 25 item 14: a configuration reload never refuses an HTTP connection.

``teleconsult api`` runs as a real process against the test's Redis; a poller opens a fresh
connection to it as fast as it can (two threads) while an admin adds clinics through the API (each
addition makes every process reload). Before, each reload closed the listening socket for a
moment and some polls got ECONNREFUSED; now the socket stays open and a connection that
arrives mid-reload is answered by the new app."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from http.client import HTTPConnection, HTTPException

from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import http, poll

RELOADS = 4


def _poller(port: int, stop: threading.Event, outcomes: Counter) -> None:
    while not stop.is_set():
        conn = HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", "/healthz", headers={"Connection": "close"})
            outcomes[f"http {conn.getresponse().status // 100}xx"] += 1
        except ConnectionRefusedError:
            outcomes["ECONNREFUSED"] += 1
        except OSError as exc:
            outcomes[errno.errorcode.get(exc.errno or 0, type(exc).__name__)] += 1
        except HTTPException as exc:
            outcomes[type(exc).__name__] += 1
        finally:
            conn.close()
        stop.wait(0.002)


def test_reloads_refuse_no_connection(data_dir, redis_url):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(port),
               TELECONSULT_CONFIG=str(DEMO_CONFIG), TELECONSULT_REDIS_URL=redis_url)
    with open(data_dir / "api.log", "w") as log:  # noqa: PTH123
        proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "api"], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    stop, outcomes = threading.Event(), Counter()
    pollers = [threading.Thread(target=_poller, args=(port, stop, outcomes)) for _ in "ab"]
    try:
        poll(lambda: _answers(port), 60, "the api part")
        for poller in pollers:
            poller.start()
        for i in range(RELOADS):
            status, body = http(port, "/api/v1/admin/accounts", "demo-admin", {
                "kind": "clinic", "id": f"new-{i}", "name": f"新{i}", "ae_titles": [f"NEW{i}_CT"]})
            assert status == 201, body
            token = body["credentials"]["token"]
            # the new clinic's token works once this process has reloaded with it
            poll(lambda t=token: http(port, "/api/v1/clinic/cases", t)[0] == 200, 60,
                 f"reload {i}")
            seen = sum(outcomes.values())
            poll(lambda s=seen: sum(outcomes.values()) > s + 3, 30, "polls after the reload")
    finally:
        stop.set()
        for poller in pollers:
            if poller.is_alive():
                poller.join(15)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
    reloads = (data_dir / "api.log").read_text().count("configuration read from")
    assert reloads >= RELOADS, (data_dir / "api.log").read_text()[-2000:]
    assert outcomes["ECONNREFUSED"] == 0, outcomes
    answered = outcomes["http 2xx"] + outcomes["http 5xx"]
    # every poll is answered in a quiet run; a connection the old app accepted in its last
    # instant can still be reset on a machine so loaded that the 50 ms grace is not enough
    assert answered > 20 and answered >= 0.98 * sum(outcomes.values()), outcomes
    assert code == 0


def _answers(port: int) -> bool:
    try:
        return http(port, "/healthz")[0] in (200, 503)
    except OSError:
        return False

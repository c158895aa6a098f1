"""`teleconsult serve` against an external Redis (a private redis-server this test owns) that
goes away and comes back: while it is down readiness says so naming redis, the API answers
503 JSON, C-STORE answers A700 (nothing is acknowledged that is not recorded); afterwards
everything resumes by itself and every acknowledged study is exactly one case."""

from __future__ import annotations

from pathlib import Path

from teleconsult.run.redis_server import start_redis
from tests.faults.conftest import DEADLINE, start_serve, stop_serve
from tests.test_e2e_serve import http, poll

RESUMED_WITHIN = 20  # seconds; the assembler's study lock lasts 60


def test_external_redis_down_then_restarted_under_a_running_serve(workdir: Path):
    redis_dir = workdir / "redis"
    server = start_redis(redis_dir)  # persistent (AOF), like a production Redis
    serve = start_serve(workdir, dicom=1, redis_url=server.url)
    try:
        serve.push_until_acked(serve.new_study())
        server.stop()  # SIGTERM: a restart, as an operator or a package upgrade does it

        def readyz_down():
            status, body = http(serve.http_port, "/readyz")
            return status == 503 and body

        body = poll(readyz_down, DEADLINE, "readyz to say redis is down")
        assert body["checks"]["redis"].startswith("unreachable"), body
        assert body["checks"]["disk"] == "ok"
        status, body = http(serve.http_port, "/api/v1/worklist", "demo-rad-li")
        assert status == 503 and body["error"]["code"] == "redis_unavailable"
        status, body = http(serve.http_port, "/healthz")
        assert status == 200, "every part is alive; only the chain is not ready"
        refused = serve.new_study()
        out = serve.push(refused)
        assert out.returncode != 0 and "OutOfResources" in out.stdout + out.stderr
        # the worker finds out by itself (its client retries a while before it gives up): the
        # outage lasts until it has, or a quick restart could hide it from the worker
        poll(lambda: "Redis unavailable" in serve.log(), DEADLINE, "the worker to see it")

        server = start_redis(redis_dir)  # same dir and socket: its data is back
        poll(lambda: http(serve.http_port, "/readyz")[0] == 200, DEADLINE,
             "readyz after redis is back (worker heartbeat fresh again)")
        serve.push_until_acked(refused)  # the sender retries what was refused
        serve.push_until_acked(serve.new_study())
        assert len(serve.acked) == 3
        # promptly: a lock the worker held when Redis went away comes back with Redis's
        # data; the worker takes its own back instead of waiting out the minute it was for
        serve.every_study_one_case(deadline=RESUMED_WITHIN)
        # the worker says it resumed when its first good round ends: that round may have
        # made the cases just counted and still be routing them
        poll(lambda: "resumed after" in serve.log(), DEADLINE, "the worker's resumed line")
        stop_serve(serve)
    finally:
        if serve.proc.poll() is None:
            serve.proc.kill()
        server.stop()

"""HTTP under abuse, against a real ``teleconsult api`` process: bodies over their route's
limit are refused before they are read (memory stays flat), stalled heads and bodies are cut
by the timeouts, and the limits come from the ``[http]`` table."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time

import pytest

from teleconsult.api.limits import body_limit
from teleconsult.settings.http import HttpLimits
from tests.faults.api_process import api_process, closed_by_server, read_response
from tests.test_e2e_serve import http, poll

MIB = 2**20
TABLE = "max_json_kb = 256\nheader_timeout_seconds = 2\nbody_timeout_seconds = 2"


@pytest.fixture(scope="module")
def api(redis_server, tmp_path_factory):
    """One api process for the module (starting one costs seconds on a loaded machine)."""
    with api_process(tmp_path_factory.mktemp("http-abuse"), redis_server.url, TABLE) as proc:
        yield proc


def _send_body(sock: socket.socket, total: int, chunked: bool) -> None:
    """Push up to ``total`` body bytes until the server stops taking them."""
    block = b"a" * (256 * 1024)
    sent = 0
    try:
        while sent < total:
            sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            sent += len(block)
    except OSError:
        pass  # the server answered and closed: what we want


def _post_huge(port_sock: socket.socket, path: str, kind: str, total: int, chunked: bool,
               headers: str = "") -> tuple[int, dict, float]:
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
    port_sock.sendall(f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: {kind}\r\n"
                      f"{headers}{framing}\r\n\r\n".encode())
    started = time.monotonic()
    sender = threading.Thread(target=_send_body, args=(port_sock, total, chunked), daemon=True)
    sender.start()
    status, body = read_response(port_sock, 10)
    elapsed = time.monotonic() - started
    port_sock.close()
    sender.join(30)
    return status, json.loads(body), elapsed


@pytest.mark.parametrize("chunked", [False, True])
def test_huge_login_body_is_refused_fast_with_memory_flat(api, chunked):
    before = api.rss_mib()
    for _ in range(2):  # the second at once: nothing was kept from the first
        status, body, elapsed = _post_huge(api.connect(), "/login",
                                           "application/x-www-form-urlencoded", 400 * MIB,
                                           chunked)
        assert status == 413 and body["error"]["code"] == "payload_too_large"
        assert elapsed < 3.0
    assert api.rss_mib() - before < 50


def test_json_over_its_limit_is_413_and_small_json_still_works(api):
    path = "/api/v1/cases/c0123456789abcdef/report"
    for chunked in (False, True):
        status, body, _ = _post_huge(api.connect(), path, "application/json", 2 * MIB,
                                     chunked, "Authorization: Bearer demo-rad-li\r\n")
        assert status == 413 and body["error"]["code"] == "payload_too_large"
        assert "256 KiB" in body["error"]["message"] or chunked
    # a body within the limit reaches the handler (this case does not exist: 404)
    status, body = http(api.port, path, "demo-rad-li", {"impression": "x" * 1000})
    assert status == 404 and body["error"]["code"] == "not_found"


def test_stalled_heads_and_bodies_are_closed_by_the_timeouts(api):
    silent = [api.connect() for _ in range(5)]
    slow_heads = [api.connect() for _ in range(15)]
    for sock in slow_heads:
        sock.sendall(b"GET /api/v1/worklist HTTP/1.1\r\nHost: t\r\nX-Slow: ")
    stalled_body = api.connect()
    stalled_body.sendall(b"POST /api/v1/cases/c0123456789abcdef/report HTTP/1.1\r\n"
                         b"Host: t\r\nAuthorization: Bearer demo-rad-li\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                         b'{"impr')
    started = time.monotonic()

    def all_closed() -> bool:
        for sock in slow_heads:  # keep dripping: a slowloris never stops on its own
            with contextlib.suppress(OSError):
                sock.send(b"a")
        return all(closed_by_server(s) for s in silent + slow_heads)

    poll(all_closed, 20, "the stalled connections to be closed")
    assert time.monotonic() - started < 10
    stalled_body.setblocking(True)
    status, body = read_response(stalled_body, 10)
    assert status == 408 and json.loads(body)["error"]["code"] == "request_timeout"
    poll(lambda: closed_by_server(stalled_body), 10, "the stalled body's connection to close")
    # the server still answers everyone else
    assert http(api.port, "/healthz")[0] == 200


def test_route_limits_and_config():
    limits = HttpLimits(max_json_kb=100, max_form_kb=8)
    assert body_limit("POST", "/login", limits, 10 * MIB) == 8 * 1024
    assert body_limit("POST", "/api/v1/cases/{case_id}/report", limits, 10 * MIB) == 100 * 1024
    assert body_limit("POST", "/dicomweb/studies", limits, 10 * MIB) == 10 * MIB
    assert body_limit("POST", "/api/v1/ecg", limits, 10 * MIB) == 10 * MIB


def test_bad_http_table_names_file_and_key(tmp_path):
    from teleconsult.settings.load import load_settings
    from teleconsult.settings.reader import ConfigError
    from tests.conftest import DEMO_CONFIG

    path = tmp_path / "t.toml"
    path.write_text(DEMO_CONFIG.read_text(encoding="utf-8")
                    + "\n[http]\nmax_json_kb = 0\nheader_timeout_seconds = true\nspeed = 3\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path, env={})
    text = "\n".join(err.value.problems)
    assert f"{path}: http.max_json_kb: must be between" in text
    assert f"{path}: http.header_timeout_seconds:" in text
    assert f"{path}: http.speed: unknown key" in text

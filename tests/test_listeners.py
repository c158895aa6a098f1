"""The shared DICOM listening sockets serve hands to its ingress processes."""

from __future__ import annotations

import socket

from teleconsult.ingress import listeners


def test_inherited_fds_round_trip_through_the_environment():
    socks = listeners.open_shared("127.0.0.1", [0, 0])  # 0 = port off: nothing opened
    assert socks == {}
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    socks = listeners.open_shared("127.0.0.1", [port, 0, port])
    try:
        assert list(socks) == [port] and not socks[port].getblocking()
        env = {listeners.ENV: listeners.env_value(socks)}
        assert listeners.inherited(env) == {port: socks[port].fileno()}
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # listening: the kernel completes the handshake before anyone accepts
    finally:
        for sock in socks.values():
            sock.close()


def test_garbage_in_the_environment_is_ignored():
    assert listeners.inherited({}) == {}
    assert listeners.inherited({listeners.ENV: "x=1,104=,=3,104=7"}) == {104: 7}


def test_a_loaded_process_waits_longer_but_never_long():
    delays = [listeners.accept_delay(n) for n in range(0, 50)]
    assert delays[0] == 0 and delays == sorted(delays)
    assert max(delays) == listeners.MAX_DELAY <= 0.02

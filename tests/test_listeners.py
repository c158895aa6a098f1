"""The shared DICOM listening sockets serve hands to its ingress processes."""

from __future__ import annotations

import socket
import subprocess
import sys

from teleconsult.ingress import listeners
from teleconsult.ingress.door import Door
from teleconsult.settings.dicom_limits import DicomLimits
from tests.ports import free_port


def test_inherited_fds_round_trip_through_the_environment():
    socks = listeners.open_shared("127.0.0.1", [0, 0])  # 0 = port off: nothing opened
    assert socks == {}
    port = free_port()
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
    assert max(delays) == listeners.MAX_DELAY <= 0.05


def test_a_connection_counts_toward_the_load_as_soon_as_it_is_accepted(settings):
    """The accept loop asks the door for the load before the next accept; a connection it
    has just handed over counts even before the door's thread has looked at it (else a
    burst is all accepted by whichever process woke first)."""
    door = Door(settings, DicomLimits(), lambda *args: None)
    door.stop()  # no thread takes what is offered from here on
    ours, peer = socket.socketpair()
    try:
        assert door.load() == 0
        door.offer(ours, ("127.0.0.1", 40000))
        door.offer(ours, ("127.0.0.1", 40001))
        assert door.load() == 2
        assert listeners.accept_delay(door.load()) > listeners.accept_delay(0)
    finally:
        ours.close()
        peer.close()


def test_the_environment_names_a_slot_only_when_it_makes_sense():
    assert listeners.slot({listeners.SLOT_ENV: "1/4"}) == (1, 4)
    for bad in ("", "4/4", "x/2", "1/", "-1/2", "1/99999"):
        assert listeners.slot({listeners.SLOT_ENV: bad}) is None
    assert listeners.slot({}) is None


def test_only_a_process_carrying_more_than_the_lightest_waits(tmp_path):
    path = tmp_path / "dicom-load-104"
    boards = [listeners.LoadBoard(path, i, 3) for i in range(3)]
    try:
        for board, load in zip(boards, (2, 2, 2), strict=True):
            board.publish(load)
        assert [b.delay(2) for b in boards] == [0.0, 0.0, 0.0]  # even: nobody waits
        boards[2].publish(0)
        assert boards[0].delay(2) == listeners.accept_delay(2, 0) > 0
        assert boards[2].delay(0) == 0.0
        assert boards[0].delay(40) == listeners.MAX_DELAY
    finally:
        for board in boards:
            board.close()


def test_a_slot_left_by_a_process_that_is_gone_is_not_counted(tmp_path):
    path = tmp_path / "dicom-load-104"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(gone.stdout)
    mine = listeners.LoadBoard(path, 0, 2)
    try:
        with path.open("r+b") as f:  # slot 1 as a dead process left it: carrying nothing
            f.seek(listeners.LoadBoard._SIZE)
            f.write(listeners.LoadBoard._HEAD.pack(dead_pid, 0, 0, 5))
        assert mine.lightest_other() is None and mine.delay(3) == 0.0
    finally:
        mine.close()



def test_association_counts_are_shared_between_processes_with_the_same_clinics(tmp_path):
    path = tmp_path / "dicom-load-104"
    a = listeners.LoadBoard(path, 0, 3, clinic_ids=["futian", "guandu"])
    b = listeners.LoadBoard(path, 1, 3, clinic_ids=["guandu", "futian"])
    c = listeners.LoadBoard(path, 2, 3, clinic_ids=["futian"])  # mid-reload: other clinics
    try:
        a.publish_associations({"futian": 2, "guandu": 1})
        c.publish_associations({"futian": 5})
        assert b.elsewhere("futian") == (2, 3)  # c's counts use another index: not counted
        assert b.elsewhere("guandu") == (1, 3)
        assert b.elsewhere("nobody") == (0, 3)
        assert a.elsewhere("futian") == (0, 0)
        a.publish_associations({})
        assert b.elsewhere("futian") == (0, 0)
        assert [(load, n) for _, load, n in listeners.LoadBoard.read(path, 3)] == [
            (0, 0), (0, 0), (0, 5)]
    finally:
        for board in (a, b, c):
            board.close()

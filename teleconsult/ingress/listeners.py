"""DICOM listening sockets that ``serve`` opens once and every ingress process accepts from.

With one socket per process (``SO_REUSEPORT``) the kernel hashes each connection to a
process: four clinics pushing at once land 3 + 1 or 4 + 0 on two processes as often as
2 + 2, and a process holding three associations is one core. With one shared socket, every
ingress process waits on it and whoever calls ``accept`` first gets the connection. Each
process publishes how many connections it carries on a ``LoadBoard`` (a small file all of
them map); one carrying more than the lightest waits before it accepts, so the lightest
wins, and nobody waits while the loads are even. The board also carries each process's
associations per clinic, so that ``[dicom_limits]`` bound the port, not each process. The
kernel queue outlives any one process: connections that arrive while a process is being
restarted wait for the others instead of being reset with its socket.
"""

from __future__ import annotations

import mmap
import os
import socket
import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

ENV = "TELECONSULT_DICOM_LISTEN_FDS"  # "port=fd,port=fd", set by serve for its children
_INT = struct.Struct("<i")
SLOT_ENV = "TELECONSULT_DICOM_SLOT"  # "i/n": this child's place among serve's n ingress processes
BACKLOG = 1024
# Per association (or connection still before its A-ASSOCIATE-RQ) a process carries more
# than the lightest: small against a push's time on the wire, long against the other
# processes' wake-up. A process busy in Python may take up to the interpreter's 5 ms
# switch interval to run its accept loop at all: at 2 ms, four clinics starting at once
# still landed 3 + 1 on two processes in 2 of 5 tries (8-10 % slower than 2 + 2).
DELAY_PER_LOAD = 0.01
MAX_DELAY = 0.05


def open_shared(host: str, ports: list[int]) -> dict[int, socket.socket]:
    """Listening, non-blocking sockets for ``ports`` (0s skipped), to be inherited by fork."""
    out: dict[int, socket.socket] = {}
    try:
        for port in ports:
            if not port or port in out:
                continue
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(BACKLOG)
            sock.setblocking(False)  # the processes race for each connection: losers move on
            out[port] = sock
    except OSError:
        for sock in out.values():
            sock.close()
        raise
    return out


def env_value(sockets: Mapping[int, socket.socket]) -> str:
    return ",".join(f"{port}={sock.fileno()}" for port, sock in sorted(sockets.items()))


def inherited(env: Mapping[str, str]) -> dict[int, int]:
    """port → inherited listening fd, from what ``serve`` put in the environment."""
    out: dict[int, int] = {}
    for item in filter(None, env.get(ENV, "").split(",")):
        port, _, fd = item.partition("=")
        if port.isdigit() and fd.isdigit():
            out[int(port)] = int(fd)
    return out


def accept_delay(load: int, lightest: int = 0) -> float:
    """How long a process carrying ``load`` connections lets the others go first, when the
    lightest of them carries ``lightest`` (without a board: as if one carried none)."""
    return min(MAX_DELAY, DELAY_PER_LOAD * (load - lightest)) if load > lightest else 0.0


def slot(env: Mapping[str, str]) -> tuple[int, int] | None:
    """(this process's index, how many) from what ``serve`` put in the environment."""
    index, _, count = env.get(SLOT_ENV, "").partition("/")
    if index.isdigit() and count.isdigit() and int(index) < int(count) <= 1024:
        return int(index), int(count)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LoadBoard:
    """What each ingress process on one shared socket carries, one slot each in a file they
    all map: its connections (for who accepts next) and its associations per clinic (so
    that ``[dicom_limits]`` bound the whole port, not each process). A slot names its
    process: one left by a process that is gone (it died, or a previous ``serve``) is not
    counted. Every value is one aligned 4-byte store, so a reader never sees half of one."""

    # pid, connections, fingerprint of the clinic list the counts are indexed by, associations
    _HEAD = struct.Struct("<iiIi")
    MAX_CLINICS = 256  # clinics past this many (sorted by id) are bounded per process only
    _SIZE = _HEAD.size + 4 * MAX_CLINICS

    def __init__(self, path: Path, index: int, count: int,
                 clinic_ids: Iterable[str] = ()) -> None:
        ids = sorted(set(clinic_ids))
        self._clinics = {c: i for i, c in enumerate(ids[:self.MAX_CLINICS])}
        self._fingerprint = zlib.crc32("\n".join(ids).encode())
        size = self._SIZE * count
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            self._map = mmap.mmap(fd, size)
        finally:
            os.close(fd)
        self._index, self._count, self._pid = index, count, os.getpid()
        at = index * self._SIZE
        self._map[at:at + self._SIZE] = bytes(self._SIZE)
        self._HEAD.pack_into(self._map, at, self._pid, 0, self._fingerprint, 0)

    def publish(self, load: int) -> None:
        """This process's connections (pending and associated)."""
        _INT.pack_into(self._map, self._index * self._SIZE + 4, load)

    def publish_associations(self, by_clinic: Mapping[str, int]) -> None:
        """This process's associations per clinic (all of them, as they are now)."""
        at = self._index * self._SIZE
        counts = [0] * self.MAX_CLINICS
        for clinic, n in by_clinic.items():
            i = self._clinics.get(clinic)
            if i is not None:
                counts[i] = n
        struct.pack_into(f"<{self.MAX_CLINICS}i", self._map, at + self._HEAD.size, *counts)
        _INT.pack_into(self._map, at + 12, sum(by_clinic.values()))

    def _others(self) -> Iterator[tuple[int, int, int]]:
        """(offset, connections, associations) of every other live process's slot."""
        for i in range(self._count):
            if i != self._index:
                at = i * self._SIZE
                pid, load, fingerprint, total = self._HEAD.unpack_from(self._map, at)
                if pid > 0 and _alive(pid):
                    yield at, load, (total if fingerprint == self._fingerprint else 0)

    def lightest_other(self) -> int | None:
        """The smallest load another live process carries; None when there is none."""
        return min((load for _, load, _ in self._others()), default=None)

    def delay(self, load: int) -> float:
        """How long to let the others go first: only while another one carries less."""
        lightest = self.lightest_other()
        return 0.0 if lightest is None else accept_delay(load, lightest)

    def elsewhere(self, clinic_id: str) -> tuple[int, int]:
        """(associations of ``clinic_id``, all associations) the other processes hold. A
        process that indexes its counts by another clinic list (a reload in progress)
        counts for nothing until it has the same one."""
        i = self._clinics.get(clinic_id)
        clinic = total = 0
        for at, _, associations in self._others():
            if associations:
                total += associations
                if i is not None:
                    clinic += _INT.unpack_from(self._map, at + self._HEAD.size + 4 * i)[0]
        return clinic, total

    @classmethod
    def read(cls, path: Path, count: int) -> list[tuple[int, int, int]]:
        """(pid, connections, associations) per slot of a board file, for tests and tools."""
        data = path.read_bytes()
        return [(pid, load, total) for pid, load, _, total in
                (cls._HEAD.unpack_from(data, i * cls._SIZE) for i in range(count))]

    def close(self) -> None:
        self._map.close()

"""The temp file a C-STORE's data set is written to while it arrives.

Success may only be answered once the file is fsynced, so the fsync is on every instance's
critical path, and for a large one (a 15 MiB DX) it writes the whole file at the end: the
disk idles while the data arrives, then the network idles while the disk writes. Here,
every ``WRITEBACK_EVERY`` bytes the kernel is asked to start writing what has arrived
(``sync_file_range``, asynchronous, Linux); the final fsync finds most of it on disk.
Unbuffered: each P-DATA fragment is one ``write``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import tempfile
from collections.abc import Callable

WRITEBACK_EVERY = 256 * 1024
_SYNC_FILE_RANGE_WRITE = 2


def _sync_file_range() -> Callable[[int, int, int], None] | None:
    """libc's sync_file_range(fd, offset, nbytes, SYNC_FILE_RANGE_WRITE), or None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        call = libc.sync_file_range
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    call.restype = ctypes.c_int

    def start_writeback(fd: int, offset: int, nbytes: int) -> None:
        call(fd, offset, nbytes, _SYNC_FILE_RANGE_WRITE)  # only a hint: errors ignored

    return start_writeback


_START_WRITEBACK = _sync_file_range()


class SpoolFile:
    """A new file under ``tempfile``'s directory, with what pynetdicom's chunked C-STORE
    receive uses of a ``NamedTemporaryFile`` (``write``, ``file.flush``, ``close``, ``name``)."""

    def __init__(self, suffix: str = ".dcm") -> None:
        self._fd, self.name = tempfile.mkstemp(suffix=suffix)
        self.file = self  # pynetdicom flushes ``.file`` after each write: nothing is buffered
        self._written = 0
        self._kicked = 0  # bytes handed to writeback so far

    def write(self, data: bytes | bytearray | memoryview) -> int:
        view = memoryview(data)
        while view:
            done = os.write(self._fd, view)
            view = view[done:]
            self._written += done
        if _START_WRITEBACK is not None and self._written - self._kicked >= WRITEBACK_EVERY:
            _START_WRITEBACK(self._fd, self._kicked, self._written - self._kicked)
            self._kicked = self._written
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    @property
    def closed(self) -> bool:
        return self._fd < 0

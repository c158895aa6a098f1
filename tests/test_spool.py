"""The C-STORE spool file: everything written arrives, writeback is started on the way."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from teleconsult.ingress import spool


@pytest.fixture
def tmpdir_for_tempfile(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_every_byte_lands_in_a_new_file_under_tempfiles_directory(tmpdir_for_tempfile):
    f = spool.SpoolFile()
    chunks = [os.urandom(n) for n in (132, 131060, 1, 300_000, 7)]
    for chunk in chunks:
        assert f.write(chunk) == len(chunk)
        f.file.flush()
    f.close()
    f.close()  # pynetdicom and our own clean-up may both close it
    assert f.closed and os.path.dirname(f.name) == str(tmpdir_for_tempfile)
    with open(f.name, "rb") as written:
        assert written.read() == b"".join(chunks)


def test_writeback_is_started_for_each_quarter_mebibyte(tmpdir_for_tempfile, monkeypatch):
    kicked: list[tuple[int, int]] = []
    monkeypatch.setattr(spool, "_START_WRITEBACK", lambda fd, off, n: kicked.append((off, n)))
    f = spool.SpoolFile()
    for _ in range(9):
        f.write(b"x" * 100_000)
    f.close()
    assert kicked == [(0, 300_000), (300_000, 300_000), (600_000, 300_000)]
    assert spool._sync_file_range() is not None  # Linux: the real call is there


def test_a_full_disk_is_an_oserror_to_the_writer(tmpdir_for_tempfile, monkeypatch):
    f = spool.SpoolFile()

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool.os, "write", full)
    with pytest.raises(OSError) as err:
        f.write(b"data")
    assert err.value.errno == errno.ENOSPC
    f.close()

"""The statistics store: one DuckDB file, ``<data>/stats/stats.duckdb``, holding a row per case
(``stages.COLUMNS``) and where the follower stands in the changes journal. Never the truth:
``teleconsult stats rebuild`` makes it again from the case files at any time.

DuckDB lets one process write a file, or several read it, never both; so every use holds a
lock on ``stats.lock`` first: shared to read, exclusive to write. Each use opens and closes
the file (milliseconds), so the API, the workers and the command share it in turn.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import duckdb
import orjson

from teleconsult.stats.stages import COLUMNS
from teleconsult.store.changes import Cursor

_TYPES = {"day": "DATE", "critical": "BOOLEAN", "positive": "BOOLEAN", "amended": "BOOLEAN"}
_TIMES = {"arrived", "created", "assigned", "opened", "first_report", "preliminary", "final",
          "delivered", "critical_at", "acknowledged", "consult_requested", "consult_answered"}
SCHEMA_VERSION = "1"
READ_WAIT_SECONDS = 5.0  # a reader waits this long for a writer (a first build can take minutes)


def _type(column: str) -> str:
    return _TYPES.get(column) or ("DOUBLE" if column in _TIMES else "VARCHAR")


_CREATE = (
    "CREATE TABLE IF NOT EXISTS cases ("
    + ", ".join(f"{c} {_type(c)}{' PRIMARY KEY' if c == 'case_id' else ''}" for c in COLUMNS)
    + ")",
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
)


class StatsUnavailable(Exception):
    """The store cannot be read or written now (busy, or not built yet)."""


def db_path(data_dir: Path) -> Path:
    return data_dir / "stats" / "stats.duckdb"


@contextlib.contextmanager
def _locked(data_dir: Path, exclusive: bool, wait: bool | float) -> Iterator[None]:
    """The lock, shared or exclusive; ``wait`` True blocks, False tries once, a number of
    seconds tries until then (``StatsUnavailable`` when it could not be had)."""
    d = data_dir / "stats"
    d.mkdir(parents=True, exist_ok=True)
    fd = os.open(d / "stats.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + (0.0 if wait is False else float(wait))
        while True:
            try:
                fcntl.flock(fd, mode if wait is True else mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StatsUnavailable("the statistics store is being written (a first "
                                           "build or a rebuild); try again shortly") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    # a bounded share of a busy machine: the store answers months in milliseconds anyway
    return duckdb.connect(str(path), read_only=read_only,
                          config={"threads": 2, "memory_limit": "512MB"})


@contextlib.contextmanager
def reading(data_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection under the shared lock (the store is made empty if absent)."""
    path = db_path(data_dir)
    if not path.exists():
        with writing(data_dir, wait=READ_WAIT_SECONDS):
            pass
    with _locked(data_dir, exclusive=False, wait=READ_WAIT_SECONDS):
        con = _connect(path, read_only=True)
        try:
            yield con
        finally:
            con.close()


@contextlib.contextmanager
def writing(data_dir: Path, wait: bool | float = True
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection under the exclusive lock; ``wait=False`` raises
    ``StatsUnavailable`` at once when another holds it (a number: after that many seconds)."""
    with _locked(data_dir, exclusive=True, wait=wait):
        con = _connect(db_path(data_dir), read_only=False)
        try:
            for statement in _CREATE:
                con.execute(statement)
            yield con
        finally:
            con.close()


def upsert(con: duckdb.DuckDBPyConnection, rows: Iterable[dict], tmp_dir: Path) -> int:
    """Insert or replace case rows; how many. Rows go through a temporary NDJSON file: DuckDB
    reads thousands of rows from it in one statement (row-by-row inserts are slow)."""
    n = 0
    with tempfile.NamedTemporaryFile("wb", suffix=".ndjson", dir=tmp_dir) as f:
        for row in rows:
            f.write(orjson.dumps(row, default=_plain) + b"\n")
            n += 1
        f.flush()
        if n:
            columns = ", ".join(f"'{c}': '{_type(c)}'" for c in COLUMNS)
            con.execute(f"INSERT OR REPLACE INTO cases SELECT {', '.join(COLUMNS)} FROM "
                        f"read_json(?, format='newline_delimited', columns={{{columns}}})",
                        [f.name])
    return n


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def get_cursor(con: duckdb.DuckDBPyConnection) -> Cursor:
    row = con.execute("SELECT value FROM meta WHERE key = 'cursor'").fetchone()
    if not row:
        return Cursor()
    name, _, offset = row[0].partition(":")
    return Cursor(name, int(offset or 0))


def set_cursor(con: duckdb.DuckDBPyConnection, cursor: Cursor) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES ('cursor', ?)",
                [f"{cursor.name}:{cursor.offset}"])


def has_cursor(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM meta WHERE key = 'cursor'").fetchone()[0] > 0


def replace_file(data_dir: Path, built: Path) -> None:
    """Put a store built aside (``rebuild``) in place of the current one, once no one uses it."""
    with _locked(data_dir, exclusive=True, wait=True):
        os.replace(built, db_path(data_dir))
        Path(str(built) + ".wal").unlink(missing_ok=True)


def open_aside(path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh store file beside the current one (nobody else knows its name)."""
    path.unlink(missing_ok=True)
    con = _connect(path, read_only=False)
    for statement in _CREATE:
        con.execute(statement)
    return con

"""The changes journal: the ids of cases whose history grew, one line each, for readers that
follow the case files (the statistics store) without scanning every case directory.

One append-only file per UTC day under ``<data>/changes/`` (``YYYYMMDD.log``), written with
``O_APPEND`` after the history line it stands for, so a reader that sees the id finds the
line. It is a hint, not the truth: a crash between the history line and this one leaves the
case out until it changes again or the reader is rebuilt from the case files. Not fsynced.
A reader keeps its own cursor (file name, byte offset); files every cursor has passed may
be removed with ``prune``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

KEEP_DAYS = 7


@dataclass(frozen=True)
class Cursor:
    """Where a reader stands: the day file and the byte offset read up to."""

    name: str = ""
    offset: int = 0


def journal_dir(root: Path) -> Path:
    return root / "changes"


def _day_name(now: float) -> str:
    return time.strftime("%Y%m%d", time.gmtime(now)) + ".log"


def note(root: Path, case_id: str, now: float | None = None) -> None:
    """Record that ``case_id`` changed (one small O_APPEND write: whole lines stay whole)."""
    note_many(root, [case_id], now)


def note_many(root: Path, case_ids: list[str], now: float | None = None) -> None:
    """Record that each of ``case_ids`` changed, in one O_APPEND write."""
    if not case_ids:
        return
    d = journal_dir(root)
    path = d / _day_name(time.time() if now is None else now)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except FileNotFoundError:
        d.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, "".join(f"{c}\n" for c in case_ids).encode())
    finally:
        os.close(fd)


def end(root: Path) -> Cursor:
    """A cursor at the end of the journal as it is now (a rebuild starts following here)."""
    files = sorted(journal_dir(root).glob("*.log"))
    if not files:
        return Cursor()
    return Cursor(files[-1].name, files[-1].stat().st_size)


def read_since(root: Path, cursor: Cursor, limit: int = 200_000) -> tuple[set[str], Cursor]:
    """The case ids noted after ``cursor`` (at most about ``limit`` lines) and the new cursor.

    A line still being written (no newline yet) is left for the next read.
    """
    ids: set[str] = set()
    files = sorted(p for p in journal_dir(root).glob("*.log") if p.name >= cursor.name)
    for path in files:
        start = cursor.offset if path.name == cursor.name else 0
        with path.open("rb") as f:
            f.seek(start)
            data = f.read()
        complete = data[: data.rfind(b"\n") + 1]
        for line in complete.splitlines():
            if line:
                ids.add(line.decode("ascii", "replace"))
        cursor = Cursor(path.name, start + len(complete))
        if len(ids) >= limit or len(complete) < len(data):
            break
    return ids, cursor


def prune(root: Path, cursor: Cursor, keep_days: int = KEEP_DAYS) -> int:
    """Remove day files the cursor has passed, keeping the last ``keep_days``; how many."""
    files = sorted(journal_dir(root).glob("*.log"))
    passed = [p for p in files if p.name < cursor.name]
    removable = passed[: max(0, len(files) - keep_days)]
    for p in removable:
        p.unlink(missing_ok=True)
    return len(removable)

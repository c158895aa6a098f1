"""Keeping the statistics store up to date from the case files: ``catch_up`` reads the changes
journal from where the store stands and re-derives each case that changed; ``rebuild`` makes
the whole store again from every case directory. Both are blocking (file reads and DuckDB):
the worker runs them in a thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from teleconsult.settings.model import Settings
from teleconsult.stats import db
from teleconsult.stats.stages import stage_times
from teleconsult.store import changes
from teleconsult.store.files import Storage

log = logging.getLogger(__name__)

BATCH = 5_000  # case rows written per statement


@dataclass(frozen=True)
class Progress:
    cases: int
    seconds: float


def case_rows(storage: Storage, settings: Settings, case_ids: Iterable[str]) -> Iterator[dict]:
    """The row of each case that has a record (a damaged case is logged and left out)."""
    for case_id in case_ids:
        try:
            record = storage.read_case(case_id)
            if record is None:
                continue
            yield stage_times(record, storage.history(case_id), storage.reports(case_id),
                              settings.timezone)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.error("statistics: case %s left out: %s: %s", case_id, type(exc).__name__, exc)


def _write(con, storage: Storage, settings: Settings, ids: Iterable[str]) -> int:  # noqa: ANN001
    n, batch = 0, []
    for row in case_rows(storage, settings, ids):
        batch.append(row)
        if len(batch) >= BATCH:
            n += db.upsert(con, batch, storage.tmp)
            batch = []
    return n + db.upsert(con, batch, storage.tmp)


def catch_up(settings: Settings, wait: bool = False) -> Progress:
    """Apply every change noted since the store's cursor; ``wait=False`` skips at once when
    another process is writing the store (it is doing this very work)."""
    t0 = time.monotonic()
    storage = Storage(settings.data_dir)
    n = 0
    try:
        with db.writing(settings.data_dir, wait=wait) as con:
            if not db.has_cursor(con):
                # a new store: everything there is, then follow from the end seen before
                start = changes.end(settings.data_dir)
                n = _write(con, storage, settings, storage.iter_case_ids())
                db.set_cursor(con, start)
            while True:
                ids, cursor = changes.read_since(settings.data_dir, db.get_cursor(con), BATCH)
                if not ids and cursor == db.get_cursor(con):
                    break
                n += _write(con, storage, settings, sorted(ids))
                db.set_cursor(con, cursor)
            changes.prune(settings.data_dir, db.get_cursor(con))
    except db.StatsUnavailable:
        return Progress(0, time.monotonic() - t0)
    return Progress(n, time.monotonic() - t0)


def rebuild(settings: Settings) -> Progress:
    """The store made again from every case directory, built aside and then put in place;
    changes noted meanwhile are applied by the next catch-up."""
    t0 = time.monotonic()
    storage = Storage(settings.data_dir)
    start = changes.end(settings.data_dir)
    aside = Path(str(db.db_path(settings.data_dir)) + ".rebuild")
    aside.parent.mkdir(parents=True, exist_ok=True)
    con = db.open_aside(aside)
    try:
        n = _write(con, storage, settings, storage.iter_case_ids())
        db.set_cursor(con, start)
    finally:
        con.close()
    db.replace_file(settings.data_dir, aside)
    catch_up(settings, wait=True)
    return Progress(n, time.monotonic() - t0)

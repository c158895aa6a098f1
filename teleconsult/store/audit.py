"""The access audit log: one JSON line per access to patient data, fsynced, on the data dir
(``action`` "access" from teleconsult.api.access_audit; "patient_history" for result sharing).

``AuditWriter`` appends with group commit: every request that touches patient data waits
until its line is on disk, but concurrent requests share one ``fsync`` (the batch collected
while the previous one ran), so a viewer fetching fifty frames costs a few syncs, not fifty.
Repeated identical reads by the same caller (a worklist polled every few seconds) are written
once per ``repeat_window``: the log says who saw what and when, without a line per poll.

Lines carry identifiers only (who, which clinic's patient id, which cases), never names or
report text, so the log itself is safe to hand to an auditor.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import orjson

from teleconsult.store.files import Storage


def audit_path(data_dir: Path) -> Path:
    return data_dir / "audit" / "access.jsonl"


def record(data_dir: Path, entry: dict) -> None:
    """Append one access record durably (before the data is sent)."""
    Storage.append_jsonl(audit_path(data_dir), entry)


def query(data_dir: Path, *, who: str | None = None, patient: str | None = None,
          clinic: str | None = None, since: float = 0.0, limit: int = 500,
          action: str | None = None) -> list[dict]:
    """The newest ``limit`` records matching every filter given, oldest first."""
    matches = [e for e in _lines(data_dir) if e.get("at", 0) >= since
               and (who is None or e.get("who") == who)
               and (action is None or e.get("action") == action)
               and (clinic is None or clinic in e.get("facilities", [])
                    or e.get("patient", {}).get("clinic") == clinic)
               and (patient is None or patient == e.get("patient", {}).get("id")
                    or patient in e.get("patient", {}).get("community_ids", []))]
    return matches[-limit:]


def _lines(data_dir: Path) -> Iterator[dict]:
    yield from Storage.read_jsonl(audit_path(data_dir))


CSV_COLUMNS = ("at", "action", "who", "kind", "from", "method", "route", "ids", "query",
               "status", "patient", "facilities", "cases", "reason")


def to_csv(items: list[dict]) -> bytes:
    """The records as CSV for an auditor's spreadsheet (nested values as JSON text)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in items:
        writer.writerow([v if isinstance(v := e.get(c, ""), str | int | float) or v is None
                         else orjson.dumps(v).decode() for c in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()  # the BOM lets Excel read UTF-8


REPEATS_TRACKED = 10_000  # memory bound of the repeat filter


class AuditWriter:
    """Append access records to ``path`` durably; ``await record(entry)`` returns once synced."""

    def __init__(self, path: Path, repeat_window: float = 60.0) -> None:
        self.path = path
        self.repeat_window = repeat_window
        self._batch: list[tuple[bytes, asyncio.Future[None]]] = []
        self._draining = False
        self._seen: OrderedDict[tuple, float] = OrderedDict()

    def repeated(self, key: tuple, now: float) -> bool:
        """True when the same read by the same caller was recorded within the window."""
        last = self._seen.get(key)
        if last is not None and now - last < self.repeat_window:
            return True
        self._seen[key] = now
        self._seen.move_to_end(key)
        while len(self._seen) > REPEATS_TRACKED:
            self._seen.popitem(last=False)
        return False

    async def record(self, entry: dict) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._batch.append((orjson.dumps(entry) + b"\n", future))
        if not self._draining:
            self._draining = True
            asyncio.create_task(self._drain())
        await future

    async def _drain(self) -> None:
        try:
            while self._batch:
                batch, self._batch = self._batch, []
                try:
                    await asyncio.to_thread(self._append, b"".join(line for line, _ in batch))
                except OSError as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for _, future in batch:
                    if not future.done():
                        future.set_result(None)
        finally:
            self._draining = False

    def _append(self, lines: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, lines)
            os.fsync(fd)
        finally:
            os.close(fd)

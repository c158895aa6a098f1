"""The access audit log: one JSON line per cross-facility read, fsynced, on the data dir.

Lines carry identifiers only (who, which clinic's patient id, which cases), never names or
report text, so the log itself is safe to hand to an auditor.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from teleconsult.storage import Storage


def audit_path(data_dir: Path) -> Path:
    return data_dir / "audit" / "access.jsonl"


def record(data_dir: Path, entry: dict) -> None:
    """Append one access record durably (before the data is sent)."""
    Storage.append_jsonl(audit_path(data_dir), entry)


def query(data_dir: Path, *, who: str | None = None, patient: str | None = None,
          clinic: str | None = None, since: float = 0.0, limit: int = 500) -> list[dict]:
    """The newest ``limit`` records matching every filter given, oldest first."""
    matches = [e for e in _lines(data_dir) if e.get("at", 0) >= since
               and (who is None or e.get("who") == who)
               and (clinic is None or clinic in e.get("facilities", [])
                    or e.get("patient", {}).get("clinic") == clinic)
               and (patient is None or patient == e.get("patient", {}).get("id")
                    or patient in e.get("patient", {}).get("community_ids", []))]
    return matches[-limit:]


def _lines(data_dir: Path) -> Iterator[dict]:
    yield from Storage.read_jsonl(audit_path(data_dir))

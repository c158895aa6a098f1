"""The access audit log: one JSON line per access to patient data, fsynced, on the data dir
(``action`` "access" from teleconsult.api.access_audit; "patient_history" for result sharing).

Lines carry identifiers only (who, which clinic's patient id, which cases), never names or
report text, so the log itself is safe to hand to an auditor.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    import csv
    import io

    import orjson

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in items:
        writer.writerow([v if isinstance(v := e.get(c, ""), str | int | float) or v is None
                         else orjson.dumps(v).decode() for c in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()  # the BOM lets Excel read UTF-8

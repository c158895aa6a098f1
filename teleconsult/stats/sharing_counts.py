"""结果互认 (mutual recognition of results): how often a member facility looked at another
facility's earlier studies of a patient instead of repeating them, counted from the access
audit (``patient_history`` lines: a patient's record shown with other facilities' cases;
identifiers only). Read line by line, so memory stays flat whatever the log's size."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson

from teleconsult.store.audit import audit_path


def count(data_dir: Path, start: date, end: date, tz: ZoneInfo) -> dict:
    """``{"views", "cases_shown", "by_viewer": [{"clinic", "views"}], "by_source": [...]}``
    for the community's days ``start``..``end``."""
    views, shown = 0, 0
    viewers: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    path = audit_path(data_dir)
    if path.exists():
        with path.open("rb") as f:
            for line in f:
                if b'"patient_history"' not in line:
                    continue  # most lines are other accesses: not even parsed
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue  # a torn last line
                day = datetime.fromtimestamp(entry.get("at", 0), tz).date()
                if entry.get("action") != "patient_history" or not start <= day <= end:
                    continue
                views += 1
                shown += len(entry.get("cases", []))
                viewers[(entry.get("patient") or {}).get("clinic") or entry.get("who", "")] += 1
                sources.update(entry.get("facilities", []))
    return {"views": views, "cases_shown": shown,
            "by_viewer": [{"clinic": k, "views": v} for k, v in sorted(viewers.items())],
            "by_source": [{"clinic": k, "views": v} for k, v in sorted(sources.items())]}

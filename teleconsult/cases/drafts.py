"""Report drafts on the server: what a reader has typed, kept with the case.

One file per case, ``cases/<id>/draft.json``, replaced atomically (temp → fsync → rename)
on every save, so a closed tab, a crashed browser or a handover loses nothing that reached
the server. The draft belongs to the case, not the reader: whoever reads the case next
sees it and who wrote it. Version numbers come from Redis (``routing.reading``), fenced
like every other write; signing consumes the draft.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from teleconsult.store.files import Storage, _fsync_dir

MAX_TEXT = 20_000


class InvalidDraft(ValueError):
    """The body of a draft save is not what the editor sends."""


def parse_draft(body: Any) -> dict:
    """The clean fields of a save: findings, impression, critical, and the optional fence
    and base version (the version the editor last saw)."""
    if not isinstance(body, dict):
        raise InvalidDraft("the body must be a JSON object")
    out: dict[str, Any] = {}
    for name in ("findings", "impression"):
        value = body.get(name, "")
        if not isinstance(value, str):
            raise InvalidDraft(f"{name} must be a string")
        if len(value) > MAX_TEXT:
            raise InvalidDraft(f"{name} is longer than {MAX_TEXT} characters")
        out[name] = value
    if not isinstance(body.get("critical", False), bool):
        raise InvalidDraft("critical must be true or false")
    out["critical"] = body.get("critical", False)
    for name in ("fence", "base_version"):
        value = body.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 0):
            raise InvalidDraft(f"{name} must be a non-negative integer")
        out[name] = value
    return out


def path(storage: Storage, case_id: str) -> Path:
    return storage.case_dir(case_id) / "draft.json"


def load(storage: Storage, case_id: str) -> dict | None:
    p = path(storage, case_id)
    return storage.read_json(p) if p.exists() else None


def save(storage: Storage, case_id: str, version: int, fields: dict, author: str,
         author_name: str, fence: int, now: float) -> dict:
    """Write version ``version`` of the case's draft durably; returns it."""
    draft = {"case_id": case_id, "version": version, "findings": fields["findings"],
             "impression": fields["impression"], "critical": fields["critical"],
             "author": author, "author_name": author_name, "fence": fence, "saved_at": now}
    current = load(storage, case_id)
    if current is not None and int(current.get("version", 0)) > version:
        return current  # a slower save of an older version must not replace a newer one
    storage.write_json(path(storage, case_id), draft)
    return draft


def consume(storage: Storage, case_id: str) -> bool:
    """Signing took the text: the draft is gone (True if there was one)."""
    p = path(storage, case_id)
    try:
        p.unlink()
    except FileNotFoundError:
        return False
    _fsync_dir(p.parent)
    return True

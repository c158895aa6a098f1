"""Accounts changed without editing TOML: an append-only change log on the data dir.

The TOML file bootstraps a community; every later change to its clinics, doctors and admins
(`teleconsult accounts …`, the admin API, the supervisor page) is one fsynced line in
``<data>/accounts/changes.jsonl``. Loading the configuration replays the log over the file's
tables *before* they are parsed, so a change is validated by exactly the rules the file is,
and the log (files are the truth) is all a restored data dir needs.

A disabled account is kept — its name still labels the cases and reports it touched — but
it can no longer act: no credentials, no AE titles, no viewing stations or workstations
(their AE titles stop querying and retrieving at once), no shifts.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterable
from pathlib import Path

from teleconsult.core.digest import hash_secret
from teleconsult.store.files import Storage

KINDS = {"clinic": "clinics", "doctor": "doctors", "admin": "admins", "screen": "screens"}


def log_path(data_dir: Path) -> Path:
    return data_dir / "accounts" / "changes.jsonl"


def read_log(data_dir: Path) -> list[dict]:
    return Storage.read_jsonl(log_path(data_dir))


def append(data_dir: Path, change: dict) -> None:
    """Record one change durably (the caller validated it first)."""
    Storage.append_jsonl(log_path(data_dir), change)


def rows_of(data: dict, kind: str) -> list[dict]:
    return data.setdefault(KINDS[kind], [])


def find_row(rows: list[dict], account_id: str) -> int | None:
    return next((i for i, row in enumerate(rows) if row.get("id") == account_id), None)


def _neutralised(row: dict, kind: str) -> dict:
    """A disabled account: it stays known by id and name, and can no longer act."""
    out = dict(row, token_sha256=hash_secret(secrets.token_hex(32)))
    out.pop("password_hash", None)
    if kind == "clinic":
        out["ae_titles"], out["qr_destinations"] = [], []
    if kind == "doctor":
        out["shifts"], out["overrides"], out["workstations"] = [], [], []
    return out


def replay(data: dict, changes: Iterable[dict]) -> dict:
    """The configuration tables with every change applied in order (pure)."""
    data = copy.deepcopy(data)
    disabled: set[tuple[str, str]] = set()
    for change in changes:
        kind, account_id, op = change["kind"], change["id"], change["op"]
        rows = rows_of(data, kind)
        at = find_row(rows, account_id)
        if op == "put":
            entry = dict(change["entry"], id=account_id)
            if at is not None and "community" in rows[at]:
                # an edit keeps the account in its community (a [[communities]] row)
                entry.setdefault("community", rows[at]["community"])
            if at is None:
                rows.append(entry)
            else:
                rows[at] = entry
        elif op == "credentials" and at is not None:
            rows[at] = {k: v for k, v in rows[at].items() if k != "password_hash"}
            rows[at].update({k: v for k, v in change["entry"].items() if v is not None})
        if op == "disable":
            disabled.add((kind, account_id))
        elif op == "enable":
            disabled.discard((kind, account_id))
    for kind, account_id in disabled:
        rows = rows_of(data, kind)
        at = find_row(rows, account_id)
        if at is not None:
            rows[at] = _neutralised(rows[at], kind)
    return data

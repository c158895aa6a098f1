"""Operators' account changes: credentials made and shown once, validated changes recorded
in the account log (``teleconsult.settings.accounts_log``), doctors imported from the
county's spreadsheets, and the listing of every account with its state."""

from __future__ import annotations

import csv
import io
import secrets
import time
import tomllib
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from argon2 import PasswordHasher

from teleconsult.core.digest import hash_secret
from teleconsult.settings import communities
from teleconsult.settings.accounts_log import KINDS, append, find_row, read_log, replay
from teleconsult.settings.load import reread
from teleconsult.settings.model import Settings
from teleconsult.settings.reader import Reader
from teleconsult.store.keys import DEFAULT_COMMUNITY

OPS = ("put", "disable", "enable", "credentials")
# An import's bounds, checked before and while it is parsed: a county's doctors fit many
# times over, and a file past them (or a shared-string bomb) is refused, not worked through.
MAX_IMPORT_ROWS = 500
MAX_IMPORT_COLUMNS = 32
MAX_XLSX_UNPACKED = 16 * 2**20  # every part of the workbook, shared strings included
MAX_XLSX_PARTS = 64
IMPORT_SECONDS = 120.0
# a page password chosen by a person (generated ones are 16 characters): NIST SP 800-63B's
# floor for a memorised secret
MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    """A change that cannot be made; the message says why."""


@dataclass(frozen=True)
class Issued:
    """Credentials made for a person: shown once, stored only hashed."""

    kind: str
    id: str
    token: str
    password: str


def status(data: dict, changes: Iterable[dict]) -> list[dict]:
    """Every account with its kind, name and whether it is disabled (for `list` and the API)."""
    changes = list(changes)
    merged = replay(data, [c for c in changes if c["op"] != "disable"])
    state: dict[tuple[str, str], bool] = {}
    for change in changes:
        if change["op"] == "disable":
            state[(change["kind"], change["id"])] = True
        elif change["op"] == "enable":
            state[(change["kind"], change["id"])] = False
    out = []
    for kind, table in KINDS.items():
        for row in merged.get(table, []):
            out.append({"kind": kind, "id": row.get("id"), "name": row.get("name", row.get("id")),
                        "disabled": state.get((kind, row.get("id")), False),
                        "specialties": row.get("specialties", []),
                        "ae_titles": row.get("ae_titles", []),
                        **({"community": row.get("community", DEFAULT_COMMUNITY)}
                           if kind in ("clinic", "doctor") else {}),
                        **({"title": row.get("title", "attending"),
                            "expert": bool(row.get("expert"))} if kind == "doctor" else {})})
    return out


def credentials(kind: str, account_id: str, password: str | None = None) -> tuple[Issued, dict]:
    """A fresh API token (and page password) and the hashed form a change stores."""
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a page password needs at least {MIN_PASSWORD_LENGTH} characters")
    token = f"{account_id}-{secrets.token_urlsafe(18)}"
    password = password or secrets.token_urlsafe(12)
    return (Issued(kind, account_id, token, password),
            {"token_sha256": hash_secret(token), "password_hash": PasswordHasher().hash(password)})


def change(op: str, kind: str, account_id: str, by: str, entry: dict | None = None) -> dict:
    """One line of the log."""
    if kind not in KINDS:
        raise AccountError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if op not in OPS:
        raise AccountError(f"unknown change {op!r}")
    return {"at": time.time(), "by": by, "op": op, "kind": kind, "id": account_id,
            "entry": entry or {}}


def dumps(changes: Iterable[dict]) -> bytes:
    return b"".join(orjson.dumps(c) + b"\n" for c in changes)


def known(data: dict, kind: str, account_id: str) -> bool:
    return find_row(data.get(KINDS[kind], []), account_id) is not None


def as_entry(data: dict, kind: str, account_id: str) -> dict[str, Any] | None:
    rows = data.get(KINDS[kind], [])
    at = find_row(rows, account_id)
    return None if at is None else dict(rows[at])


def apply_change(settings: Settings, entry: dict) -> Settings:
    """Validate a change against the whole configuration, then record it; the settings it
    makes (raises ``ConfigError`` naming the problem, recording nothing)."""
    fresh = reread(settings, pending=[entry])
    append(settings.data_dir, entry)
    return fresh


def parse_shifts(text: str) -> list[dict]:
    """``"daily 08:00-20:00; sat,sun 20:00-08:00"`` → the TOML shape of ``shifts``."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days, _, hours = part.rpartition(" ")
        start, sep, end = hours.partition("-")
        if not sep or not days.strip():
            raise AccountError(f"shift {part!r}: write it as 'daily 08:00-20:00' or "
                               "'mon,tue 20:00-08:00'")
        days = days.strip()
        out.append({"days": days if days == "daily" else [d.strip() for d in days.split(",")],
                    "start": start.strip(), "end": end.strip()})
    return out


def _items(value: str) -> list[str]:
    return [v.strip() for v in value.replace("，", ";").replace(",", ";").split(";") if v.strip()]


TITLE_WORDS = {"住院医师": "resident", "主治医师": "attending", "副主任医师": "associate_chief",
               "主任医师": "chief"}


def doctor_entry(row: dict[str, Any]) -> dict:
    """One doctor of an import (CSV or spreadsheet row) in the TOML shape."""
    def cell(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value).strip()

    if not cell("id") or not cell("name"):
        raise AccountError("every row needs an id and a name")
    entry: dict[str, Any] = {"name": cell("name"), "specialties": _items(cell("specialties")),
                             "shifts": parse_shifts(cell("shifts"))}
    for key in ("clinics", "zones", "subspecialties"):
        if cell(key):
            entry[key] = _items(cell(key))
    if cell("capacity"):
        if not cell("capacity").isascii() or not cell("capacity").isdigit():
            raise AccountError(f"capacity {cell('capacity')!r} is not a whole number")
        entry["capacity"] = int(cell("capacity"))
    if cell("supervisor"):
        entry["supervisor"] = cell("supervisor").lower() in ("1", "yes", "true", "y", "是")
    if cell("title"):
        # a column of titles may be in Chinese (住院医师 …) or the configuration's words
        entry["title"] = TITLE_WORDS.get(cell("title"), cell("title").lower())
    if cell("expert"):
        entry["expert"] = cell("expert").lower() in ("1", "yes", "true", "y", "是")
    return entry


def read_rows(name: str, body: bytes, deadline: float | None = None) -> list[dict[str, Any]]:
    """The rows of a CSV (UTF-8, with or without BOM) or .xlsx file, keyed by its header.

    Bounded before and while parsing (rows, columns, a spreadsheet's unpacked size, the
    deadline): whatever a file claims, an import holds little memory and ends soon.
    """
    deadline = deadline if deadline is not None else time.monotonic() + IMPORT_SECONDS
    if name.lower().endswith(".xlsx"):
        raw_rows: Iterable[Sequence[Any]] = _xlsx_rows(body)
    else:
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AccountError("the CSV must be UTF-8") from exc
        raw_rows = csv.reader(io.StringIO(text))
    rows: list[Sequence[Any]] = []
    for row in raw_rows:
        if time.monotonic() > deadline:
            raise AccountError(f"the file took longer than {IMPORT_SECONDS:g} s to read; "
                               "nothing was changed")
        if len(row) > MAX_IMPORT_COLUMNS and any(v not in (None, "") for v in
                                                 row[MAX_IMPORT_COLUMNS:]):
            raise AccountError(f"row {len(rows) + 1} has more than {MAX_IMPORT_COLUMNS} "
                               "columns")
        if len(rows) > MAX_IMPORT_ROWS:  # the header row and MAX_IMPORT_ROWS doctors
            raise AccountError(f"the file has more than {MAX_IMPORT_ROWS} doctors; "
                               "import it in parts")
        rows.append(row[:MAX_IMPORT_COLUMNS])
    header = [str(h or "").strip().lower() for h in (rows[0] if rows else ())]
    return [dict(zip(header, r, strict=False)) for r in rows[1:]
            if any(v not in (None, "") for v in r)]


def _xlsx_rows(body: bytes) -> Iterator[Sequence[Any]]:
    """The active sheet's rows, lazily, once the workbook's unpacked size is known to be
    small (openpyxl reads every shared string into memory before the first row: a 150 KB
    file can unpack to gigabytes)."""
    # openpyxl costs a noticeable import: only an .xlsx import pays it
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise AccountError("not a readable .xlsx file (not a zip archive)") from exc
    # zipfile never unpacks more than an entry's declared size, so the sum bounds the work
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_XLSX_PARTS or unpacked > MAX_XLSX_UNPACKED:
        raise AccountError(f"the spreadsheet unpacks to {unpacked / 2**20:.0f} MiB in "
                           f"{len(parts)} parts; at most {MAX_XLSX_UNPACKED // 2**20} MiB "
                           f"and {MAX_XLSX_PARTS} parts are read")
    try:
        sheet = load_workbook(io.BytesIO(body), read_only=True, data_only=True).active
        yield from sheet.iter_rows(values_only=True)
    except AccountError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for bad files
        raise AccountError(f"not a readable .xlsx file: {type(exc).__name__}") from exc


def import_doctors(settings: Settings, name: str, body: bytes, by: str,
                   deadline: float | None = None) -> tuple[Settings, list[Issued]]:
    """Add or update every doctor of a file in one validated step; new ones get credentials.
    Past ``deadline`` (``time.monotonic()``; default ``IMPORT_SECONDS`` from now) nothing is
    changed and AccountError says so: each new doctor's password hash alone costs ~0.1–1 s."""
    deadline = deadline if deadline is not None else time.monotonic() + IMPORT_SECONDS
    current = replay(file_tables(settings), read_log(settings.data_dir))
    changes, issued = [], []
    for i, row in enumerate(read_rows(name, body, deadline), start=2):
        if time.monotonic() > deadline:
            raise AccountError(f"the import took longer than {IMPORT_SECONDS:g} s (at row {i}); "
                               "nothing was changed: import the file in smaller parts")
        try:
            entry = doctor_entry(row)
        except AccountError as exc:
            raise AccountError(f"row {i}: {exc}") from None
        did = str(row["id"]).strip()
        old = as_entry(current, "doctor", did)
        if old is None:
            made, hashed = credentials("doctor", did)
            entry.update(hashed)
            issued.append(made)
        else:
            entry.update({k: old[k] for k in ("token_sha256", "password_hash") if k in old})
        changes.append(change("put", "doctor", did, by, entry))
    if not changes:
        raise AccountError("the file has no rows")
    fresh = reread(settings, pending=changes)  # ConfigError names the row's problem
    for c in changes:
        append(settings.data_dir, c)
    return fresh, issued


def file_tables(settings: Settings) -> dict:
    """The configuration file's tables as written (before any change is replayed), a
    community's clinics and doctors among the top-level ones (as ``load_settings`` reads
    them), so that they are listed and changed like any other."""
    raw = tomllib.loads(Path(settings.source).read_text(encoding="utf-8"))
    return communities.flatten(Reader(settings.source), raw)[0]


def listing(settings: Settings) -> list[dict]:
    """Every account of the running configuration and its state (`list`, the admin API)."""
    return status(file_tables(settings), read_log(settings.data_dir))

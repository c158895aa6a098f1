"""The county's master patient index: community ids registered by an admin with the
person's name, sex and birth date. A registration outranks what any study claims
(``sharing.classify``). One durable JSON file per id under ``<data>/mpi/`` (files are the
truth; nothing of it lives only in Redis)."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from pathlib import Path

from teleconsult.store.files import Storage

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_ID = re.compile(r"^[0-9A-Za-z]{4,32}\Z")
FIELDS = ("name", "sex", "birth_date")


class InvalidEntry(ValueError):
    """A registration that cannot be right (message says which field)."""


def norm_id(value: str) -> str:
    """The community id as matched: no spaces, upper case (as ``sharing`` does)."""
    return re.sub(r"\s+", "", value).upper()


def _path(data_dir: Path, community_id: str) -> Path:
    # hashed: the file name never carries the id itself, and never a path character
    return data_dir / "mpi" / f"{hashlib.sha256(community_id.encode()).hexdigest()[:40]}.json"


def validate(community_id: str, body: object) -> dict:
    """The registration to store for ``body`` (name, sex M/F/O, birth_date YYYY-MM-DD)."""
    if not _ID.match(norm_id(community_id)):
        raise InvalidEntry("community id: 4-32 letters or digits")
    if not isinstance(body, dict) or set(body) - {*FIELDS, "home_clinic"}:
        raise InvalidEntry(f"send an object with {', '.join(FIELDS)} (and home_clinic)")
    name, sex, dob = (body.get(k) for k in FIELDS)
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 64:
        raise InvalidEntry("name: 1-64 characters")
    if sex not in ("M", "F", "O"):
        raise InvalidEntry("sex: M, F or O")
    if not isinstance(dob, str) or not _DATE.match(dob):
        raise InvalidEntry("birth_date: YYYY-MM-DD")
    home = body.get("home_clinic")
    if home is not None and not isinstance(home, str):
        raise InvalidEntry("home_clinic: a clinic id")
    return {"community_id": norm_id(community_id), "name": name.strip(), "sex": sex,
            "birth_date": dob, "home_clinic": home}


def register(storage: Storage, entry: dict, by: str) -> dict:
    """Store a validated registration durably (replacing an earlier one)."""
    record = dict(entry, registered_by=by, registered_at=time.time())
    path = _path(storage.root, entry["community_id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    storage.write_json(path, record)
    return record


def lookup(data_dir: Path, community_ids: Iterable[str]) -> dict[str, dict]:
    """The registrations of those ids that have one."""
    out = {}
    for cid in community_ids:
        path = _path(data_dir, cid)
        if path.exists():
            out[cid] = Storage.read_json(path)
    return out

"""Laboratory results on disk, and their announcement: the one path by which a lab result
(HL7 or FHIR) is kept.

``save`` writes the record durably (temp → fsync → rename → fsync of the directory) under
``<data>/lab/<xx>/<result_id>.json``, once: a re-sent message finds it there. ``announce``
then records it in Redis — the patient's results at its clinic, and for a critical value
(危急值) the critical-result timer and event; it is idempotent, so a sender told to retry
(Redis down) repeats it safely. Files are the truth: the sharing index over them is built by
the reader (``api.patients``), as it is for cases.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import redis.asyncio as aioredis

from teleconsult.store import events, keys
from teleconsult.store.files import Storage

_ID = re.compile(r"^lab-[0-9a-f]{32}\Z")


def check_result_id(result_id: str) -> str:
    """A result id as we make them (never a path character); ValueError otherwise."""
    if not _ID.match(result_id or ""):
        raise ValueError(f"not a lab result id: {result_id!r}")
    return result_id


class LabStore:
    """The ``<data>/lab`` directory."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.root = storage.root / "lab"

    def path(self, result_id: str) -> Path:
        rid = check_result_id(result_id)
        return self.root / rid[4:6] / f"{rid}.json"

    def comm_path(self, result_id: str) -> Path:
        """The communication log of a critical value: notices, acknowledgement, escalations."""
        return self.path(result_id).with_suffix(".comm.jsonl")

    def save(self, record: dict, now: float | None = None) -> tuple[dict, bool]:
        """(the stored record, whether it is new); durable when this returns."""
        path = self.path(record["result_id"])
        if path.exists():
            return self.storage.read_json(path), False
        stored = dict(record, received_at=time.time() if now is None else now)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.storage.write_json(path, stored)
        return stored, True

    def load(self, result_id: str) -> dict | None:
        try:
            path = self.path(result_id)
        except ValueError:
            return None
        return self.storage.read_json(path) if path.exists() else None

    def iter_ids(self) -> Iterator[str]:
        if not self.root.exists():
            return
        for sub in sorted(self.root.iterdir()):
            for f in sorted(sub.glob("lab-*.json")):
                if _ID.match(f.stem):
                    yield f.stem

    def comm_log(self, result_id: str) -> list[dict]:
        return self.storage.read_jsonl(self.comm_path(result_id))

    def append_comm(self, result_id: str, entry: dict) -> None:
        self.storage.append_jsonl(self.comm_path(result_id), entry)


def acknowledgement(log: list[dict]) -> dict | None:
    return next((e for e in log if e.get("event") == "acknowledged"), None)


async def announce(client: aioredis.Redis, store: LabStore, record: dict) -> None:
    """Make a stored result findable and, if critical, start its critical-result loop
    (the clinic and the admins are told at once by the event; its timer is due at once,
    for the critical worker to page, then escalate while it is unacknowledged)."""
    rid = record["result_id"]
    pid = record["patient"].get("id")
    if pid:
        await client.sadd(keys.patient_labs(f"{record['clinic']}:{pid}"), rid)
    member = keys.LAB_CRITICAL_PREFIX + rid
    if not record.get("critical") or await client.zscore(keys.CRITICAL_DUE, member) is not None:
        return
    log = store.comm_log(rid)
    if acknowledgement(log) is not None:
        return  # re-sent after it was acknowledged: nothing more to chase
    if not any(e.get("event") == "notified" for e in log):
        store.append_comm(rid, {"at": time.time(), "event": "notified",
                                "clinic": record["clinic"]})
    # the event first: a retry after a failure in between repeats it rather than losing it
    await events.publish(client, "lab_critical", result_id=rid, clinic=record["clinic"],
                         patient_id=pid or "", tests=critical_tests(record))
    await client.zadd(keys.CRITICAL_DUE, {member: record["received_at"]}, nx=True)


def critical_tests(record: dict) -> list[str]:
    return sorted({o["code"] for order in record["orders"] for o in order["observations"]
                   if o.get("critical")})

"""Dated roster overrides made through the admin API.

The file ``<data>/roster/overrides.jsonl`` is the record (who changed what, when); Redis
holds the current list per doctor for the routers. Both are merged with the configured
weekly shifts at decision time; a later override for the same date wins.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import orjson
import redis
import redis.asyncio as aioredis

from teleconsult.settings.model import Doctor, Override, Settings
from teleconsult.store import keys
from teleconsult.store.files import Storage


def override_to_json(o: Override) -> dict:
    return {"date": o.date, "off": o.off,
            "start": o.start.strftime("%H:%M") if o.start else None,
            "end": o.end.strftime("%H:%M") if o.end else None}


def override_from_json(d: dict) -> Override:
    def hm(v: str | None) -> time | None:
        return None if v is None else time.fromisoformat(v)
    return Override(date=d["date"], off=bool(d["off"]), start=hm(d.get("start")),
                    end=hm(d.get("end")))


def log_path(storage: Storage):
    return storage.root / "roster" / "overrides.jsonl"


async def add(client: aioredis.Redis, storage: Storage, doctor_id: str, o: Override,
              by: str, at: float) -> None:
    entry = {"at": at, "by": by, "op": "add", "doctor": doctor_id, **override_to_json(o)}
    storage.append_jsonl(log_path(storage), entry)
    await client.rpush(keys.roster_overrides(doctor_id), orjson.dumps(override_to_json(o)))


async def remove_date(client: aioredis.Redis, storage: Storage, doctor_id: str, date: str,
                      by: str, at: float) -> int:
    storage.append_jsonl(log_path(storage), {"at": at, "by": by, "op": "remove",
                                             "doctor": doctor_id, "date": date})
    kept, removed = [], 0
    for raw in await client.lrange(keys.roster_overrides(doctor_id), 0, -1):
        if orjson.loads(raw)["date"] == date:
            removed += 1
        else:
            kept.append(raw)
    pipe = client.pipeline(transaction=True)
    pipe.delete(keys.roster_overrides(doctor_id))
    if kept:
        pipe.rpush(keys.roster_overrides(doctor_id), *kept)
    await pipe.execute()
    return removed


async def current(client: aioredis.Redis, settings: Settings, community: str | None = None
                  ) -> dict[str, tuple[Override, ...]]:
    """The admin API's roster overrides of every doctor (of ``community`` only, if named)."""
    pipe = client.pipeline(transaction=False)
    ids = [d.id for d in settings.doctors.values()
           if community is None or d.community == community]
    for d in ids:
        pipe.lrange(keys.roster_overrides(d), 0, -1)
    out = {}
    for d, items in zip(ids, await pipe.execute(), strict=True):
        if items:
            out[d] = tuple(override_from_json(orjson.loads(x)) for x in items)
    return out


def merged(settings: Settings, extra: dict[str, tuple[Override, ...]]) -> list[Doctor]:
    """The configured doctors with the admin API's overrides appended (later wins)."""
    return [replace(d, overrides=d.overrides + extra[d.id]) if d.id in extra else d
            for d in settings.doctors.values()]


def rebuild(client: redis.Redis, storage: Storage) -> int:
    """Replay the override log into Redis (reindex); returns the overrides now in force."""
    per_doctor: dict[str, list[dict]] = {}
    for e in storage.read_jsonl(log_path(storage)):
        items = per_doctor.setdefault(e["doctor"], [])
        if e["op"] == "add":
            items.append({k: e.get(k) for k in ("date", "off", "start", "end")})
        elif e["op"] == "remove":
            items[:] = [x for x in items if x["date"] != e["date"]]
    for doctor, items in per_doctor.items():
        client.delete(keys.roster_overrides(doctor))
        if items:
            client.rpush(keys.roster_overrides(doctor), *(orjson.dumps(x) for x in items))
    return sum(len(v) for v in per_doctor.values())

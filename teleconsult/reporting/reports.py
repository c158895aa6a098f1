"""The signed report after signing: its id and versions, the clinic's feed, the delivery
plan, critical-result announcement and acknowledgement (the communication log), the SR, and
dead letters. Versions are immutable; an amendment is a new version. Signing itself is
``teleconsult.reporting.signing``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import redis.asyncio as aioredis

from dicom import sr
from teleconsult.cases.record import transition
from teleconsult.core.numbers import strict_int
from teleconsult.core.times import iso
from teleconsult.routing.queue import CaseQueue, QueueError
from teleconsult.store import events, keys, locks
from teleconsult.store.files import Storage

PLAN = "plan"  # the first delivery job of a report: archive the SR, then fan out
_INTERNAL = ("seq", "idempotency_key", "released")
_ACK_LOCK_MS = 10_000  # two acknowledgements at once: a few file writes and Redis calls


def visible(report: dict) -> bool:
    """A final, or a preliminary released to the clinic at once (routine preliminaries
    wait for their final)."""
    return report.get("stage", "final") != "preliminary" or bool(report.get("released"))


def report_id(case_id: str, version: int) -> str:
    return f"{case_id}-v{version}"


def split_report_id(rid: str) -> tuple[str, int]:
    case_id, sep, version = rid.rpartition("-v")
    if not sep:
        raise ValueError(f"not a report id: {rid[:60]!r}")
    return case_id, strict_int(version, "report version")


async def start_delivery(client: aioredis.Redis, storage: Storage, report: dict,
                         now: float) -> None:
    """Hand the report to the delivery worker; a critical one is announced at once."""
    await client.zadd(keys.DELIVERY_DUE, {delivery_job(report["report_id"], PLAN): now})
    await announce_critical(client, storage, report, now)


async def announce_critical(client: aioredis.Redis, storage: Storage, report: dict,
                            now: float) -> None:
    """The critical-result event and its 'sent' log line, once per version (the event
    first: a crash between them repeats the event rather than losing it)."""
    if not report["critical"] or any(e.get("event") == "sent"
                                     for e in comm_log(storage, report)):
        return
    await events.publish(client, "critical_result", report_id=report["report_id"],
                         case_id=report["case_id"], clinic=report["clinic"],
                         doctor=report["signed_by"], version=report["version"])
    append_comm(storage, report, {"at": now, "event": "sent", "by": report["signed_by"],
                                  "channel": "events"})


async def ensure_published(queue: CaseQueue, storage: Storage, report: dict,
                           now: float) -> None:
    """What signing does after the file, redone idempotently (recovery after a crash)."""
    history = storage.history(report["case_id"])
    if not any(h.get("status") == "reported" and h.get("version") == report["version"]
               for h in history):
        storage.append_history(report["case_id"], transition(
            "reported", now, report["signed_by"], version=report["version"],
            stage=report.get("stage", "final"), recovered=True))
    if not visible(report):
        return
    if await queue.redis.zscore(keys.clinic_reports(report["clinic"]),
                                report["report_id"]) is None:
        await publish_report(queue, report)
    await announce_critical(queue.redis, storage, report, now)


def delivery_job(rid: str, channel: str) -> str:
    return f"{rid}|{channel}"


def comm_path(storage: Storage, report: dict) -> Path:
    """The report version's communication log (sent, seen, acknowledged, escalated)."""
    return storage.report_path(report["case_id"], report["version"]).with_suffix(".comm.jsonl")


def append_comm(storage: Storage, report: dict, entry: dict) -> None:
    storage.append_jsonl(comm_path(storage, report), entry)


def comm_log(storage: Storage, report: dict) -> list[dict]:
    return storage.read_jsonl(comm_path(storage, report))


def acknowledgement(log: list[dict]) -> dict | None:
    return next((e for e in log if e.get("event") == "acknowledged"), None)


def note_seen(storage: Storage, report: dict, clinic_id: str, how: str, now: float) -> None:
    """The first time the owning clinic opens a critical report goes into its log."""
    if report["critical"] and not any(e.get("event") == "seen" for e in comm_log(storage,
                                                                                   report)):
        append_comm(storage, report, {"at": now, "event": "seen", "by": clinic_id, "via": how})


async def acknowledge(storage: Storage, queue: CaseQueue, report: dict, clinic_id: str,
                      by: str, now: float) -> tuple[dict, bool]:
    """Record who at the clinic acknowledged a critical result; (entry, newly recorded)."""
    if not report["critical"]:
        raise QueueError("bad_state:not critical")
    done = acknowledgement(comm_log(storage, report))
    if done is not None:
        return done, False
    # two acknowledgements at once: one records, the other answers with the first's entry
    lock = f"{keys.case(report['case_id'])}:ack:{report['version']}"
    token = await locks.acquire(queue.redis, lock, _ACK_LOCK_MS)
    if token is None:
        for _ in range(50):
            done = acknowledgement(comm_log(storage, report))
            if done is not None:
                return done, False
            await asyncio.sleep(0.02)
        raise QueueError("bad_state:acknowledging")
    try:
        done = acknowledgement(comm_log(storage, report))  # recorded while we waited
        if done is not None:
            return done, False
        entry = {"at": now, "event": "acknowledged", "by": by, "clinic": clinic_id}
        append_comm(storage, report, entry)
        await queue.redis.zrem(keys.CRITICAL_DUE, report["report_id"])
        storage.append_history(report["case_id"], transition(
            "acknowledged", now, clinic_id, report_id=report["report_id"], acknowledged_by=by))
        await queue.redis.hset(keys.case(report["case_id"]), "status", "acknowledged")
        await events.publish(queue.redis, "critical_acknowledged",
                             report_id=report["report_id"], case_id=report["case_id"],
                             clinic=clinic_id, doctor=report["signed_by"], by=by)
    finally:
        # released at once (it was held for a minute): a retry after a failure in
        # between need not wait; one after a crash waits at most its expiry
        await locks.release(queue.redis, lock, token)
    return entry, True


async def publish_report(queue: CaseQueue, report: dict) -> None:
    """Make a report visible on the event stream and in its clinic's feed (idempotent).

    The event goes first: recovery republishes whatever is not in the feed, so a crash in
    between repeats the event rather than losing it."""
    await events.publish(queue.redis, "report_signed", report_id=report["report_id"],
                         case_id=report["case_id"], clinic=report["clinic"],
                         critical=report["critical"], version=report["version"],
                         stage=report.get("stage", "final"))
    await queue.redis.zadd(keys.clinic_reports(report["clinic"]),
                           {report["report_id"]: report["seq"]})


async def feed(queue: CaseQueue, storage: Storage, clinic_id: str, since: int, limit: int
               ) -> tuple[list[dict], int]:
    """A clinic's reports after cursor ``since``, oldest first, and the next cursor."""
    items = await queue.redis.zrangebyscore(keys.clinic_reports(clinic_id), f"({since}", "+inf",
                                            start=0, num=limit, withscores=True)
    out, cursor = [], since
    for member, seq in items:
        case_id, version = split_report_id(member.decode())
        path = storage.report_path(case_id, version)
        if path.exists():
            out.append(with_ack(storage, orjson.loads(path.read_bytes())))
        cursor = int(seq)
    return out, cursor


def public(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in _INTERNAL}


def with_ack(storage: Storage, report: dict) -> dict:
    """The public report plus, for a critical result, who acknowledged it and when."""
    body = public(report)
    if report.get("critical"):
        ack = acknowledgement(comm_log(storage, report))
        body["acknowledged_at"] = iso(ack["at"]) if ack else None
        body["acknowledged_by"] = ack["by"] if ack else None
    return body


def load(storage: Storage, rid: str) -> dict | None:
    """A stored report version by id, or None (also for ids that are not report ids)."""
    try:
        case_id, version = split_report_id(rid)
        path = storage.report_path(case_id, version)
    except ValueError:
        return None
    return storage.read_json(path) if path.exists() else None


def sr_path(storage: Storage, report: dict) -> Path:
    """Where the report's SR lives once archived with its study."""
    series_uid, sop_uid = sr.sr_uids(report)
    return storage.instance_path(report["study_instance_uid"], series_uid, sop_uid)


def archived_or_built(storage: Storage, report: dict, path: Path,
                      build: Callable[[dict], bytes]) -> bytes:
    """An object archived with the report's study (the instance clinics got), or ``build``
    called with the case record (a minimal one when the case file is gone)."""
    if path.exists():
        return path.read_bytes()
    record = storage.read_case(report["case_id"]) or {
        "study_instance_uid": report["study_instance_uid"], "patient": report["patient"]}
    return build(record)


def sr_bytes(storage: Storage, report: dict, organisation: str, tz: ZoneInfo) -> bytes:
    """The archived SR if there is one, else built now."""
    previous = load(storage, report["amends"]) if report.get("amends") else None
    if previous is not None and not visible(previous):
        previous = None  # a preliminary the clinic never got is nobody's predecessor
    return archived_or_built(storage, report, sr_path(storage, report), lambda record: (
        sr.sr_bytes(report, record, organisation=organisation, tz=tz, predecessor=previous)))


async def dead_letters(client: aioredis.Redis) -> list[dict]:
    """Delivery jobs that ran out of retries, oldest first (admin view)."""
    items = [orjson.loads(v) for v in (await client.hgetall(keys.DEAD_LETTERS)).values()]
    return sorted(items, key=lambda d: d["at"])


async def redeliver(client: aioredis.Redis, job: str, now: float) -> dict | None:
    """Put a dead letter back on the due list (admin); returns it, or None if unknown."""
    raw = await client.hget(keys.DEAD_LETTERS, job)
    if raw is None:
        return None
    pipe = client.pipeline(transaction=True)
    pipe.hdel(keys.DELIVERY_ATTEMPTS, job)
    pipe.zadd(keys.DELIVERY_DUE, {job: now})
    pipe.hdel(keys.DEAD_LETTERS, job)
    await pipe.execute()
    return orjson.loads(raw)

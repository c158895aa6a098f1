"""Arrivals → stable studies → cases.

Each arrival pushes its study's "stable at" time forward by the modality's window (an ECG
is stable at once). When the time passes, the study's headers are read from disk, the case
record is written, and the case is queued for routing. The debounce lives only here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import redis
import redis.asyncio as aioredis
from pydicom.dataset import Dataset

from dicom.charset import TextPolicy
from dicom.fields import UnreadableDataset, read_header, summarize
from teleconsult.cases.priority import queue_score
from teleconsult.cases.record import at_risk_time, build_case, transition
from teleconsult.ingress.dicomjson import text_policy
from teleconsult.reporting import ecg_measurements
from teleconsult.settings.model import Routing
from teleconsult.store import events, keys, locks
from teleconsult.store.files import case_id_for_study
from workers.context import WorkerContext

log = logging.getLogger(__name__)
Fence = Callable[[], Awaitable[bool]]
_LOCK_SECONDS = 60
_MAX_FAILURES = 5
# An arrival is acknowledged milliseconds after it is read: one unacknowledged this long
# belongs to a worker that is gone.
_ORPHAN_IDLE_MS = 5_000


async def ensure_group(client: aioredis.Redis) -> None:
    try:
        await client.xgroup_create(keys.ARRIVALS, keys.ASSEMBLER_GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


async def reclaim_orphans(ctx: WorkerContext, min_idle_ms: int = _ORPHAN_IDLE_MS) -> int:
    """Take over arrivals another worker read but never acknowledged (it died or hangs);
    the next ``take_arrivals`` reads them as ours. Noting an arrival twice is harmless."""
    claimed = await ctx.redis.xautoclaim(keys.ARRIVALS, keys.ASSEMBLER_GROUP, ctx.name,
                                         min_idle_time=min_idle_ms, start_id="0-0",
                                         count=500, justid=True)
    ids = claimed or []  # with justid, redis-py answers only the claimed ids
    if ids:
        log.warning("took over %d arrivals left unacknowledged by a stopped worker", len(ids))
    return len(ids)


async def take_arrivals(ctx: WorkerContext, block_ms: int | None) -> int:
    """Read new arrivals (and our own un-acked ones after a crash); debounce their studies.

    Each batch is noted and acknowledged in one transaction: one round trip for up to 500
    arrivals (a CT series arrives as hundreds), and never noted without its acknowledgement
    or acknowledged without being noted."""
    count = 0
    for start in ("0", ">"):
        resp = await ctx.redis.xreadgroup(keys.ASSEMBLER_GROUP, ctx.name,
                                          {keys.ARRIVALS: start}, count=500,
                                          block=block_ms if start == ">" else None)
        for _stream, entries in resp or []:
            if not entries:
                continue
            pipe = ctx.redis.pipeline(transaction=True)
            for _entry_id, fields in entries:
                if fields:  # an entry trimmed from the stream after we read it has none
                    _note_arrival(ctx, pipe, {k.decode(): v.decode() for k, v in fields.items()})
            pipe.xack(keys.ARRIVALS, keys.ASSEMBLER_GROUP, *(entry_id for entry_id, _ in entries))
            await pipe.execute()
            count += len(entries)
    return count


def _note_arrival(ctx: WorkerContext, pipe: aioredis.client.Pipeline, a: dict[str, str]) -> None:
    window = ctx.settings.routing.stability_for(a.get("modality", ""))
    info = keys.study_info(a["study_uid"])
    pipe.hsetnx(info, "clinic", a["clinic"])
    pipe.hsetnx(info, "first", a["received_at"])
    if a.get("requested_priority"):
        pipe.hset(info, "requested_priority", a["requested_priority"])
    pipe.zadd(keys.PENDING_STUDIES, {a["study_uid"]: ctx.clock() + window})


async def promote_due(ctx: WorkerContext, keep_going: Callable[[], bool] = lambda: True
                      ) -> int:
    """Turn every study whose window has passed into a case; returns how many. Stops early
    once ``keep_going`` says no (a stopping worker: the rest wait for the next one)."""
    due = await ctx.redis.zrangebyscore(keys.PENDING_STUDIES, "-inf", ctx.clock(), start=0,
                                        num=100)
    done = 0
    for raw in due:
        if not keep_going():
            break
        study_uid = raw.decode()
        lock = f"{keys.study_info(study_uid)}:lock"
        token = await locks.acquire(ctx.redis, lock, _LOCK_SECONDS * 1000, owner=ctx.name)
        if token is None:
            continue  # another assembler is on it
        try:
            await make_case(ctx, study_uid,
                            lambda lock=lock, token=token: locks.still_held(ctx.redis, lock, token))
            await ctx.redis.zrem(keys.PENDING_STUDIES, study_uid)
            done += 1
        except LockLost:
            log.warning("study %s: lock taken over while this worker was away; leaving the "
                        "case to its new holder", study_uid)
        except (UnreadableDataset, OSError, ValueError) as exc:
            await _failed(ctx, study_uid, exc)
        finally:
            await locks.release(ctx.redis, lock, token)
    return done


async def _failed(ctx: WorkerContext, study_uid: str, exc: Exception) -> None:
    """A study whose headers cannot be read is retried a few times, then parked on a list
    operators see (``tc:{ingest}:unreadable``) instead of being retried silently forever."""
    tries = await ctx.redis.hincrby(keys.study_info(study_uid), "failures", 1)
    if tries < _MAX_FAILURES:
        log.error("study %s cannot become a case yet (try %d): %s", study_uid, tries, exc)
        await ctx.redis.zadd(keys.PENDING_STUDIES, {study_uid: ctx.clock() + 30 * tries})
        return
    await ctx.redis.zrem(keys.PENDING_STUDIES, study_uid)
    await ctx.redis.sadd(keys.UNREADABLE_STUDIES, study_uid)
    await events.publish(ctx.redis, "study_unreadable", study_uid=study_uid, supervisors=True)
    log.error("study %s parked as unreadable after %d tries: %s", study_uid, tries, exc)


def _read_study(ctx: WorkerContext, study_uid: str, fallback: TextPolicy | None
                ) -> tuple[dict, dict[str, tuple[Path, Dataset]]]:
    """The study's summary, and each series' first instance (its file and header) by series
    UID."""
    files = ctx.storage.study_files(study_uid)
    if not files:
        raise UnreadableDataset(f"no instances on disk for {study_uid}")
    first = read_header(files[0])
    if str(first.get("StudyInstanceUID", "")).strip("\x00 ") != study_uid:
        # force=True parses almost anything; a file that is not this study's is unreadable
        raise UnreadableDataset(f"{files[0].name} is not an instance of study {study_uid}")
    summary = summarize(first, fallback)
    series: dict[str, dict] = {}
    firsts: dict[str, tuple[Path, Dataset]] = {}
    for path in files:
        s = series.setdefault(path.parent.name, {"series_instance_uid": path.parent.name,
                                                 "instances": []})
        s["instances"].append(Path(path).stem)
        if path.parent.name not in firsts:  # an ECG study is one file: read once
            firsts[path.parent.name] = (path, first if path == files[0] else read_header(path))
    for s in series.values():
        hdr = firsts[s["series_instance_uid"]][1]
        s.update(modality=str(hdr.get("Modality", "")),
                 description=str(hdr.get("SeriesDescription", "")),
                 number=str(hdr.get("SeriesNumber", "")),
                 sop_class_uid=str(hdr.get("SOPClassUID", "")))
        s["instance_count"] = len(s["instances"])
    summary.update(series=list(series.values()), instance_count=len(files))
    return summary, firsts


def only_non_image(study: dict, routing: Routing) -> bool:
    """A study of SR, RT, SEG … objects only: no reading case of its own under "attach"."""
    modalities = {s.get("modality", "").upper() for s in study["series"]}
    return routing.non_image_studies == "attach" and modalities <= set(
        routing.non_image_modalities)


class LockLost(Exception):
    """The study's lock was taken over (this worker looked dead): write nothing."""


async def _fenced(fence: Fence | None) -> None:
    if fence is not None and not await fence():
        raise LockLost


async def make_case(ctx: WorkerContext, study_uid: str, fence: Fence | None = None
                    ) -> dict | None:
    """Write (or refresh) the case for a stable study and queue it if new; None when the
    study holds only non-image objects and the rule attaches them instead. ``fence`` says
    whether the study's lock is still ours, asked right before the case is written: a
    worker paused past its heartbeat (SIGSTOP) whose lock another took over writes
    nothing when it comes back."""
    sidecar = ctx.storage.study_sidecar(study_uid) or {}
    info = {k.decode(): v.decode() for k, v in
            (await ctx.redis.hgetall(keys.study_info(study_uid))).items()}
    clinic_id = sidecar.get("clinic") or info.get("clinic")
    clinic = ctx.settings.clinics.get(clinic_id or "")
    study, firsts = await asyncio.to_thread(_read_study, ctx, study_uid, text_policy(clinic))
    study["clinical_note"] = sidecar.get("clinical_note", "")
    case_id = case_id_for_study(study_uid, ctx.settings.community_of(clinic_id or ""))
    existing = ctx.storage.read_case(case_id)
    if existing is not None:
        # late instances, or a retry after a crash mid-way: refresh the record and redo
        # every idempotent step below (indexes, queue, event) so none is left missing
        existing.update(series=study["series"], instance_count=study["instance_count"])
        await _fenced(fence)
        ctx.storage.write_case(existing)
        await _publish_case(ctx, existing)
        return existing
    if only_non_image(study, ctx.settings.routing):
        # stays stored and listed with its study (QIDO, WADO, Q/R); images arriving later
        # make it pending again and then a case as usual
        await ctx.redis.hset(keys.study_info(study_uid), "non_image", "1")
        log.info("study %s holds only non-image objects (%s): attached, no reading case",
                 study_uid, ",".join(sorted({s["modality"] for s in study["series"]})))
        return None
    study["machine_flags"] = await _machine_read(ctx, case_id, study, firsts)
    received = float(sidecar.get("first_received_at") or info.get("first") or ctx.clock())
    record = build_case(case_id, study, clinic_id or "unknown", ctx.settings, received,
                        ctx.clock(), requested_priority=sidecar.get("requested_priority")
                        or info.get("requested_priority"))
    await _fenced(fence)
    ctx.storage.write_case(record)
    ctx.storage.append_history(case_id, transition("queued", ctx.clock(), "assembler",
                                                   priority=record["priority"]))
    await _publish_case(ctx, record)
    log.info("case %s queued: study %s, %s %s from %s", case_id, study_uid,
             record["priority"], record["modality"], record["clinic"])
    return record


async def _machine_read(ctx: WorkerContext, case_id: str, study: dict,
                        firsts: dict[str, tuple[Path, Dataset]]) -> list[dict]:
    """An ECG's automatic measurements, kept beside the case; its flags (a suspected STEMI
    makes the case STAT). A trace that cannot be measured flags nothing and blocks nothing."""
    ecg = next((firsts[s["series_instance_uid"]] for s in study.get("series", [])
                if s.get("sop_class_uid") in ecg_measurements.ECG_CLASSES), None)
    if ecg is None:
        return []
    try:
        result = await asyncio.to_thread(ecg_measurements.cached, ctx.storage, case_id,
                                         study["study_instance_uid"], ecg)
    except (OSError, ValueError) as exc:
        log.warning("case %s: ECG not measured: %s", case_id, exc)
        return []
    return ecg_measurements.machine_flags(result)


async def _publish_case(ctx: WorkerContext, record: dict) -> None:
    """Indexes, queue entry and event for a case on disk; each step is idempotent."""
    case_id = record["case_id"]
    await ctx.redis.zadd(keys.clinic_cases(record["clinic"]), {case_id: record["received_at"]})
    pid = record["patient"].get("id")
    if pid:
        await ctx.redis.sadd(keys.patient_cases(f"{record['clinic']}:{pid}"), case_id)
    if await ctx.queue.enqueue(record, queue_score(record["priority"], record["received_at"]),
                               at_risk_time(record, ctx.settings)):
        await ctx.redis.lpush(keys.ROUTE_WAKE, case_id)
        await events.publish(ctx.redis, "case_queued", case_id=case_id,
                             clinic=record["clinic"], specialty=record["specialty"],
                             priority=record["priority"])

"""Delivery of signed reports: archive the SR with the study, C-STORE it to the clinic's AE,
call the clinic's webhook; retries with backoff, then the dead-letter list.

Jobs are members ``<report_id>|<channel>`` of one due-time zset, claimed with a lease and
retried with backoff by ``workers.claims``. Every outcome is a line in the case history
(status ``delivery``), so the state per channel is on disk.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from datetime import datetime

import aiohttp
import orjson

from dicom import sr
from teleconsult.cases.record import transition
from teleconsult.core import webhook
from teleconsult.ingress.ingest import Ingest, IngestError
from teleconsult.reporting import delivery, key_images, reports, signing
from teleconsult.settings.reports import ReportsConfig
from teleconsult.store import events, keys
from teleconsult.store.redis import sync_client
from workers import claims
from workers.context import WorkerContext

log = logging.getLogger(__name__)
_REPORTED_TO_DELIVERED = """
if redis.call('HGET', KEYS[1], 'status') == 'reported' then
  redis.call('HSET', KEYS[1], 'status', 'delivered')
  return 1
end
return 0
"""


class ChannelFailed(Exception):
    """One try of one channel failed; the message is logged and kept (IDs only)."""


async def deliver_due(ctx: WorkerContext) -> int:
    """Run every due delivery job once; returns how many ran."""
    jobs = await claims.claim_due(ctx, keys.DELIVERY_DUE)
    if not jobs:
        return 0
    cfg = ctx.settings.reports
    for job in jobs:
        await _run(ctx, cfg, job)
    return len(jobs)


def _record(ctx: WorkerContext, report: dict, channel: str, state: str, **detail: object
            ) -> None:
    ctx.storage.append_history(report["case_id"], transition(
        "delivery", ctx.clock(), "delivery", report_id=report["report_id"], channel=channel,
        state=state, **detail))


async def _run(ctx: WorkerContext, cfg: ReportsConfig, job: str) -> None:
    rid, _, channel = job.rpartition("|")
    report = reports.load(ctx.storage, rid)
    if report is None:
        await ctx.redis.zrem(keys.DELIVERY_DUE, job)
        return
    if not await claims.still_claimed(ctx, keys.DELIVERY_DUE, job):
        log.warning("delivery %s: taken over by another worker while this one was away; "
                    "left to it", job)
        return
    try:
        if channel == reports.PLAN:
            await _plan(ctx, cfg, report)
        elif channel == delivery.DICOM:
            await _dicom(ctx, report)
        elif channel == delivery.WEBHOOK:
            await _webhook(ctx, cfg, report)
    except ChannelFailed as exc:
        await _failed(ctx, cfg, report, job, channel, str(exc))
        return
    await claims.finish(ctx, keys.DELIVERY_DUE, job, keys.DELIVERY_ATTEMPTS)
    if channel != reports.PLAN:
        _record(ctx, report, channel, "delivered")
    await _maybe_delivered(ctx, report)


async def _plan(ctx: WorkerContext, cfg: ReportsConfig, report: dict) -> None:
    """Finish the signing if its process died (case state, feed, events), archive the SR
    with the study, then fan out to the clinic's channels. A preliminary kept from the
    clinic (its final follows) goes nowhere; one released goes out like a final."""
    if not reports.visible(report):
        return
    if report.get("stage") != "preliminary" and await signing.mark_reported(
            ctx.redis, report["case_id"]) == "moved":
        log.warning("case %s: %s was signed but the case was still open; finished it",
                    report["case_id"], report["report_id"])
    await reports.ensure_published(ctx.queue, ctx.storage, report, ctx.clock())
    await asyncio.to_thread(_archive, ctx, report)
    clinic = ctx.settings.clinics.get(report["clinic"])
    if report["critical"]:
        signed = _epoch(report["signed_at"])
        # NX: a re-run plan (after a crash) must not push an escalation further away
        await ctx.redis.zadd(keys.CRITICAL_DUE, {report["report_id"]:
                                                 signed + cfg.critical_ack_seconds}, nx=True)
    for channel in delivery.channels(clinic, cfg):
        if channel in (*delivery.IMMEDIATE, delivery.ARCHIVE):
            _record(ctx, report, channel, "delivered")
        else:
            _record(ctx, report, channel, "pending")
            await ctx.redis.zadd(keys.DELIVERY_DUE,
                                 {reports.delivery_job(report["report_id"], channel):
                                  ctx.clock()})


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _archive(ctx: WorkerContext, report: dict) -> None:
    """Store the SR, and the KOS of its key images, with the study through the ingest path
    (QIDO/WADO find them); each once."""
    settings = ctx.settings
    if not reports.sr_path(ctx.storage, report).exists():
        _ingest(ctx, report, reports.sr_bytes(ctx.storage, report, settings.county_hospital,
                                              settings.timezone))
    if report.get("key_images") and not key_images.kos_path(ctx.storage, report).exists():
        _ingest(ctx, report, key_images.kos_bytes(ctx.storage, report,
                                                  settings.county_hospital, settings.timezone))


def _ingest(ctx: WorkerContext, report: dict, data: bytes) -> None:
    settings = ctx.settings
    clinic = settings.clinics.get(report["clinic"])
    if clinic is None:
        raise ChannelFailed(f"cannot archive: clinic {report['clinic']} unknown")
    tmp = ctx.storage.new_temp_path(".dcm")
    tmp.write_bytes(data)
    target = settings.redis_target()
    client = sync_client(target)
    try:
        Ingest(ctx.storage, client, target).accept_file(tmp, clinic)
    except IngestError as exc:
        raise ChannelFailed(f"archive: {exc.reason}: {exc}") from None
    finally:
        client.close()


async def _dicom(ctx: WorkerContext, report: dict) -> None:
    clinic = ctx.settings.clinics[report["clinic"]]
    path = reports.sr_path(ctx.storage, report)
    if not path.exists():
        raise ChannelFailed("the SR is not archived yet")
    try:
        await asyncio.to_thread(sr.send, path, clinic.return_host or "", clinic.return_port or 0,
                                clinic.return_ae or "", ctx.settings.ae_title)
    except sr.SendFailed as exc:
        raise ChannelFailed(str(exc)) from None


async def _webhook(ctx: WorkerContext, cfg: ReportsConfig, report: dict) -> None:
    channels = cfg.clinic(report["clinic"])
    secret = os.environ.get(channels.webhook_secret_env or "", "")
    if not channels.webhook_url or not secret:
        raise ChannelFailed(f"webhook secret ${channels.webhook_secret_env} is not set")
    body = orjson.dumps({"type": "report_signed", "report": reports.public(report)})
    headers = {"Content-Type": "application/json", webhook.SIGNATURE_HEADER:
               webhook.sign_webhook(secret, int(time.time()), body)}
    try:
        async with (aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session,
                    session.post(channels.webhook_url, data=body, headers=headers) as resp):
            if not 200 <= resp.status < 300:
                raise ChannelFailed(f"webhook answered HTTP {resp.status}")
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise ChannelFailed(f"webhook: {type(exc).__name__}") from None


async def _failed(ctx: WorkerContext, cfg: ReportsConfig, report: dict, job: str,
                  channel: str, error: str) -> None:
    attempt, delay = await claims.next_attempt(ctx, keys.DELIVERY_ATTEMPTS, job,
                                               lambda n: delivery.after_failure(n, cfg))
    if delay is not None:
        await claims.due_again(ctx, keys.DELIVERY_DUE, job, ctx.clock() + delay)
        _record(ctx, report, channel, "retrying", attempt=attempt, error=error,
                retry_in=round(delay, 1))
        log.warning("delivery %s: attempt %d failed (%s); retry in %.0f s", job, attempt,
                    error, delay)
        return
    await claims.bury(ctx, keys.DELIVERY_DUE, keys.DEAD_LETTERS, job, {
        "id": job, "report_id": report["report_id"], "case_id": report["case_id"],
        "clinic": report["clinic"], "channel": channel, "attempts": attempt, "error": error,
        "at": ctx.clock()})
    _record(ctx, report, channel, "dead_letter", attempt=attempt, error=error)
    await events.publish(ctx.redis, "delivery_failed", report_id=report["report_id"],
                         case_id=report["case_id"], clinic=report["clinic"], channel=channel)
    log.error("delivery %s: gave up after %d attempts (%s)", job, attempt, error)


async def _maybe_delivered(ctx: WorkerContext, report: dict) -> None:
    """Once no job of this report is pending, the case is ``delivered`` (if not further)."""
    rid = report["report_id"]
    for channel in (reports.PLAN, delivery.DICOM, delivery.WEBHOOK):
        job = reports.delivery_job(rid, channel)
        if (await ctx.redis.zscore(keys.DELIVERY_DUE, job) is not None
                or await ctx.redis.hexists(keys.DEAD_LETTERS, job)):
            return
    # compare-and-set: an acknowledgement landing meanwhile must not be overwritten
    moved = await ctx.redis.eval(_REPORTED_TO_DELIVERED, 1, keys.case(report["case_id"]))
    if moved:
        ctx.storage.append_history(report["case_id"], transition(
            "delivered", ctx.clock(), "delivery", report_id=rid))


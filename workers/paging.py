"""On-call pages: expand requests into per-person, per-channel jobs, and send due jobs.

Jobs live in a due-time zset claimed with a lease (``workers.claims``, as for report
delivery), so several workers never send one job twice at once and a crashed worker's job
comes back.
Delivery is at least once: a failed try is retried with backoff until ``max_attempts``.
Every try and its answer is a ``page`` line in the case history (for a critical lab value,
which has no case, in the result's communication log) and a counter in /metrics. A lab
value's page not yet sent when the clinic acknowledges it is dropped.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime

import aiohttp
import orjson

from teleconsult.ingress.lab_store import LabStore, acknowledgement
from teleconsult.routing import paging, roster, roster_store
from teleconsult.settings.paging import PagingConfig
from teleconsult.store import keys
from workers import claims
from workers.context import WorkerContext

log = logging.getLogger(__name__)
_TIMEOUT = aiohttp.ClientTimeout(total=10)


def _cfg(ctx: WorkerContext) -> PagingConfig:
    return ctx.settings.paging or PagingConfig()


async def page_due(ctx: WorkerContext) -> int:
    """One pass: expand due requests, then send due jobs; returns how much happened."""
    n = 0
    for raw in await claims.claim_due(ctx, keys.PAGE_REQUESTS, limit=50):
        n += await _expand(ctx, orjson.loads(raw))
        await ctx.redis.zrem(keys.PAGE_REQUESTS, raw)
    for job_id in await claims.claim_due(ctx, keys.PAGES_DUE):
        await _send(ctx, job_id)
        n += 1
    return n


async def _expand(ctx: WorkerContext, req: dict) -> int:
    if req.get("result_id"):
        return await _expand_lab(ctx, req)
    cfg, now = _cfg(ctx), ctx.clock()
    if req["event"] == "stat_assigned" and await ctx.redis.exists(keys.watching(req["doctor"])):
        return 0  # the worklist or case page is open: the page itself alerts them
    record = ctx.storage.read_case(req["case_id"]) if req.get("case_id") else None
    if record is None:
        return 0
    clinic = ctx.settings.clinics.get(record["clinic"])
    at = datetime.fromtimestamp(now, ctx.settings.timezone)
    made = 0
    for person, channel in paging.targets(req["event"], req, ctx.settings, cfg):
        job_id = f"{req['id']}|{person.id}|{channel.id}"
        text = paging.message(req["event"], req, record, clinic.name if clinic else
                              record["clinic"], now, cfg.base_url, channel.internal)
        job = {"id": job_id, "event": req["event"], "case_id": record["case_id"],
               "priority": record["priority"], "recipient": person.id, "channel": channel.id,
               "text": text, "requested_at": req["at"]}
        held = paging.hold_until(person, record["priority"], at)
        if await ctx.redis.hsetnx(keys.PAGE_JOBS, job_id, orjson.dumps(job)):
            await ctx.redis.zadd(keys.PAGES_DUE, {job_id: held.timestamp() if held else now},
                                 nx=True)
            made += 1
    return made


async def _expand_lab(ctx: WorkerContext, req: dict) -> int:
    """A critical lab value's page: to the clinic's contact and the doctors on duty for it
    now (``[lab] on_call_specialty``, covering the clinic, roster overrides included);
    always as STAT (never held by quiet hours or the hourly cap)."""
    cfg, now, store = _cfg(ctx), ctx.clock(), LabStore(ctx.storage)
    record = store.load(req["result_id"])
    if record is None or acknowledgement(store.comm_log(req["result_id"])) is not None:
        return 0
    clinic = ctx.settings.clinics.get(record["clinic"])
    specialty = ctx.settings.lab.on_call_specialty
    on_duty: list[str] = []
    if specialty:
        tz = ctx.settings.timezone
        doctors = roster_store.merged(ctx.settings,
                                      await roster_store.current(ctx.redis, ctx.settings))
        on_duty = [d.id for d in roster.on_duty(doctors, specialty, record["clinic"],
                                                datetime.fromtimestamp(now, tz), tz,
                                                clinic.zone if clinic else "")]
    fields = {**req, "on_duty": on_duty}
    made = 0
    for person, channel in paging.targets(req["event"], fields, ctx.settings, cfg):
        job_id = f"{req['id']}|{person.id}|{channel.id}"
        text = paging.lab_message(req["event"], fields, record, clinic.name if clinic else
                                  record["clinic"], now, cfg.base_url, channel.internal)
        job = {"id": job_id, "event": req["event"], "case_id": None,
               "result_id": record["result_id"], "priority": "stat", "recipient": person.id,
               "channel": channel.id, "text": text, "requested_at": req["at"]}
        if await ctx.redis.hsetnx(keys.PAGE_JOBS, job_id, orjson.dumps(job)):
            await ctx.redis.zadd(keys.PAGES_DUE, {job_id: now}, nx=True)
            made += 1
    if not made:
        log.warning("critical lab value %s of %s: nobody to page for %s (configure "
                    "[[paging.people]] for the clinic, [lab] on_call_specialty)",
                    record["result_id"], record["clinic"], req["event"])
    return made


def _history(ctx: WorkerContext, job: dict, state: str, **detail: object) -> None:
    line = {"at": ctx.clock(), "event": "page", "page": job["event"], "to": job["recipient"],
            "channel": job["channel"], "state": state, "by": "paging",
            **{k: v for k, v in detail.items() if v is not None}}
    if job.get("result_id"):
        LabStore(ctx.storage).append_comm(job["result_id"], line)
    else:
        ctx.storage.append_history(job["case_id"], line)


async def _send(ctx: WorkerContext, job_id: str) -> None:
    cfg = _cfg(ctx)
    raw = await ctx.redis.hget(keys.PAGE_JOBS, job_id)
    job = orjson.loads(raw) if raw else None
    person = cfg.people.get(job["recipient"]) if job else None
    channel = cfg.channels.get(job["channel"]) if job else None
    if job is None or person is None or channel is None:
        await _forget(ctx, job_id)
        return
    if job.get("result_id") and _lab_acknowledged(ctx, job["result_id"]):
        _history(ctx, job, "cancelled", reason="acknowledged")
        await _forget(ctx, job_id)
        return
    now = ctx.clock()
    sent_key = keys.page_sent(person.id)
    sent = [s for _, s in await ctx.redis.zrangebyscore(sent_key, now - 3600, "+inf",
                                                        withscores=True)]
    wait = paging.rate_delay(sent, now, cfg.max_per_hour, job["priority"])
    if wait > 0:
        await claims.due_again(ctx, keys.PAGES_DUE, job_id, now + wait)
        _history(ctx, job, "rate_limited", retry_in=round(wait))
        return
    ok, answer = await _post(channel, person, job, now)
    await ctx.redis.hincrby(keys.METRICS, f"pages:{channel.kind}|{'sent' if ok else 'failed'}",
                            1)
    attempt, delay = await claims.next_attempt(ctx, keys.PAGE_ATTEMPTS, job_id,
                                               lambda n: paging.backoff(n, cfg))
    if ok:
        await ctx.redis.zadd(sent_key, {job_id: now})
        await ctx.redis.zremrangebyscore(sent_key, "-inf", now - 3600)
        _history(ctx, job, "sent", attempt=attempt, answer=answer,
                 latency=round(now - job["requested_at"], 3))
        await _forget(ctx, job_id)
        return
    _history(ctx, job, "retrying" if delay is not None else "gave_up", attempt=attempt,
             answer=answer, retry_in=delay)
    log.warning("page %s via %s: attempt %d failed (%s)", job["event"], channel.id, attempt,
                answer)
    if delay is None:
        await _forget(ctx, job_id)
    else:
        await claims.due_again(ctx, keys.PAGES_DUE, job_id, now + delay)


def _lab_acknowledged(ctx: WorkerContext, result_id: str) -> bool:
    return acknowledgement(LabStore(ctx.storage).comm_log(result_id)) is not None


async def _forget(ctx: WorkerContext, job_id: str) -> None:
    await claims.finish(ctx, keys.PAGES_DUE, job_id, keys.PAGE_JOBS, keys.PAGE_ATTEMPTS)


async def _post(channel, person, job: dict, now: float) -> tuple[bool, str]:  # noqa: ANN001
    url = channel.url or os.environ.get(channel.url_env or "", "")
    secret = os.environ.get(channel.secret_env or "", "")
    if not url or (channel.secret_env and not secret):
        return False, "channel URL or secret not set in the environment"
    out = paging.build_request(channel, url, secret, person, job["text"], job, now)
    try:
        async with (aiohttp.ClientSession(timeout=_TIMEOUT) as session,
                    session.post(out.url, data=out.body, headers=out.headers) as resp):
            return paging.answer_ok(channel.kind, resp.status, await resp.read())
    except (aiohttp.ClientError, TimeoutError) as exc:
        return False, type(exc).__name__

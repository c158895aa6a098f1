"""Signing a report: validated, written to disk first, then the case moves and the clinic's
feed gets it — once, as the outside sees it, whatever fails in between.

- A repeated request (a lost response, a double click, a retry after a crash) answers the
  version it made instead of adding an amendment: matched by the ``Idempotency-Key`` header
  (kept in the report file, so it survives any crash), or, without one, by content equal to
  the doctor's latest version.
- A report file that got ahead of the case's state (the process died between them) is
  finished by the delivery worker's plan job, queued before the file is written: the case is
  moved to ``reported`` whoever holds it now, because the signed file is the truth.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import redis.asyncio as aioredis

from teleconsult.cases.record import transition
from teleconsult.core.times import iso
from teleconsult.reporting import annotations, reports, review_rules
from teleconsult.routing.queue import CaseQueue, QueueError
from teleconsult.store import keys
from teleconsult.store.files import Storage

IDEMPOTENCY_HEADER = "Idempotency-Key"
OPEN_STATES = ("queued", "assigned", "in_review")
_KEY = re.compile(r"^[\x21-\x7e]{1,200}\Z")

_MAX_TEXT = 20_000
SAFETY_NET_SECONDS = 5.0
_DONE = ("reported", "delivered", "acknowledged")

# KEYS: case, leases, deadlines, queue of its specialty, worklist of ARGV[2]
# ARGV: case_id, the owner read before (the worklist key names it)
_MARK_REPORTED = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner')
if not st[1] then return 'missing' end
if st[1] ~= 'queued' and st[1] ~= 'assigned' and st[1] ~= 'in_review' then return st[1] end
if (st[2] or '') ~= ARGV[2] then return 'stale_owner' end
redis.call('HSET', KEYS[1], 'status', 'reported')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
return 'moved'
"""


class KeyReused(ValueError):
    """The idempotency key names a version with other content."""


def check_key(raw: str | None) -> str | None:
    """The header's key (None when absent); ValueError when it is not 1–200 visible ASCII."""
    if raw is None:
        return None
    if not _KEY.match(raw):
        raise ValueError(f"{IDEMPOTENCY_HEADER} must be 1-200 visible ASCII characters")
    return raw


def same_content(report: dict, fields: dict) -> bool:
    return all(report.get(k) == fields.get(k) for k in ("findings", "impression", "critical"))


def find_repeat(previous: list[dict], doctor_id: str, fields: dict, key: str | None,
                reopened: bool = False) -> dict | None:
    """The version this request repeats, if any; KeyReused when its key names other content."""
    if key:
        for report in previous:
            if report.get("idempotency_key") == key and report["signed_by"] == doctor_id:
                if not same_content(report, fields):
                    raise KeyReused(f"{IDEMPOTENCY_HEADER} was used for {report['report_id']} "
                                    "with other content")
                return report
    mine = [r for r in previous if r["signed_by"] == doctor_id]
    if reopened:  # a preliminary returned by review: the same text again is a new version
        return None
    if mine and mine[-1] is previous[-1] and same_content(mine[-1], fields):
        return mine[-1]
    return None


class InvalidReport(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_report(body: Any) -> dict:
    """Check the signing request; returns the clean fields."""
    if not isinstance(body, dict):
        raise InvalidReport("body", "the body must be a JSON object")
    out: dict[str, Any] = {}
    for name in ("findings", "impression"):
        value = body.get(name, "")
        if not isinstance(value, str):
            raise InvalidReport(name, f"{name} must be a string")
        if len(value) > _MAX_TEXT:
            raise InvalidReport(name, f"{name} is longer than {_MAX_TEXT} characters")
        out[name] = value.strip()
    if not out["impression"] and not out["findings"]:
        raise InvalidReport("impression", "a report needs findings or an impression")
    critical = body.get("critical", False)
    if not isinstance(critical, bool):
        raise InvalidReport("critical", "critical must be true or false")
    out["critical"] = critical
    if critical and not out["findings"]:
        # a 危急值 is phoned and acted on at once: the clinic needs what was seen, not only
        # the conclusion
        raise InvalidReport("findings", "a critical result needs its findings")
    positive = body.get("positive")
    if positive is not None and not isinstance(positive, bool):
        raise InvalidReport("positive", "positive (阳性) must be true, false or null")
    out["positive"] = positive
    fence = body.get("fence")
    if fence is not None and (isinstance(fence, bool) or not isinstance(fence, int)):
        raise InvalidReport("fence", "fence must be an integer")
    out["fence"] = fence
    try:
        out["stage"] = review_rules.check_stage(body.get("stage"))
    except ValueError as exc:
        raise InvalidReport("stage", str(exc)) from None
    return out


def _check_round(state: dict, previous: list[dict], doctor_id: str, fields: dict) -> bool:
    """Whether this signing closes the doctor's open read (else it amends a signed report);
    QueueError when the doctor may do neither."""
    status = state.get("status", "")
    if status in ("assigned", "in_review") and state.get("owner") == doctor_id:
        if fields.get("fence") is not None and str(fields["fence"]) != state.get("fence"):
            raise QueueError("stale_fence")
        return True
    if not previous:
        if status not in ("assigned", "in_review"):
            raise QueueError(f"bad_state:{status or 'unknown'}")
        raise QueueError("not_owner")
    if state.get("kind") == "review" and status in OPEN_STATES:
        raise QueueError("bad_state:preliminary")  # the review signs the next version
    if doctor_id not in {r["signed_by"] for r in previous}:
        raise QueueError("not_owner")
    if fields.get("stage") == "preliminary":
        raise QueueError("bad_state:reported")  # a signed report is amended as a final
    return False


def _authors(fields: dict, doctor_id: str, doctor_name: str, now: float) -> dict:
    """The report's stage and who wrote and who reviewed it."""
    review = fields.get("review") or {}
    return {"stage": fields.get("stage", "final"),
            "written_by": review.get("written_by", doctor_id),
            "written_by_name": review.get("written_by_name", doctor_name),
            "reviewed_by": doctor_id if review.get("written_by") else None,
            "reviewed_by_name": doctor_name if review.get("written_by") else None,
            "reviewed_at": iso(now) if review.get("written_by") else None}


async def _close_round(queue: CaseQueue, record: dict, doctor_id: str, fields: dict) -> None:
    """The queue step of a signed read: reported (a final), or into review (a preliminary)."""
    if fields.get("stage") != "preliminary":
        await queue.owner_step(record["case_id"], doctor_id, "reported", fields.get("fence"))
        return
    plan = fields["to_review"]
    await queue.to_review(record, doctor_id, fields.get("fence"), plan["first_check"],
                          plan["due"], plan["min_title"], plan["same_zone"])


async def sign(storage: Storage, queue: CaseQueue, record: dict, doctor_id: str,
               doctor_name: str, fields: dict, now: float) -> dict:
    """Sign the doctor's open read (owner only: a final, or a preliminary that goes to
    review), a reviewer's final (``fields["review"]``), or an amendment (a previous signer
    only). ``fields["release"]``: a preliminary goes to the clinic at once."""
    case_id = record["case_id"]
    state = await queue.state(case_id)
    previous = storage.reports(case_id)
    closes = _check_round(state, previous, doctor_id, fields)
    seq = int(await queue.redis.incr(keys.REPORT_SEQ))
    # the signer's measurements and key images as they are now belong to this version
    extras = {k: v for k, v in annotations.snapshot(storage, record, doctor_id).items() if v}
    version = len(previous) + 1
    for _attempt in range(5):
        # the safety net goes down before the file: whenever the process dies after the
        # file, the delivery worker's plan job finds it and finishes the signing
        plan = reports.delivery_job(reports.report_id(case_id, version), reports.PLAN)
        await queue.redis.zadd(keys.DELIVERY_DUE, {plan: now + SAFETY_NET_SECONDS}, nx=True)
        report = {
            "report_id": reports.report_id(case_id, version), "case_id": case_id,
            "study_instance_uid": record["study_instance_uid"], "version": version,
            "findings": fields["findings"], "impression": fields["impression"],
            "critical": fields["critical"], "signed_by": doctor_id,
            "signed_by_name": doctor_name, "signed_at": iso(now), "clinic": record["clinic"],
            "modality": record["modality"], "patient": record["patient"], "seq": seq,
            "amends": reports.report_id(case_id, version - 1) if version > 1 else None,
            **_authors(fields, doctor_id, doctor_name, now), **extras,
        }
        if fields.get("positive") is not None:
            report["positive"] = fields["positive"]  # 阳性/阴性, for the quality statistics
        if report["stage"] == "preliminary":
            report["released"] = bool(fields.get("release"))
        if fields.get("review"):
            report["review"] = {k: fields["review"][k] for k in ("decision", "grade", "comment",
                                                                 "preliminary", "diff")
                                if fields["review"].get(k) is not None}
        if fields.get("idempotency_key"):
            report["idempotency_key"] = fields["idempotency_key"]
        try:
            storage.create_report(report)
            break
        except FileExistsError:
            if closes:
                # another signing of this read won: this one must not replace it
                raise QueueError("bad_state:reported") from None
            version += 1  # a concurrent amendment took this number: take the next
    else:
        raise QueueError("bad_state:busy")
    if closes:
        try:
            await _close_round(queue, record, doctor_id, fields)
        except QueueError:
            if (await queue.state(case_id)).get("status") not in _DONE or \
                    report["stage"] == "preliminary":
                # only the file this request created is removed; nobody was told of it
                await queue.redis.zrem(keys.DELIVERY_DUE, plan)
                storage.report_path(case_id, version).unlink(missing_ok=True)
                raise
            # a repeat of this request finished it meanwhile: go on publishing
    entry = history_entry(report, now, amended=not closes)
    if report["stage"] == "preliminary" and closes:
        plan_ = fields["to_review"]  # kept for reindex: the review item's SLA and rule
        entry.update(review_due=plan_["due"], review_min=plan_["min_title"],
                     review_zone=plan_["same_zone"])
    storage.append_history(case_id, entry)
    if report["stage"] == "preliminary" and closes:
        storage.append_history(case_id, transition("queued", now, doctor_id, reason="review",
                                                   kind="review"))
    if reports.visible(report):
        await reports.publish_report(queue, report)
        await reports.start_delivery(queue.redis, storage, report, now)
    else:
        await queue.redis.zrem(keys.DELIVERY_DUE, plan)
    return report


def history_entry(report: dict, now: float, amended: bool = False) -> dict:
    """The case-history line of a signed version (documented in docs/reporting.md)."""
    if report.get("stage") == "preliminary":
        # a "reported" line with its stage: the first signed report, not the final one
        return transition("reported", now, report["signed_by"], version=report["version"],
                          report_id=report["report_id"], stage="preliminary",
                          released=report.get("released"),
                          critical=report["critical"] or None)
    return transition(
        "reported", now, report["signed_by"], version=report["version"],
        report_id=report["report_id"], stage=report.get("stage", "final"),
        amended=amended or None,
        written_by=report.get("written_by"), reviewed_by=report.get("reviewed_by"),
        critical=report["critical"] or None)


async def sign_once(storage: Storage, queue: CaseQueue, record: dict, doctor_id: str,
                    doctor_name: str, fields: dict, now: float, key: str | None
                    ) -> tuple[dict, bool]:
    """(report, created): a new version, or the one this request repeats (finished if a
    crash left it half done)."""
    for _attempt in range(2):
        previous = storage.reports(record["case_id"])
        repeat = find_repeat(previous, doctor_id, fields, key,
                             await _reopened(queue, record["case_id"], previous, doctor_id))
        if repeat is not None:
            await finish(queue, storage, repeat, now)
            return repeat, False
        try:
            return await sign(storage, queue, record, doctor_id, doctor_name,
                              dict(fields, idempotency_key=key), now), True
        except QueueError as exc:
            if exc.code != "bad_state:reported":
                raise
            # a concurrent request made the first version: answer it if it is this one
    raise QueueError("bad_state:reported")


async def _reopened(queue: CaseQueue, case_id: str, previous: list[dict], doctor_id: str
                    ) -> bool:
    """The doctor's preliminary came back from review and they hold the read again: the same
    text signed again is a new version, not a repeat of the returned one."""
    if not previous or previous[-1].get("stage") != "preliminary":
        return False
    state = await queue.state(case_id)
    return (state.get("owner") == doctor_id and state.get("status") in OPEN_STATES
            and state.get("kind") != "review")


async def finish(queue: CaseQueue, storage: Storage, report: dict, now: float) -> None:
    """What the signing request does after the file, redone for a repeat (idempotent)."""
    # already reported, or reassigned since (the plan job settles that case): nothing here
    if report.get("stage") == "preliminary":
        return  # the preliminary's queue step is part of its signing (see sign)
    with contextlib.suppress(QueueError):
        await queue.owner_step(report["case_id"], report["signed_by"], "reported")
    await reports.ensure_published(queue, storage, report, now)
    plan = reports.delivery_job(report["report_id"], reports.PLAN)
    if not delivery_started(storage, report):
        await queue.redis.zadd(keys.DELIVERY_DUE, {plan: now}, nx=True)


def delivery_started(storage: Storage, report: dict) -> bool:
    """Whether a delivery worker's plan job already ran for this version."""
    return any(h.get("status") == "delivery" and h.get("report_id") == report["report_id"]
               for h in storage.history(report["case_id"]))


async def mark_reported(client: aioredis.Redis, case_id: str) -> str:
    """Move an open case to ``reported`` whoever holds it (a signed file exists): "moved",
    or the status that made it unnecessary ("reported", "delivered", …, "missing")."""
    for _attempt in range(5):
        status, owner, specialty = (v.decode() if isinstance(v, bytes) else v for v in
                                    await client.hmget(keys.case(case_id), "status", "owner",
                                                       "specialty"))
        if status not in OPEN_STATES:
            return status or "missing"
        c = keys.case_community(case_id)
        result = await client.eval(
            _MARK_REPORTED, 5, keys.case(case_id), keys.leases(c), keys.deadlines(c),
            keys.queue(specialty or "", c), keys.doctor_cases(owner or "", c), case_id,
            owner or "")
        result = result.decode() if isinstance(result, bytes) else result
        if result != "stale_owner":
            return result
    return "stale_owner"

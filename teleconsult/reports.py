"""Signing reports: validated, written to disk first, then the case moves and the clinic's
feed gets the report. Versions are immutable; an amendment is a new version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from teleconsult import events, keys
from teleconsult.cases import transition
from teleconsult.queue import CaseQueue, QueueError
from teleconsult.storage import Storage

_MAX_TEXT = 20_000


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
    fence = body.get("fence")
    if fence is not None and (isinstance(fence, bool) or not isinstance(fence, int)):
        raise InvalidReport("fence", "fence must be an integer")
    out["fence"] = fence
    return out


def report_id(case_id: str, version: int) -> str:
    return f"{case_id}-v{version}"


def split_report_id(rid: str) -> tuple[str, int]:
    case_id, sep, version = rid.rpartition("-v")
    if not sep or not version.isdigit():
        raise ValueError(f"not a report id: {rid[:60]!r}")
    return case_id, int(version)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


async def sign(storage: Storage, queue: CaseQueue, record: dict, doctor_id: str,
               doctor_name: str, fields: dict, now: float) -> dict:
    """Sign a first report (owner only) or an amendment (a previous signer only)."""
    case_id = record["case_id"]
    state = await queue.state(case_id)
    previous = storage.reports(case_id)
    status = state.get("status", "")
    if previous:
        if doctor_id not in {r["signed_by"] for r in previous}:
            raise QueueError("not_owner")
    elif status not in ("assigned", "in_review"):
        raise QueueError(f"bad_state:{status or 'unknown'}")
    elif state.get("owner") != doctor_id:
        raise QueueError("not_owner")
    elif fields.get("fence") is not None and str(fields["fence"]) != state.get("fence"):
        raise QueueError("stale_fence")
    version = len(previous) + 1
    seq = int(await queue.redis.incr(keys.REPORT_SEQ))
    report = {
        "report_id": report_id(case_id, version), "case_id": case_id,
        "study_instance_uid": record["study_instance_uid"], "version": version,
        "findings": fields["findings"], "impression": fields["impression"],
        "critical": fields["critical"], "signed_by": doctor_id, "signed_by_name": doctor_name,
        "signed_at": iso(now), "clinic": record["clinic"], "modality": record["modality"],
        "patient": record["patient"], "seq": seq,
        "amends": report_id(case_id, version - 1) if previous else None,
    }
    storage.write_report(report)
    if not previous:
        try:
            await queue.owner_step(case_id, doctor_id, "reported", fields.get("fence"))
        except QueueError:
            storage.report_path(case_id, version).unlink(missing_ok=True)
            raise
    storage.append_history(case_id, transition(
        "reported", now, doctor_id, version=version, amended=bool(previous) or None,
        critical=fields["critical"] or None))
    await publish_report(queue, report)
    return report


async def publish_report(queue: CaseQueue, report: dict) -> None:
    """Make a report visible in its clinic's feed and on the event stream (idempotent)."""
    await queue.redis.zadd(keys.clinic_reports(report["clinic"]),
                           {report["report_id"]: report["seq"]})
    await events.publish(queue.redis, "report_signed", report_id=report["report_id"],
                         case_id=report["case_id"], clinic=report["clinic"],
                         critical=report["critical"], version=report["version"])


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
            out.append(public(orjson.loads(path.read_bytes())))
        cursor = int(seq)
    return out, cursor


def public(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "seq"}

"""Rebuild every Redis structure from the data dir (files are the source of truth)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

import orjson
import redis

from teleconsult.cases.priority import queue_score
from teleconsult.cases.record import at_risk_time, current_owner, current_status, summary
from teleconsult.ingress.lab_store import LabStore, acknowledgement
from teleconsult.reporting import consultations, reports
from teleconsult.routing import calling, reading, roster_store
from teleconsult.settings.model import Settings
from teleconsult.store import keys
from teleconsult.store.files import Storage, case_id_for_study

log = logging.getLogger(__name__)


@dataclass
class ReindexResult:
    cases: int = 0
    queued: int = 0
    assigned: int = 0
    reports: int = 0
    pending_studies: int = 0
    redeliveries: int = 0
    unacknowledged: int = 0
    lab_results: int = 0


def _clear(client: redis.Redis) -> None:
    for key in client.scan_iter(match=f"{keys.PREFIX}:*", count=1000):
        client.delete(key)


def reindex(settings: Settings, client: redis.Redis, now: float | None = None) -> ReindexResult:
    """Drop all ``tc:*`` keys and rebuild queues, worklists, leases, feeds and indexes."""
    now = time.time() if now is None else now
    storage = Storage(settings.data_dir)
    _clear(client)
    result = ReindexResult()
    max_seq = 0
    max_fence: dict[str, int] = {}  # per community: each has its own fencing counter
    for case_id in storage.iter_case_ids():
        record = storage.read_case(case_id)
        history = storage.history(case_id)
        status = current_status(history)
        owner, fence = current_owner(history)
        review = awaiting_review(storage.reports(case_id), history)
        if status in ("queued", "assigned", "in_review") and storage.reports(case_id) \
                and review is None and not returned(history):
            # signed, then a crash before the history line: the report file decides
            status, owner = "reported", None
        if review is not None and status not in ("queued", "assigned", "in_review"):
            status, owner = "queued", None  # a crash before the "queued" (review) line
        community = keys.case_community(case_id)
        max_fence[community] = max(max_fence.get(community, 0), fence)
        _restore_case(client, settings, record, history, status, owner, fence, now, result)
        if review is not None:
            _restore_review(client, record, review, status)
        consultations.restore(client, storage, case_id)
        delivered = {h.get("report_id") for h in history if h.get("status") == "delivered"}
        for report in storage.reports(case_id):
            if reports.visible(report):  # a routine preliminary waits for its final
                client.zadd(keys.clinic_reports(report["clinic"]),
                            {report["report_id"]: report["seq"]})
            max_seq = max(max_seq, int(report["seq"]))
            result.reports += 1
            _reschedule(client, storage, report, report["report_id"] in delivered, now, result)
        result.cases += 1
    roster_store.rebuild(client, storage)
    for community in {*settings.community_ids(), *max_fence}:
        client.set(keys.fence(community), max_fence.get(community, 0))
    client.set(keys.REPORT_SEQ, max_seq)
    for study_uid in storage.iter_study_uids():
        sidecar = storage.study_sidecar(study_uid) or {}
        community = settings.community_of(sidecar.get("clinic", ""))
        if storage.read_case(case_id_for_study(study_uid, community)) is None:
            client.hset(keys.study_info(study_uid), mapping={
                "clinic": sidecar.get("clinic", ""),
                "first": str(sidecar.get("first_received_at", now))})
            client.zadd(keys.PENDING_STUDIES, {study_uid: now})
            result.pending_studies += 1
    _restore_lab(client, storage, now, result)
    log.info("reindex: %s", result)
    return result


def _restore_lab(client: redis.Redis, storage: Storage, now: float,
                 result: ReindexResult) -> None:
    """Each lab result under its patient; an unacknowledged critical value due at once."""
    store = LabStore(storage)
    for rid in store.iter_ids():
        record = store.load(rid)
        if record is None:
            continue
        pid = record["patient"].get("id")
        if pid:
            client.sadd(keys.patient_labs(f"{record['clinic']}:{pid}"), rid)
        if record.get("critical") and acknowledgement(store.comm_log(rid)) is None:
            client.zadd(keys.CRITICAL_DUE, {keys.LAB_CRITICAL_PREFIX + rid: now})
            result.unacknowledged += 1
        result.lab_results += 1


def awaiting_review(case_reports: list[dict], history: list[dict]) -> dict | None:
    """The history line of the preliminary a case awaits review for, if it does: the
    latest version is a preliminary and it was not returned to its writer since."""
    if not case_reports or case_reports[-1].get("stage") != "preliminary":
        return None
    for h in reversed(history):
        if h.get("status") == "returned":
            return None
        if h.get("status") == "reported" and h.get("version") == case_reports[-1]["version"]:
            return h
    return None


def returned(history: list[dict]) -> bool:
    """The latest review sent the preliminary back: the writer holds a read again."""
    for h in reversed(history):
        if h.get("status") in ("returned", "reported"):
            return h["status"] == "returned"
    return False


def _restore_review(client: redis.Redis, record: dict, line: dict, status: str) -> None:
    """The review item's fields (see ``CaseQueue.to_review``)."""
    due = float(line.get("review_due") or record["due_at"])
    client.hset(keys.case(record["case_id"]), mapping={
        "kind": "review", "writer": line["by"], "review_due": repr(due),
        "review_min": line.get("review_min") or "attending",
        "review_zone": "1" if line.get("review_zone") else "0",
        "summary": orjson.dumps(dict(summary(record), kind="review", writer=line["by"],
                                     due_at=due))})
    if status in ("queued", "assigned", "in_review"):
        client.zadd(keys.deadlines(keys.case_community(record["case_id"])),
                    {record["case_id"]: due})


def _reschedule(client: redis.Redis, storage: Storage, report: dict, delivered: bool,
                now: float, result: ReindexResult) -> None:
    """Deliveries not finished and critical results not acknowledged start again: the
    delivery plan is idempotent (same SR instance), a late acknowledgement escalates now."""
    if not delivered:
        client.zadd(keys.DELIVERY_DUE, {reports.delivery_job(report["report_id"],
                                                             reports.PLAN): now})
        result.redeliveries += 1
    if report["critical"] and reports.acknowledgement(reports.comm_log(storage, report)) is None:
        client.zadd(keys.CRITICAL_DUE, {report["report_id"]: now})
        result.unacknowledged += 1


def _restore_case(client: redis.Redis, settings: Settings, record: dict, history: list[dict],
                  status: str, owner: str | None, fence: int, now: float,
                  result: ReindexResult) -> None:
    cid = record["case_id"]
    community = keys.case_community(cid)
    score = queue_score(record["priority"], record["received_at"])
    if status in ("assigned", "in_review") and (
            owner not in settings.doctors or settings.doctors[owner].community != community):
        status, owner = "queued", None  # the doctor left the roster: back to the queue
    client.hset(keys.case(cid), mapping={
        "summary": orjson.dumps(summary(record)), "status": status, "priority": record["priority"],
        "specialty": record["specialty"], "clinic": record["clinic"], "score": repr(score),
        "fence": fence, "owner": owner or "", "lease_until": "",
        "zone": record.get("zone") or "", "subspecialty": record.get("subspecialty") or "",
        "patient": record["patient"].get("id") or "",
        "assigned_once": int(any(h.get("status") == "assigned" for h in history))})
    reading.restore(client, Storage(settings.data_dir), settings, record, history, status, now)
    calling.restore(client, record, history, status)
    escalated = [h for h in history if h.get("event") == "escalated"]
    widened = [h for h in history if h.get("event") in ("escalated", "widened")]
    if widened:
        client.hset(keys.case(cid), mapping={
            "level": max(int(h.get("level", 0)) for h in widened),
            **{f"esc:{h['reason']}": repr(h["at"]) for h in escalated}})
    if status in ("queued", "assigned", "in_review"):
        check = record["due_at"] if any(h.get("reason") == "sla_at_risk" for h in escalated) \
            else at_risk_time(record, settings)
        if not any(h.get("reason") == "sla_breached" for h in escalated):
            client.zadd(keys.deadlines(community), {cid: check})
    client.hset(keys.cases_by_study(community), record["study_instance_uid"], cid)
    client.zadd(keys.clinic_cases(record["clinic"]), {cid: record["received_at"]})
    signed = [h["at"] for h in history if h.get("status") == "reported"]
    if signed:
        day = datetime.fromtimestamp(signed[0], settings.timezone).date().isoformat()
        client.rpush(keys.turnaround(day), orjson.dumps({
            "case_id": cid, "priority": record["priority"],
            "received_at": record["received_at"], "signed_at": signed[0]}))
    pid = record["patient"].get("id")
    if pid:
        client.sadd(keys.patient_cases(f"{record['clinic']}:{pid}"), cid)
    if status == "queued":
        client.zadd(keys.queue(record["specialty"], community), {cid: score})
        result.queued += 1
    elif status in ("assigned", "in_review") and owner:
        client.zadd(keys.doctor_cases(owner, community), {cid: score})
        result.assigned += 1
        if status == "assigned":
            lease = settings.routing.priority_times[record["priority"]].lease_seconds
            client.hset(keys.case(cid), "lease_until", repr(now + lease))
            client.zadd(keys.leases(community), {cid: now + lease})

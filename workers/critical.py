"""Critical results (危急值) not acknowledged in time: escalate, and again until they are.

The timer is a zset report_id -> next escalation time, set by the delivery plan at
signed_at + the ack window and removed by the acknowledgement. The communication log on
disk is the source of truth: a result acknowledged there is never escalated. A critical lab
value (member ``lab:<result_id>``, due at once when the result was stored) first pages the
clinic's contact and the doctors on duty for it, then escalates the same way from
``received_at`` + the ack window, paging again (and the escalation contacts) each time, from
its own log beside the result.
"""

from __future__ import annotations

import logging

from teleconsult.cases.record import transition
from teleconsult.ingress.lab_store import LabStore, acknowledgement
from teleconsult.reporting import reports
from teleconsult.routing import pager
from teleconsult.store import events, keys
from workers import claims
from workers.context import WorkerContext

log = logging.getLogger(__name__)


async def escalate_due(ctx: WorkerContext) -> int:
    """Escalate every critical result whose acknowledgement is overdue; returns how many."""
    due = await claims.claim_due(ctx, keys.CRITICAL_DUE)
    if not due:
        return 0
    cfg = ctx.settings.reports
    done = 0
    for rid in due:
        if rid.startswith(keys.LAB_CRITICAL_PREFIX):
            done += await _lab_due(ctx, rid)
            continue
        report = reports.load(ctx.storage, rid)
        comm = reports.comm_log(ctx.storage, report) if report else []
        if report is None or reports.acknowledgement(comm) is not None:
            await ctx.redis.zrem(keys.CRITICAL_DUE, rid)
            continue
        await _escalate(ctx, report, 1 + sum(e.get("event") == "escalated" for e in comm))
        await claims.due_again(ctx, keys.CRITICAL_DUE, rid,
                               ctx.clock() + cfg.critical_repeat_seconds)
        done += 1
    return done


async def _escalate(ctx: WorkerContext, report: dict, n: int) -> None:
    now = ctx.clock()
    contacts = list(ctx.settings.routing.escalation_contacts)
    reports.append_comm(ctx.storage, report, {"at": now, "event": "escalated", "by": "timer",
                                              "escalation": n, "contacts": contacts})
    ctx.storage.append_history(report["case_id"], transition(
        "critical_escalated", now, "timer", report_id=report["report_id"], escalation=n,
        contacts=contacts))
    # one event reaches the clinic (repeat notice), the signing doctor and every admin;
    # supervisors are the escalation contacts named in it
    await events.publish(ctx.redis, "critical_escalated", report_id=report["report_id"],
                         case_id=report["case_id"], clinic=report["clinic"],
                         doctor=report["signed_by"], escalation=n, contacts=contacts)
    await pager.request(ctx.redis, "critical_unacknowledged", now, case_id=report["case_id"],
                        clinic=report["clinic"], doctor=report["signed_by"], escalation=n)
    log.warning("critical result %s not acknowledged: escalation %d", report["report_id"], n)


async def _lab_due(ctx: WorkerContext, member: str) -> int:
    """Page for (1), escalate (1) or drop an acknowledged (0) critical lab value."""
    store = LabStore(ctx.storage)
    rid = member[len(keys.LAB_CRITICAL_PREFIX):]
    record = store.load(rid)
    comm = store.comm_log(rid) if record else []
    if record is None or acknowledgement(comm) is not None:
        await ctx.redis.zrem(keys.CRITICAL_DUE, member)
        return 0
    cfg, now = ctx.settings.reports, ctx.clock()
    if not any(e.get("event") == "page_requested" for e in comm):
        # the loop's first step, at once: page as a critical report's reader is paged for a
        # STAT (the request first: a crash before the log line pages twice, never not at all)
        await pager.request(ctx.redis, "lab_critical", now, result_id=rid,
                            clinic=record["clinic"], escalation=0)
        store.append_comm(rid, {"at": now, "event": "page_requested", "by": "timer",
                                "escalation": 0})
        log.warning("critical lab value %s of %s: paging", rid, record["clinic"])
        await claims.due_again(ctx, keys.CRITICAL_DUE, member,
                               max(now, record["received_at"] + cfg.critical_ack_seconds))
        return 1
    n = 1 + sum(e.get("event") == "escalated" for e in comm)
    contacts = list(ctx.settings.routing.escalation_contacts)
    store.append_comm(rid, {"at": now, "event": "escalated", "by": "timer", "escalation": n,
                            "contacts": contacts})
    # the clinic hears it again, the admins and the escalation contacts named in it
    await events.publish(ctx.redis, "critical_escalated", result_id=rid,
                         clinic=record["clinic"], escalation=n, contacts=contacts, result="lab")
    await pager.request(ctx.redis, "critical_unacknowledged", now, result_id=rid,
                        clinic=record["clinic"], escalation=n)
    log.warning("critical lab value %s of %s not acknowledged: escalation %d", rid,
                record["clinic"], n)
    await claims.due_again(ctx, keys.CRITICAL_DUE, member, now + cfg.critical_repeat_seconds)
    return 1

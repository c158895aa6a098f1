"""Critical results (危急值) not acknowledged in time: escalate, and again until they are.

The timer is a zset report_id -> next escalation time, set by the delivery plan at
signed_at + the ack window and removed by the acknowledgement. The communication log on
disk is the source of truth: a result acknowledged there is never escalated.
"""

from __future__ import annotations

import logging

from teleconsult.cases.record import transition
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

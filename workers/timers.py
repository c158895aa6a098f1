"""Deadlines: an assigned case not opened within its lease goes back to the queue."""

from __future__ import annotations

import logging

from teleconsult import events
from teleconsult.cases import transition
from teleconsult.queue import QueueError
from workers.context import WorkerContext

log = logging.getLogger(__name__)


async def reclaim_expired(ctx: WorkerContext) -> int:
    """Requeue every case whose lease has run out; returns how many."""
    now = ctx.clock()
    done = 0
    for case_id in await ctx.queue.expired_leases(now):
        state = await ctx.queue.state(case_id)
        owner = state.get("owner", "")
        try:
            await ctx.queue.requeue(case_id, state.get("specialty", ""), owner, doctor=owner,
                                    expired_by=now)
        except QueueError as exc:
            if exc.code == "not_found":
                # a case hash lost with its lease: drop the dangling lease entry
                from teleconsult import keys

                await ctx.redis.zrem(keys.LEASES, case_id)
            continue
        ctx.storage.append_history(case_id, transition("queued", now, "timer",
                                                       reason="lease_expired", previous=owner))
        await events.publish(ctx.redis, "case_reassigning", case_id=case_id, doctor=owner,
                             clinic=state.get("clinic"))
        log.warning("case %s: lease of %s expired, back to the queue", case_id, owner)
        done += 1
    return done

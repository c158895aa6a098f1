"""Escalations: recorded once per reason on the case history, on a Redis stream for
supervisors, as an event, and as a counter for /metrics."""

from __future__ import annotations

import orjson
import redis.asyncio as aioredis

from teleconsult.routing import pager
from teleconsult.store import events, keys
from teleconsult.store.files import Storage

REASONS = ("no_one_eligible", "lease_expired_repeatedly", "sla_at_risk", "sla_breached",
           "read_overdue", "call_in")
# the page an escalation asks for (teleconsult.routing.pager); others page as "escalation"
_PAGE_EVENT = {"sla_at_risk": "sla_at_risk", "read_overdue": "read_overdue"}
MAX_RECORDS = 50_000


async def escalate(client: aioredis.Redis, storage: Storage, case_id: str, reason: str,
                   now: float, by: str, widen: bool = True, to_level: int | None = None,
                   **detail: object) -> int | None:
    """Record an escalation unless this case already had one for ``reason``.

    Returns the case's new eligibility level (widened by one when ``widen``, or raised to
    at least ``to_level``), or None when it was already escalated for this reason.
    """
    if not await client.hsetnx(keys.case(case_id), f"esc:{reason}", repr(now)):
        return None
    level = int(await client.hincrby(keys.case(case_id), "level",
                                     1 if widen and to_level is None else 0))
    if to_level is not None and level < to_level:
        level = to_level
        await client.hset(keys.case(case_id), "level", level)
    state = {k.decode(): v.decode() for k, v in
             (await client.hgetall(keys.case(case_id))).items() if not k.startswith(b"summary")}
    record = {"at": now, "case_id": case_id, "reason": reason, "level": level, "by": by,
              "clinic": state.get("clinic"), "specialty": state.get("specialty"),
              "priority": state.get("priority"), "owner": state.get("owner") or None,
              **detail}
    storage.append_history(case_id, {"at": now, "event": "escalated", "reason": reason,
                                     "level": level, "by": by, **detail})
    await client.xadd(keys.ESCALATIONS, {"data": orjson.dumps(record)}, maxlen=MAX_RECORDS,
                      approximate=True)
    await client.hincrby(keys.METRICS, f"escalations:{reason}", 1)
    if reason == "sla_breached":
        await client.hincrby(keys.METRICS, f"sla_breaches:{state.get('priority')}", 1)
    await events.publish(client, "escalation", case_id=case_id, reason=reason, level=level,
                         clinic=state.get("clinic"), specialty=state.get("specialty"),
                         priority=state.get("priority"), doctor=state.get("owner") or None,
                         supervisors=True)
    await pager.request(client, _PAGE_EVENT.get(reason, "escalation"), now, case_id=case_id,
                        reason=reason, priority=state.get("priority"),
                        specialty=state.get("specialty"), clinic=state.get("clinic"),
                        doctor=state.get("owner") or None)
    return level


async def recent(client: aioredis.Redis, limit: int = 100) -> list[dict]:
    items = await client.xrevrange(keys.ESCALATIONS, count=limit)
    return [dict(orjson.loads(fields[b"data"]), id=eid.decode()) for eid, fields in items]

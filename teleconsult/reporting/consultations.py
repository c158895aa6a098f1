"""Upward consultation (上级会诊): a case's reader or its clinic asks an expert pool; an
expert of the pool claims the request under a lease and answers with an opinion.

The truth is the case's ``consultations.jsonl`` (one fsynced line per event: requested,
claimed, released, escalated, answered), folded into each consultation's state; Redis holds
the open ones for the experts' worklists (one zset per pool), the claim leases and the SLA
deadlines, all under the ``{consult}`` hash tag. The case history gets a line per request
and answer (``consultation_requested`` / ``consultation_answered``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime

import redis.asyncio as aioredis

from teleconsult.cases.priority import rank
from teleconsult.cases.record import transition
from teleconsult.core.times import iso
from teleconsult.routing import pager
from teleconsult.settings.review import ConsultPool
from teleconsult.store import events, keys
from teleconsult.store.files import Storage

URGENCIES = ("stat", "urgent", "routine")
_ID = re.compile(r"^(c[0-9a-f]{16}(?:-[a-z0-9][a-z0-9_-]{0,62}?)?)-q[0-9a-f]{8}\Z")
_OPEN = ("requested", "claimed")

# KEYS: consultation hash, leases   ARGV: expert, now, lease end, consultation id
# The expert takes the request: refused when answered, or held by another under a live lease.
_CLAIM = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'lease_until')
if not st[1] then return {'err', 'not_found'} end
if st[1] == 'answered' then return {'err', 'bad_state:answered'} end
if st[1] == 'claimed' and st[2] ~= ARGV[1] and tonumber(st[3] or '0') > tonumber(ARGV[2]) then
  return {'err', 'claimed'}
end
redis.call('HSET', KEYS[1], 'status', 'claimed', 'owner', ARGV[1], 'lease_until', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return {'ok', st[1]}
"""


class ConsultError(Exception):
    """A refused step: ``code`` is not_found | claimed | not_yours | bad_state:…"""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def new_id(case_id: str) -> str:
    return f"{case_id}-q{os.urandom(4).hex()}"


def case_of(consultation_id: str) -> str:
    """The case a consultation id belongs to; ValueError when it is not one."""
    m = _ID.match(consultation_id)
    if not m:
        raise ValueError(f"not a consultation id: {consultation_id[:60]!r}")
    return m.group(1)


def _path(storage: Storage, case_id: str):
    return storage.case_dir(case_id) / "consultations.jsonl"


def fold(lines: Iterable[dict]) -> list[dict]:
    """Each consultation's state from its events, oldest request first (pure)."""
    out: dict[str, dict] = {}
    for e in lines:
        cid, kind = e["consultation_id"], e["event"]
        if kind == "requested":
            out[cid] = {k: v for k, v in e.items() if k not in ("event", "at")}
            out[cid].update(status="requested", requested_at=e["at"], claimed_by=None,
                            opinion=None, recommendation=None, answered_by=None,
                            answered_at=None, escalations=0)
        elif cid not in out:
            continue
        elif kind == "claimed":
            out[cid].update(status="claimed", claimed_by=e["by"], claimed_at=e["at"])
        elif kind == "released":
            out[cid].update(status="requested", claimed_by=None, released_from=e.get("by"))
        elif kind == "escalated":
            out[cid]["escalations"] += 1
        elif kind == "answered":
            out[cid].update(status="answered", opinion=e["opinion"],
                            recommendation=e.get("recommendation"), answered_by=e["by"],
                            answered_by_name=e.get("by_name"), answered_at=e["at"])
    return list(out.values())


def of_case(storage: Storage, case_id: str) -> list[dict]:
    return fold(storage.read_jsonl(_path(storage, case_id)))


def one(storage: Storage, consultation_id: str) -> dict | None:
    try:
        case_id = case_of(consultation_id)
    except ValueError:
        return None
    return next((c for c in of_case(storage, case_id)
                 if c["consultation_id"] == consultation_id), None)


def answered_before(storage: Storage, report: dict) -> list[dict]:
    """The experts' opinions on the report's case given before it was signed (its PDF
    carries them as an addendum: what the signer had in hand)."""
    signed = datetime.fromisoformat(report["signed_at"].replace("Z", "+00:00")).timestamp()
    return [c for c in of_case(storage, report["case_id"])
            if c["status"] == "answered" and c["answered_at"] <= signed]


def public(c: dict) -> dict:
    """The JSON shape: times as ISO 8601."""
    out = dict(c)
    for k in ("requested_at", "due_at", "claimed_at", "answered_at"):
        if out.get(k) is not None:
            out[k] = iso(out[k])
    return out


def experts_asked(storage: Storage, pools: Mapping[str, ConsultPool], case_ids: Iterable[str]
                  ) -> set[str]:
    """The experts of every pool asked about these cases (they may see them)."""
    out: set[str] = set()
    for case_id in case_ids:
        for c in of_case(storage, case_id):
            pool = pools.get(c["pool"])
            if pool:
                out.update(pool.members)
    return out


async def request(client: aioredis.Redis, storage: Storage, record: dict, pool: ConsultPool,
                  ask: dict, by: tuple[str, str], now: float) -> dict:
    """Record a request (file first), then put it on the pool's worklist and page the pool."""
    cid = new_id(record["case_id"])
    due = now + pool.sla_seconds[ask["urgency"]]
    line = {"event": "requested", "at": now, "consultation_id": cid,
            "case_id": record["case_id"], "pool": pool.id, "pool_name": pool.name,
            "organisation": pool.organisation, "question": ask["question"],
            "urgency": ask["urgency"], "series": ask["series"], "requested_by": by[1],
            "requested_by_kind": by[0], "due_at": due}
    storage.append_jsonl(_path(storage, record["case_id"]), line)
    await _open(client, cid, record["case_id"], pool.id, ask["urgency"], now, due)
    storage.append_history(record["case_id"], transition(
        "consultation_requested", now, by[1], consultation_id=cid, pool=pool.id,
        urgency=ask["urgency"]))
    await events.publish(client, "consultation_requested", case_id=record["case_id"],
                         consultation_id=cid, pool=pool.id, clinic=record["clinic"])
    for member in pool.members:
        await pager.request(client, "consultation_requested", now, case_id=record["case_id"],
                            doctor=member, priority=ask["urgency"], clinic=record["clinic"])
    return fold([line])[0]


async def _open(client: aioredis.Redis, cid: str, case_id: str, pool: str, urgency: str,
                requested_at: float, due: float) -> None:
    pipe = client.pipeline(transaction=True)
    pipe.hset(keys.consultation(cid), mapping={
        "case_id": case_id, "pool": pool, "status": "requested", "owner": "",
        "lease_until": "0", "urgency": urgency, "due_at": repr(due)})
    pipe.zadd(keys.consult_pool(pool), {cid: rank(urgency) * 1e10 + requested_at})
    pipe.zadd(keys.CONSULT_DUE, {cid: due})
    await pipe.execute()


async def claim(client: aioredis.Redis, storage: Storage, c: dict, expert: str,
                lease_seconds: int, now: float) -> dict:
    """The expert takes the request under a lease (again: renews it)."""
    result = await client.eval(_CLAIM, 2, keys.consultation(c["consultation_id"]),
                               keys.CONSULT_LEASES, expert, repr(now), repr(now + lease_seconds),
                               c["consultation_id"])
    status, detail = (x.decode() if isinstance(x, bytes) else str(x) for x in result)
    if status == "err":
        raise ConsultError(detail)
    if c.get("claimed_by") != expert:
        storage.append_jsonl(_path(storage, c["case_id"]), {
            "event": "claimed", "at": now, "consultation_id": c["consultation_id"],
            "by": expert})
    return dict(c, status="claimed", claimed_by=expert, lease_until=iso(now + lease_seconds))


async def answer(client: aioredis.Redis, storage: Storage, c: dict, record: dict, expert: str,
                 expert_name: str, opinion: dict, now: float) -> dict:
    """The expert's opinion (file first): off the worklists, into the case, the requester
    and the clinic told."""
    cid = c["consultation_id"]
    state = await client.hmget(keys.consultation(cid), "status", "owner")
    status, owner = (v.decode() if v else "" for v in state)
    if status == "answered" or c["status"] == "answered":
        raise ConsultError("bad_state:answered")
    if status != "claimed" or owner != expert:
        raise ConsultError("not_claimed")
    storage.append_jsonl(_path(storage, c["case_id"]), {
        "event": "answered", "at": now, "consultation_id": cid, "by": expert,
        "by_name": expert_name, "opinion": opinion["opinion"],
        "recommendation": opinion.get("recommendation")})
    await _close(client, cid, c["pool"])
    storage.append_history(c["case_id"], transition(
        "consultation_answered", now, expert, consultation_id=cid, pool=c["pool"]))
    await events.publish(client, "consultation_answered", case_id=c["case_id"],
                         consultation_id=cid, clinic=record["clinic"],
                         doctor=c["requested_by"] if c["requested_by_kind"] == "doctor"
                         else None)
    return next(x for x in of_case(storage, c["case_id"]) if x["consultation_id"] == cid)


async def _close(client: aioredis.Redis, cid: str, pool: str) -> None:
    pipe = client.pipeline(transaction=True)
    pipe.hset(keys.consultation(cid), mapping={"status": "answered", "lease_until": "0"})
    pipe.zrem(keys.consult_pool(pool), cid)
    pipe.zrem(keys.CONSULT_LEASES, cid)
    pipe.zrem(keys.CONSULT_DUE, cid)
    await pipe.execute()


async def worklist(client: aioredis.Redis, storage: Storage, pools: Mapping[str, ConsultPool],
                   expert: str, now: float) -> list[dict]:
    """The expert's consultations: open ones of their pools nobody holds, and their own."""
    out = []
    for pool in pools.values():
        if expert not in pool.members:
            continue
        for raw in await client.zrange(keys.consult_pool(pool.id), 0, 199):
            cid = raw.decode()
            status, owner, lease = (v.decode() if v else "" for v in await client.hmget(
                keys.consultation(cid), "status", "owner", "lease_until"))
            held_by_other = status == "claimed" and owner != expert and float(lease or 0) > now
            if status not in _OPEN or held_by_other:
                continue
            c = one(storage, cid)
            if c is not None:
                out.append(dict(c, status=status if owner == expert or status != "claimed"
                                else "requested", claimed_by=owner or None))
    return out


async def release_expired(client: aioredis.Redis, storage: Storage,
                          pools: Mapping[str, ConsultPool], now: float) -> int:
    """Claims whose lease ran out go back to the pool (the others paged)."""
    done = 0
    for raw in await client.zrangebyscore(keys.CONSULT_LEASES, "-inf", now, start=0, num=200):
        cid = raw.decode()
        await client.zrem(keys.CONSULT_LEASES, cid)
        c = one(storage, cid)
        if c is None or c["status"] != "claimed":
            continue
        await _back_to_pool(client, storage, c, pools, now, "lease_expired")
        done += 1
    return done


async def _back_to_pool(client: aioredis.Redis, storage: Storage, c: dict,
                        pools: Mapping[str, ConsultPool], now: float, reason: str) -> None:
    held = c.get("claimed_by")
    await client.hset(keys.consultation(c["consultation_id"]),
                      mapping={"status": "requested", "owner": "", "lease_until": "0"})
    storage.append_jsonl(_path(storage, c["case_id"]), {
        "event": "released", "at": now, "consultation_id": c["consultation_id"], "by": held,
        "reason": reason})
    pool = pools.get(c["pool"])
    for member in (pool.members if pool else ()):
        if member != held:  # the next expert
            await pager.request(client, "consultation_escalated", now, case_id=c["case_id"],
                                doctor=member, priority=c["urgency"], reason=reason)


async def check_slas(client: aioredis.Redis, storage: Storage,
                     pools: Mapping[str, ConsultPool], now: float) -> int:
    """A consultation past its SLA is escalated once: recorded, on the escalation event
    stream, and handed to the next expert (the one holding it loses the claim)."""
    done = 0
    for raw in await client.zrangebyscore(keys.CONSULT_DUE, "-inf", now, start=0, num=200):
        cid = raw.decode()
        await client.zrem(keys.CONSULT_DUE, cid)
        c = one(storage, cid)
        if c is None or c["status"] not in _OPEN:
            continue
        storage.append_jsonl(_path(storage, c["case_id"]), {
            "event": "escalated", "at": now, "consultation_id": cid, "reason": "sla_breached"})
        storage.append_history(c["case_id"], transition(
            "consultation_escalated", now, "timer", consultation_id=cid, pool=c["pool"],
            reason="sla_breached"))
        await events.publish(client, "escalation", case_id=c["case_id"],
                             consultation_id=cid, reason="consultation_sla_breached")
        if c["status"] == "claimed":
            await _back_to_pool(client, storage, c, pools, now, "sla_breached")
        done += 1
    return done


def restore(client, storage: Storage, case_id: str) -> int:  # noqa: ANN001 - sync Redis
    """Reindex (a synchronous client): the case's open consultations back on their pools'
    worklists; a claim is not restored, the request goes back to the pool."""
    n = 0
    for c in of_case(storage, case_id):
        if c["status"] not in _OPEN:
            continue
        cid = c["consultation_id"]
        client.hset(keys.consultation(cid), mapping={
            "case_id": case_id, "pool": c["pool"], "status": "requested", "owner": "",
            "lease_until": "0", "urgency": c["urgency"], "due_at": repr(c["due_at"])})
        client.zadd(keys.consult_pool(c["pool"]),
                    {cid: rank(c["urgency"]) * 1e10 + c["requested_at"]})
        client.zadd(keys.CONSULT_DUE, {cid: c["due_at"]})
        n += 1
    return n

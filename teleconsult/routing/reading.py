"""The Redis side of an open read: page heartbeats, draft versions, handing a case back.

Each step is one Lua script on the case hash (``{route}`` hash tag, like ``queue``), checked
against owner and fence, so a stale tab, a second tab or a timer racing a heartbeat never
makes two owners: the heartbeat bumps ``beat``, and a timer hands a case back only if
``beat`` is still what it read when it decided.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from teleconsult.cases import drafts
from teleconsult.routing.queue import QueueError
from teleconsult.settings.handover import HandoverConfig
from teleconsult.store import keys

# KEYS: case   ARGV: doctor, fence ('' = any), now, mode (page | active | draft), base version
_TOUCH = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'fence', 'draft_v')
if not st[1] then return {'err', 'not_found'} end
if st[2] ~= ARGV[1] then return {'err', 'not_owner'} end
if ARGV[2] ~= '' and st[3] ~= ARGV[2] then return {'err', 'stale_fence'} end
if st[1] ~= 'assigned' and st[1] ~= 'in_review' then return {'err', 'bad_state:' .. st[1]} end
local version = tonumber(st[4] or '0') or 0
if ARGV[4] == 'draft' then
  if ARGV[5] ~= '' and tonumber(ARGV[5]) ~= version then
    return {'err', 'draft_conflict:' .. version}
  end
  version = version + 1
  redis.call('HSET', KEYS[1], 'draft_v', version)
end
if ARGV[4] == 'page' then redis.call('HSET', KEYS[1], 'page_at', ARGV[3]) end
redis.call('HSET', KEYS[1], 'active_at', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'beat', 1)
return {'ok', st[1], st[3], tostring(version)}
"""

# KEYS: case, leases, queue, doctor   ARGV: case_id, owner, fence ('' = any),
#                                            beat ('' = any), doctor to avoid next ('' = none)
_HAND_BACK = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'fence', 'score', 'beat')
if not st[1] then return {'err', 'not_found'} end
if st[2] ~= ARGV[2] then return {'err', 'not_owner'} end
if ARGV[3] ~= '' and st[3] ~= ARGV[3] then return {'err', 'stale_fence'} end
if st[1] ~= 'assigned' and st[1] ~= 'in_review' then return {'err', 'bad_state:' .. st[1]} end
if ARGV[4] ~= '' and (st[5] or '0') ~= ARGV[4] then return {'err', 'busy'} end
redis.call('HSET', KEYS[1], 'status', 'queued', 'owner', '', 'lease_until', '', 'page_at', 0,
           'claimed_at', '', 'not_to', ARGV[5])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], st[4], ARGV[1])
return {'ok', st[3]}
"""


def _decode(result: list) -> list[str]:
    out = [x.decode() if isinstance(x, bytes) else str(x) for x in result]
    if out[0] == "err":
        raise QueueError(out[1])
    return out[1:]


class Reading:
    """Async facade over the scripts; one per process."""

    def __init__(self, client: aioredis.Redis) -> None:
        self.redis = client
        self._touch = client.register_script(_TOUCH)
        self._hand_back = client.register_script(_HAND_BACK)

    async def touch(self, case_id: str, doctor: str, now: float, mode: str = "active",
                    fence: int | None = None, base: int | None = None) -> tuple[str, int, int]:
        """The owner is at work on the case: (status, fence, draft version).

        ``mode`` ``page`` is a case-page heartbeat, ``draft`` also takes the next draft
        version (``draft_conflict:<current>`` unless ``base`` is the current one).
        """
        status, fence_now, version = _decode(await self._touch(
            keys=[keys.case(case_id)],
            args=[doctor, "" if fence is None else str(fence), repr(now), mode,
                  "" if base is None else str(base)]))
        return status, int(fence_now), int(version)

    async def hand_back(self, case_id: str, specialty: str, owner: str, *,
                        fence: int | None = None, beat: str | None = None,
                        avoid: str = "") -> int:
        """Back to the queue at its place; returns the fence the owner held."""
        c = keys.case_community(case_id)
        return int(_decode(await self._hand_back(
            keys=[keys.case(case_id), keys.leases(c), keys.queue(specialty, c),
                  keys.doctor_cases(owner, c)],
            args=[case_id, owner, "" if fence is None else str(fence),
                  "" if beat is None else beat, avoid]))[0])

    async def claimed(self, case_id: str, now: float, read_limit: float | None) -> None:
        """A claim starts the read clock (a timer when the priority has a read limit) and
        counts as activity."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(keys.case(case_id), mapping={"claimed_at": repr(now), "active_at": repr(now)})
        if read_limit is not None:
            pipe.zadd(keys.READ_TIMERS, {case_id: now + read_limit})
        await pipe.execute()


def restore(client, storage, settings, record: dict, history: list[dict], status: str,  # noqa: ANN001
            now: float) -> None:
    """``reindex``: the draft version from its file; an open read gets its claim time back
    and a fresh grace (the reader's silence is counted from the restart)."""
    cid = record["case_id"]
    draft = drafts.load(storage, cid)
    if draft is not None:
        client.hset(keys.case(cid), "draft_v", int(draft["version"]))
    if status != "in_review":
        return
    claimed = max((h["at"] for h in history if h.get("status") == "in_review"), default=now)
    client.hset(keys.case(cid), mapping={"claimed_at": repr(claimed), "active_at": repr(now)})
    limit = (settings.handover or HandoverConfig()).read_limit_seconds.get(record["priority"])
    if limit is not None:
        client.zadd(keys.READ_TIMERS, {cid: max(claimed + limit, now)})

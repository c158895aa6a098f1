"""The Redis side of routing: queues, assignment, leases, worklists.

Every state change that must not race is one Lua script, so any number of routers, timers
and API processes agree on exactly one owner per case. Every key a script touches is
passed in KEYS and shares the case's community's hash tag (``{route}`` for the default
community, ``{route:<id>}`` for another: ``keys.route_tag``), so a script's keys are in one
Redis Cluster slot and communities spread over the shards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson
import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline
from redis.crc import key_slot

from teleconsult.cases.record import summary
from teleconsult.store import keys

# KEYS: case, queue, by-study, deadlines
# ARGV: case_id, score, summary, priority, specialty, clinic, study_uid, zone, subspecialty,
#       patient, first SLA check time
_ENQUEUE = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  -- a review item's summary carries its review (writer, review due): late instances (its own
  -- archived SR) leave it be
  if redis.call('HGET', KEYS[1], 'kind') ~= 'review' then
    redis.call('HSET', KEYS[1], 'summary', ARGV[3])
  end
  return 0
end
redis.call('HSET', KEYS[1], 'summary', ARGV[3], 'status', 'queued', 'priority', ARGV[4],
           'specialty', ARGV[5], 'clinic', ARGV[6], 'score', ARGV[2], 'fence', 0, 'owner', '',
           'zone', ARGV[8], 'subspecialty', ARGV[9], 'patient', ARGV[10], 'level', 0,
           'expiries', 0)
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[7], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[11], ARGV[1])
return 1
"""

# KEYS: queue, case, leases, fence, doctor_1..n
# ARGV: case_id, lease_deadline, stat(0|1), score, then doctor_id, capacity per doctor
_ASSIGN = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return false end
local best, bestload = nil, nil
for i = 1, #KEYS - 4 do
  local load = redis.call('ZCARD', KEYS[4 + i])
  local cap = tonumber(ARGV[4 + 2 * i])
  if (ARGV[3] == '1' or load < cap) and (best == nil or load < bestload) then
    best, bestload = i, load
  end
end
if best == nil then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
local fence = redis.call('INCR', KEYS[4])
local doctor = ARGV[3 + 2 * best]
redis.call('HSET', KEYS[2], 'status', 'assigned', 'owner', doctor, 'fence', fence,
           'lease_until', ARGV[2], 'assigned_once', 1)
redis.call('ZADD', KEYS[4 + best], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return {doctor, fence}
"""

# KEYS: case, leases, doctor, deadlines   ARGV: doctor, fence ('' = any), new_status, case_id
# Moves an owned open case to in_review (claim) or reported (sign).
_OWNER_STEP = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'fence')
if not st[1] then return {'err', 'not_found'} end
if st[2] ~= ARGV[1] then return {'err', 'not_owner'} end
if ARGV[2] ~= '' and st[3] ~= ARGV[2] then return {'err', 'stale_fence'} end
if st[1] ~= 'assigned' and st[1] ~= 'in_review' then return {'err', 'bad_state:' .. st[1]} end
redis.call('HSET', KEYS[1], 'status', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[4])
if ARGV[3] == 'reported' then
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('ZREM', KEYS[4], ARGV[4])
end
return {'ok', st[3]}
"""

# KEYS: case, leases, queue, doctor   ARGV: case_id, doctor ('' = whoever), fence ('' = any),
#                                            not_after (lease deadline check; '' = none)
_REQUEUE = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'fence', 'score')
if not st[1] then return {'err', 'not_found'} end
if ARGV[2] ~= '' and st[2] ~= ARGV[2] then return {'err', 'not_owner'} end
if ARGV[3] ~= '' and st[3] ~= ARGV[3] then return {'err', 'stale_fence'} end
if st[1] ~= 'assigned' and st[1] ~= 'in_review' then return {'err', 'bad_state:' .. st[1]} end
if ARGV[4] ~= '' then
  local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if (not lease) or tonumber(lease) > tonumber(ARGV[4]) then return {'err', 'lease_live'} end
end
redis.call('HSET', KEYS[1], 'status', 'queued', 'owner', '', 'lease_until', '')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], st[4], ARGV[1])
return {'ok', st[2]}
"""


# KEYS: case, leases, queue, old doctor, new doctor, fence
# ARGV: case_id, new doctor, lease deadline, expected current owner ('' = queued),
#       unopened only ('1': refuse a case in review)
# A supervisor's move (or a called-in doctor's): from the queue or another doctor to the
# named one, new fence. The caller read the owner earlier; if it changed since, KEYS[4] is
# the wrong worklist.
_MOVE = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'score')
if not st[1] then return {'err', 'not_found'} end
if st[1] ~= 'queued' and st[1] ~= 'assigned' and st[1] ~= 'in_review' then
  return {'err', 'bad_state:' .. st[1]}
end
if ARGV[5] == '1' and st[1] == 'in_review' then return {'err', 'bad_state:in_review'} end
if (st[2] or '') ~= ARGV[4] then return {'err', 'stale_owner'} end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
local fence = redis.call('INCR', KEYS[6])
redis.call('HSET', KEYS[1], 'status', 'assigned', 'owner', ARGV[2], 'fence', fence,
           'lease_until', ARGV[3])
redis.call('ZADD', KEYS[5], st[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return {'ok', tostring(fence)}
"""


# KEYS: case, leases, writer's worklist, queue, deadlines
# ARGV: case_id, writer, fence ('' = any), first SLA check, summary, review due,
#       lowest reviewer title, same zone ('1'/'0')
# A signed preliminary: the case goes back to its queue as a review item (the router then
# gives it to an eligible reviewer, never the writer) with the review's own SLA.
_TO_REVIEW = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'fence', 'score')
if not st[1] then return {'err', 'not_found'} end
if st[2] ~= ARGV[2] then return {'err', 'not_owner'} end
if ARGV[3] ~= '' and st[3] ~= ARGV[3] then return {'err', 'stale_fence'} end
if st[1] ~= 'assigned' and st[1] ~= 'in_review' then return {'err', 'bad_state:' .. st[1]} end
redis.call('HSET', KEYS[1], 'status', 'queued', 'owner', '', 'lease_until', '',
           'kind', 'review', 'writer', ARGV[2], 'level', 0, 'expiries', 0, 'not_to', '',
           'summary', ARGV[5], 'review_due', ARGV[6], 'review_min', ARGV[7],
           'review_zone', ARGV[8], 'assigned_once', 0)
-- the review escalates afresh: the read's escalations (one per reason) are spent
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 4) == 'esc:' then redis.call('HDEL', KEYS[1], f) end
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], st[4], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
return {'ok', st[3]}
"""


# KEYS: case, leases, reviewer's worklist, writer's worklist, fence
# ARGV: case_id, reviewer, writer, lease deadline, summary (as a read again)
# A review returned to its writer: an assigned read of theirs again, a new fence.
_RETURN = """
local st = redis.call('HMGET', KEYS[1], 'status', 'owner', 'kind', 'score')
if not st[1] then return {'err', 'not_found'} end
if st[2] ~= ARGV[2] then return {'err', 'not_owner'} end
if st[3] ~= 'review' or (st[1] ~= 'assigned' and st[1] ~= 'in_review') then
  return {'err', 'bad_state:' .. st[1]}
end
redis.call('ZREM', KEYS[3], ARGV[1])
local fence = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[1], 'status', 'assigned', 'owner', ARGV[3], 'fence', fence,
           'lease_until', ARGV[4], 'kind', 'read', 'summary', ARGV[5], 'review_due', '')
redis.call('ZADD', KEYS[4], st[4], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return {'ok', tostring(fence)}
"""


# KEYS: leases, fence, then every queue, case hash and doctor's worklist the page names
# ARGV: number of cases, then per case: case_id, queue (KEYS index), case (KEYS index),
#       lease_deadline, stat (0|1), score, number of candidates, then per candidate:
#       worklist (KEYS index), doctor_id, capacity
# ``_ASSIGN`` for a page of cases in one call: each case is decided exactly as ``_ASSIGN``
# would decide it, in order (the page is atomic as a whole). One call instead of a pipeline
# of a hundred: the router's time went mostly to the client's per-command work.
_ASSIGN_PAGE = """
local out, a = {}, 2
for c = 1, tonumber(ARGV[1]) do
  local cid, queue, case = ARGV[a], KEYS[tonumber(ARGV[a + 1])], KEYS[tonumber(ARGV[a + 2])]
  local deadline, stat, score, m = ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], tonumber(ARGV[a + 6])
  a = a + 7
  local result = false
  if redis.call('ZSCORE', queue, cid) then
    local best, bestload, doctor, worklist = nil, nil, nil, nil
    for i = 0, m - 1 do
      local key = KEYS[tonumber(ARGV[a + 3 * i])]
      local load = redis.call('ZCARD', key)
      if (stat == '1' or load < tonumber(ARGV[a + 3 * i + 2])) and
         (best == nil or load < bestload) then
        best, bestload, doctor, worklist = i, load, ARGV[a + 3 * i + 1], key
      end
    end
    if best == nil then
      result = 0
    else
      redis.call('ZREM', queue, cid)
      local fence = redis.call('INCR', KEYS[2])
      redis.call('HSET', case, 'status', 'assigned', 'owner', doctor, 'fence', fence,
                 'lease_until', deadline, 'assigned_once', 1)
      redis.call('ZADD', worklist, score, cid)
      redis.call('ZADD', KEYS[1], deadline, cid)
      result = {doctor, fence}
    end
  end
  a = a + 3 * m
  out[c] = result
end
return out
"""

# KEYS: hashes   ARGV: field names. HMGET of many hashes in one call (see _ASSIGN_PAGE).
_FIELDS = """
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HMGET', key, unpack(ARGV)) end
return out
"""

# KEYS: sets. SMEMBERS of many sets in one call.
_MEMBERS = """
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('SMEMBERS', key) end
return out
"""

# KEYS: doctors' worklists   ARGV: two exclusive score bounds ("(1e10", "(2e10")
# Open cases per doctor: all, below the first bound, below the second, in one call.
_LOADS = """
local out = {}
for i, key in ipairs(KEYS) do
  out[#out + 1] = redis.call('ZCARD', key)
  out[#out + 1] = redis.call('ZCOUNT', key, '-inf', ARGV[1])
  out[#out + 1] = redis.call('ZCOUNT', key, '-inf', ARGV[2])
end
return out
"""

RENEW_EVERY = 30

# KEYS: case hashes. One call instead of a pipeline of HMGETs: a worklist is read on every
# poll of every doctor, and per-command overhead dominated it.
_READ_CASES = """
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('HMGET', key, 'summary', 'status', 'owner', 'fence', 'priority')
  out[#out + 1] = v[1] or false
  out[#out + 1] = v[2] or false
  out[#out + 1] = v[3] or false
  out[#out + 1] = v[4] or false
  out[#out + 1] = v[5] or false
end
return out
"""

# KEYS: the doctor's renewal mark   ARGV: now, RENEW_EVERY, the mark's TTL
# 1 when the leases are due for renewal (and marked renewed at ``now``), else 0. The mark
# holds the time of the last renewal, compared with ``now`` rather than left to a TTL, so an
# injected clock (tests, simulate_day) throttles the same way real time does.
_RENEW_DUE = """
local last = redis.call('GET', KEYS[1])
if last then
  local since = tonumber(ARGV[1]) - tonumber(last)
  if since >= 0 and since < tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""

# KEYS: the doctor's renewal mark, the doctor's worklist   ARGV: as _RENEW_DUE
# A worklist poll in one call: {renewal due (0|1), the worklist's case ids in order}. (Not a
# pipeline of _RENEW_DUE and ZRANGE: a cluster pipeline never loads a script a node lacks —
# a fresh node, or a replica just promoted — so EVALSHA there fails with NOSCRIPT.)
_POLL = """
local due = 1
local last = redis.call('GET', KEYS[1])
if last then
  local since = tonumber(ARGV[1]) - tonumber(last)
  if since >= 0 and since < tonumber(ARGV[2]) then due = 0 end
end
if due == 1 then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]) end
return {due, redis.call('ZRANGE', KEYS[2], 0, -1)}
"""

# KEYS: the leases, then case hashes   ARGV: now, n, n pairs (priority, lease seconds), the
# cases' ids (one per case hash)
# A poll's second step when its leases are due: _READ_CASES' reply, and each listed case
# whose priority has a lease pushed to now + that lease (as ``CaseQueue._renew``), in the
# same call instead of a ZADD after the read.
_READ_RENEWING = """
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local lease = {}
for i = 1, n do lease[ARGV[1 + 2 * i]] = tonumber(ARGV[2 + 2 * i]) end
local ids = 2 + 2 * n
local out = {}
for i = 2, #KEYS do
  local v = redis.call('HMGET', KEYS[i], 'summary', 'status', 'owner', 'fence', 'priority')
  out[#out + 1] = v[1] or false
  out[#out + 1] = v[2] or false
  out[#out + 1] = v[3] or false
  out[#out + 1] = v[4] or false
  out[#out + 1] = v[5] or false
  local secs = v[5] and lease[v[5]]
  if v[1] and secs then
    -- XX: never re-create a lease the timer already took back; GT: never shorten one
    redis.call('ZADD', KEYS[1], 'XX', 'GT', 'CH', now + secs, ARGV[ids + i - 1])
  end
end
return out
"""


@dataclass(frozen=True)
class Open:
    """One open case of a worklist as Redis holds it (``summary`` still JSON)."""

    case_id: str
    summary: bytes
    status: str
    owner: str | None
    fence: int
    priority: str


class QueueError(Exception):
    """A script refused the step; ``code`` is not_found | not_owner | stale_fence | …"""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Candidate:
    doctor_id: str
    capacity: int


def one_slot(names: Sequence[str]) -> bool:
    """Whether every key is in one Redis Cluster hash slot (one script may touch them)."""
    return len({key_slot(n.encode()) for n in names}) <= 1


def _check(result: list) -> str:
    status, detail = (x.decode() if isinstance(x, bytes) else str(x) for x in result)
    if status == "err":
        raise QueueError(detail)
    return detail


class CaseQueue:
    """Async facade over the scripts; one per process, sharing one Redis connection pool."""

    def __init__(self, client: aioredis.Redis) -> None:
        self.redis = client
        self._enqueue = client.register_script(_ENQUEUE)
        self._assign = client.register_script(_ASSIGN)
        self._owner_step = client.register_script(_OWNER_STEP)
        self._requeue = client.register_script(_REQUEUE)
        self._move = client.register_script(_MOVE)
        self._read_cases = client.register_script(_READ_CASES)
        self._renew_due = client.register_script(_RENEW_DUE)
        self._poll = client.register_script(_POLL)
        self._read_renewing = client.register_script(_READ_RENEWING)
        self._assign_page = client.register_script(_ASSIGN_PAGE)
        self._fields = client.register_script(_FIELDS)
        self._members = client.register_script(_MEMBERS)
        self._loads = client.register_script(_LOADS)
        self._to_review = client.register_script(_TO_REVIEW)
        self._return = client.register_script(_RETURN)

    async def enqueue(self, record: dict, score: float, first_check: float) -> bool:
        """Put a new case in its specialty queue; False if it was already known.

        ``first_check`` is when the SLA timer first looks at it (the "at risk" point).
        """
        cid = record["case_id"]
        c = keys.case_community(cid)
        return bool(await self._enqueue(
            keys=[keys.case(cid), keys.queue(record["specialty"], c), keys.cases_by_study(c),
                  keys.deadlines(c)],
            args=[cid, repr(score), orjson.dumps(summary(record)), record["priority"],
                  record["specialty"], record["clinic"], record["study_instance_uid"],
                  record.get("zone") or "", record.get("subspecialty") or "",
                  record["patient"].get("id") or "", repr(first_check)]))

    async def move(self, case_id: str, specialty: str, old_owner: str, doctor: str,
                   lease_deadline: float, unopened_only: bool = False) -> int:
        """Give a case to a named doctor (supervisor action, or the doctor called in for it
        with ``unopened_only``: never a read in progress); returns the new fence."""
        c = keys.case_community(case_id)
        return int(_check(await self._move(
            keys=[keys.case(case_id), keys.leases(c), keys.queue(specialty, c),
                  keys.doctor_cases(old_owner or "-", c), keys.doctor_cases(doctor, c),
                  keys.fence(c)],
            args=[case_id, doctor, repr(lease_deadline), old_owner or "",
                  "1" if unopened_only else "0"])))

    async def assign_many(self, plans: Sequence[tuple[str, str, float, bool, float,
                                                      Sequence[Candidate]]]
                          ) -> list[tuple[str, int] | None | bool]:
        """``assign`` for many cases in one call (``_ASSIGN_PAGE``); the outcome per case is
        exactly what ``assign`` would have returned, called for each in order."""
        if not plans:
            return []
        # one community per call (one slot): the router works one community at a time
        c = keys.case_community(plans[0][0])
        keys_: list[str] = [keys.leases(c), keys.fence(c)]
        index: dict[str, int] = {}

        def at(key: str) -> int:
            if key not in index:
                keys_.append(key)
                index[key] = len(keys_)  # Lua counts from 1
            return index[key]

        args: list = [len(plans)]
        for case_id, specialty, score, stat, deadline, candidates in plans:
            if keys.case_community(case_id) != c:
                raise ValueError(f"case {case_id} is not of community {c!r}")
            args += [case_id, at(keys.queue(specialty, c)), at(keys.case(case_id)),
                     repr(deadline), "1" if stat else "0", repr(score), len(candidates)]
            for d in candidates:
                args += [at(keys.doctor_cases(d.doctor_id, c)), d.doctor_id, d.capacity]
        out: list[tuple[str, int] | None | bool] = []
        for result in await self._assign_page(keys=keys_, args=args):
            if result is None:
                out.append(False)
            elif result == 0:
                out.append(None)
            else:
                doctor, fence = result
                out.append((doctor.decode() if isinstance(doctor, bytes) else doctor,
                            int(fence)))
        return out

    async def fields(self, hashes: Sequence[str], names: Sequence[str]
                     ) -> list[list[bytes | None]]:
        """HMGET ``names`` of each hash key, in one call."""
        if not hashes:
            return []
        if not one_slot(hashes):
            return await self._each(hashes, lambda p, k: p.hmget(k, *names))
        return await self._fields(keys=list(hashes), args=list(names))

    async def members(self, sets: Sequence[str]) -> list[list[bytes]]:
        """SMEMBERS of each set key, in one call."""
        if not sets:
            return []
        if not one_slot(sets):
            return await self._each(sets, lambda p, k: p.smembers(k))
        return await self._members(keys=list(sets))

    async def _each(self, names: Sequence[str], command: Callable) -> list:
        """One command per key in a plain pipeline: keys of several slots (a patient's cases
        are not under a tag), which one script may not touch on Redis Cluster; the cluster
        client splits a pipeline by node."""
        pipe = self.redis.pipeline(transaction=False)
        for name in names:
            command(pipe, name)
        return await pipe.execute()

    async def loads(self, doctor_ids: Sequence[str], below: tuple[float, float],
                    community: str = keys.DEFAULT_COMMUNITY) -> list[tuple[int, int, int]]:
        """Per doctor of ``community``: open cases, and those scored below each of the two
        bounds."""
        if not doctor_ids:
            return []
        flat = await self._loads(keys=[keys.doctor_cases(d, community) for d in doctor_ids],
                                 args=[f"({below[0]!r}", f"({below[1]!r}"])
        return [tuple(flat[i:i + 3]) for i in range(0, len(flat), 3)]

    async def assign(self, case_id: str, specialty: str, score: float, stat: bool,
                     lease_deadline: float, candidates: Sequence[Candidate]
                     ) -> tuple[str, int] | None | bool:
        """Give the case to the least-loaded candidate atomically.

        Returns (doctor, fence); False when the case is no longer queued (another router
        took it); None when every candidate is at capacity.
        """
        args: list = [case_id, repr(lease_deadline), "1" if stat else "0", repr(score)]
        for d in candidates:
            args += [d.doctor_id, d.capacity]
        c = keys.case_community(case_id)
        result = await self._assign(
            keys=[keys.queue(specialty, c), keys.case(case_id), keys.leases(c), keys.fence(c),
                  *(keys.doctor_cases(d.doctor_id, c) for d in candidates)], args=args)
        if result is None:
            return False
        if result == 0:
            return None
        doctor, fence = result
        return (doctor.decode() if isinstance(doctor, bytes) else doctor), int(fence)

    async def owner_step(self, case_id: str, doctor: str, new_status: str,
                         fence: int | None = None) -> int:
        """claim (→ in_review) or sign (→ reported) by the owner; returns the fence."""
        c = keys.case_community(case_id)
        return int(_check(await self._owner_step(
            keys=[keys.case(case_id), keys.leases(c), keys.doctor_cases(doctor, c),
                  keys.deadlines(c)],
            args=[doctor, "" if fence is None else str(fence), new_status, case_id])))

    async def to_review(self, record: dict, writer: str, fence: int | None, first_check: float,
                        due: float, min_title: str, same_zone: bool) -> int:
        """The writer's signed preliminary: the case becomes a review item in its queue
        (kind ``review``, due at ``due``); returns the fence the writer held."""
        cid = record["case_id"]
        slim = dict(summary(record), kind="review", writer=writer, due_at=due)
        c = keys.case_community(cid)
        return int(_check(await self._to_review(
            keys=[keys.case(cid), keys.leases(c), keys.doctor_cases(writer, c),
                  keys.queue(record["specialty"], c), keys.deadlines(c)],
            args=[cid, writer, "" if fence is None else str(fence), repr(first_check),
                  orjson.dumps(slim), repr(due), min_title, "1" if same_zone else "0"])))

    async def return_to_writer(self, record: dict, reviewer: str, writer: str,
                               lease_deadline: float) -> int:
        """The reviewer sends the preliminary back: the writer holds the case again as a read
        (their lease starts now); returns the new fence."""
        cid = record["case_id"]
        c = keys.case_community(cid)
        return int(_check(await self._return(
            keys=[keys.case(cid), keys.leases(c), keys.doctor_cases(reviewer, c),
                  keys.doctor_cases(writer, c), keys.fence(c)],
            args=[cid, reviewer, writer, repr(lease_deadline),
                  orjson.dumps(dict(summary(record), kind="read"))])))

    async def requeue(self, case_id: str, specialty: str, owner: str, doctor: str = "",
                      fence: int | None = None, expired_by: float | None = None) -> str:
        """Back to the queue at the original priority and arrival order."""
        c = keys.case_community(case_id)
        return _check(await self._requeue(
            keys=[keys.case(case_id), keys.leases(c), keys.queue(specialty, c),
                  keys.doctor_cases(owner, c)],
            args=[case_id, doctor, "" if fence is None else str(fence),
                  "" if expired_by is None else repr(expired_by)]))

    async def renew_leases(self, doctor: str, now: float, lease_seconds: dict[str, int],
                           community: str = keys.DEFAULT_COMMUNITY) -> int:
        """A doctor at work keeps the unopened cases they hold (except STAT, whose short
        acknowledgement window stands): push each lease to now + its priority's lease.

        Done at most every ``RENEW_EVERY`` seconds per doctor: leases are minutes long, and
        a worklist poll every few seconds need not rewrite them each time.
        """
        if not await self._renew_due(keys=[keys.lease_renewed(doctor, community)],
                                     args=[repr(now), RENEW_EVERY, 10 * RENEW_EVERY]):
            return 0
        return await self._renew(now, lease_seconds, await self._open(doctor, community),
                                 community)

    async def _renew(self, now: float, lease_seconds: dict[str, int], cases: list[Open],
                     community: str) -> int:
        renew = {c.case_id: now + lease_seconds[c.priority] for c in cases
                 if c.priority != "stat" and c.priority in lease_seconds}
        if not renew:
            return 0
        # XX: never re-create a lease the timer already took back; GT: never shorten one
        return int(await self.redis.zadd(keys.leases(community), renew, xx=True, gt=True,
                                         ch=True))

    async def poll(self, doctor: str, now: float, lease_seconds: dict[str, int],
                   community: str = keys.DEFAULT_COMMUNITY) -> list[Open]:
        """A doctor's worklist poll: their open cases in worklist order (as stored: the
        caller decodes what it shows), with the leases renewed as ``renew_leases`` does —
        two round trips in all (``poll_into`` folds the first into a caller's pipeline)."""
        polled = await self._poll(keys=[keys.lease_renewed(doctor, community),
                                        keys.doctor_cases(doctor, community)],
                                  args=[repr(now), RENEW_EVERY, 10 * RENEW_EVERY])
        return await self.poll_read(polled, now, lease_seconds, community)

    @staticmethod
    def poll_into(pipe: Pipeline, doctor: str, now: float,
                  community: str = keys.DEFAULT_COMMUNITY) -> None:
        """Queue a poll's first step (renewal mark, the worklist's ids) in ``pipe``, to be
        finished by ``poll_read`` with its reply. A plain EVAL: an EVALSHA in a pipeline
        costs redis-py a SCRIPT EXISTS round trip first on every execute, and a cluster
        pipeline never loads a script (NOSCRIPT on a fresh or promoted node)."""
        pipe.eval(_POLL, 2, keys.lease_renewed(doctor, community),
                  keys.doctor_cases(doctor, community), repr(now), RENEW_EVERY,
                  10 * RENEW_EVERY)

    async def poll_read(self, polled: list, now: float, lease_seconds: dict[str, int],
                        community: str = keys.DEFAULT_COMMUNITY) -> list[Open]:
        """The open cases of a poll's first reply (a doctor of ``community``), leases
        renewed in the same call if due (STAT keeps its short acknowledgement window)."""
        due, raw_ids = polled
        ids = [m.decode() for m in raw_ids]
        if not due or not ids:
            return await self._read(ids)
        leases = [x for p, secs in lease_seconds.items() if p != "stat"
                  for x in (p, str(secs))]
        flat = await self._read_renewing(
            keys=[keys.leases(community), *(keys.case(cid) for cid in ids)],
            args=[repr(now), len(leases) // 2, *leases, *ids])
        return self._opened(ids, flat)

    async def _open(self, doctor: str, community: str = keys.DEFAULT_COMMUNITY) -> list[Open]:
        return await self._read([m.decode() for m in await self.redis.zrange(
            keys.doctor_cases(doctor, community), 0, -1)])

    async def _read(self, ids: list[str]) -> list[Open]:
        if not ids:
            return []
        return self._opened(ids, await self._read_cases(keys=[keys.case(cid) for cid in ids]))

    @staticmethod
    def _opened(ids: list[str], flat: list) -> list[Open]:
        out = []
        for i, cid in enumerate(ids):
            summary, status, owner, fence, priority = flat[5 * i:5 * i + 5]
            if summary:  # (a case removed meanwhile)
                out.append(Open(cid, summary, status.decode(), (owner or b"").decode() or None,
                                int(fence or 0), (priority or b"").decode()))
        return out

    async def state(self, case_id: str) -> dict[str, str]:
        raw = await self.redis.hgetall(keys.case(case_id))
        return {k.decode(): v.decode() for k, v in raw.items()}

    async def queued(self, specialty: str, limit: int = 100,
                     community: str = keys.DEFAULT_COMMUNITY) -> list[tuple[str, float]]:
        items = await self.redis.zrange(keys.queue(specialty, community), 0, limit - 1,
                                        withscores=True)
        return [(m.decode(), s) for m, s in items]

    async def worklist(self, doctor: str, community: str = keys.DEFAULT_COMMUNITY
                       ) -> list[dict]:
        out = []
        for c in await self._open(doctor, community):
            rec = orjson.loads(c.summary)
            rec.update(status=c.status, assigned_to=c.owner, fence=c.fence)
            out.append(rec)
        return out

    async def expired_leases(self, now: float, limit: int = 500,
                             community: str = keys.DEFAULT_COMMUNITY) -> list[str]:
        items = await self.redis.zrangebyscore(keys.leases(community), "-inf", now, start=0,
                                               num=limit)
        return [m.decode() for m in items]

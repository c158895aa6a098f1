"""Login throttling: attempts counted and locked atomically in Redis, per (account, source
address), with a per-account slow-down across addresses.

- From one address, an account gets ``max_failures`` password checks per window; the
  attempt is counted *before* the (slow) check by one Lua script, so 40 parallel guesses
  still get at most ``max_failures`` checks. A success clears that address's count.
- Failures from every address together beyond ``slow_after`` slow the account down to one
  check per ``slow_interval`` seconds instead of locking it: a guesser elsewhere can neither
  brute-force the password nor lock the doctor out, who can still log in from their own
  machine after a short wait.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from teleconsult.store import keys

OK, LOCKED, SLOW = "ok", "locked", "slow_down"

# KEYS: pair counter, account failure counter, slot for clean addresses, slot for the others
# ARGV: max_failures, window_s, slow_after, slow_interval_ms
# -> {verdict, attempts from this address so far (this one included)}
# While slowed down, addresses without a failure take turns apart from those with failures,
# so a guesser hammering from its own addresses does not crowd out the doctor's.
_BEGIN = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return {'locked', n} end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then
  local slot = KEYS[4]
  if n == 0 then slot = KEYS[3] end
  if not redis.call('SET', slot, '1', 'NX', 'PX', ARGV[4]) then return {'slow_down', n} end
end
n = redis.call('INCR', KEYS[1])
if n == 1 or n >= tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
local a = redis.call('INCR', KEYS[2])
if a == 1 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return {'ok', n}
"""
# KEYS: pair counter, account failure counter. The attempt counted by _BEGIN was not a failure.
_SUCCEEDED = """
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
"""


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int = 5  # per (account, address) per window
    window_seconds: int = 15 * 60
    slow_after: int = 20  # failures per account from all addresses in a window
    slow_interval_seconds: float = 2.0


@dataclass(frozen=True)
class Attempt:
    verdict: str  # OK, LOCKED or SLOW
    count: int  # attempts from this address in the window, this one included when OK


class LoginGuard:
    """The Redis side of login throttling (see the module docstring)."""

    def __init__(self, redis: aioredis.Redis, limits: LoginLimits | None = None) -> None:
        self.redis = redis
        self.limits = limits or LoginLimits()

    async def begin(self, user: str, address: str) -> Attempt:
        """Count an attempt before its password check, or refuse it (locked / slow down)."""
        lim = self.limits
        verdict, count = await self.redis.eval(
            _BEGIN, 4, keys.login_pair(user, address), keys.login_account(user),
            keys.login_slot(user, "clean"), keys.login_slot(user, "failed"), lim.max_failures,
            lim.window_seconds, lim.slow_after, int(lim.slow_interval_seconds * 1000))
        return Attempt(verdict.decode() if isinstance(verdict, bytes) else verdict, int(count))

    async def succeeded(self, user: str, address: str) -> None:
        await self.redis.eval(_SUCCEEDED, 2, keys.login_pair(user, address),
                              keys.login_account(user))

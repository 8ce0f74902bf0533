"""The Lua scripts of :class:`~ncm_async.ratelimit.RedisLimiterStore`, one per operation.

Each script reads the namespace's hash, does what
:class:`~ncm_async.ratelimit.InMemoryLimiterStore` does (the reference for the
semantics), writes the hash back and sets it to expire once idle long enough
that a fresh start is the same as the state it held (bucket full, cooldown over,
rate recovered). Time is the server's ``TIME``, so processes on different hosts
agree on it; every result is relative (a wait, a time remaining). Numbers go
back to Python as strings: Redis truncates Lua numbers to integers.

``ARGV[1..6]`` is the :class:`~ncm_async.config.RateLimit` (see ``limit_args``);
an operation's own arguments follow.
"""

from __future__ import annotations

from ncm_async._config import RateLimit

__all__ = ["SCRIPTS", "limit_args"]

_PRELUDE = """
local function num(v) if v then return tonumber(v) end return nil end
local function fmt(x) return string.format('%.17g', x) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local rpm, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local adaptive, decrease = ARGV[3] == '1', tonumber(ARGV[4])
local increase, floor = tonumber(ARGV[5]), tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'refilled_at', 'rate', 'rate_changed_at',
  'cooldown_until')
local tokens, refilled_at = num(s[1]), num(s[2]) or -math.huge
local rate = math.min(num(s[3]) or rpm, rpm)
local rate_changed_at, cooldown_until = num(s[4]) or -math.huge, num(s[5]) or -math.huge

local function tokens_at(when)
  if tokens == nil then return burst end
  return math.min(burst, tokens + math.max(0, when - refilled_at) * rate / 60)
end

local function store()
  local fields = {'rate', fmt(rate)}
  if tokens ~= nil then
    table.insert(fields, 'tokens'); table.insert(fields, fmt(tokens))
    table.insert(fields, 'refilled_at'); table.insert(fields, fmt(refilled_at))
  end
  if rate_changed_at > -math.huge then
    table.insert(fields, 'rate_changed_at'); table.insert(fields, fmt(rate_changed_at))
  end
  if cooldown_until > -math.huge then
    table.insert(fields, 'cooldown_until'); table.insert(fields, fmt(cooldown_until))
  end
  redis.call('HSET', KEYS[1], unpack(fields))
  local idle = math.max(0, cooldown_until - now, refilled_at - now) + 60 * burst / rate
  if rate < rpm then
    if increase > 0 then idle = idle + 60 * (rpm - rate) / increase else idle = idle + 86400 end
  end
  redis.call('PEXPIRE', KEYS[1], math.ceil(idle * 1000) + 1000)
end
"""

_TAKE = """
local at = math.max(now, refilled_at)
local available = tokens_at(at)
if now >= refilled_at and available >= 1 - 1e-9 then
  tokens, refilled_at = available - 1, at
  store()
  return {'0', fmt(rate)}
end
return {fmt(at - now + math.max(0, 1 - available) * 60 / rate), fmt(rate)}
"""

_GIVE_BACK = """
if tokens ~= nil and now >= cooldown_until then
  tokens = math.min(burst, tokens + 1)
  store()
end
return 1
"""

_THROTTLE = """
local wait = tonumber(ARGV[7])
local deadline = math.max(cooldown_until, now + math.max(0, wait))
local available = tokens_at(deadline)
if adaptive and now >= cooldown_until then
  rate = math.max(floor, rate * decrease)
end
rate_changed_at = math.max(rate_changed_at, deadline)
tokens, refilled_at, cooldown_until = math.min(1, available), deadline, deadline
store()
return {fmt(rate), fmt(deadline - now)}
"""

_RECOVER = """
if rate < rpm and now > rate_changed_at then
  if now > refilled_at then
    tokens, refilled_at = tokens_at(now), now
  end
  rate = math.min(rpm, rate + increase * (now - rate_changed_at) / 60)
  rate_changed_at = now
  store()
end
return fmt(rate)
"""

SCRIPTS = {
    name: _PRELUDE + body
    for name, body in (
        ("take", _TAKE),
        ("give_back", _GIVE_BACK),
        ("throttle", _THROTTLE),
        ("recover", _RECOVER),
    )
}


def limit_args(limit: RateLimit) -> list[str]:
    """``ARGV[1..6]``: the policy every script reads."""
    return [
        repr(float(limit.requests_per_minute)),
        str(limit.burst),
        "1" if limit.adaptive else "0",
        repr(float(limit.decrease_factor)),
        repr(float(limit.increase_per_minute)),
        repr(float(limit.min_requests_per_minute)),
    ]

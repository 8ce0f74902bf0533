"""The Lua scripts of :class:`~ncm_async.ratelimit.RedisLimiterStore`, one per operation.

Each script reads the namespace's hash (the nine floats of a
:class:`~ncm_async.ratelimit._budget.Budget`), does what the pure functions of
:mod:`ncm_async.ratelimit._budget` do (the reference for the semantics), writes the
hash back and sets it to expire once idle long enough that forgetting it is safe
(bucket full, cooldown over, no throttle left to remember). Time is
the server's ``TIME``, so processes on different hosts agree on it; every result
is relative (a wait, a time remaining). Numbers go back to Python as strings:
Redis truncates Lua numbers to integers.

``ARGV[1..7]`` is the :class:`~ncm_async._config.RateLimit` (see ``limit_args``);
an operation's own arguments follow.
"""

from __future__ import annotations

from ncm_async._config import RateLimit
from ncm_async.ratelimit._budget import CARRY, NEVER, SMOOTHING, TOKEN_TOLERANCE

__all__ = ["SCRIPTS", "limit_args"]

_PRELUDE = f"""
local function fmt(x) return string.format('%.17g', x) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local rpm, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local adaptive, beta = ARGV[3] == '1', tonumber(ARGV[4])
local scale, floor, isolated = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local names = {{'tokens', 'stamp', 'cooldown_until', 'peak', 'climb_from', 'last_throttle',
  'sent_rate', 'sent_since', 'sent_count'}}
local s = redis.call('HMGET', KEYS[1], unpack(names))
local known = s[1] ~= false
local b = {{}}
if known then
  for i, n in ipairs(names) do b[n] = tonumber(s[i]) end
else
  b = {{tokens = burst, stamp = now, cooldown_until = {NEVER!r}, peak = 0, climb_from = {NEVER!r},
    last_throttle = {NEVER!r}, sent_rate = 0, sent_since = math.floor(now * 2) / 2,
    sent_count = 0}}
end

local function rate_at(t)
  local ceiling = rpm / 60
  if not adaptive or b.peak <= 0 then return ceiling end
  local k = (b.peak * (1 - beta) / scale) ^ (1 / 3)
  local e = math.max(0, t - b.climb_from)
  return math.min(ceiling, math.max(floor / 60, scale * (e - k) ^ 3 + b.peak))
end

local function tokens_at(t, rate, cap)
  return math.min(cap, b.tokens + math.max(0, t - b.stamp) * rate)
end

local function per_minute(rate)
  if rate >= rpm / 60 then return rpm end
  if rate <= floor / 60 then return floor end
  return rate * 60
end

local function store()
  local fields = {{}}
  for _, n in ipairs(names) do
    table.insert(fields, n); table.insert(fields, fmt(b[n]))
  end
  redis.call('HSET', KEYS[1], unpack(fields))
  local idle = math.max(0, b.cooldown_until - now) + 60 * burst / rpm + isolated + 1
  redis.call('PEXPIRE', KEYS[1], math.ceil(idle * 1000))
end
"""

_TAKE = f"""
local rate = rate_at(now)
local at = math.max(now, b.cooldown_until)
local tokens = tokens_at(at, rate, burst)
if ARGV[8] == '1' then
  local pacing = 0
  if b.tokens < 1 then pacing = b.tokens end
  tokens = math.min(tokens, {CARRY!r}, pacing + math.max(0, at - b.stamp) * rate)
end
if now >= b.cooldown_until and tokens >= 1 - {TOKEN_TOLERANCE!r} then
  b.tokens, b.stamp = math.max(0, tokens - 1), now
  local count = b.sent_count + 1
  local window = math.floor(now * 2) / 2
  if window <= b.sent_since then
    b.sent_count = count
  else
    local latest = count / (window - b.sent_since)
    b.sent_rate = {SMOOTHING!r} * latest + (1 - {SMOOTHING!r}) * b.sent_rate
    b.sent_since, b.sent_count = window, 0
  end
  store()
  return {{'0', fmt(per_minute(rate))}}
end
return {{fmt(at - now + math.max(0, 1 - tokens) / rate), fmt(per_minute(rate))}}
"""

_GIVE_BACK = """
if known and now >= b.cooldown_until then
  b.stamp = b.stamp - 1 / rate_at(now)
  store()
end
return 1
"""

_THROTTLE = """
local wait = tonumber(ARGV[8])
local deadline = math.max(b.cooldown_until, now + math.max(0, wait))
local rate = rate_at(now)
local due = math.min(1, tokens_at(deadline, rate, burst))
if now >= b.cooldown_until then
  if adaptive and now - b.last_throttle < isolated then
    local sent = b.sent_rate
    if sent <= 0 then sent = rate end
    b.peak, b.climb_from = math.max(floor / 60, math.min(rate, sent)), deadline
  end
  b.last_throttle = now
end
b.cooldown_until = deadline
b.tokens, b.stamp = 0, deadline - due / rate_at(deadline)
store()
return {fmt(per_minute(rate_at(now))), fmt(deadline - now)}
"""

SCRIPTS = {
    name: _PRELUDE + body
    for name, body in (("take", _TAKE), ("give_back", _GIVE_BACK), ("throttle", _THROTTLE))
}


def limit_args(limit: RateLimit) -> list[str]:
    """``ARGV[1..7]``: the policy every script reads."""
    return [
        repr(float(limit.requests_per_minute)),
        str(limit.burst),
        "1" if limit.adaptive else "0",
        repr(float(limit.decrease_factor)),
        repr(float(limit.cubic_scale)),
        repr(float(limit.min_requests_per_minute)),
        repr(float(limit.isolated_after)),
    ]

"""The account budget as pure functions over a small, flat state (the limiter's algorithm).

A token bucket whose fill rate follows a CUBIC curve, after the AWS SDKs' adaptive
retry mode (botocore ``retries/adaptive.py`` and ``retries/throttling.py``):

- **No burst while busy**: a burst serves requests that come one at a time. While
  other requests are in flight (a fan-out, say), a take needs a token accrued
  since the last take, so a fan-out is paced at the rate from its first request
  instead of bursting into an account whose bucket may be smaller than
  ``burst``. A late wake-up (a busy event loop) is made up to half a token
  (``CARRY``) and beyond that forgiven, never sent as a burst.
- **Isolated throttle**: a throttle with no other in the previous
  ``isolated_after`` seconds costs its cooldown and nothing else: the rate stays
  where it was (at a known budget a stray 429 is timing jitter, not a wrong rate).
- **Repeated throttles** lower the rate: to ``decrease_factor`` x the rate
  actually sent (measured, as botocore does, over half-second windows and smoothed),
  from where it climbs back along ``C (t - K)^3 + peak`` (``K`` chosen so the
  curve starts at ``decrease_factor x peak``): quickly up to ``peak``, the rate that
  was being sent, flat near it, and only then probing beyond; never above the
  configured rate, never below ``min_requests_per_minute``. So with an unknown
  budget the rate settles near the real one.
- **Cooldown**: a throttle also empties the bucket until ``now + wait``; every
  answer of one burst extends the same cooldown but counts as one throttle.

Every function takes the state and returns a new one. The state is nine floats,
so a shared store keeps it as one Redis hash and ports these few lines to Lua.
Times are seconds on the store's clock; rates inside are requests per second,
rates reported are requests per minute (as :class:`~ncm_async.RateLimit` speaks).
"""

from __future__ import annotations

import math

import attrs

from ncm_async._config import RateLimit

__all__ = [
    "NEVER",
    "CARRY",
    "SMOOTHING",
    "TOKEN_TOLERANCE",
    "Budget",
    "fresh",
    "rate_at",
    "take",
    "give_back",
    "throttle",
]

NEVER = -1e18
"""A time long past (finite, so it survives a round trip through Redis and Lua)."""

TOKEN_TOLERANCE = 1e-9
"""Refills are float products: a token due "now" may come out a hair short of one."""

CARRY = 1.5
"""The most a take finds while busy: lateness up to half a token is made up (the
schedule holds), more is forgiven rather than sent as a burst."""

SMOOTHING = 0.8
"""Weight of the latest half-second in the measured send rate (botocore's value)."""


@attrs.frozen
class Budget:
    """The shared state of one account's budget.

    Attributes:
        tokens: Tokens in the bucket at ``stamp``.
        stamp: When ``tokens`` was counted (the last take, or as if, after a throttle).
        cooldown_until: No request starts before this time.
        peak: The rate (req/s) that was being sent at the last repeated throttle;
            0 while none happened (the rate is then the configured one).
        climb_from: When the climb back towards ``peak`` started (a cooldown's end).
        last_throttle: When the last throttle (not answer) was reported.
        sent_rate: Measured send rate, req/s, smoothed over half-second windows.
        sent_since: Start of the current half-second window.
        sent_count: Requests sent in it.
    """

    tokens: float
    stamp: float
    cooldown_until: float = NEVER
    peak: float = 0.0
    climb_from: float = NEVER
    last_throttle: float = NEVER
    sent_rate: float = 0.0
    sent_since: float = NEVER
    sent_count: float = 0.0


def fresh(now: float, limit: RateLimit) -> Budget:
    """A new account's state: a full bucket, nothing sent, never throttled."""
    return Budget(tokens=float(limit.burst), stamp=now, sent_since=_window(now))


def rate_at(state: Budget, now: float, limit: RateLimit) -> float:
    """The bucket's fill rate at ``now`` in requests/second."""
    ceiling = limit.requests_per_minute / 60
    if not limit.adaptive or state.peak <= 0:
        return ceiling
    k = math.pow(state.peak * (1 - limit.decrease_factor) / limit.cubic_scale, 1 / 3)
    elapsed = max(0.0, now - state.climb_from)
    curve = limit.cubic_scale * (elapsed - k) ** 3 + state.peak
    return min(ceiling, max(limit.min_requests_per_minute / 60, curve))


def per_minute(rate: float, limit: RateLimit) -> float:
    """A rate from :func:`rate_at` in requests/minute (exactly the configured bound at the ends)."""
    if rate >= limit.requests_per_minute / 60:
        return float(limit.requests_per_minute)
    if rate <= limit.min_requests_per_minute / 60:
        return float(limit.min_requests_per_minute)
    return rate * 60


def take(
    state: Budget, now: float, limit: RateLimit, busy: bool = False
) -> tuple[Budget, float, float]:
    """Take a token now if there is one.

    Args:
        state: The budget.
        now: The store's time.
        limit: The policy.
        busy: Other requests are in flight: this one waits a token after the last.

    Returns:
        ``(new state, 0, rate)`` when taken, else ``(state, seconds to wait, rate)``;
        ``rate`` is the fill rate at ``now`` in requests/second.
    """
    rate = rate_at(state, now, limit)
    at = max(now, state.cooldown_until)
    tokens = _tokens_at(state, at, rate, limit.burst)
    if busy:
        pacing = state.tokens if state.tokens < 1 else 0.0
        tokens = min(tokens, CARRY, pacing + max(0.0, at - state.stamp) * rate)
    if now >= state.cooldown_until and tokens >= 1 - TOKEN_TOLERANCE:
        return _sent(state, max(0.0, tokens - 1), now), 0.0, rate
    return state, at - now + max(0.0, 1 - tokens) / rate, rate


def give_back(state: Budget, now: float, limit: RateLimit) -> Budget:
    """Return the token of a request that never started (none during a cooldown).

    The bucket is stamped one token earlier, which gives the token back both to a
    take one at a time and to a paced take while busy.
    """
    if now < state.cooldown_until:
        return state
    return attrs.evolve(state, stamp=state.stamp - 1 / rate_at(state, now, limit))


def throttle(state: Budget, now: float, wait: float, limit: RateLimit) -> Budget:
    """Record a throttled answer: nothing starts before ``now + wait`` (or a later cooldown end).

    The first answer after a cooldown is a new throttle; the rate falls only if
    it repeats one less than ``limit.isolated_after`` seconds old.
    """
    deadline = max(state.cooldown_until, now + max(0.0, wait))
    rate = rate_at(state, now, limit)
    due = min(1.0, _tokens_at(state, deadline, rate, limit.burst))
    peak, climb_from, last = state.peak, state.climb_from, state.last_throttle
    if now >= state.cooldown_until:
        if limit.adaptive and now - state.last_throttle < limit.isolated_after:
            sent = state.sent_rate if state.sent_rate > 0 else rate
            peak, climb_from = max(limit.min_requests_per_minute / 60, min(rate, sent)), deadline
        last = now
    after = attrs.evolve(
        state, cooldown_until=deadline, peak=peak, climb_from=climb_from, last_throttle=last
    )
    # An empty bucket stamped so that ``due`` tokens have accrued by the deadline: the
    # first request then goes at once, the next a token later (no burst after a pause).
    return attrs.evolve(after, tokens=0.0, stamp=deadline - due / rate_at(after, deadline, limit))


def _tokens_at(state: Budget, when: float, rate: float, burst: float) -> float:
    return min(float(burst), state.tokens + max(0.0, when - state.stamp) * rate)


def _window(now: float) -> float:
    return math.floor(now * 2) / 2


def _sent(state: Budget, tokens: float, now: float) -> Budget:
    """The state after a take at ``now`` leaving ``tokens``, counted into the measured
    send rate. Built in one constructor call: this runs once per request."""
    count = state.sent_count + 1
    window = _window(now)
    sent_rate, sent_since = state.sent_rate, state.sent_since
    if window > sent_since:
        latest = count / (window - sent_since)
        sent_rate = SMOOTHING * latest + (1 - SMOOTHING) * sent_rate
        sent_since, count = window, 0.0
    return Budget(
        tokens,
        now,
        state.cooldown_until,
        state.peak,
        state.climb_from,
        state.last_throttle,
        sent_rate,
        sent_since,
        count,
    )

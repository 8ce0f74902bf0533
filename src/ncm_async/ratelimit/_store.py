"""Where a rate limiter keeps the state it may share with other processes.

One NCM account has one budget, so several processes using one account should
share the token bucket, the cooldown and the adaptive rate. :class:`LimiterStore`
is that state behind four operations, each of which must be atomic (on Redis, one
Lua script per method). Results are relative to ``now`` (a wait, a time remaining),
so a store serving several processes may use its own time base (the Redis
``TIME``) instead of the caller's monotonic clock, which differs per process.

:class:`InMemoryLimiterStore` is the single-process store, and the reference for
the semantics below.
"""

from __future__ import annotations

import math
from typing import Protocol

import attrs

from ncm_async._config import RateLimit

__all__ = ["TakeResult", "LimiterState", "LimiterStore", "InMemoryLimiterStore"]

# Refills are float products, so a token due "now" may come out a hair short of one.
_TOKEN_TOLERANCE = 1e-9


@attrs.frozen
class TakeResult:
    """The answer to a request for a token.

    Attributes:
        wait: 0 when the token was taken; else seconds until one may be (nothing
            was taken: ask again then).
        rate: The store's current rate, in requests/minute.
    """

    wait: float
    rate: float


@attrs.frozen
class LimiterState:
    """The shared state after a throttle, for stats and logs.

    Attributes:
        rate: Current rate in requests/minute.
        cooldown_remaining: Seconds from ``now`` until requests may start again.
    """

    rate: float
    cooldown_remaining: float


class LimiterStore(Protocol):
    """Token bucket, cooldown and adaptive rate; each method one atomic step."""

    async def take(self, now: float, limit: RateLimit) -> TakeResult:
        """Take a token if one is available now, else say how long until one may be.

        The bucket refills at the current rate up to ``limit.burst`` tokens and has
        none before a cooldown ends. A fresh store starts full, at
        ``limit.requests_per_minute``. Nothing is reserved, so a waiter that goes
        away owes nothing.
        """
        ...

    async def give_back(self, now: float, limit: RateLimit) -> None:
        """Return a token taken for a request that never started (not during a cooldown)."""
        ...

    async def throttle(self, now: float, wait: float, limit: RateLimit) -> LimiterState:
        """Record a throttled response: no token is available before ``now + wait``.

        Keeps the later of the current and the new cooldown end, and restarts the
        bucket there with at most one token (no burst after a pause). When no
        cooldown was running and ``limit.adaptive``, also multiplies the rate by
        ``decrease_factor`` (floor ``min_requests_per_minute``): at most one decrease
        per cooldown window, however many responses of one burst report it.
        """
        ...

    async def recover(self, now: float, limit: RateLimit) -> float:
        """Add ``increase_per_minute`` per minute since the last change; return the rate.

        Time spent in a cooldown does not count; the rate never exceeds
        ``limit.requests_per_minute``.
        """
        ...


class InMemoryLimiterStore:
    """The state of one process's limiter (plain attributes: no await, so atomic)."""

    def __init__(self) -> None:
        self._tokens: float | None = None
        self._refilled_at = -math.inf
        self._rate: float | None = None
        self._rate_changed_at = -math.inf
        self._cooldown_until = -math.inf

    async def take(self, now: float, limit: RateLimit) -> TakeResult:
        """See :meth:`LimiterStore.take`."""
        rate = self._current_rate(limit)
        at = max(now, self._refilled_at)
        tokens = self._tokens_at(at, rate, limit.burst)
        if now >= self._refilled_at and tokens >= 1 - _TOKEN_TOLERANCE:
            self._tokens, self._refilled_at = tokens - 1, at
            return TakeResult(wait=0.0, rate=rate)
        return TakeResult(wait=at - now + max(0.0, 1 - tokens) * 60 / rate, rate=rate)

    async def give_back(self, now: float, limit: RateLimit) -> None:
        """See :meth:`LimiterStore.give_back`."""
        if self._tokens is not None and now >= self._cooldown_until:
            self._tokens = min(float(limit.burst), self._tokens + 1)

    async def throttle(self, now: float, wait: float, limit: RateLimit) -> LimiterState:
        """See :meth:`LimiterStore.throttle`."""
        rate = self._current_rate(limit)
        deadline = max(self._cooldown_until, now + max(0.0, wait))
        tokens = self._tokens_at(deadline, rate, limit.burst)
        if limit.adaptive and now >= self._cooldown_until:
            rate = max(limit.min_requests_per_minute, rate * limit.decrease_factor)
        self._rate = rate
        self._rate_changed_at = max(self._rate_changed_at, deadline)
        self._tokens, self._refilled_at = min(1.0, tokens), deadline
        self._cooldown_until = deadline
        return LimiterState(rate=rate, cooldown_remaining=deadline - now)

    async def recover(self, now: float, limit: RateLimit) -> float:
        """See :meth:`LimiterStore.recover`."""
        rate = self._current_rate(limit)
        ceiling = limit.requests_per_minute
        if rate < ceiling and now > self._rate_changed_at:
            if now > self._refilled_at:
                self._tokens, self._refilled_at = self._tokens_at(now, rate, limit.burst), now
            elapsed = now - self._rate_changed_at
            rate = min(ceiling, rate + limit.increase_per_minute * elapsed / 60)
            self._rate, self._rate_changed_at = rate, now
        return rate

    def _current_rate(self, limit: RateLimit) -> float:
        if self._rate is None:
            self._rate = float(limit.requests_per_minute)
        return self._rate

    def _tokens_at(self, when: float, rate: float, burst: int) -> float:
        """The tokens at ``when`` (refilled at ``rate`` since the last change)."""
        if self._tokens is None:
            return float(burst)
        elapsed = max(0.0, when - self._refilled_at)
        return min(float(burst), self._tokens + elapsed * rate / 60)

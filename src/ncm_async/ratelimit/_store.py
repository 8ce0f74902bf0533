"""Where a rate limiter keeps the state it may share with other processes.

One NCM account has one budget, so several processes using one account should
share the token bucket, the cooldown and the adaptive rate. :class:`LimiterStore`
is that state behind three operations, each of which must be atomic (on Redis, one
Lua script per method). Results are relative to ``now`` (a wait, a time remaining),
so a store serving several processes may use its own time base (the Redis
``TIME``) instead of the caller's monotonic clock, which differs per process.

:class:`InMemoryLimiterStore` is the single-process store, and the reference for
the semantics below.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from ncm_async._config import RateLimit
from ncm_async.ratelimit import _budget as budget
from ncm_async.ratelimit._budget import Budget

__all__ = ["TakeResult", "LimiterState", "LimiterStore", "InMemoryLimiterStore"]


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
    """The account budget's shared state; each method one atomic step.

    :mod:`ncm_async.ratelimit._budget` is the reference for the semantics: a
    store keeps one :class:`~ncm_async.ratelimit._budget.Budget` (nine floats) per
    account and applies those functions to it atomically.
    """

    async def take(self, now: float, limit: RateLimit, busy: bool = False) -> TakeResult:
        """Take a token if one is available now, else say how long until one may be.

        A fresh store is full and refills at the current rate up to
        ``limit.burst``; there is none before a cooldown ends. With ``busy``
        (other requests are in flight) a token is taken no sooner than one
        token's time after the last: a fan-out is paced, never sent as a burst.
        Nothing is reserved, so a waiter that goes away owes nothing.
        """
        ...

    async def give_back(self, now: float, limit: RateLimit) -> None:
        """Return a token taken for a request that never started (not during a cooldown)."""
        ...

    async def throttle(self, now: float, wait: float, limit: RateLimit) -> LimiterState:
        """Record a throttled response: no token is available before ``now + wait``.

        Keeps the later of the current and the new cooldown end and restarts the
        bucket there with at most one token. The first answer after a cooldown
        is a new throttle: if ``limit.adaptive`` and it repeats one less than
        ``limit.isolated_after`` seconds old, the rate falls and climbs back along
        its CUBIC curve; an isolated one leaves the rate alone.
        """
        ...


class InMemoryLimiterStore:
    """The state of one process's limiter (plain attributes: no await, so atomic)."""

    def __init__(self) -> None:
        self._state: Budget | None = None

    async def take(self, now: float, limit: RateLimit, busy: bool = False) -> TakeResult:
        """See :meth:`LimiterStore.take`."""
        return self.take_now(now, limit, busy)

    def take_now(self, now: float, limit: RateLimit, busy: bool = False) -> TakeResult:
        """:meth:`take` without an await: the limiter's uncontended path calls it directly."""
        state = self._state or budget.fresh(now, limit)
        self._state, wait, rate = budget.take(state, now, limit, busy)
        return TakeResult(wait=wait, rate=budget.per_minute(rate, limit))

    async def give_back(self, now: float, limit: RateLimit) -> None:
        """See :meth:`LimiterStore.give_back`."""
        if self._state is not None:
            self._state = budget.give_back(self._state, now, limit)

    async def throttle(self, now: float, wait: float, limit: RateLimit) -> LimiterState:
        """See :meth:`LimiterStore.throttle`."""
        state = budget.throttle(self._state or budget.fresh(now, limit), now, wait, limit)
        self._state = state
        return LimiterState(
            rate=budget.per_minute(budget.rate_at(state, now, limit), limit),
            cooldown_remaining=state.cooldown_until - now,
        )

"""The proactive rate limiter shared by every task of one client.

A request may start once it holds (a) one of ``max_concurrency`` slots, (b) the
end of any global cooldown and (c) a token from the bucket. Waiting requests form
one queue, retried ones (``priority=True``) ahead of fresh ones, FIFO within each
class. One waiting task at a time is the *driver*: it waits for (a) to (c), then
grants them to whoever is at the front at that moment (so a retry arriving during
the wait still goes next) and drives on until it is granted itself. A token is
taken only at the moment of a grant, so a task cancelled while waiting owes
nothing. The queue and the slots are local to the process; the bucket, cooldown
and rate live in a :class:`LimiterStore` that may be shared.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import attrs

from ncm_async._config import RateLimit
from ncm_async.clock import Clock, SystemClock
from ncm_async.ratelimit._store import InMemoryLimiterStore, LimiterStore, TakeResult

__all__ = ["RateLimiter"]

logger = logging.getLogger("ncm_async")


@attrs.define(eq=False)
class _Waiter:
    """A request waiting to start; ``event`` exists only once it has to wait."""

    priority: bool
    event: anyio.Event | None = None
    granted: bool = False

    def wake(self) -> None:
        if self.event is not None:
            self.event.set()


class RateLimiter:
    """Token bucket, concurrency cap and global cooldown for one NCM account.

    The transport wraps each attempt in :meth:`slot` and reports every throttled
    response (a 429 in v2, a throttling 409 in v3) to :meth:`throttled`. One
    throttle pauses every task, which is what keeps a fan-out from stampeding an
    account that is already over budget. Other responses need no report: the rate
    climbs back with time (see :mod:`ncm_async.ratelimit._budget`).

    Args:
        limit: Rate, burst, concurrency and adaptive policy.
        clock: Time source; inject a :class:`~ncm_async.clock.FakeClock` in tests.
        store: Shared state; defaults to a fresh in-process store.
        max_in_flight: Fewer requests in flight than ``limit.max_concurrency``: the
            client passes its pool's size, so requests wait here, in order, rather
            than in httpcore's queue, which scans every connection for each one.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Clock | None = None,
        store: LimiterStore | None = None,
        max_in_flight: int | None = None,
    ) -> None:
        self._limit = limit
        self._max_in_flight = min(limit.max_concurrency, max_in_flight or limit.max_concurrency)
        self._clock: Clock = clock or SystemClock()
        self._store: LimiterStore = store or InMemoryLimiterStore()
        self._local = type(self._store) is InMemoryLimiterStore
        self._queues: dict[bool, collections.deque[_Waiter]] = {
            True: collections.deque(),
            False: collections.deque(),
        }
        self._driver: _Waiter | None = None
        self._in_flight = 0
        self._slot_freed: anyio.Event | None = None
        self._rate = float(limit.requests_per_minute)
        self._cooldown_until = self._clock.now()
        self._cooling = False

    @property
    def current_rate(self) -> float:
        """Requests/minute the bucket refills at, as last seen in the store."""
        return self._rate

    @property
    def cooldown_remaining(self) -> float:
        """Seconds until requests may start again, as last seen in the store."""
        return max(0.0, self._cooldown_until - self._clock.now())

    @property
    def in_flight(self) -> int:
        """Requests started and not yet finished in this process."""
        return self._in_flight

    @property
    def waiting(self) -> int:
        """Requests of this process waiting to start."""
        return sum(len(queue) for queue in self._queues.values())

    @asynccontextmanager
    async def slot(self, priority: bool = False) -> AsyncIterator[None]:
        """Wait until a request may start; hold a concurrency slot until the block exits.

        Args:
            priority: A retry: it starts before every fresh request still waiting.
        """
        waiter = _Waiter(priority)
        self._queues[priority].append(waiter)
        try:
            while not waiter.granted:
                if self._driver is None:
                    await self._drive(waiter)
                else:
                    waiter.event = anyio.Event()
                    await waiter.event.wait()
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self._abandon(waiter)
            raise
        self._hand_over_driving()
        try:
            yield
        finally:
            self._release()

    def try_slot(self) -> bool:
        """Take a slot at once if nobody waits, one is free and the local bucket has a token.

        The uncontended request (the common one) then skips the queue, a task
        switch and the deadline that bounds a wait. On True, hold the slot with
        :meth:`held`. A shared store answers over the network: always False.
        """
        if (
            not self._local
            or self._driver is not None
            or self._queues[True]
            or self._queues[False]
            or self._in_flight >= self._max_in_flight
        ):
            return False
        assert isinstance(self._store, InMemoryLimiterStore)
        result = self._store.take_now(self._clock.now(), self._limit, self._in_flight > 0)
        if not self._took(result):
            return False
        self._in_flight += 1
        return True

    def held(self) -> _Held:
        """The block holding a slot :meth:`try_slot` took; the slot is freed when it exits."""
        return _Held(self)

    async def throttled(self, wait: float) -> None:
        """Report a throttled response: nobody starts a request for ``wait`` seconds.

        Extends the global cooldown (never shortens it) and restarts the bucket at
        its end without burst; if adaptive and throttles repeat, the rate falls and
        climbs back along its CUBIC curve (see :mod:`ncm_async.ratelimit._budget`).

        Args:
            wait: The wait the transport settled on (``Retry-After`` or backoff).
        """
        now = self._clock.now()
        state = await self._store.throttle(now, wait, self._limit)
        self._note_cooldown(now, state.cooldown_remaining)
        if state.rate != self._rate:
            logger.debug("rate %.1f -> %.1f requests/minute", self._rate, state.rate)
        self._rate = state.rate

    async def _drive(self, me: _Waiter) -> None:
        self._driver = me
        try:
            while not me.granted:
                await self._admit_front()
        finally:
            self._driver = None

    async def _admit_front(self) -> None:
        while self._in_flight >= self._max_in_flight:
            self._slot_freed = anyio.Event()
            await self._slot_freed.wait()
        result = await self._store.take(self._clock.now(), self._limit, self._in_flight > 0)
        if not self._took(result):
            await self._clock.sleep(result.wait)
            return
        queue = self._queues[True] or self._queues[False]
        waiter = queue.popleft()
        waiter.granted = True
        self._in_flight += 1
        waiter.wake()

    def _took(self, result: TakeResult) -> bool:
        """Note a take's answer: whether it got a token (else wait ``result.wait``)."""
        self._rate = result.rate
        if result.wait > 0:
            return False
        if self._cooling:
            self._cooling = False
            logger.debug("cooldown over")
        return True

    async def _abandon(self, waiter: _Waiter) -> None:
        if not waiter.granted:
            self._queues[waiter.priority].remove(waiter)
        else:
            self._release()
            await self._store.give_back(self._clock.now(), self._limit)
        self._hand_over_driving()

    def _hand_over_driving(self) -> None:
        if self._driver is None and (queue := self._queues[True] or self._queues[False]):
            queue[0].wake()

    def _release(self) -> None:
        self._in_flight -= 1
        if self._slot_freed is not None:
            self._slot_freed.set()

    def _note_cooldown(self, now: float, remaining: float) -> None:
        self._cooldown_until = max(self._cooldown_until, now + remaining)
        if remaining > 0 and not self._cooling:
            self._cooling = True
            logger.debug("throttled: no request starts for %.3f s", remaining)


class _Held:
    """``async with limiter.held():`` frees the slot a :meth:`RateLimiter.try_slot` took."""

    __slots__ = ("_limiter",)

    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        self._limiter._release()

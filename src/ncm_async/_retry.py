"""The retry policy: the only module that knows tenacity.

Which failures are retried depends on the method: a GET is safe to repeat, a
write only when the server certainly did not process it (the request never got
there, or it was throttled). Waits honour ``Retry-After`` first (capped), else
exponential backoff with full jitter; attempts *and* total time are bounded.
Sleeping goes through the injected clock, so tests see exact waits without waiting.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from ncm_async._config import RetryPolicy
from ncm_async.clock import Clock
from ncm_async.errors import APIConnectionError, APIStatusError, RateLimitError

if TYPE_CHECKING:
    import tenacity

logger = logging.getLogger("ncm_async")

T = TypeVar("T")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def is_retryable(method: str, exc: BaseException) -> bool:
    """Whether ``exc`` from a ``method`` request may be retried.

    Throttling (429, v3 409) means "not processed" for every method. Connection
    failures and the retryable statuses are retried for safe methods; a write is
    retried after a connection failure only when nothing was sent.
    """
    if isinstance(exc, RateLimitError):
        return True
    safe = method.upper() in SAFE_METHODS
    if isinstance(exc, APIConnectionError):
        return safe or not exc.sent
    if isinstance(exc, APIStatusError):
        return safe and exc.status_code in RETRYABLE_STATUS
    return False


def backoff(policy: RetryPolicy, attempt: int, rng: random.Random) -> float:
    """Exponential backoff ceiling for ``attempt`` (1-based), drawn with full jitter."""
    ceiling = min(policy.backoff_max, policy.backoff_initial * 2 ** max(0, attempt - 1))
    return rng.uniform(0.0, ceiling) if policy.jitter else ceiling


def wait_for(
    policy: RetryPolicy, exc: BaseException | None, attempt: int, rng: random.Random
) -> float:
    """How long to wait before retrying after ``exc`` on ``attempt``.

    The server's ``Retry-After`` wins (capped by ``retry_after_max``); without it,
    exponential backoff with full jitter.
    """
    retry_after = exc.retry_after if isinstance(exc, APIStatusError) else None
    if retry_after is not None:
        return min(float(retry_after), policy.retry_after_max)
    return backoff(policy, attempt, rng)


async def with_retries(
    attempt: Callable[[int], Awaitable[T]],
    policy: RetryPolicy,
    *,
    method: str,
    clock: Clock,
    rng: random.Random,
    cooldown_remaining: Callable[[], float] | None = None,
    on_retry: Callable[[BaseException, int, float], None] | None = None,
) -> T:
    """``await attempt(n)`` for n = 1, 2, ... until it succeeds or the policy gives up.

    The first attempt runs bare: most requests succeed at once, and building a
    tenacity loop for each one was a measurable share of a request's CPU. After a
    retryable failure the loop of :func:`retrying` takes over, its first attempt
    replaying that failure, so waits, bounds and ``on_retry`` see exactly the
    attempts they would have seen had the loop run from the start.
    """
    start = clock.now()
    try:
        return await attempt(1)
    except BaseException as exc:
        if not is_retryable(method, exc):
            raise
        first = exc
    loop = retrying(
        policy,
        method=method,
        clock=clock,
        rng=rng,
        cooldown_remaining=cooldown_remaining,
        on_retry=on_retry,
        start=start,
    )
    async for state in loop:
        with state:
            number = state.retry_state.attempt_number
            if number == 1:
                raise first
            return await attempt(number)
    raise AssertionError("unreachable: the retry loop returns or raises")  # pragma: no cover


def retrying(
    policy: RetryPolicy,
    *,
    method: str,
    clock: Clock,
    rng: random.Random,
    cooldown_remaining: Callable[[], float] | None = None,
    on_retry: Callable[[BaseException, int, float], None] | None = None,
    start: float | None = None,
) -> tenacity.AsyncRetrying:
    """A tenacity loop for one request.

    Args:
        policy: Bounds and backoff parameters.
        method: HTTP method of the request (decides what is retryable).
        clock: Supplies ``now()`` for the total-time bound and ``sleep()``.
        rng: Jitter source (seeded in tests).
        cooldown_remaining: The rate limiter's shared cooldown still to run. A
            throttled attempt sleeps no further itself: acquiring the next slot
            waits for that cooldown, which every task shares.
        on_retry: Called as ``(exc, next_attempt_number, wait)`` before each sleep.
        start: When the call began (the total-time bound counts from it); now if None.
    """
    import tenacity  # on the first retry, not at ``import ncm_async``

    if start is None:
        start = clock.now()

    def retry(state: tenacity.RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        return exc is not None and is_retryable(method, exc)

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RateLimitError):
            return 0.0
        return wait_for(policy, exc, state.attempt_number, rng)

    def stop(state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= policy.max_attempts:
            return True
        pending = state.upcoming_sleep
        if cooldown_remaining is not None:
            pending = max(pending, cooldown_remaining())
        return clock.now() - start + pending > policy.max_total_seconds

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        if exc is not None and on_retry is not None:
            on_retry(exc, state.attempt_number + 1, state.upcoming_sleep)

    return tenacity.AsyncRetrying(
        sleep=clock.sleep,
        retry=retry,
        wait=wait,
        stop=stop,
        before_sleep=before_sleep,
        reraise=True,
    )

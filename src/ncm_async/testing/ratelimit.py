"""The account-wide request budget: a token bucket on an injectable clock.

NCM allows "about 500 calls per minute per account, across all endpoints"
(v3-and-limits). v2 answers a throttled call with 429; v3 may answer 409
"Conflict with internal rules" without a JSON:API ``errors`` array. Whether a
``Retry-After`` header comes along, and in which form, is undocumented, so it is
a setting.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Literal

import attrs

RetryAfter = Literal["seconds", "http-date", "absent"]

_ROUNDING = 1e-9
"""Tokens that float rounding may lose: a client pacing at exactly the rate, on the
same clock, must not be refused because ``0.1 * 3`` is not ``0.3``."""


DEFAULT_BURST = 10
"""The client's default ``RateLimit.burst``: the most generous a server should be."""


def _burst(value: int | None) -> int:
    return DEFAULT_BURST if value is None else value


@attrs.frozen
class SimRateLimit:
    """How the simulator throttles.

    Attributes:
        requests_per_minute: Sustained rate (tokens added per minute).
        burst: Bucket size, independent of the rate: how many requests may arrive at
            once after idling. A real account's burst is not published; the default
            is the client's default burst (``RateLimit.burst``), so an unconfigured
            simulator is never more generous than the account a client expects. A
            server burst above the client's lets a client that bursts too much pass.
            None means the default.
        retry_after: ``Retry-After`` on throttled answers: integer seconds
            (rounded up), an HTTP-date, or no header at all.
        v3_throttle_409: v3 throttles with 409 (as observed) instead of 429.
    """

    requests_per_minute: float = 500.0
    burst: int = attrs.field(default=DEFAULT_BURST, converter=_burst)
    retry_after: RetryAfter = "seconds"
    v3_throttle_409: bool = True

    def __attrs_post_init__(self) -> None:
        if self.requests_per_minute <= 0:
            msg = "requests_per_minute must be positive"
            raise ValueError(msg)
        if not isinstance(self.burst, int) or self.burst < 1:
            msg = "burst must be at least 1"
            raise ValueError(msg)


class TokenBucket:
    """Tokens refill continuously; a request takes one or is refused with a wait."""

    def __init__(self, limit: SimRateLimit, clock: Callable[[], float]):
        self.limit = limit
        self._clock = clock
        self._rate = limit.requests_per_minute / 60.0
        self._capacity = float(limit.burst)
        self._tokens = self._capacity
        self._stamp = clock()

    def try_take(self) -> float | None:
        """Take a token: None if granted, else seconds until one is available."""
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._tokens >= 1.0 - _ROUNDING:
            self._tokens -= 1.0
            return None
        return (1.0 - self._tokens) / self._rate


def retry_after_header(
    style: RetryAfter, wait: float, now: Callable[[], datetime] | None = None
) -> list[tuple[bytes, bytes]]:
    """The ``Retry-After`` header for a refusal with ``wait`` seconds to go."""
    seconds = max(1, math.ceil(wait))
    if style == "seconds":
        return [(b"retry-after", str(seconds).encode())]
    if style == "http-date":
        moment = (now or _utcnow)() + timedelta(seconds=seconds)
        return [(b"retry-after", format_datetime(moment, usegmt=True).encode())]
    return []


def _utcnow() -> datetime:
    return datetime.now(UTC)

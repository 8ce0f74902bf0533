"""Proactive rate limiting: token bucket, concurrency cap, global cooldown, adaptive rate.

:class:`RateLimiter` is what the transport uses; :class:`LimiterStore` is the seam
for sharing one account's budget between processes.
"""

from ncm_async.ratelimit._limiter import RateLimiter
from ncm_async.ratelimit._redis_store import RedisLimiterStore
from ncm_async.ratelimit._store import (
    InMemoryLimiterStore,
    LimiterState,
    LimiterStore,
    TakeResult,
)

__all__ = [
    "RateLimiter",
    "LimiterStore",
    "InMemoryLimiterStore",
    "RedisLimiterStore",
    "TakeResult",
    "LimiterState",
]

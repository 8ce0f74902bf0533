"""Proactive rate limiting: token bucket, concurrency cap, global cooldown, adaptive rate.

:class:`RateLimiter` is what the transport uses; :class:`LimiterStore` is the seam
for sharing one account's budget between processes.
"""

from typing import TYPE_CHECKING

from ncm_async.ratelimit._limiter import RateLimiter
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

if TYPE_CHECKING:
    from ncm_async.ratelimit._redis_store import RedisLimiterStore


def __getattr__(name: str) -> object:
    """``RedisLimiterStore`` on first use (its scripts are needed only with Redis)."""
    if name == "RedisLimiterStore":
        from ncm_async.ratelimit._redis_store import RedisLimiterStore

        globals()[name] = RedisLimiterStore
        return RedisLimiterStore
    msg = f"module 'ncm_async.ratelimit' has no attribute {name!r}"
    raise AttributeError(msg)

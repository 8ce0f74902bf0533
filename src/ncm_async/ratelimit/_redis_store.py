"""One account budget shared by many processes and hosts, in Redis.

:class:`RedisLimiterStore` keeps the token bucket, the global cooldown and the
adaptive rate of one *namespace* in one Redis hash; each :class:`LimiterStore`
operation is one atomic Lua script (sent as ``EVALSHA``) on the server's clock.
Every client passing a store with the same namespace shares one budget: a 429
seen by one process pauses all of them.

When Redis fails (unreachable, or slower than ``socket_timeout``), the store
either *falls back* (the default): it logs a warning and paces this process alone
with a local bucket at ``fallback_share`` of the rate, trying Redis again every
``retry_seconds``; or, with ``on_failure="raise"``, it fails closed with a
:class:`~ncm_async.errors.SharedStoreError`. It never waits longer than a socket
timeout for Redis.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ncm_async import _redis
from ncm_async._config import RateLimit
from ncm_async.errors import ConfigurationError, SharedStoreError
from ncm_async.ratelimit._redis_scripts import SCRIPTS, limit_args
from ncm_async.ratelimit._store import InMemoryLimiterStore, LimiterState, TakeResult

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisLimiterStore", "OnFailure"]

logger = logging.getLogger("ncm_async")

OnFailure = Literal["fallback", "raise"]


@attrs.frozen
class _Policy:
    on_failure: OnFailure
    fallback_share: float
    retry_seconds: float

    def __attrs_post_init__(self) -> None:
        if self.on_failure not in ("fallback", "raise"):
            msg = f"on_failure must be 'fallback' or 'raise', got {self.on_failure!r}"
            raise ConfigurationError(msg)
        share = self.fallback_share
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
            msg = f"fallback_share must be in (0, 1], got {share!r}"
            raise ConfigurationError(msg)
        retry = self.retry_seconds
        if isinstance(retry, bool) or not isinstance(retry, int | float) or not retry > 0:
            msg = f"retry_seconds must be a positive number of seconds, got {retry!r}"
            raise ConfigurationError(msg)


class RedisLimiterStore:
    """A :class:`~ncm_async.ratelimit.LimiterStore` in Redis, shared by namespace.

    Args:
        client: A ``redis.asyncio.Redis`` client (yours: never closed by the store).
            Give it a ``socket_timeout``, or a stalled server stalls requests.
        namespace: Names the shared budget: one per NCM account.
        on_failure: ``"fallback"``: when Redis fails, log a warning and pace this
            process alone at ``fallback_share`` of the rate until Redis answers
            again. ``"raise"``: fail closed with :class:`SharedStoreError`.
        fallback_share: This process's share of the rate while Redis is down
            (set it to 1 / the number of processes sharing the account).
        retry_seconds: While falling back, how often to try Redis again.

    Raises:
        ConfigurationError: An empty namespace or a bad failure policy.
        TypeError: ``client`` is not a ``redis.asyncio.Redis``.
    """

    def __init__(
        self,
        client: Redis,
        *,
        namespace: str,
        on_failure: OnFailure = "fallback",
        fallback_share: float = 0.25,
        retry_seconds: float = 5.0,
    ) -> None:
        _redis.check_client(client)
        if not isinstance(namespace, str) or not namespace.strip():
            msg = "the limiter namespace must be a non-empty string (one per NCM account)"
            raise ConfigurationError(msg)
        self._policy = _Policy(on_failure, fallback_share, retry_seconds)
        self.namespace = namespace
        self._client = client
        self._owns_client = False
        self._keys = [f"ncm_async:limiter:{{{namespace}}}"]
        self._scripts = _redis.Scripts(client, SCRIPTS)
        self._local: InMemoryLimiterStore | None = None
        self._local_limits: dict[RateLimit, RateLimit] = {}
        self._retry_at = -math.inf
        self.failures = 0
        """Redis operations that failed (each one answered locally or raised)."""

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        namespace: str,
        on_failure: OnFailure = "fallback",
        fallback_share: float = 0.25,
        retry_seconds: float = 5.0,
        socket_timeout: float = 1.0,
    ) -> RedisLimiterStore:
        """A store on its own connection pool to ``url`` (closed by :meth:`aclose`).

        Args:
            url: ``redis://[:password@]host:port/db`` (or ``rediss://``, ``unix://``).
            socket_timeout: Seconds any one Redis operation may take.

        Raises:
            ConfigurationError: A bad URL or argument, or ``redis`` is not installed.
        """
        store = cls(
            _redis.connect(url, socket_timeout=socket_timeout),
            namespace=namespace,
            on_failure=on_failure,
            fallback_share=fallback_share,
            retry_seconds=retry_seconds,
        )
        store._owns_client = True
        return store

    def __repr__(self) -> str:
        return f"RedisLimiterStore(namespace={self.namespace!r})"

    @property
    def falling_back(self) -> bool:
        """Whether this process is pacing itself locally because Redis failed."""
        return self._local is not None

    async def aclose(self) -> None:
        """Close the connection pool if :meth:`from_url` opened it."""
        if self._owns_client:
            await self._client.aclose()

    async def take(self, now: float, limit: RateLimit) -> TakeResult:
        """See :meth:`LimiterStore.take` (on the server's clock)."""
        answer = await self._shared(now, "take", limit)
        if answer is None:
            return await self._fallback().take(now, self._local_limit(limit))
        return TakeResult(wait=float(answer[0]), rate=float(answer[1]))

    async def give_back(self, now: float, limit: RateLimit) -> None:
        """See :meth:`LimiterStore.give_back`."""
        if await self._shared(now, "give_back", limit) is None:
            await self._fallback().give_back(now, self._local_limit(limit))

    async def throttle(self, now: float, wait: float, limit: RateLimit) -> LimiterState:
        """See :meth:`LimiterStore.throttle`: every process sharing the namespace pauses."""
        answer = await self._shared(now, "throttle", limit, repr(float(wait)))
        if answer is None:
            return await self._fallback().throttle(now, wait, self._local_limit(limit))
        return LimiterState(rate=float(answer[0]), cooldown_remaining=float(answer[1]))

    async def recover(self, now: float, limit: RateLimit) -> float:
        """See :meth:`LimiterStore.recover`."""
        answer = await self._shared(now, "recover", limit)
        if answer is None:
            return await self._fallback().recover(now, self._local_limit(limit))
        return float(answer)

    async def _shared(self, now: float, name: str, limit: RateLimit, *extra: str) -> Any:
        """The script's answer, or None when this process paces itself locally."""
        if self._local is not None and now < self._retry_at:
            return None
        try:
            answer = await self._scripts.run(name, self._keys, [*limit_args(limit), *extra])
        except _redis.redis_errors() as exc:
            self.failures += 1
            if self._policy.on_failure == "raise":
                error = _redis.shared_store_error(f"limiter {name}", exc)
                raise SharedStoreError(f"{error} (namespace {self.namespace!r})") from exc
            self._fall_back(now, limit, exc)
            return None
        if self._local is not None:
            logger.warning("Redis limiter store %r answers again: budget shared", self.namespace)
            self._local = None
        return answer

    def _fall_back(self, now: float, limit: RateLimit, exc: BaseException) -> None:
        if self._local is None:
            local = self._local_limit(limit)
            logger.warning(
                "Redis limiter store %r failed (%s: %s): pacing this process alone at"
                " %.0f/min (%.0f%% of %.0f/min) and trying Redis again every %.0f s",
                self.namespace,
                type(exc).__name__,
                exc,
                local.requests_per_minute,
                self._policy.fallback_share * 100,
                limit.requests_per_minute,
                self._policy.retry_seconds,
            )
        self._retry_at = now + self._policy.retry_seconds
        self._fallback()

    def _fallback(self) -> InMemoryLimiterStore:
        if self._local is None:
            self._local = InMemoryLimiterStore()
        return self._local

    def _local_limit(self, limit: RateLimit) -> RateLimit:
        """``limit`` scaled down to this process's share."""
        local = self._local_limits.get(limit)
        if local is None:
            share = self._policy.fallback_share
            rate = limit.requests_per_minute * share
            local = attrs.evolve(
                limit,
                requests_per_minute=rate,
                burst=max(1, math.floor(limit.burst * share)),
                min_requests_per_minute=min(limit.min_requests_per_minute, rate),
            )
            self._local_limits[limit] = local
        return local

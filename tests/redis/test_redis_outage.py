"""Redis stopped mid-pull: the pull finishes exactly on a local share, or stops with a clear error.

The simulator is served in its own process; the client is in the test. Redis is
stopped after the first records arrive; every wait on Redis is bounded by the
store's socket timeout, so each pull ends within ``fail_after``.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from redis_support import RedisServer
from sim_process import SimProcess

from ncm_async import AsyncNcmClient, RateLimit
from ncm_async.errors import SharedStoreError
from ncm_async.models.base import id_from_url
from ncm_async.ratelimit import RedisLimiterStore
from ncm_async.testing import NcmSimulator

pytestmark = [pytest.mark.server, pytest.mark.asyncio]

ROUTERS = 400
SEED = 11
NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
LIMIT = RateLimit(requests_per_minute=1200, max_concurrency=2)


@pytest.fixture(scope="module")
def served() -> Iterator[SimProcess]:
    with SimProcess(
        "--routers", str(ROUTERS), "--seed", str(SEED), "--now", NOW.isoformat(),
        "--rate-limit", "1200/min",
    ) as sim:  # fmt: skip
        yield sim


def key(record: Any) -> tuple[str | None, str]:
    return id_from_url(record["router"] if isinstance(record, dict) else record.router), (
        record["created_at_timeuuid"] if isinstance(record, dict) else record.created_at_timeuuid
    )


def truth() -> Counter[tuple[str | None, str]]:
    sim = NcmSimulator(routers=ROUTERS, seed=SEED, now=NOW)
    ids = sim.fleet.router_ids
    rows: Counter[tuple[str | None, str]] = Counter()
    for start in range(0, len(ids), 100):
        chunk = ids[start : start + 100]
        rows.update(map(key, sim.ground_truth("router_state_samples", router__in=chunk,
                                              created_at__gt=SINCE)))  # fmt: skip
    return rows


async def pull_stopping_redis(
    served: SimProcess, redis: RedisServer, store: RedisLimiterStore, got: list[Any]
) -> None:
    ids = NcmSimulator(routers=ROUTERS, seed=SEED).fleet.router_ids
    client = AsyncNcmClient.from_env(served.env(), rate_limit=LIMIT, limiter_store=store)
    async with client as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        async with stream:
            async for record in stream:
                got.append(record)
                if redis.running:
                    redis.stop()


async def test_falls_back_and_finishes_exactly(
    served: SimProcess,
    fresh_redis: Callable[[], RedisServer],
    caplog: pytest.LogCaptureFixture,
) -> None:
    redis = fresh_redis()
    store = RedisLimiterStore.from_url(
        redis.url, namespace=uuid.uuid4().hex, fallback_share=0.5, socket_timeout=1.0
    )
    caplog.set_level(logging.WARNING, logger="ncm_async")
    got: list[Any] = []
    try:
        with anyio.fail_after(60):
            await pull_stopping_redis(served, redis, store, got)
    finally:
        await store.aclose()
    assert Counter(map(key, got)) == truth()
    assert store.falling_back
    assert store.failures >= 1
    assert "pacing this process alone at 600/min (50% of 1200/min)" in caplog.text


async def test_fails_closed_with_a_clear_error(
    served: SimProcess, fresh_redis: Callable[[], RedisServer]
) -> None:
    redis = fresh_redis()
    store = RedisLimiterStore.from_url(
        redis.url, namespace=uuid.uuid4().hex, on_failure="raise", socket_timeout=1.0
    )
    got: list[Any] = []
    try:
        with anyio.fail_after(60), pytest.raises(SharedStoreError, match="Redis limiter"):
            await pull_stopping_redis(served, redis, store, got)
    finally:
        await store.aclose()
    expected = truth()
    seen = Counter(map(key, got))
    assert 0 < len(got) < sum(expected.values())
    assert seen - expected == Counter()  # what was yielded is right and not repeated
    assert max(seen.values()) == 1

"""RedisLimiterStore on a real redis-server: the shared bucket, cooldown, rate and failures.

Redis keeps time with its own clock (``TIME``), so waits here are bounded from
both sides instead of compared exactly: the real time between two calls is
microseconds against waits of tens of seconds.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import anyio
import pytest
import redis.asyncio as aioredis
from redis_support import RedisServer, free_port

from ncm_async import RateLimit
from ncm_async.errors import ConfigurationError, SharedStoreError
from ncm_async.ratelimit import InMemoryLimiterStore, RedisLimiterStore

pytestmark = pytest.mark.asyncio

SLOW = RateLimit(requests_per_minute=6, burst=3, min_requests_per_minute=1)
"""One token per 10 s: waits dwarf the time the test itself takes."""


def namespace() -> str:
    return f"test-{uuid.uuid4().hex}"


def hash_key(ns: str) -> str:
    return f"ncm_async:limiter:{{{ns}}}"


async def test_two_processes_share_one_bucket(redis_server: RedisServer) -> None:
    ns = namespace()
    a = RedisLimiterStore.from_url(redis_server.url, namespace=ns)
    b = RedisLimiterStore.from_url(redis_server.url, namespace=ns)
    try:
        waits = [(await store.take(0.0, SLOW)).wait for store in (a, b, a)]
        assert waits == [0.0, 0.0, 0.0]
        refused = await b.take(0.0, SLOW)
        assert 9.0 < refused.wait <= 10.0
        assert refused.rate == 6.0
        await a.give_back(0.0, SLOW)
        assert (await b.take(0.0, SLOW)).wait == 0.0
        other = await RedisLimiterStore.from_url(redis_server.url, namespace=namespace()).take(
            0.0, SLOW
        )
        assert other.wait == 0.0
    finally:
        await a.aclose()
        await b.aclose()


async def test_a_throttle_seen_by_one_pauses_all_and_lowers_the_rate_once(
    redis_server: RedisServer,
) -> None:
    ns = namespace()
    limit = RateLimit(requests_per_minute=600, burst=10)
    a = RedisLimiterStore.from_url(redis_server.url, namespace=ns)
    b = RedisLimiterStore.from_url(redis_server.url, namespace=ns)
    try:
        assert (await b.take(0.0, limit)).wait == 0.0
        first = await a.throttle(0.0, 30.0, limit)
        second = await b.throttle(0.0, 5.0, limit)
        assert first.rate == second.rate == 600 * 0.7
        assert 29.9 < first.cooldown_remaining <= 30.0
        assert 29.9 < second.cooldown_remaining <= 30.0
        paused = await b.take(0.0, limit)
        assert 29.9 < paused.wait <= 30.0
        assert paused.rate == 420.0
    finally:
        await a.aclose()
        await b.aclose()


async def test_the_rate_recovers_by_the_minute_since_the_last_change(
    redis_server: RedisServer,
) -> None:
    ns = namespace()
    limit = RateLimit(requests_per_minute=600, burst=10, increase_per_minute=60)
    client = aioredis.Redis.from_url(redis_server.url)
    store = RedisLimiterStore(client, namespace=ns)
    try:
        await store.throttle(0.0, 0.0, limit)
        seconds, micros = await client.time()
        await client.hset(hash_key(ns), "rate_changed_at", seconds + micros / 1e6 - 120)
        recovered = await store.recover(0.0, limit)
        assert 420 + 120 <= recovered < 420 + 121
        assert await store.recover(0.0, limit) < recovered + 1
    finally:
        await client.aclose()


async def test_keys_expire_once_idle_and_scripts_are_sent_by_sha(
    redis_server: RedisServer,
) -> None:
    ns = namespace()
    client = aioredis.Redis.from_url(redis_server.url)
    store = RedisLimiterStore(client, namespace=ns)
    try:
        await store.take(0.0, SLOW)
        ttl = await client.pttl(hash_key(ns))
        assert 0 < ttl <= 31_000  # a full bucket (3 tokens at 6/min) plus a second
        await client.script_flush()
        before = (await client.info("commandstats")).get("cmdstat_evalsha", {}).get("calls", 0)
        for _ in range(3):
            await store.take(0.0, SLOW)
        stats = await client.info("commandstats")
        assert stats["cmdstat_evalsha"]["calls"] - before == 4  # one NOSCRIPT, then reloaded
    finally:
        await client.aclose()


async def test_falls_back_to_a_local_share_when_redis_is_down(
    fresh_redis: Callable[[], RedisServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = fresh_redis()
    store = RedisLimiterStore.from_url(
        server.url, namespace=namespace(), fallback_share=0.5, retry_seconds=10, socket_timeout=0.5
    )
    limit = RateLimit(requests_per_minute=60, burst=4)
    try:
        assert (await store.take(0.0, limit)).wait == 0.0
        server.stop()
        caplog.set_level(logging.WARNING, logger="ncm_async")
        with anyio.fail_after(10):
            local = [await store.take(100.0, limit) for _ in range(3)]
        assert [t.wait for t in local] == [0.0, 0.0, 2.0]  # 2 tokens, 30/min: a share of half
        assert store.falling_back
        assert store.failures == 1  # no second attempt before retry_seconds
        assert "pacing this process alone at 30/min (50% of 60/min)" in caplog.text
        server.start()
        assert (await store.take(100.5, limit)).wait == 1.5  # still local until 110
        assert (await store.take(110.0, limit)).wait == 0.0
        assert not store.falling_back
        assert "answers again" in caplog.text
    finally:
        await store.aclose()


async def test_fails_closed_with_a_clear_error_when_configured() -> None:
    store = RedisLimiterStore.from_url(
        f"redis://:pw-secret@127.0.0.1:{free_port()}/0",
        namespace="acct",
        on_failure="raise",
        socket_timeout=0.5,
    )
    try:
        with anyio.fail_after(10), pytest.raises(SharedStoreError) as caught:
            await store.take(0.0, SLOW)
        assert "Redis limiter take failed" in str(caught.value)
        assert "'acct'" in str(caught.value)
        assert "pw-secret" not in str(caught.value)
    finally:
        await store.aclose()


async def test_the_same_answers_as_the_in_memory_reference(redis_server: RedisServer) -> None:
    limit = RateLimit(requests_per_minute=60, burst=2, decrease_factor=0.5)
    shared = RedisLimiterStore.from_url(redis_server.url, namespace=namespace())
    local = InMemoryLimiterStore()
    try:
        for store in (shared, local):
            assert [(await store.take(0.0, limit)).wait for _ in range(2)] == [0.0, 0.0]
            state = await store.throttle(0.0, 20.0, limit)
            assert state.rate == 30.0
            refused = await store.take(0.0, limit)
            assert 19.9 < refused.wait <= 20.0
            await store.give_back(0.0, limit)  # during a cooldown: nothing to give back
            assert 19.9 < (await store.take(0.0, limit)).wait <= 20.0
    finally:
        await shared.aclose()


async def test_bad_arguments_are_refused_before_any_io() -> None:
    url = "redis://127.0.0.1:1/0"
    with pytest.raises(ConfigurationError, match="namespace"):
        RedisLimiterStore.from_url(url, namespace="")
    with pytest.raises(ConfigurationError, match="on_failure"):
        RedisLimiterStore.from_url(url, namespace="a", on_failure="ignore")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="fallback_share"):
        RedisLimiterStore.from_url(url, namespace="a", fallback_share=0)
    with pytest.raises(ConfigurationError, match="socket_timeout"):
        RedisLimiterStore.from_url(url, namespace="a", socket_timeout=0)
    with pytest.raises(TypeError):
        RedisLimiterStore("redis://x", namespace="a")  # type: ignore[arg-type]

"""RedisCheckpointStore on a real redis-server: exact resumes and one writer per key."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
import redis.asyncio as aioredis
from redis_support import RedisServer, free_port

from ncm_async import RateLimit
from ncm_async.bulk import CheckpointStore, RedisCheckpointStore
from ncm_async.errors import CheckpointLockedError, ConfigurationError, SharedStoreError
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.asyncio

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(days=2)
FAST = RateLimit(requests_per_minute=1e9, burst=1000, max_concurrency=8)


def new_key() -> str:
    return f"test-{uuid.uuid4().hex}"


def lease_key(key: str) -> str:
    return f"ncm_async:checkpoint:{{{key}}}:lease"


async def test_round_trip_and_one_writer_at_a_time(redis_server: RedisServer) -> None:
    key = new_key()
    first = RedisCheckpointStore.from_url(redis_server.url, key=key)
    second = RedisCheckpointStore.from_url(redis_server.url, key=key)
    try:
        assert isinstance(first, CheckpointStore)
        assert await first.load() is None
        await first.save({"done": ["1"], "complete": False})
        with pytest.raises(CheckpointLockedError, match="held by another pull") as caught:
            await second.load()
        assert caught.value.key == key
        assert 0 < caught.value.expires_in <= 30
        with pytest.raises(CheckpointLockedError):
            await second.save({"done": ["2"], "complete": False})
        await first.release()
        assert await second.load() == {"done": ["1"], "complete": False}
        await second.save({"done": ["1", "2"], "complete": False})
        with pytest.raises(CheckpointLockedError):
            await first.save({"done": ["1", "3"], "complete": False})
        assert await second.load() == {"done": ["1", "2"], "complete": False}
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_lapsed_lease_refuses_a_writer_whose_state_was_overwritten(
    redis_server: RedisServer,
) -> None:
    key = new_key()
    client = aioredis.Redis.from_url(redis_server.url)
    a = RedisCheckpointStore(client, key=key)
    b = RedisCheckpointStore(client, key=key)
    try:
        await a.load()
        await a.save({"n": 1})
        await client.delete(lease_key(key))  # a paused past its lease
        await a.save({"n": 2})  # nobody took over: a keeps writing
        await client.delete(lease_key(key))
        assert await b.load() == {"n": 2}
        await b.save({"n": 3})
        await client.delete(lease_key(key))  # b paused too; a wakes up
        with pytest.raises(CheckpointLockedError):
            await a.save({"n": 4})
        assert await b.load() == {"n": 3}
    finally:
        await client.aclose()


async def test_a_completed_checkpoint_releases_the_lease(redis_server: RedisServer) -> None:
    key = new_key()
    client = aioredis.Redis.from_url(redis_server.url)
    try:
        a = RedisCheckpointStore(client, key=key)
        await a.save({"complete": True})
        assert await client.exists(lease_key(key)) == 0
        assert await RedisCheckpointStore(client, key=key).load() == {"complete": True}
        await a.delete()
        assert await RedisCheckpointStore(client, key=key).load() is None
    finally:
        await client.aclose()


async def test_waits_for_a_killed_holders_lease_to_lapse(redis_server: RedisServer) -> None:
    key = new_key()
    client = aioredis.Redis.from_url(redis_server.url)
    try:
        dead = RedisCheckpointStore(client, key=key, lease_seconds=0.3)
        await dead.save({"n": 1})
        heir = RedisCheckpointStore(client, key=key, wait_seconds=30)
        assert await heir.load() == {"n": 1}
        assert await client.get(lease_key(key)) is not None
    finally:
        await client.aclose()


def keys_of(records: list[Any]) -> Counter[tuple[str, str]]:
    return Counter((r.router, r.created_at_timeuuid) for r in records)


@pytest.mark.parametrize("stop_after", [1, 900])
async def test_bulk_pull_stopped_then_resumed_by_another_store_is_exact(
    redis_server: RedisServer, stop_after: int
) -> None:
    sim = NcmSimulator(routers=60, seed=5, now=NOW)
    ids = sim.fleet.router_ids
    key = new_key()

    def pull(ncm: Any, store: RedisCheckpointStore | None) -> Any:
        return ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, checkpoint=store,
            created_at__gt=SINCE,
        )  # fmt: skip

    first: list[Any] = []
    second: list[Any] = []
    a = RedisCheckpointStore.from_url(redis_server.url, key=key)
    b = RedisCheckpointStore.from_url(redis_server.url, key=key, wait_seconds=0)
    try:
        async with sim.client(rate_limit=FAST) as ncm:
            async with pull(ncm, a) as stream:
                async for record in stream:
                    first.append(record)
                    if len(first) == stop_after:
                        break
            await a.release()
            async with pull(ncm, b) as stream:
                second = [record async for record in stream]
        async with sim.client(rate_limit=FAST) as ncm:
            truth = [r async for r in pull(ncm, None)]
        assert keys_of(first) + keys_of(second) == keys_of(truth)
        assert 0 < len(first) < len(truth)
        saved = await b.load()
        assert saved is not None
        assert saved["complete"]
    finally:
        await a.aclose()
        await b.aclose()


async def test_an_unreachable_server_fails_fast_with_a_clear_error(tmp_path: Any) -> None:
    store = RedisCheckpointStore.from_url(
        f"redis://:hunter2@127.0.0.1:{free_port()}/0", key="k", socket_timeout=0.5
    )
    with anyio.fail_after(10):
        with pytest.raises(SharedStoreError, match="Redis checkpoint acquire failed") as caught:
            await store.load()
    assert "hunter2" not in str(caught.value)
    await store.aclose()


async def test_bad_arguments_are_refused_before_any_io() -> None:
    with pytest.raises(ConfigurationError, match="redis://"):
        RedisCheckpointStore.from_url("http://127.0.0.1:6379", key="k")
    with pytest.raises(ConfigurationError, match="non-empty"):
        RedisCheckpointStore.from_url("redis://127.0.0.1:1/0", key=" ")
    with pytest.raises(ConfigurationError, match="lease_seconds"):
        RedisCheckpointStore.from_url("redis://127.0.0.1:1/0", key="k", lease_seconds=0)
    with pytest.raises(TypeError, match=r"redis\.asyncio\.Redis"):
        RedisCheckpointStore(object(), key="k")  # type: ignore[arg-type]
    store = RedisCheckpointStore.from_url("redis://:s3cret@127.0.0.1:1/0", key="k")
    assert "s3cret" not in repr(store)
    await store.aclose()


async def test_reset_empties_the_checkpoint_only_for_whoever_may_write(
    redis_server: RedisServer,
) -> None:
    key = new_key()
    client = aioredis.Redis.from_url(redis_server.url)
    try:
        a = RedisCheckpointStore(client, key=key)
        b = RedisCheckpointStore(client, key=key)
        await a.save({"n": 1})
        with pytest.raises(CheckpointLockedError):
            await b.reset()
        await a.reset()
        assert await a.load() is None
        await a.save({"n": 2})
        assert await a.load() == {"n": 2}
    finally:
        await client.aclose()

"""The client's own pool as lanes, against the simulator served by uvicorn on loopback.

Each lane is a pool of one connection carrying one request at a time, so the
number of connections each lane holds, and which pool a request went through,
are the observable outcomes.
"""

from __future__ import annotations

import socket

import anyio
import httpx
import pytest

from ncm_async import AsyncNcmClient, RateLimit, RetryPolicy, V2Keys
from ncm_async._client import MAX_POOL
from ncm_async._lanes import LaneTransport
from ncm_async.errors import APIConnectionError
from ncm_async.testing import NcmSimulator
from ncm_async.testing.server import running

KEYS = V2Keys("a", "b", "c", "d")
FAST = {"requests_per_minute": 1e9, "burst": 1000, "adaptive": False}


def connections(lanes: LaneTransport) -> list[int]:
    """Connections open in each lane, then in the overflow pool."""
    pools = [*lanes._lanes, lanes._overflow]
    return [len(pool._pool.connections) for pool in pools]


@pytest.mark.asyncio
async def test_requests_in_flight_take_one_lane_each() -> None:
    """50 allowed in flight, but no more than the pool's lanes: none overflows."""
    async with running(NcmSimulator(routers=5, latency=0.02)) as server:
        limit = RateLimit(max_concurrency=50, **FAST)
        async with AsyncNcmClient(
            v2_keys=KEYS, base_url_v2=server.base_url_v2, rate_limit=limit
        ) as ncm:
            lanes = ncm._http._transport
            assert isinstance(lanes, LaneTransport)
            statuses: list[int] = []

            async def one() -> None:
                statuses.append((await ncm.request("GET", "routers/")).status)

            async with anyio.create_task_group() as tg:
                for _ in range(30):
                    tg.start_soon(one)
            assert statuses == [200] * 30
            assert connections(lanes) == [1] * MAX_POOL + [0]
            assert len(lanes._free) == MAX_POOL


@pytest.mark.asyncio
async def test_one_request_at_a_time_keeps_one_warm_connection() -> None:
    async with (
        running(NcmSimulator(routers=5)) as server,
        AsyncNcmClient(v2_keys=KEYS, base_url_v2=server.base_url_v2) as ncm,
    ):
        for _ in range(5):
            await ncm.request("GET", "routers/")
        lanes = ncm._http._transport
        assert isinstance(lanes, LaneTransport)
        assert connections(lanes) == [1] + [0] * len(lanes._lanes)


@pytest.mark.asyncio
async def test_more_requests_than_lanes_overflow_into_a_shared_pool() -> None:
    async with running(NcmSimulator(routers=5, latency=0.02)) as server:
        lanes = LaneTransport(1)
        async with httpx.AsyncClient(transport=lanes) as http:
            url = server.base_url_v2 + "routers/"
            statuses: list[int] = []

            async def one() -> None:
                statuses.append((await http.get(url, headers=dict(KEYS.headers()))).status_code)

            async with anyio.create_task_group() as tg:
                for _ in range(3):
                    tg.start_soon(one)
            assert statuses == [200] * 3
            assert connections(lanes) == [1, 1]
            assert lanes._free == [lanes._lanes[0]]


@pytest.mark.anyio
async def test_a_failed_request_gives_its_lane_back() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    limit = RateLimit(max_concurrency=2, **FAST)
    async with AsyncNcmClient(
        v2_keys=KEYS,
        base_url_v2=f"http://127.0.0.1:{port}/api/v2/",
        rate_limit=limit,
        retry=RetryPolicy(max_attempts=1),
    ) as ncm:
        lanes = ncm._http._transport
        assert isinstance(lanes, LaneTransport)
        for _ in range(3):
            with pytest.raises(APIConnectionError, match="ConnectError"):
                await ncm.request("GET", "routers/")
        assert sorted(map(id, lanes._free)) == sorted(map(id, lanes._lanes))


def test_lanes_need_at_least_one() -> None:
    with pytest.raises(ValueError, match="lanes must be 1 or more, got 0"):
        LaneTransport(0)


@pytest.mark.asyncio
async def test_a_cancelled_request_gives_its_lane_back() -> None:
    async with (
        running(NcmSimulator(routers=5, latency=1.0)) as server,
        AsyncNcmClient(v2_keys=KEYS, base_url_v2=server.base_url_v2) as ncm,
    ):
        lanes = ncm._http._transport
        assert isinstance(lanes, LaneTransport)
        with anyio.move_on_after(0.2) as scope:
            await ncm.request("GET", "routers/")
        assert scope.cancelled_caught
        assert sorted(map(id, lanes._free)) == sorted(map(id, lanes._lanes))
        assert ncm.limiter.in_flight == 0

"""Listings under failure, origin checks, and paginator properties (hypothesis)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncm_async import AsyncNcmClient, PaginationError, RateLimit, RetryPolicy, ServerError
from ncm_async.clock import FakeClock
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
UNLIMITED = RateLimit(requests_per_minute=1_000_000, burst=100_000)
FAST_RETRY = RetryPolicy(max_attempts=3, backoff_initial=0.25, jitter=False)

App = Callable[[Any, Any, Any], Awaitable[None]]
SHARD_500 = (
    b'{"exception": {"message": "cp internal error shard-router-2", "type": "server_error"},'
    b' "errors": []}'
)


def failing(app: App, fail: Callable[[int], bool]) -> tuple[App, list[int]]:
    """Wrap an ASGI app: request number n (1-based) answers a 500 when fail(n)."""
    seen: list[int] = []

    async def wrapper(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        seen.append(len(seen) + 1)
        if fail(len(seen)):
            body = SHARD_500
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return wrapper, seen


async def test_transient_500_mid_listing_still_exact() -> None:
    sim = NcmSimulator(routers=60, seed=5, now=NOW)
    app, seen = failing(sim.app, lambda n: n == 3)
    clock = FakeClock()
    truth = sim.ground_truth("routers")
    async with (
        clock.autojump(),
        sim.client(
            transport=httpx.ASGITransport(app=app),
            clock=clock,
            rate_limit=UNLIMITED,
            retry=FAST_RETRY,
        ) as ncm,
    ):
        routers = await ncm.v2.routers.list(limit=10).collect()
    assert [r.id for r in routers] == [t["id"] for t in truth]
    assert len(seen) == math.ceil(len(truth) / 10) + 1
    assert clock.sleeps.count(0.25) == 1


async def test_permanent_failure_raises_after_yielding_earlier_pages() -> None:
    sim = NcmSimulator(routers=60, seed=5, now=NOW)
    app, seen = failing(sim.app, lambda n: n >= 3)
    clock = FakeClock()
    truth = sim.ground_truth("routers")
    got: list[str] = []

    async def consume(ncm: AsyncNcmClient) -> None:
        async for router in ncm.v2.routers.list(limit=10):
            got.append(str(router.id))

    async with (
        clock.autojump(),
        sim.client(
            transport=httpx.ASGITransport(app=app),
            clock=clock,
            rate_limit=UNLIMITED,
            retry=FAST_RETRY,
        ) as ncm,
    ):
        with pytest.raises(ServerError, match="shard-router-2"):
            await consume(ncm)
    assert got == [t["id"] for t in truth[:20]]
    assert len(seen) == 2 + FAST_RETRY.max_attempts


async def test_next_link_to_another_origin_is_refused_without_sending() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(
            200,
            json={
                "data": [{"id": "1"}],
                "meta": {
                    "limit": 1,
                    "next": "https://evil.example/api/v2/routers/?offset=1",
                    "offset": 0,
                },
            },
        )

    sim = NcmSimulator(routers=1)
    async with sim.client(transport=httpx.MockTransport(handler), rate_limit=UNLIMITED) as ncm:
        with pytest.raises(PaginationError, match=r"outside .*evil\.example"):
            await ncm.v2.routers.list(limit=1).collect()
    assert len(sent) == 1


async def test_next_link_that_does_not_advance_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "data": [{"id": "1"}],
                "meta": {"limit": 1, "next": str(request.url), "offset": 0},
            },
        )

    sim = NcmSimulator(routers=1)
    async with sim.client(transport=httpx.MockTransport(handler), rate_limit=UNLIMITED) as ncm:
        with pytest.raises(PaginationError, match="does not advance"):
            await ncm.v2.routers.list(limit=1).collect()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(routers=st.integers(min_value=0, max_value=45), page=st.integers(min_value=1, max_value=50))
def test_offset_paging_any_size_any_count(routers: int, page: int) -> None:
    sim = NcmSimulator(routers=routers, seed=routers, now=NOW)

    async def run() -> list[str]:
        async with sim.client(rate_limit=UNLIMITED) as ncm:
            return [str(r.id) async for r in ncm.v2.routers.list(limit=page)]

    got = anyio.run(run)
    truth = [t["id"] for t in sim.ground_truth("routers")]
    assert got == truth
    assert len(sim.requests) == max(1, math.ceil(len(truth) / page))


@settings(max_examples=20, deadline=None)
@given(
    page=st.integers(min_value=1, max_value=40),
    inserts=st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=4),
)
def test_keyset_paging_with_inserts_during_paging(page: int, inserts: list[int]) -> None:
    """Records added while paging never cause duplicates or skip anything older than the start."""
    sim = NcmSimulator(routers=8, seed=1, now=NOW)
    router = sim.fleet.busy_router_ids[0] if sim.fleet.busy_router_ids else sim.fleet.router_ids[0]
    before = [
        t["created_at_timeuuid"] for t in sim.ground_truth("router_state_samples", router=router)
    ]

    async def run() -> list[str]:
        got: list[str] = []
        pending = list(inserts)
        async with sim.client(rate_limit=UNLIMITED) as ncm:
            async for p in ncm.v2.router_state_samples.list(router=router, limit=page).pages():
                got.extend(str(r.created_at_timeuuid) for r in p.items)
                if pending:
                    count = pending.pop()
                    stamps = [NOW + timedelta(seconds=i + len(got)) for i in range(count)]
                    sim.add_samples("router_state_samples", router, stamps)
        return got

    got = anyio.run(run)
    assert len(got) == len(set(got))
    assert got == before

"""``bulk.map``: per-id coroutines, input order kept, errors per id or fail-fast."""

from __future__ import annotations

from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest
from bulk_support import FAST

from ncm_async.errors import AuthenticationError, ConfigurationError, NotFoundError
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


def not_found(rid: str) -> NotFoundError:
    response = httpx.Response(404, request=httpx.Request("GET", f"http://x/{rid}/"))
    return NotFoundError(f"no {rid}", response=response)


async def test_results_keep_input_order_and_errors_stay_per_id(sim: NcmSimulator) -> None:
    async def fetch(rid: str) -> int:
        await anyio.sleep(0.001 * (int(rid) % 3))
        if rid in {"3", "8"}:
            raise not_found(rid)
        return int(rid) * 10

    async with sim.client(rate_limit=FAST) as ncm:
        result = await ncm.bulk.map([5, "3", 9, 1, 8, 5, "https://x/api/v2/routers/2/"], fetch)
    assert list(result.ok.items()) == [("5", 50), ("9", 90), ("1", 10), ("2", 20)]
    assert list(result.errors) == ["3", "8"]
    assert all(isinstance(e, NotFoundError) for e in result.errors.values())


async def test_fail_fast_raises_the_first_error_and_stops(sim: NcmSimulator) -> None:
    calls: list[str] = []

    async def fetch(rid: str) -> str:
        calls.append(rid)
        if rid == "4":
            raise not_found(rid)
        return rid

    async with sim.client(rate_limit=FAST) as ncm:
        with pytest.raises(NotFoundError):
            await ncm.bulk.map(range(100), fetch, concurrency=2, fail_fast=True)
    assert len(calls) <= 6


@pytest.mark.parametrize("error", [AuthenticationError, ConfigurationError, KeyError])
async def test_errors_no_id_can_avoid_abort_even_without_fail_fast(
    sim: NcmSimulator, error: type[Exception]
) -> None:
    calls: list[str] = []

    async def fetch(rid: str) -> str:
        calls.append(rid)
        if rid == "2":
            if error is AuthenticationError:
                response = httpx.Response(401, request=httpx.Request("GET", "http://x/"))
                raise AuthenticationError("bad keys", response=response)
            raise error("boom")
        await anyio.lowlevel.checkpoint()
        return rid

    async with sim.client(rate_limit=FAST) as ncm:
        with pytest.raises(error):
            await ncm.bulk.map(range(50), fetch, concurrency=3)
    assert len(calls) < 50


async def test_map_runs_requests_through_the_shared_limiter(sim: NcmSimulator) -> None:
    ids = sim.fleet.router_ids[:40]
    peak = 0

    async with sim.client(rate_limit=FAST) as ncm:

        async def fetch(rid: str) -> Any:
            nonlocal peak
            peak = max(peak, ncm.limiter.in_flight + 1)
            return await ncm.v2.routers.get(rid)

        result = await ncm.bulk.map(ids, fetch, concurrency=5)
    assert [r.id for r in result.ok.values()] == [str(i) for i in ids]
    assert result.errors == {}
    assert len(sim.requests) == 40
    assert peak <= 5


async def test_empty_ids_and_bad_concurrency(sim: NcmSimulator) -> None:
    async def fetch(rid: str) -> str:
        return rid

    async with sim.client(rate_limit=FAST) as ncm:
        empty = await ncm.bulk.map([], fetch)
        assert (dict(empty.ok), dict(empty.errors)) == ({}, {})
        with pytest.raises(ConfigurationError):
            await ncm.bulk.map([1], fetch, concurrency=0)

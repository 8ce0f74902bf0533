"""Raw mode: the API's own dicts through the same paging, limiter, retries and bulk layer.

The records must be exactly what the server sent (no model round trip), and every
guarantee of typed mode holds: the minimum requests, exactly-once delivery under
transient faults, failing ids isolated.
"""

from __future__ import annotations

import collections
from typing import Any

import pytest
from bulk_support import FAST, SINCE, MakeSim, Truth

from ncm_async import PermissionDeniedError, RetryPolicy
from ncm_async.clock import FakeClock
from ncm_async.models.base import id_from_url
from ncm_async.testing import FaultPlan, NcmSimulator

pytestmark = pytest.mark.anyio


def raw_keys(records: list[dict[str, Any]]) -> collections.Counter[tuple[str | None, str]]:
    return collections.Counter(
        (id_from_url(r["router"]), r["created_at_timeuuid"]) for r in records
    )


async def test_raw_listing_is_the_servers_json(sim: NcmSimulator) -> None:
    async with sim.client(rate_limit=FAST) as ncm:
        routers = await ncm.v2.routers.list(raw=True).collect()
        router = sim.fleet.router_ids[0]
        samples = [
            s
            async for s in ncm.v2.router_state_samples.list(
                router=router, created_at__gt=SINCE, raw=True, limit=50
            )
        ]
        users = await ncm.v3.users.list(raw=True).collect()
    assert routers == sim.ground_truth("routers")
    assert all(type(r) is dict for r in routers)
    assert samples == sim.ground_truth("router_state_samples", router=router, created_at__gt=SINCE)
    assert len(samples) > 50
    assert users == sim.ground_truth("users", api="v3")


async def test_raw_bulk_is_exact_with_the_minimum_requests(
    sim: NcmSimulator, samples_truth: Truth
) -> None:
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
            raw=True,
        )
        records = [r async for r in stream]
    assert all(type(r) is dict for r in records)
    assert raw_keys(records) == samples_truth.expected
    assert stream.report.requests == len(sim.requests) == samples_truth.minimum


async def test_raw_bulk_under_faults_is_exact_and_isolates_failing_ids(
    make_sim: MakeSim, samples_truth: Truth
) -> None:
    clock = FakeClock()
    ids = make_sim().fleet.router_ids
    bad = [ids[7], ids[150]]
    faults = FaultPlan(transient_rate=0.03, seed=9, permanent={"routers": dict.fromkeys(bad, 403)})
    sim = make_sim(faults=faults, clock=clock.now, sleep=clock.sleep)
    retry = RetryPolicy(max_attempts=8, max_total_seconds=3600)
    async with clock.autojump(), sim.client(clock=clock, rate_limit=FAST, retry=retry) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=ids,
            created_at__gt=SINCE,
            raw=True,
        )
        records = [r async for r in stream]
    assert sim.counters.faults > 0
    assert raw_keys(records) == samples_truth.without(bad)
    assert sorted(stream.report.failed) == sorted(map(str, bad))
    assert all(isinstance(e, PermissionDeniedError) for e in stream.report.failed.values())

"""A pull's report counts its own requests, even while other tasks share the client."""

from __future__ import annotations

import anyio
import pytest
from bulk_support import SINCE, Truth, drain, keys_of

from ncm_async import RateLimit
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

UNLIMITED = RateLimit(requests_per_minute=1e9, burst=100_000)


@pytest.mark.parametrize("mode", ["plain", "with"])
async def test_report_counts_only_the_pulls_requests(
    sim: NcmSimulator, samples_truth: Truth, mode: str
) -> None:
    other = 0
    async with sim.client(rate_limit=UNLIMITED) as ncm:

        async def elsewhere() -> None:
            nonlocal other
            for _ in range(7):
                await ncm.v2.routers.list(limit=5)
                other += 1

        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
        )
        async with anyio.create_task_group() as tg:
            tg.start_soon(elsewhere)
            records = await drain(stream, mode)
    assert keys_of(records) == samples_truth.expected
    assert other == 7
    assert stream.report.requests == samples_truth.minimum
    assert ncm.stats.requests == samples_truth.minimum + 7
    assert len(sim.requests) == samples_truth.minimum + 7

"""Pacing, progress and cancellation, on virtual time (no test waits for real).

The simulator throttles at R requests/minute on the same :class:`FakeClock` as
the client, so wall time, throttles and progress intervals are exact.
"""

from __future__ import annotations

import itertools

import anyio
import pytest
from bulk_support import FAST, SINCE, MakeSim, Truth, drain, keys_of

from ncm_async import RateLimit
from ncm_async.bulk import BulkProgress
from ncm_async.clock import FakeClock
from ncm_async.testing import NcmSimulator, SimRateLimit

pytestmark = pytest.mark.anyio

R = 600.0


def budgeted(make_sim: MakeSim, clock: FakeClock) -> tuple[NcmSimulator, Truth]:
    """A simulator throttling at R with the client's burst (never more generous than the client)."""
    budget = SimRateLimit(requests_per_minute=R, burst=RateLimit(R).burst)
    sim = make_sim(rate_limit=budget, clock=clock.now, sleep=clock.sleep, density=3)
    ids = sim.fleet.router_ids
    return sim, Truth(sim, "router_state_samples", ids, 100, created_at__gt=SINCE)


async def test_at_the_budget_the_pull_takes_requests_over_r(make_sim: MakeSim) -> None:
    clock = FakeClock()
    sim, truth = budgeted(make_sim, clock)
    progress: list[BulkProgress] = []
    async with clock.autojump(), sim.client(clock=clock, rate_limit=RateLimit(R)) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
            on_progress=progress.append,
        )
        records = await drain(stream)
    report = stream.report
    assert keys_of(records) == truth.expected
    assert report.requests == truth.minimum
    assert report.elapsed <= 1.15 * report.requests / (R / 60)
    assert sim.counters.throttled <= 0.02 * sim.counters.requests
    final = progress[-1]
    assert (final.ids_done, final.ids_total) == (report.ids_total, report.ids_total)
    assert (final.records, final.requests) == (report.records, report.requests)
    assert final.elapsed == report.elapsed
    assert final.current_rate == R
    gaps = [b.elapsed - a.elapsed for a, b in itertools.pairwise(progress[:-1])]
    assert all(gap >= 0.2 for gap in gaps)
    assert len(progress) >= 5
    assert [p.records for p in progress] == sorted(p.records for p in progress)


async def test_above_the_budget_it_converges_and_stays_exact(make_sim: MakeSim) -> None:
    clock = FakeClock()
    sim, truth = budgeted(make_sim, clock)
    async with clock.autojump(), sim.client(clock=clock, rate_limit=RateLimit(2 * R)) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
        )
        records = await drain(stream, "plain")
    assert keys_of(records) == truth.expected
    assert sim.counters.throttled < 0.10 * sim.counters.requests
    assert stream.report.throttles == sim.counters.throttled
    assert stream.report.failed == {}


@pytest.mark.parametrize("mode", ["with", "plain"])
async def test_leaving_early_leaves_nothing_running(make_sim: MakeSim, mode: str) -> None:
    clock = FakeClock()
    sim = make_sim(latency=0.05, clock=clock.now, sleep=clock.sleep)
    async with clock.autojump(), sim.client(clock=clock, rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(ncm.v2.router_state_samples, key="router", ids=sim.fleet.router_ids)
        engine = stream._engine
        if mode == "with":
            async with stream:
                async for _ in stream:
                    assert engine.running > 0
                    break
        else:
            async for _ in stream:
                assert engine.running == 0
                break
            await stream.aclose()
        assert engine.running == 0
        assert ncm.limiter.in_flight == 0
        assert ncm.limiter.waiting == 0
        sent = len(sim.requests)
        await clock.sleep(10)
        assert len(sim.requests) == sent


async def test_cancelling_mid_request_leaves_nothing_running(make_sim: MakeSim) -> None:
    clock = FakeClock()
    sim = make_sim(latency=1.0, clock=clock.now, sleep=clock.sleep)
    async with clock.autojump(), sim.client(clock=clock, rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(ncm.v2.router_state_samples, key="router", ids=sim.fleet.router_ids)
        async with anyio.create_task_group() as tg:
            tg.start_soon(drain, stream)
            await clock.sleep(0.5)
            assert ncm.limiter.in_flight > 0
            tg.cancel_scope.cancel()
        assert stream._engine.running == 0
        assert ncm.limiter.in_flight == 0
        assert stream.report.records == 0


async def test_a_failing_progress_hook_ends_the_pull(sim: NcmSimulator) -> None:
    def hook(progress: BulkProgress) -> None:
        raise RuntimeError("display broke")

    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=sim.fleet.router_ids, on_progress=hook
        )
        with pytest.raises(RuntimeError, match="display broke"):
            await drain(stream)
        assert stream._engine.running == 0

"""Failures: transient ones are retried away, per-id ones isolated, the rest abort."""

from __future__ import annotations

import collections
from typing import Any

import httpx
import pytest
from bulk_support import FAST, NOW, SINCE, FailAfter, MakeSim, Truth, drain, keys_of, naming

from ncm_async import RetryPolicy, V2Keys
from ncm_async.clock import FakeClock
from ncm_async.errors import AuthenticationError, PermissionDeniedError, ServerError
from ncm_async.testing import FaultPlan, NcmSimulator

pytestmark = pytest.mark.anyio

SLOW_RETRIES = RetryPolicy(max_attempts=8, max_total_seconds=600)


def pick(sim: NcmSimulator) -> list[int]:
    """Five routers spread over the batches, two of them in one batch (both halves fail)."""
    ids = sim.fleet.router_ids
    return [ids[3], ids[50], ids[51], ids[170], ids[299]]


async def test_transient_faults_are_retried_and_the_result_stays_exact(
    make_sim: MakeSim, samples_truth: Truth
) -> None:
    clock = FakeClock()
    faults = FaultPlan(transient_rate=0.03, seed=5, slow_seconds=2.0)
    sim = make_sim(faults=faults, clock=clock.now, sleep=clock.sleep)
    async with (
        clock.autojump(),
        sim.client(clock=clock, rate_limit=FAST, retry=SLOW_RETRIES) as ncm,
    ):
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
        )
        async with stream:
            records = [r async for r in stream]
    assert keys_of(records) == samples_truth.expected
    assert stream.report.failed == {}
    assert sim.counters.faults > 0
    ok = [r for r in sim.requests if r.status == 200]
    assert len(ok) == samples_truth.minimum
    assert stream.report.retries >= sim.counters.faults - 1


async def test_permanently_forbidden_routers_are_isolated(
    make_sim: MakeSim, samples_truth: Truth
) -> None:
    probe = make_sim()
    bad = pick(probe)
    sim = make_sim(faults=FaultPlan(permanent={"routers": dict.fromkeys(bad, 403)}))
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
        )
        records = [r async for r in stream]
    report = stream.report
    assert sorted(report.failed) == sorted(map(str, bad))
    assert all(isinstance(e, PermissionDeniedError) for e in report.failed.values())
    assert keys_of(records) == samples_truth.without(bad)
    assert report.ids_done == report.ids_total == len(sim.fleet.router_ids)
    failing = [r for r in sim.requests if r.status == 403]
    assert len(failing) <= 2 * 7 * len(bad)


async def test_per_id_endpoint_records_its_forbidden_ids(make_sim: MakeSim) -> None:
    probe = make_sim()
    ids = probe.fleet.router_ids[:30]
    bad = [ids[0], ids[17]]
    sim = make_sim(faults=FaultPlan(permanent={"routers": dict.fromkeys(bad, 404)}))
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(ncm.v2.router_logs, key="router", ids=ids, created_at__gt=SINCE)
        records = [r async for r in stream]
    assert sorted(stream.report.failed) == sorted(map(str, bad))
    good = [i for i in ids if i not in bad]
    assert keys_of(records) == Truth(sim, "router_logs", good, 1, created_at__gt=SINCE).expected
    assert sum(1 for r in sim.requests if r.status == 404) == len(bad)


@pytest.mark.parametrize("mode", ["plain", "with"])
async def test_a_batch_failing_after_some_pages_delivers_every_record_once(
    make_sim: MakeSim, mode: str
) -> None:
    sim = make_sim()
    busy = sim.fleet.busy_router_ids[0]
    ids = sim.fleet.router_ids
    truth = Truth(sim, "router_state_samples", ids, 100, created_at__gt=SINCE)
    app = FailAfter(sim, busy, allowed=3)
    transport = httpx.ASGITransport(app=app)
    async with sim.client(rate_limit=FAST, transport=transport) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        records = await drain(stream, mode)
    got = keys_of(records)
    assert list(stream.report.failed) == [str(busy)]
    assert max(got.values()) == 1
    assert got - truth.per_id[str(busy)] == truth.without([busy])
    delivered_of_busy = got - truth.without([busy])
    assert 0 < sum(delivered_of_busy.values()) < sum(truth.per_id[str(busy)].values())
    assert not delivered_of_busy - truth.per_id[str(busy)]
    bisected = [r for r in sim.requests if "created_at_timeuuid__lt" in dict(r.query)]
    assert any(len(dict(r.query)["router__in"].split(",")) == 50 for r in bisected)


async def test_bad_keys_abort_the_pull_instead_of_failing_ids(make_sim: MakeSim) -> None:
    sim = make_sim(v2_keys=("cp-id", "cp-key", "ecm-id", "ecm-key"))
    wrong = V2Keys("cp-id", "cp-key", "ecm-id", "wrong")
    async with sim.client(rate_limit=FAST, v2_keys=wrong) as ncm:
        stream = ncm.bulk.list(ncm.v2.router_state_samples, key="router", ids=sim.fleet.router_ids)
        with pytest.raises(AuthenticationError):
            await drain(stream)
    assert stream.report.failed == {}
    assert len(sim.requests) <= 12


async def test_exhausted_retries_abort_the_pull(make_sim: MakeSim) -> None:
    clock = FakeClock()
    faults = FaultPlan(transient_rate=1.0, kinds=("500",))
    sim = make_sim(faults=faults, clock=clock.now, sleep=clock.sleep)
    retry = RetryPolicy(max_attempts=2)
    async with clock.autojump(), sim.client(clock=clock, rate_limit=FAST, retry=retry) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=sim.fleet.router_ids[:250]
        )
        with pytest.raises(ServerError):
            await drain(stream, "plain")
    assert stream.report.failed == {}


async def test_only_forbidden_ids_are_reported_not_their_batch_mates(make_sim: MakeSim) -> None:
    probe = make_sim()
    ids = probe.fleet.router_ids[:100]
    bad = ids[40]
    sim = make_sim(faults=FaultPlan(permanent={"routers": {bad: 403}}))
    truth = Truth(sim, "router_state_samples", ids, 100, created_at__gt=SINCE)
    got: collections.Counter[Any] = collections.Counter()
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        async with stream:
            async for page in stream.pages():
                got.update(keys_of(page))
    assert list(stream.report.failed) == [str(bad)]
    assert got == truth.without([bad])
    single = [r for r in sim.requests if dict(r.query).get("router__in") == str(bad)]
    assert len(single) == 1
    assert all(naming(r.query, str(bad)) for r in sim.requests if r.status == 403)
    assert NOW > SINCE


async def test_an_id_the_server_rejects_is_isolated_like_a_forbidden_one(
    sim: NcmSimulator,
) -> None:
    ids = [*sim.fleet.router_ids[:20], "not-a-router"]
    truth = Truth(sim, "router_state_samples", ids[:20], 100, created_at__gt=SINCE)
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        records = await drain(stream)
    assert keys_of(records) == truth.expected
    assert list(stream.report.failed) == ["not-a-router"]
    assert stream.report.failed["not-a-router"].status_code == 400  # type: ignore[attr-defined]


async def test_an_endpoint_the_key_cannot_read_stops_early(make_sim: MakeSim) -> None:
    """Every router forbidden: the pull stops after a few single-id failures, not 2 per id."""
    probe = make_sim()
    ids = probe.fleet.router_ids
    sim = make_sim(faults=FaultPlan(permanent={"routers": dict.fromkeys(ids, 403)}))
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        with pytest.raises(PermissionDeniedError):
            await drain(stream, "plain")
    assert len(ids) >= 200
    assert len(sim.requests) < len(ids) // 2


async def test_a_few_ids_all_forbidden_are_reported_per_id(make_sim: MakeSim) -> None:
    probe = make_sim()
    ids = probe.fleet.router_ids[:5]
    sim = make_sim(faults=FaultPlan(permanent={"routers": dict.fromkeys(ids, 403)}))
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        records = await drain(stream, "plain")
    assert records == []
    assert sorted(stream.report.failed) == sorted(map(str, ids))

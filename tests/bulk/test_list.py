"""``bulk.list`` against the simulator: exact records with the fewest requests."""

from __future__ import annotations

import collections
from datetime import timedelta
from typing import Any

import pytest
from bulk_support import FAST, NOW, SINCE, Truth, drain, key_of, keys_of, naming

from ncm_async.bulk import IdGroup
from ncm_async.errors import ConfigurationError
from ncm_async.models.base import id_from_url
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("mode", ["plain", "with", "pages"])
async def test_state_samples_exact_with_the_minimum_requests(
    sim: NcmSimulator, samples_truth: Truth, mode: str
) -> None:
    ids = sim.fleet.router_ids
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        records = await drain(stream, mode)
    assert keys_of(records) == samples_truth.expected
    assert len(sim.requests) == samples_truth.minimum
    report = stream.report
    assert report.requests == samples_truth.minimum
    assert report.records == len(records) == sum(samples_truth.expected.values())
    assert (report.ids_total, report.ids_done, report.failed) == (len(ids), len(ids), {})
    assert all(r.status == 200 for r in sim.requests)


async def test_batches_are_the_endpoints_in_limit_and_pages_its_largest(sim: NcmSimulator) -> None:
    ids = sim.fleet.router_ids
    async with sim.client(rate_limit=FAST) as ncm:
        async for _ in ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        ):
            pass
    for request in sim.requests:
        query = dict(request.query)
        assert query["limit"] == "500"
        assert len(query["router__in"].split(",")) == 100
    firsts = [r for r in sim.requests if "created_at_timeuuid__lt" not in dict(r.query)]
    assert len(firsts) == len(ids) // 100


@pytest.mark.parametrize("endpoint", ["router_logs", "historical_locations"])
async def test_endpoints_without_key_in_get_one_chain_per_id(
    sim: NcmSimulator, endpoint: str
) -> None:
    ids = sim.fleet.router_ids[:40]
    since = NOW - timedelta(days=2)
    truth = Truth(sim, endpoint, ids, 1, created_at__gt=since)
    async with sim.client(rate_limit=FAST) as ncm:
        resource = getattr(ncm.v2, endpoint)
        async with ncm.bulk.list(resource, key="router", ids=ids, created_at__gt=since) as stream:
            records = [r async for r in stream]
    times = collections.Counter(r.created_at_timeuuid for r in records)
    assert times == collections.Counter(k[1] for k in truth.expected.elements())
    assert len(sim.requests) == truth.minimum
    for rid in ids:
        named = [r for r in sim.requests if naming(r.query, str(rid))]
        assert named
        assert all(dict(r.query)["router"] == str(rid) for r in named)
        assert all("router__in" not in dict(r.query) for r in named)


async def test_ids_are_normalised_and_deduplicated(sim: NcmSimulator) -> None:
    ids = sim.fleet.router_ids[:5]
    given = [ids[0], str(ids[0]), sim.urls.v2("routers", ids[1]), ids[1], *ids[2:]]
    truth = Truth(sim, "router_state_samples", ids, 100, created_at__gt=SINCE)
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=given, created_at__gt=SINCE
        )
        records = [r async for r in stream]
    assert keys_of(records) == truth.expected
    assert stream.report.ids_total == 5
    assert dict(sim.requests[0].query)["router__in"] == ",".join(map(str, ids))


async def test_empty_ids_send_nothing(sim: NcmSimulator) -> None:
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(ncm.v2.router_state_samples, key="router", ids=[])
        assert [r async for r in stream] == []
    assert sim.requests == []
    assert stream.report.ids_total == stream.report.records == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"key": "net_device"}, "cannot be filtered by 'net_device'"),
        ({"key": "router", "router": 1}, "router is set from ids="),
        ({"key": "router", "router__in": [1]}, "router__in is set from ids="),
        ({"key": "router", "colour": "red"}, "unknown filter 'colour'"),
        ({"key": "router", "created_at__gte": NOW}, "unknown filter 'created_at__gte'"),
        ({"key": "router", "limit": 10}, "chooses limit itself"),
        ({"key": "router", "concurrency": 0}, "concurrency must be"),
        ({"key": "router", "checkpoint": 3}, "checkpoint must be"),
        ({"key": "router", "ids": "123"}, "not a single string"),
    ],
)
async def test_bad_arguments_fail_before_any_request(
    sim: NcmSimulator, kwargs: dict[str, Any], match: str
) -> None:
    kwargs.setdefault("ids", sim.fleet.router_ids[:3])
    async with sim.client(rate_limit=FAST) as ncm:
        with pytest.raises(ConfigurationError, match=match):
            ncm.bulk.list(ncm.v2.router_state_samples, **kwargs)
    assert sim.requests == []


async def test_group_by_id_yields_each_id_once_with_all_its_records(
    sim: NcmSimulator, samples_truth: Truth
) -> None:
    ids = sim.fleet.router_ids
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=ids,
            group_by_id=True,
            created_at__gt=SINCE,
        )
        async with stream:
            groups: list[IdGroup[Any]] = [g async for g in stream]
    assert sorted(g.id for g in groups) == sorted(map(str, ids))
    for rid, records in groups:
        assert all(id_from_url(r.router) == rid for r in records)
        assert keys_of(records) == samples_truth.per_id.get(rid, collections.Counter())
        times = [r.created_at_timeuuid for r in records]
        assert len(times) == len(set(times))
    assert len(sim.requests) == samples_truth.minimum
    assert stream.report.records == sum(samples_truth.expected.values())


async def test_fields_keep_what_positions_need(sim: NcmSimulator) -> None:
    ids = sim.fleet.router_ids[:100]
    truth = Truth(sim, "router_state_samples", ids, 100, created_at__gt=SINCE)
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=ids,
            fields=["state"],
            created_at__gt=SINCE,
        )
        records = [r async for r in stream]
    assert keys_of(records) == truth.expected
    assert dict(sim.requests[0].query)["fields"] == "state,router,created_at_timeuuid"
    assert records[0].period is None


async def test_two_thousand_routers_exact_with_the_minimum_requests() -> None:
    sim = NcmSimulator(routers=2000, seed=11, now=NOW, window=timedelta(days=1))
    ids = sim.fleet.router_ids
    since = NOW - timedelta(hours=24)
    truth = Truth(sim, "router_state_samples", ids, 100, created_at__gt=since)
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=since
        )
        async with stream:
            got: collections.Counter[Any] = collections.Counter()
            async for page in stream.pages():
                got.update(map(key_of, page))
    assert got == truth.expected
    assert len(sim.requests) == truth.minimum
    assert stream.report.ids_done == 2000


async def test_report_is_live_and_counts_what_was_yielded(
    sim: NcmSimulator, samples_truth: Truth
) -> None:
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            concurrency=1,
            created_at__gt=SINCE,
        )
        assert stream.report.records == stream.report.requests == 0
        seen = 0
        async for _ in stream:
            seen += 1
            if seen % 1234 == 0:
                live = stream.report
                assert live.records == seen
                assert 0 < live.requests <= samples_truth.minimum
                assert live.ids_done < live.ids_total
    final = stream.report
    assert final.records == seen == sum(samples_truth.expected.values())
    assert final.requests == samples_truth.minimum


async def test_grouped_per_id_endpoint_whose_records_do_not_name_their_router(
    sim: NcmSimulator,
) -> None:
    ids = sorted(sim.fleet.gps_router_ids)[:12]
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(ncm.v2.historical_locations, key="router", ids=ids, group_by_id=True)
        groups = {rid: records async for rid, records in stream}
    assert sorted(groups) == sorted(ids)
    for rid, records in groups.items():
        truth = [
            r["created_at_timeuuid"] for r in sim.ground_truth("historical_locations", router=rid)
        ]
        assert [r.created_at_timeuuid for r in records] == truth

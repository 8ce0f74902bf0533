"""Every v2 GET endpoint against the simulator: exact records, fewest requests."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ncm_async import AsyncNcmClient, ConfigurationError, RateLimit
from ncm_async._endpoints.spec import Method
from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async._resources.base import Listable
from ncm_async.converter import structure, unstructure
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
UNLIMITED = RateLimit(requests_per_minute=1_000_000, burst=100_000)
LISTABLE = sorted(n for n, s in V2_ENDPOINTS.items() if Method.LIST in s.methods)


@pytest.fixture(scope="module")
def sim() -> NcmSimulator:
    return NcmSimulator(routers=120, seed=11, now=NOW)


@pytest.fixture
async def ncm(sim: NcmSimulator) -> AsyncIterator[AsyncNcmClient]:
    sim.reset_requests()
    async with sim.client(rate_limit=UNLIMITED) as client:
        yield client


def required_filters(sim: NcmSimulator, endpoint: str) -> dict[str, Any]:
    spec = V2_ENDPOINTS[endpoint]
    if "router" in spec.required_any:
        busy = sim.fleet.busy_router_ids[0]
        if "__in" in spec.filters["router"]:
            return {"router__in": [busy, *sim.fleet.router_ids[:40]]}
        return {"router": busy}
    if "net_device" in spec.required_any:
        return {"net_device__in": sim.fleet.net_device_ids[:60]}
    return {}


def key(record: dict[str, Any]) -> str:
    return repr(sorted(record.items()))


@pytest.mark.parametrize("endpoint", LISTABLE)
async def test_lists_exactly_the_ground_truth_with_fewest_requests(
    sim: NcmSimulator, ncm: AsyncNcmClient, endpoint: str
) -> None:
    filters = required_filters(sim, endpoint)
    truth = sim.ground_truth(endpoint, **filters)
    resource = getattr(ncm.v2, endpoint)
    assert isinstance(resource, Listable)
    records = await resource.list(**filters).collect()
    got = Counter(key(unstructure(r)) for r in records)
    model = resource.model
    assert got == Counter(key(unstructure(structure(t, model))) for t in truth)
    assert len(records) == len(truth)
    size = V2_ENDPOINTS[endpoint].max_limit
    assert len(sim.requests) == max(1, math.ceil(len(truth) / size))
    assert all(r.status == 200 for r in sim.requests)
    assert all(("limit", str(size)) in r.query for r in sim.requests)


async def test_small_pages_cover_the_same_set(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    truth = sim.ground_truth("routers")
    pages = [p async for p in ncm.v2.routers.list(limit=7).pages()]
    ids = [r.id for p in pages for r in p.items]
    assert sorted(ids) == sorted(t["id"] for t in truth)
    assert len(ids) == len(set(ids))
    assert len(pages) == math.ceil(len(truth) / 7)
    assert pages[-1].next is None


async def test_keyset_paging_is_newest_first_and_never_sends_offset(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    router = sim.fleet.busy_router_ids[0]
    truth = sim.ground_truth("router_state_samples", router=router)
    assert len(truth) > 60
    records = await ncm.v2.router_state_samples.list(router=router, limit=25).collect()
    assert [r.created_at_timeuuid for r in records] == [t["created_at_timeuuid"] for t in truth]
    stamps = [r.created_at for r in records]
    assert stamps == sorted(stamps, reverse=True)
    assert not any(k == "offset" for r in sim.requests for k, _ in r.query)
    assert len(sim.requests) == math.ceil(len(truth) / 25)


async def test_time_filter_with_plus_offset(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    router = sim.fleet.busy_router_ids[0]
    since = NOW - timedelta(days=1)
    records = await ncm.v2.router_state_samples.list(router=router, created_at__gt=since).collect()
    truth = sim.ground_truth("router_state_samples", router=router, created_at__gt=since)
    assert [r.created_at_timeuuid for r in records] == [t["created_at_timeuuid"] for t in truth]
    assert records
    assert all(r.created_at is not None and r.created_at > since for r in records)


async def test_await_gives_the_first_page(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    page = await ncm.v2.routers.list(limit=10)
    assert len(page.items) == 10
    assert page.next is not None
    assert len(sim.requests) == 1


async def test_collect_max_items_stops_early(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    items = await ncm.v2.routers.list(limit=10).collect(max_items=15)
    assert len(items) == 15
    assert len(sim.requests) == 2


async def test_fields_projection(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    routers = await ncm.v2.routers.list(fields=["id", "name"]).collect()
    assert routers
    assert all(set(unstructure(r)) == {"id", "name"} for r in routers)
    assert all(r.state is None for r in routers)


async def test_in_filter_over_100_values_is_split_and_merged(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    ids = sim.fleet.router_ids[:110]
    routers = await ncm.v2.routers.list(id__in=[*ids, ids[0]]).collect()
    assert sorted(int(r.id) for r in routers) == sorted(ids)
    sent = [dict(r.query)["id__in"].split(",") for r in sim.requests]
    assert [len(s) for s in sent] == [100, 10]


async def test_unknown_filter_sends_nothing(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    with pytest.raises(ConfigurationError, match="routers: unknown filter 'colour'"):
        ncm.v2.routers.list(colour="red")
    with pytest.raises(ConfigurationError, match="router filter is required"):
        ncm.v2.router_logs.list()
    with pytest.raises(ConfigurationError, match="limit 501 exceeds"):
        ncm.v2.routers.list(limit=501)
    assert sim.requests == []


async def test_extra_params_escape_hatch(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    page = await ncm.v2.routers.list(limit=5, extra_params={"offset": 5})
    assert ("offset", "5") in sim.requests[0].query
    assert len(page.items) == 5


GETTABLE = sorted(n for n, s in V2_ENDPOINTS.items() if Method.GET in s.methods)


@pytest.mark.parametrize("endpoint", GETTABLE)
async def test_item_get_returns_the_listed_record(
    sim: NcmSimulator, ncm: AsyncNcmClient, endpoint: str
) -> None:
    spec = V2_ENDPOINTS[endpoint]
    required = {f"{field}__in": sim.fleet.router_ids[:100] for field in spec.required_any}
    truth = sim.ground_truth(endpoint, **required)
    assert truth, endpoint
    wanted = truth[len(truth) // 2]
    record = wanted[spec.id_field]
    resource = getattr(ncm.v2, endpoint)
    sim.reset_requests()
    by_id = await resource.get(record)
    model = resource.model
    assert unstructure(by_id) == unstructure(structure(wanted, model))
    if spec.id_field == "id" and "resource_url" in wanted:
        again = await resource.get(wanted["resource_url"])
        assert unstructure(again) == unstructure(by_id)
    assert all(r.status == 200 for r in sim.requests)

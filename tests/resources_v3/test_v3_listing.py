"""v3 reads against the simulator: exact records, fewest requests, the query as sent."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest

from ncm_async import AsyncNcmClient, ConfigurationError, NotFoundError
from ncm_async._endpoints.v3 import V3_ENDPOINTS
from ncm_async.converter import structure_resource, unstructure
from ncm_async.models.v3 import SubscriptionAttributes, V3Resource
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


def expected(sim: NcmSimulator, endpoint: str, **query: Any) -> list[dict[str, Any]]:
    """The ground truth, as the models the client must produce, unstructured."""
    model = V3_ENDPOINTS[endpoint].model
    path = V3_ENDPOINTS[endpoint].path
    return [
        unstructure(structure_resource(t, model)) for t in sim.ground_truth(path, api="v3", **query)
    ]


def as_json(records: list[V3Resource[Any]]) -> list[dict[str, Any]]:
    return [unstructure(r) for r in records]


@pytest.mark.parametrize("endpoint", ["users", "subscriptions", "asset_endpoints", "tenants"])
async def test_lists_exactly_the_ground_truth_in_one_request_per_50(
    sim: NcmSimulator, ncm: AsyncNcmClient, endpoint: str
) -> None:
    records = await getattr(ncm.v3, endpoint).list().collect()
    truth = expected(sim, endpoint)
    assert truth
    assert as_json(records) == truth
    assert len(sim.requests) == math.ceil(len(truth) / 50)
    first = sim.requests[0]
    assert (first.method, first.path, first.status) == ("GET", f"/api/v3/{endpoint}", 200)
    assert first.query == [("page[size]", "50")]


@pytest.mark.parametrize(
    ("endpoint", "size"), [("users", 3), ("subscriptions", 5), ("asset_endpoints", 7)]
)
async def test_small_pages_follow_links_next(
    sim: NcmSimulator, ncm: AsyncNcmClient, endpoint: str, size: int
) -> None:
    pages = [p async for p in getattr(ncm.v3, endpoint).list(page_size=size).pages()]
    truth = expected(sim, endpoint)
    assert [unstructure(r) for p in pages for r in p.items] == truth
    assert len(sim.requests) == math.ceil(len(truth) / size) == len(pages) > 2
    assert all(len(p.items) == size for p in pages[:-1])
    assert pages[-1].next is None
    assert all(("page[size]", str(size)) in r.query for r in sim.requests)
    assert all(any(k == "page[after]" for k, _ in r.query) for r in sim.requests[1:])


async def test_awaiting_a_listing_gives_its_first_page(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    page = await ncm.v3.users.list(page_size=4)
    assert [r.id for r in page.items] == [t["id"] for t in sim.ground_truth("users", api="v3")][:4]
    assert page.next is not None
    assert len(sim.requests) == 1


async def test_filters_with_operators_and_sort(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    since = datetime(2026, 9, 1, tzinfo=UTC)
    subs = await ncm.v3.subscriptions.list(
        end_time__gt=since, sort="-end_time", page_size=4
    ).collect()
    truth = expected(sim, "subscriptions", end_time__gt=since, sort="-end_time")
    assert 4 < len(truth) < len(sim.ground_truth("subscriptions", api="v3"))
    assert as_json(subs) == truth
    ends = [s.attributes.end_time for s in subs if isinstance(s.attributes, SubscriptionAttributes)]
    assert ends == sorted(ends, reverse=True)
    assert all(e is not None and e > since for e in ends)
    first = sim.requests[0].query
    assert first == [
        ("filter[end_time][gt]", "2026-09-01T00:00:00+00:00"),
        ("sort", "-end_time"),
        ("page[size]", "4"),
    ]
    assert all(
        ("filter[end_time][gt]", "2026-09-01T00:00:00+00:00") in r.query for r in sim.requests
    )


async def test_equality_ne_and_lte_filters(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    kinds = await ncm.v3.subscriptions.list(type="BA-NCADV", quantity__lte=400).collect()
    assert as_json(kinds) == expected(sim, "subscriptions", type="BA-NCADV", quantity__lte=400)
    others = await ncm.v3.subscriptions.list(type__ne="BA-NCADV").collect()
    assert as_json(others) == expected(sim, "subscriptions", type__ne="BA-NCADV")
    assert {s.id for s in kinds}.isdisjoint(s.id for s in others)
    assert ("filter[type][ne]", "BA-NCADV") in sim.requests[-1].query


async def test_asset_endpoint_by_mac_and_get(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    truth = sim.ground_truth("asset_endpoints", api="v3")[5]
    mac = truth["attributes"]["mac_address"]
    found = await ncm.v3.asset_endpoints.list(mac_address=mac).collect()
    assert [r.id for r in found] == [truth["id"]]
    one = await ncm.v3.asset_endpoints.get(truth["id"])
    assert unstructure(one) == unstructure(found[0])
    assert sim.requests[-1].path == f"/api/v3/asset_endpoints/{truth['id']}"
    with pytest.raises(NotFoundError):
        await ncm.v3.asset_endpoints.get("no-such-id")


async def test_sparse_fields_and_search(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    users = await ncm.v3.users.list(fields=["email"]).collect()
    assert users
    assert all(u.attributes is not None and u.attributes.first_name is None for u in users)
    assert all(u.attributes is not None and u.attributes.email for u in users)
    assert ("fields[users]", "email") in sim.requests[-1].query
    name = sim.ground_truth("users", api="v3")[0]["attributes"]["last_name"]
    hits = await ncm.v3.users.list(search={"last_name": name[1:4].upper()}).collect()
    assert hits
    assert all(
        name[1:4].lower() in (u.attributes.last_name or "").lower() for u in hits if u.attributes
    )
    assert ("search[last_name]", name[1:4].upper()) in sim.requests[-1].query


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"colour": "red"}, "unknown filter 'colour'"),
        ({"end_time__in": ["x"]}, "unknown filter 'end_time__in'"),
        ({"end_time__gt": datetime(2026, 1, 1)}, "timezone-aware"),
        ({"page_size": 51}, "exceeds the API maximum 50"),
        ({"page_size": 0}, "positive whole number"),
        ({"search": {"colour": "x"}}, "cannot search"),
    ],
)
async def test_bad_queries_fail_before_any_request(
    sim: NcmSimulator, ncm: AsyncNcmClient, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        ncm.v3.subscriptions.list(**kwargs)
    assert sim.requests == []


async def test_extra_params_escape_hatch_is_sent_as_given(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    page = await ncm.v3.users.list(extra_params={"filter[email]": "nobody@example.com"})
    assert page.items == []
    assert sim.requests[0].query == [("page[size]", "50"), ("filter[email]", "nobody@example.com")]


async def test_exchange_resources_live_at_the_host_root(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    resources = await ncm.v3.exchange_resources.list(page_size=4).collect()
    truth = expected(sim, "exchange_resources")
    assert as_json(resources) == truth
    assert len({r.type for r in resources}) > 1
    assert {r.path for r in sim.requests} == {"/beta/exchange_resources"}
    assert len(sim.requests) == math.ceil(len(truth) / 4)


async def test_beta_urls_have_no_trailing_slash(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    sites = await ncm.v3.exchange_sites.list().collect()
    assert as_json(sites) == expected(sim, "exchange_sites")
    site = await ncm.v3.exchange_sites.get(sites[0])
    assert site.id == sites[0].id
    assert [r.path for r in sim.requests] == [
        "/api/v3/beta/exchange_sites",
        f"/api/v3/beta/exchange_sites/{sites[0].id}",
    ]
    assert all(r.status == 200 for r in sim.requests)


async def test_regrade_jobs_list(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    jobs = await ncm.v3.regrades.list(status="SUCCEEDED").collect()
    assert as_json(jobs) == expected(sim, "regrades", status="SUCCEEDED")
    assert jobs
    assert sim.requests[0].path == "/api/v3/asset_endpoints/regrades"

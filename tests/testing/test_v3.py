"""v3 (JSON:API): bearer auth, media types, cursor paging, filters, sort, beta paths, regrades."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

JSONAPI = "application/vnd.api+json"
ATOMIC = 'application/vnd.api+json;ext="https://jsonapi.org/ext/atomic"'


async def _all_pages(
    client: httpx.AsyncClient, path: str, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    records: list[dict[str, Any]] = []
    response = await client.get(path, params=params or None)
    pages = 0
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        records += body["data"]
        pages += 1
        if body["links"]["next"] is None:
            return records, pages
        response = await client.get(body["links"]["next"])


@pytest.mark.parametrize("authorization", [None, "Token abc", "Bearer ", "Basic abc"])
async def test_bearer_token_required(
    sim: NcmSimulator, v3_client: Any, authorization: str | None
) -> None:
    headers = {"Accept": JSONAPI, "Content-Type": JSONAPI}
    if authorization is not None:
        headers["Authorization"] = authorization
    async with v3_client(sim, headers=headers) as client:
        response = await client.get("users")
    assert response.status_code == 401
    assert response.json()["errors"][0]["status"] == "401"


async def test_configured_token_is_enforced(v3_client: Any) -> None:
    sim = NcmSimulator(routers=5, v3_token="right")
    headers = {"Accept": JSONAPI, "Content-Type": JSONAPI}
    async with v3_client(sim, headers=headers) as client:
        assert (
            await client.get("users", headers={"Authorization": "Bearer right"})
        ).status_code == 200
        assert (
            await client.get("users", headers={"Authorization": "Bearer wrong"})
        ).status_code == 401


async def test_media_types(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        no_accept = await client.get("users", headers={"Accept": "*/*"})
        plain_json = await client.get("users", headers={"Content-Type": "application/json"})
        ok = await client.get("users")
    assert no_accept.status_code == 406
    assert plain_json.status_code == 415
    assert ok.status_code == 200
    assert ok.headers["content-type"] == JSONAPI


async def test_resource_objects(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        body = (await client.get("subscriptions", params={"page[size]": 2})).json()
        one = body["data"][0]
        item = (await client.get(f"subscriptions/{one['id']}")).json()
    assert set(one) == {"id", "type", "attributes", "relationships", "links"}
    assert one["type"] == "subscriptions"
    assert one["links"]["self"] == f"http://ncm.sim/api/v3/subscriptions/{one['id']}"
    assert item == {"data": one}


async def test_cursor_paging_walks_every_record_once(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        records, pages = await _all_pages(client, "asset_endpoints", {"page[size]": 50})
    assert pages == -(-len(sim.fleet.router_ids) // 50)
    assert records == sim.ground_truth("asset_endpoints", api="v3")
    assert len({r["id"] for r in records}) == len(sim.fleet.router_ids)


async def test_default_page_size_and_prev_links(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        first = (await client.get("asset_endpoints")).json()
        second = (await client.get(first["links"]["next"])).json()
        back = (await client.get(second["links"]["prev"])).json()
    assert len(first["data"]) == 20
    assert first["links"]["prev"] is None
    assert back["data"] == first["data"]


@pytest.mark.parametrize(
    "params",
    [
        {"page[size]": 51},
        {"page[size]": 0},
        {"page[after]": "garbage!"},
        {"filter[colour]": "x"},
        {"sort": "colour"},
        {"include": "x"},
    ],
)
async def test_bad_parameters_are_400(
    sim: NcmSimulator, v3_client: Any, params: dict[str, Any]
) -> None:
    async with v3_client(sim) as client:
        response = await client.get("subscriptions", params=params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"]["parameter"] == next(iter(params))


async def test_filters_and_sort(sim: NcmSimulator, v3_client: Any) -> None:
    cutoff = sim.fleet.now + timedelta(days=200)
    params = {"filter[end_time][gt]": cutoff.isoformat(), "sort": "-end_time", "page[size]": 5}
    async with v3_client(sim) as client:
        records, _ = await _all_pages(client, "subscriptions", params)
    ends = [datetime.fromisoformat(r["attributes"]["end_time"]) for r in records]
    assert ends == sorted(ends, reverse=True)
    assert all(e > cutoff for e in ends)
    assert records == sim.ground_truth(
        "subscriptions", api="v3", end_time__gt=cutoff, sort="-end_time"
    )
    assert 0 < len(records) < 24


async def test_relationship_filter_and_sparse_fields(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        body = (
            await client.get(
                "subscriptions",
                params={"filter[tenant]": "0013800001TB9s1", "fields[subscriptions]": "name"},
            )
        ).json()
        none = (await client.get("subscriptions", params={"filter[tenant]": "other"})).json()
    assert body["data"]
    assert all(list(r["attributes"]) == ["name"] for r in body["data"])
    assert none["data"] == []


async def test_inserts_between_pages_do_not_repeat_or_skip(
    sim: NcmSimulator, v3_client: Any
) -> None:
    new_user = {
        "data": {
            "type": "users",
            "attributes": {"email": "zz@example.com", "first_name": "Z", "last_name": "Z"},
        }
    }
    async with v3_client(sim) as client:
        first = (await client.get("users", params={"page[size]": 4, "sort": "email"})).json()
        assert (await client.post("users", json=new_user)).status_code == 201
        rest, _ = await _all_pages(client, first["links"]["next"], {})
    emails = [r["attributes"]["email"] for r in first["data"] + rest]
    assert emails == sorted(emails)
    assert "zz@example.com" in emails
    assert len(emails) == len(set(emails)) == 11


async def test_beta_paths_with_trailing_slash_are_404(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        slashed = await client.get("beta/exchange_sites/")
        ok = await client.get("beta/exchange_sites")
    assert slashed.status_code == 404
    assert ok.status_code == 200


async def test_exchange_resources_live_at_the_host_root(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        root = await client.get("http://ncm.sim/beta/exchange_resources")
        under_v3 = await client.get("beta/exchange_resources")
    assert root.status_code == 200
    assert root.json()["data"][0]["links"]["self"].startswith(
        "http://ncm.sim/beta/exchange_resources/"
    )
    assert under_v3.status_code == 404


async def test_exchange_site_crud(sim: NcmSimulator, v3_client: Any) -> None:
    body = {"data": {"type": "exchange_user_managed_sites", "attributes": {"name": "edge"}}}
    async with v3_client(sim) as client:
        created = await client.post("beta/exchange_sites", json=body)
        sid = created.json()["data"]["id"]
        updated = await client.put(
            f"beta/exchange_sites/{sid}",
            json={
                "data": {
                    "type": "exchange_user_managed_sites",
                    "id": sid,
                    "attributes": {"name": "edge2"},
                }
            },
        )
        wrong_type = await client.put(
            f"beta/exchange_sites/{sid}", json={"data": {"type": "users", "id": sid}}
        )
        deleted = await client.delete(f"beta/exchange_sites/{sid}")
        gone = await client.get(f"beta/exchange_sites/{sid}")
    assert created.status_code == 201
    assert updated.json()["data"]["attributes"]["name"] == "edge2"
    assert wrong_type.status_code == 409
    assert wrong_type.json()["errors"]
    assert deleted.status_code == 204
    assert gone.status_code == 404


async def test_real_conflict_has_an_errors_array(sim: NcmSimulator, v3_client: Any) -> None:
    email = sim.ground_truth("users", api="v3")[0]["attributes"]["email"]
    body = {
        "data": {
            "type": "users",
            "attributes": {"email": email, "first_name": "A", "last_name": "B"},
        }
    }
    async with v3_client(sim) as client:
        response = await client.post("users", json=body)
    assert response.status_code == 409
    assert response.json()["errors"][0]["status"] == "409"


def _regrade(mac: str, action: str = "UPGRADE") -> dict[str, Any]:
    attributes = {"action": action, "subscription_type": "BA-NCADV", "mac_address": mac}
    return {"op": "add", "data": {"type": "regrades", "attributes": attributes}}


@pytest.mark.parametrize(
    ("operations", "pointer"),
    [
        ([], "/atomic:operations"),
        ([_regrade(f"{i:012X}") for i in range(101)], "/atomic:operations"),
        ([_regrade("0030442a0b0c")], "/atomic:operations/0/data/attributes/mac_address"),
        ([_regrade("00:30:44:2A:0B:0C")], "/atomic:operations/0/data/attributes/mac_address"),
        (
            [_regrade("0030442A0B0C"), _regrade("0030442A0B0C")],
            "/atomic:operations/1/data/attributes/mac_address",
        ),
        ([_regrade("0030442A0B0C", "REFUND")], "/atomic:operations/0/data/attributes/action"),
    ],
)
async def test_regrade_documents_are_validated(
    sim: NcmSimulator, v3_client: Any, operations: list[Any], pointer: str
) -> None:
    async with v3_client(sim) as client:
        response = await client.post(
            "asset_endpoints/regrades",
            json={"atomic:operations": operations},
            headers={"Content-Type": ATOMIC},
        )
    assert response.status_code == 400
    assert pointer in [e["source"]["pointer"] for e in response.json()["errors"]]


async def test_regrade_accepted_and_listed(sim: NcmSimulator, v3_client: Any) -> None:
    owned = sim.ground_truth("asset_endpoints", api="v3")[0]["attributes"]["mac_address"]
    document = {"atomic:operations": [_regrade(owned), _regrade("FFFFFFFFFFFF", "UNLICENSE")]}
    async with v3_client(sim) as client:
        wrong_type = await client.post("asset_endpoints/regrades", json=document)
        response = await client.post(
            "asset_endpoints/regrades", json=document, headers={"Content-Type": ATOMIC}
        )
        listed = (
            await client.get("asset_endpoints/regrades", params={"filter[status]": "QUEUED"})
        ).json()
    assert wrong_type.status_code == 415
    assert response.status_code == 200
    results = [r["data"]["attributes"] for r in response.json()["atomic:results"]]
    assert [(r["status"], r["error_code"]) for r in results] == [
        ("QUEUED", None),
        ("FAILED", "ASSET_NOT_FOUND"),
    ]
    assert [r["attributes"]["mac_address"] for r in listed["data"]] == [owned]
    assert owned in [r["attributes"]["mac_address"] for r in sim.ground_truth("regrades", api="v3")]

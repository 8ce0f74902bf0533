"""v2 request rules: keys, trailing slash, routing, methods, page sizes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

UNAUTHORIZED = {
    "status_code": 401,
    "exception": "unauthorized",
    "message": " Invalid Credentials i.e. missing or invalid keys.",
    "success": False,
}
KEYS = {"X-CP-API-ID": "a", "X-CP-API-KEY": "b", "X-ECM-API-ID": "c", "X-ECM-API-KEY": "d"}


@pytest.mark.parametrize("missing", sorted(KEYS))
async def test_each_of_the_four_keys_is_required(
    sim: NcmSimulator, v2_client: Any, missing: str
) -> None:
    headers = {k: v for k, v in KEYS.items() if k != missing}
    async with v2_client(sim, headers=headers) as client:
        response = await client.get("routers/")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


async def test_any_non_empty_keys_are_accepted_by_default(
    sim: NcmSimulator, v2_client: Any
) -> None:
    async with v2_client(sim, headers=KEYS) as client:
        assert (await client.get("accounts/")).status_code == 200
        empty = {**KEYS, "X-ECM-API-KEY": ""}
        assert (await client.get("accounts/", headers=empty)).status_code == 401


async def test_configured_keys_are_enforced(v2_client: Any) -> None:
    sim = NcmSimulator(routers=5, v2_keys=("a", "b", "c", "d"))
    async with v2_client(sim, headers=KEYS) as client:
        assert (await client.get("accounts/")).status_code == 200
        wrong = {**KEYS, "X-CP-API-KEY": "nope"}
        assert (await client.get("accounts/", headers=wrong)).status_code == 401


async def test_auth_headers_are_never_recorded(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        await client.get("routers/", params={"limit": 1})
    assert "cp-key" not in repr(sim.requests)
    assert sim.requests[0].query == [("limit", "1")]
    assert (sim.requests[0].method, sim.requests[0].api, sim.requests[0].status) == (
        "GET",
        "v2",
        200,
    )


async def test_missing_trailing_slash_redirects_and_counts(
    sim: NcmSimulator, v2_client: Any
) -> None:
    async with v2_client(sim) as client:
        response = await client.get("routers", params={"state": "online", "limit": 5})
        assert response.status_code == 301
        location = response.headers["location"]
        assert location == "http://ncm.sim/api/v2/routers/?state=online&limit=5"
        followed = await client.get(location)
    assert followed.status_code == 200
    assert [r.status for r in sim.requests] == [301, 200]
    assert sim.counters.requests == 2


async def test_item_path_without_slash_redirects(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.router_ids[0]
    async with v2_client(sim, follow_redirects=True) as client:
        response = await client.get(f"routers/{rid}")
    assert response.status_code == 200
    assert response.json()["id"] == str(rid)
    assert [r.status for r in sim.requests] == [301, 200]


async def test_unknown_endpoint_and_record_are_404(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        assert (await client.get("nonsense/")).status_code == 404
        assert (await client.get("routers/1/")).status_code == 404
        assert (await client.get("routers/1/extra/")).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "routers/"),
        ("DELETE", "routers/"),
        ("PATCH", "routers/{rid}/"),
        ("GET", "reboot_activity/"),
        ("PUT", "alert_rules/x/"),
        ("GET", "router_state_samples/x/"),
    ],
)
async def test_undocumented_methods_are_405(
    sim: NcmSimulator, v2_client: Any, method: str, path: str
) -> None:
    path = path.format(rid=sim.fleet.router_ids[0])
    async with v2_client(sim) as client:
        response = await client.request(method, path, json={})
    assert response.status_code == 405
    assert response.json() == {
        "errors": [{"path": f"http://ncm.sim/api/v2/{path}"}, {"method": method}],
        "exception": {"message": "method not allowed", "type": "error"},
    }


async def test_limit_default_and_max(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        default = (await client.get("net_devices/")).json()
        largest = (await client.get("net_devices/", params={"limit": 500})).json()
        huge = (await client.get("net_devices/", params={"limit": 1_000_000})).json()
        zero = (await client.get("net_devices/", params={"limit": 0})).json()
    assert len(default["data"]) == 20
    assert default["meta"]["limit"] == 20
    assert len(largest["data"]) == min(500, len(sim.fleet.net_device_ids))
    assert huge["meta"]["limit"] == zero["meta"]["limit"] == 500
    assert huge["data"] == largest["data"]


@pytest.mark.parametrize("limit", [0, 501])
async def test_strict_limit_rejects_out_of_range(v2_client: Any, limit: int) -> None:
    sim = NcmSimulator(routers=5, strict_limit=True)
    async with v2_client(sim) as client:
        response = await client.get("routers/", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["exception"] == {"type": "validation", "message": "bad or missing data"}
    assert list(response.json()["errors"][0]) == ["limit"]


@pytest.mark.parametrize(
    "params", [{"limit": "ten"}, {"offset": "x"}, {"limit": -1}, {"offset": -1}]
)
async def test_bad_limit_or_offset_is_400(
    sim: NcmSimulator, v2_client: Any, params: dict[str, Any]
) -> None:
    async with v2_client(sim) as client:
        response = await client.get("routers/", params=params)
    assert response.status_code == 400
    assert list(response.json()["errors"][0]) == list(params)


async def test_historical_locations_default_page_is_5000(sim: NcmSimulator, v2_client: Any) -> None:
    rid = min(sim.fleet.gps_router_ids, key=int)
    async with v2_client(sim) as client:
        body = (await client.get("historical_locations/", params={"router": rid})).json()
    assert body["meta"]["limit"] == 5000
    assert len(body["data"]) == len(sim.ground_truth("historical_locations", router=rid))


async def test_collection_and_item_bodies(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.router_ids[3]
    async with v2_client(sim) as client:
        page = (await client.get("routers/", params={"id": rid})).json()
        item = (await client.get(f"routers/{rid}/")).json()
    assert page["meta"] == {"limit": 20, "next": None, "offset": 0, "previous": None}
    assert page["data"] == [item]
    assert item["resource_url"] == f"http://ncm.sim/api/v2/routers/{rid}/"


async def test_urls_follow_the_host_the_client_used(sim: NcmSimulator) -> None:
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="https://ncm.example:8443/api/v2/", headers=KEYS
    ) as client:
        body = (await client.get("routers/", params={"limit": 1})).json()
    assert body["data"][0]["resource_url"].startswith("https://ncm.example:8443/api/v2/routers/")
    assert body["meta"]["next"].startswith("https://ncm.example:8443/api/v2/routers/?")


async def test_reset_requests_clears_the_log_and_counters(
    sim: NcmSimulator, v2_client: Any
) -> None:
    async with v2_client(sim) as client:
        await client.get("accounts/")
    assert sim.counters.requests == 1
    sim.reset_requests()
    assert sim.requests == []
    assert sim.counters.requests == 0

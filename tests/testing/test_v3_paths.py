"""Every documented v3 path is served: records, paging, required filters, beta slashes, throttling.

Talks to the simulator with bare httpx (as the rest of tests/testing does) and
takes the list of paths from the vendored docs table, so a path the table
documents and the simulator does not serve fails here.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator, SimRateLimit
from ncm_async.testing.v3_table import V3_PATHS, V3Path, docs_table

pytestmark = pytest.mark.anyio

REQUIRED = {
    "unmasked_wifi_passwords": lambda sim: {"router": ",".join(map(str, sim.fleet.router_ids[:5]))},
    "modem_software_versions": lambda sim: {"filter[group]": _first_group(sim)},
    "modem_upgrades": lambda sim: {
        "filter[group]": _first_group(sim),
        "filter[type]": "modem_upgrades",
    },
}


def _first_group(sim: NcmSimulator) -> str:
    return str(sim.fleet.table("groups").ordered()[0].data["id"])


def _url(sim: NcmSimulator, spec: V3Path) -> str:
    return f"{sim.origin}/{spec.path}" if spec.root else f"{sim.base_url_v3}{spec.path}"


async def _walk(client: httpx.AsyncClient, url: str, params: dict[str, Any]) -> list[Any]:
    records: list[Any] = []
    response = await client.get(url, params=params)
    while True:
        assert response.status_code == 200, (url, response.text)
        assert response.headers["content-type"] == "application/vnd.api+json"
        body = response.json()
        assert set(body) == {"data", "links"}
        assert len(body["data"]) <= params.get("page[size]", 20)
        records += body["data"]
        if body["links"]["next"] is None:
            return records
        response = await client.get(body["links"]["next"])


def test_the_table_documents_32_paths() -> None:
    assert len(V3_PATHS) == len(docs_table()["endpoints"]) == 32
    assert {p.path for p in V3_PATHS.values() if p.root} == {"beta/exchange_resources"}


@pytest.mark.parametrize("path", sorted(V3_PATHS))
async def test_every_path_lists_its_records_page_by_page(
    sim: NcmSimulator, v3_client: Any, path: str
) -> None:
    spec = V3_PATHS[path]
    params = {"page[size]": 7, **REQUIRED.get(spec.name, lambda s: {})(sim)}
    async with v3_client(sim) as client:
        records = await _walk(client, _url(sim, spec), params)
        one = (await client.get(records[0]["links"]["self"])).json()
    truth_filters = {k: v for k, v in params.items() if k == "router"}
    for key, value in params.items():
        if key.startswith("filter["):
            truth_filters[key[7:-1]] = value
    assert records == sim.ground_truth(spec.name, api="v3", **truth_filters)
    assert records, f"{path} has no records"
    assert {r["type"] for r in records} <= set(spec.types)
    assert all(set(r) == {"id", "type", "attributes", "relationships", "links"} for r in records)
    assert one == {"data": records[0]}


@pytest.mark.parametrize("name", sorted(REQUIRED))
async def test_required_filters_are_400_naming_the_parameter(
    sim: NcmSimulator, v3_client: Any, name: str
) -> None:
    spec = next(p for p in V3_PATHS.values() if p.name == name)
    async with v3_client(sim) as client:
        response = await client.get(spec.path)
    assert response.status_code == 400
    wanted = "router" if name == "unmasked_wifi_passwords" else "filter[group]"
    assert response.json()["errors"][0]["source"] == {"parameter": wanted}


async def test_modem_upgrades_need_both_group_and_type(sim: NcmSimulator, v3_client: Any) -> None:
    async with v3_client(sim) as client:
        response = await client.get("modem_upgrades", params={"filter[group]": _first_group(sim)})
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": "filter[type]"}


async def test_unmasked_wifi_passwords_take_a_plain_router_list(
    sim: NcmSimulator, v3_client: Any
) -> None:
    routers = [str(r) for r in sim.fleet.router_ids[3:6]]
    async with v3_client(sim) as client:
        records = await _walk(client, "unmasked_wifi_passwords", {"router": ",".join(routers)})
        as_filter = await client.get(
            "unmasked_wifi_passwords", params={"filter[router]": routers[0]}
        )
    owners = [r["relationships"]["router"]["data"]["id"] for r in records]
    assert sorted(set(owners)) == sorted(routers)
    assert all(r["attributes"]["password"] for r in records)
    assert as_filter.status_code == 400


@pytest.mark.parametrize("path", sorted(p for p in V3_PATHS if p.startswith("beta/")))
async def test_beta_paths_with_a_trailing_slash_are_404(
    sim: NcmSimulator, v3_client: Any, path: str
) -> None:
    spec = V3_PATHS[path]
    async with v3_client(sim) as client:
        response = await client.get(_url(sim, spec) + "/")
    assert response.status_code == 404


async def test_relationship_filters_and_operators(sim: NcmSimulator, v3_client: Any) -> None:
    router = sim.ground_truth("lan_devices", api="v3")[0]["relationships"]["router"]["data"]["id"]
    async with v3_client(sim) as client:
        mine = await _walk(client, "lan_devices", {"filter[router]": router})
        others = await _walk(
            client, "lan_devices", {"filter[router][ne]": router, "page[size]": 50}
        )
        switches = await _walk(client, "lan_product_infos", {"filter[product_type]": "switch"})
    everything = sim.ground_truth("lan_devices", api="v3")
    assert mine
    assert others
    assert len(mine) + len(others) == len(everything)
    assert {r["relationships"]["router"]["data"]["id"] for r in mine} == {router}
    assert {r["attributes"]["product_type"] for r in switches} == {"switch"}


async def test_polymorphic_sparse_fields_and_type_filter(sim: NcmSimulator, v3_client: Any) -> None:
    params = {
        "filter[type]": "remote_connect_ssh_profile",
        "fields[remote_connect_ssh_profile]": "name",
    }
    async with v3_client(sim) as client:
        ssh = await _walk(client, "remote_connect_profiles", params)
    assert ssh
    assert {r["type"] for r in ssh} == {"remote_connect_ssh_profile"}
    assert all(list(r["attributes"]) == ["name"] and r["relationships"] == {} for r in ssh)


async def test_new_paths_throttle_with_a_409_without_errors(v3_client: Any) -> None:
    now = [0.0]
    limit = SimRateLimit(requests_per_minute=60, burst=2)
    sim = NcmSimulator(routers=10, seed=0, rate_limit=limit, clock=lambda: now[0])
    async with v3_client(sim) as client:
        statuses = [(await client.get("starlink_interfaces")).status_code for _ in range(3)]
        throttled = await client.get("beta/private_cellular_sims")
    assert statuses == [200, 200, 409]
    assert throttled.status_code == 409
    assert "errors" not in throttled.json()
    assert throttled.headers["retry-after"] == "1"

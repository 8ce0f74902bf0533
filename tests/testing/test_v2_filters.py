"""v2 filters: documented fields and operators only, ``__in`` limits, required filters,
``%2b`` datetimes, projections."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

VALIDATION = {"type": "validation", "message": "bad or missing data"}


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("routers/", "foo"),
        ("routers/", "name__gt"),
        ("routers/", "state__isnull"),
        ("routers/", "order_by"),
        ("net_devices/", "router__lte"),
        ("accounts/", "name__contains"),
    ],
)
async def test_unknown_field_or_operator_is_400(
    sim: NcmSimulator, v2_client: Any, path: str, param: str
) -> None:
    async with v2_client(sim) as client:
        response = await client.get(path, params={param: "x"})
    assert response.status_code == 400
    assert response.json() == {"exception": VALIDATION, "errors": [{param: "no such field"}]}


async def test_every_bad_parameter_is_reported(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        response = await client.get("routers/", params={"foo": 1, "bar": 2, "limit": 20})
    assert response.json()["errors"] == [{"foo": "no such field"}, {"bar": "no such field"}]


async def test_in_filter_takes_at_most_100_values(sim: NcmSimulator, v2_client: Any) -> None:
    ids = sim.fleet.router_ids
    async with v2_client(sim) as client:
        ok = await client.get(
            "routers/", params={"id__in": ",".join(map(str, ids[:100])), "limit": 500}
        )
        too_many = await client.get("routers/", params={"id__in": ",".join(map(str, ids[:101]))})
        alerts = await client.get("alerts/", params={"router__in": ",".join(map(str, ids[:120]))})
    assert ok.status_code == 200
    assert [r["id"] for r in ok.json()["data"]] == [str(i) for i in ids[:100]]
    assert too_many.status_code == 400
    assert list(too_many.json()["errors"][0]) == ["id__in"]
    assert alerts.status_code == 200, "alerts has no 100-value limit"


async def test_id_filters_take_integers(sim: NcmSimulator, v2_client: Any) -> None:
    url = f"http://ncm.sim/api/v2/routers/{sim.fleet.router_ids[0]}/"
    async with v2_client(sim) as client:
        response = await client.get("net_devices/", params={"router": url})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"router": "invalid value"}]


@pytest.mark.parametrize(
    "endpoint",
    [
        "router_state_samples",
        "router_logs",
        "batteries",
        "historical_locations",
        "net_device_usage_samples",
    ],
)
async def test_required_filter_missing_is_409(
    sim: NcmSimulator, v2_client: Any, endpoint: str
) -> None:
    async with v2_client(sim) as client:
        response = await client.get(f"{endpoint}/", params={"limit": 5})
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"exception", "errors"}
    assert body["errors"]


async def test_any_operator_on_the_required_field_satisfies_it(
    sim: NcmSimulator, v2_client: Any
) -> None:
    async with v2_client(sim) as client:
        response = await client.get(
            "router_state_samples/", params={"router__in": sim.fleet.router_ids[0]}
        )
    assert response.status_code == 200


async def test_fields_projection(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.router_ids[0]
    async with v2_client(sim) as client:
        page = (
            await client.get("routers/", params={"fields": "id,name,nonsense", "limit": 3})
        ).json()
        item = (await client.get(f"routers/{rid}/", params={"fields": "name,state"})).json()
    assert all(list(r) == ["id", "name"] for r in page["data"])
    assert list(item) == ["name", "state"]


async def test_expand_embeds_the_related_record(sim: NcmSimulator, v2_client: Any) -> None:
    nd = sim.fleet.net_device_ids[0]
    async with v2_client(sim) as client:
        body = (
            await client.get(
                "net_device_metrics/", params={"net_device": nd, "expand": "net_device"}
            )
        ).json()
        bad = await client.get("net_device_metrics/", params={"expand": "bytes_in"})
    assert body["data"][0]["net_device"]["id"] == str(nd)
    assert bad.status_code == 400


def _stamp(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(record["created_at"])


async def test_datetime_filters_with_encoded_plus(
    sim: NcmSimulator, v2_client: Any, collect: Any
) -> None:
    rid = sim.fleet.busy_router_ids[0]
    low = sim.fleet.now - timedelta(days=4, minutes=13)
    high = sim.fleet.now - timedelta(days=2, seconds=7)
    query = (
        f"router={rid}&limit=500&created_at__gt={low.isoformat().replace('+', '%2b')}"
        f"&created_at__lt={high.isoformat().replace('+', '%2b')}"
    )
    async with v2_client(sim) as client:
        records, _ = await collect(client, f"router_state_samples/?{query}", {})
    everything = sim.ground_truth("router_state_samples", router=rid)
    expected = [r for r in everything if low < _stamp(r) < high]
    assert records == expected
    assert 0 < len(expected) < len(everything)


async def test_unencoded_plus_is_rejected(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.busy_router_ids[0]
    raw = (sim.fleet.now - timedelta(days=1)).isoformat()
    async with v2_client(sim) as client:
        response = await client.get(f"router_state_samples/?router={rid}&created_at__gt={raw}")
    assert "+" in raw
    assert response.status_code == 400
    assert response.json()["errors"] == [{"created_at__gt": "invalid value"}]


async def test_timeuuid_bounds(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.busy_router_ids[0]
    everything = sim.ground_truth("router_state_samples", router=rid)
    pivot = everything[100]["created_at_timeuuid"]
    async with v2_client(sim) as client:
        lte = (
            await client.get(
                "router_state_samples/",
                params={"router": rid, "created_at_timeuuid__lte": pivot, "limit": 500},
            )
        ).json()
        eq = (
            await client.get(
                "router_state_samples/", params={"router": rid, "created_at_timeuuid": pivot}
            )
        ).json()
    assert lte["data"] == everything[100:600]
    assert eq["data"] == [everything[100]]


async def test_filters_on_several_fields(sim: NcmSimulator, v2_client: Any) -> None:
    group = sim.ground_truth("groups")[0]
    async with v2_client(sim) as client:
        body = (
            await client.get(
                "routers/", params={"group": group["id"], "state": "online", "limit": 500}
            )
        ).json()
    expected = [
        r
        for r in sim.ground_truth("routers")
        if r["group"] == group["resource_url"] and r["state"] == "online"
    ]
    assert body["data"] == expected
    assert expected


async def test_isnull_on_alerts(sim: NcmSimulator, v2_client: Any, collect: Any) -> None:
    async with v2_client(sim) as client:
        account_only, _ = await collect(client, "alerts/", {"router__isnull": "true", "limit": 500})
        with_router, _ = await collect(client, "alerts/", {"router__isnull": "false", "limit": 500})
    assert account_only
    assert all(r["router"] is None for r in account_only)
    assert with_router
    assert all(r["router"] for r in with_router)
    assert len(account_only) + len(with_router) == len(sim.ground_truth("alerts"))


async def test_boolean_and_nested_filters(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        synched = (
            await client.get("configuration_managers/", params={"synched": "false", "limit": 500})
        ).json()
        updates = (
            await client.get("activity_logs/", params={"action__type": "update", "limit": 500})
        ).json()
    expected = [r for r in sim.ground_truth("configuration_managers") if not r["synched"]]
    assert synched["data"] == expected
    assert expected
    assert updates["data"]
    assert all(r["action"]["type_name"] == "update" for r in updates["data"])


async def test_order_by_on_offset_endpoints(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        body = (await client.get("routers/", params={"order_by": "-name", "limit": 500})).json()
        bad = await client.get("routers/", params={"order_by": "custom1"})
    names = [r["name"] for r in body["data"]]
    assert names == sorted(names, reverse=True)
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"order_by": "no such field"}]


async def test_order_by_on_time_series_keeps_newest_first(
    sim: NcmSimulator, v2_client: Any
) -> None:
    rid = sim.fleet.busy_router_ids[0]
    params = {"router": rid, "order_by": "created_at_timeuuid", "limit": 500}
    async with v2_client(sim) as client:
        body = (await client.get("router_alerts/", params=params)).json()
        bad = await client.get("router_alerts/", params={"router": rid, "order_by": "type"})
    assert body["data"] == sim.ground_truth("router_alerts", router=rid)[:500]
    assert bad.status_code == 400

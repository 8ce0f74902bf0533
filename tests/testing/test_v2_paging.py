"""v2 paging: offset pages, timeuuid keyset pages, next-link endpoints, against ground truth."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


async def test_offset_paging_covers_exactly_the_ground_truth(
    sim: NcmSimulator, v2_client: Any, collect: Any
) -> None:
    async with v2_client(sim) as client:
        records, metas = await collect(
            client, "net_devices/", {"limit": 37, "connection_state": "connected"}
        )
    truth = sim.ground_truth("net_devices", connection_state="connected")
    assert records == truth
    assert len({r["id"] for r in records}) == len(records)
    assert [m["offset"] for m in metas] == list(range(0, len(truth), 37))
    assert all(set(m) == {"limit", "next", "offset", "previous"} for m in metas)


async def test_offset_links_keep_filters_and_limit(sim: NcmSimulator, v2_client: Any) -> None:
    async with v2_client(sim) as client:
        first = (await client.get("routers/", params={"state": "online", "limit": 10})).json()
        second = (await client.get(first["meta"]["next"])).json()
    assert _query(first["meta"]["next"]) == {"state": "online", "limit": "10", "offset": "10"}
    assert first["meta"]["previous"] is None
    assert _query(second["meta"]["previous"]) == {"state": "online", "limit": "10", "offset": "0"}
    assert second["meta"]["offset"] == 10


async def test_router_logs_meta_has_count(sim: NcmSimulator, v2_client: Any) -> None:
    rid = sim.fleet.busy_router_ids[0]
    async with v2_client(sim) as client:
        body = (await client.get("router_logs/", params={"router": rid})).json()
    assert list(body["meta"]) == ["count", "limit", "next", "offset", "previous"]
    assert body["meta"]["count"] == len(body["data"]) == 20
    assert _query(body["meta"]["next"]) == {"router": str(rid), "limit": "20", "offset": "20"}


async def test_keyset_paging_is_newest_first_and_exact(
    sim: NcmSimulator, v2_client: Any, collect: Any
) -> None:
    routers = sim.fleet.router_ids[:60]
    params = {"router__in": ",".join(map(str, routers)), "limit": 500}
    async with v2_client(sim) as client:
        records, metas = await collect(client, "router_state_samples/", params)
    truth = sim.ground_truth("router_state_samples", router__in=routers)
    assert len(truth) > 1000
    assert records == truth
    keys = [(uuid.UUID(r["created_at_timeuuid"]).time, r["created_at_timeuuid"]) for r in records]
    assert keys == sorted(keys, reverse=True)
    assert all(set(m) == {"limit", "next"} for m in metas)
    assert metas[-1]["next"] is None


async def test_keyset_next_link_keeps_filters_and_carries_the_last_uuid(
    sim: NcmSimulator, v2_client: Any
) -> None:
    rid = sim.fleet.busy_router_ids[0]
    since = sim.fleet.now - timedelta(days=3)
    params = {"router": rid, "created_at__gt": since.isoformat(), "limit": 50}
    async with v2_client(sim) as client:
        body = (await client.get("router_state_samples/", params=params)).json()
    link = _query(body["meta"]["next"])
    assert link == {
        "router": str(rid),
        "created_at__gt": since.isoformat(),
        "limit": "50",
        "created_at_timeuuid__lt": body["data"][-1]["created_at_timeuuid"],
    }
    assert "%2B00%3A00" in body["meta"]["next"] or "%2B00:00" in body["meta"]["next"]


async def test_last_keyset_page_has_null_next_even_when_full(
    sim: NcmSimulator, v2_client: Any
) -> None:
    rid = next(
        r
        for r in sim.fleet.router_ids
        if 1 < len(sim.ground_truth("router_state_samples", router=r)) < 500
    )
    total = len(sim.ground_truth("router_state_samples", router=rid))
    async with v2_client(sim) as client:
        exact = (
            await client.get("router_state_samples/", params={"router": rid, "limit": total})
        ).json()
        short = (
            await client.get("router_state_samples/", params={"router": rid, "limit": total - 1})
        ).json()
    assert len(exact["data"]) == total
    assert exact["meta"]["next"] is None
    assert short["meta"]["next"] is not None


@pytest.mark.parametrize(
    "endpoint",
    ["router_state_samples", "alerts", "activity_logs", "alert_rules", "historical_locations"],
)
async def test_offset_is_rejected_on_keyset_endpoints(
    sim: NcmSimulator, v2_client: Any, endpoint: str
) -> None:
    params = {"offset": 20, "router": sim.fleet.router_ids[0]}
    if endpoint in ("activity_logs", "alert_rules", "alerts"):
        params.pop("router")
    async with v2_client(sim) as client:
        response = await client.get(f"{endpoint}/", params=params)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"offset": "no such field"}]


async def test_activity_logs_page_on_action_id(
    sim: NcmSimulator, v2_client: Any, collect: Any
) -> None:
    async with v2_client(sim) as client:
        records, metas = await collect(client, "activity_logs/", {"limit": 25})
    assert records == sim.ground_truth("activity_logs")
    assert len(records) > 100
    assert set(_query(metas[0]["next"])) == {"limit", "action__id__lt"}
    stamps = [r["action"]["timestamp"] for r in records]
    assert stamps == sorted(stamps, reverse=True)


async def test_alerts_merge_every_router_newest_first(
    sim: NcmSimulator, v2_client: Any, collect: Any
) -> None:
    async with v2_client(sim) as client:
        records, _ = await collect(client, "alerts/", {"limit": 500})
    truth = sim.ground_truth("alerts")
    assert records == truth
    assert any(r["router"] is None for r in records)
    assert any(r["router"] is not None for r in records)


async def test_samples_added_while_paging_do_not_break_keyset_paging(
    sim: NcmSimulator, v2_client: Any
) -> None:
    rid = sim.fleet.busy_router_ids[0]
    before = sim.ground_truth("router_state_samples", router=rid)
    seen: list[dict[str, Any]] = []
    async with v2_client(sim) as client:
        body = (
            await client.get("router_state_samples/", params={"router": rid, "limit": 100})
        ).json()
        seen += body["data"]
        newer = [sim.fleet.now + timedelta(seconds=s) for s in (1, 2, 3)]
        sim.add_samples("router_state_samples", rid, newer)
        while body["meta"]["next"]:
            body = (await client.get(body["meta"]["next"])).json()
            seen += body["data"]
    assert seen == before
    assert len(sim.ground_truth("router_state_samples", router=rid)) == len(before) + 3


async def test_offset_paging_sees_inserted_records_shift(sim: NcmSimulator, v2_client: Any) -> None:
    """Offset pages over newest-first data shift when records arrive: why keyset paging exists."""
    rid = sim.fleet.busy_router_ids[0]
    async with v2_client(sim) as client:
        first = (await client.get("router_logs/", params={"router": rid, "limit": 10})).json()
        sim.add_samples("router_logs", rid, [sim.fleet.now + timedelta(seconds=1)])
        second = (await client.get(first["meta"]["next"])).json()
    assert second["data"][0] in first["data"]

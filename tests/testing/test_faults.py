"""Seeded transient faults and permanent per-router failures."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ncm_async.testing import FaultPlan, NcmSimulator

pytestmark = pytest.mark.anyio


async def _statuses(sim: NcmSimulator, v2_client: Any, count: int) -> list[int | str]:
    out: list[int | str] = []
    async with v2_client(sim) as client:
        for _ in range(count):
            try:
                out.append((await client.get("accounts/")).status_code)
            except httpx.RemoteProtocolError:
                out.append("drop")
    return out


def _faulty(seed: int, **kw: Any) -> NcmSimulator:
    plan = FaultPlan(transient_rate=0.3, kinds=("500", "502", "503", "drop"), seed=seed, **kw)
    return NcmSimulator(routers=10, seed=0, faults=plan)


async def test_faults_are_deterministic_by_seed(v2_client: Any) -> None:
    first = await _statuses(_faulty(5), v2_client, 60)
    again = await _statuses(_faulty(5), v2_client, 60)
    other = await _statuses(_faulty(6), v2_client, 60)
    assert first == again
    assert first != other
    assert {500, 502, 503, "drop"} <= set(first)
    assert 5 < sum(s != 200 for s in first) < 35


async def test_fault_bodies(v2_client: Any) -> None:
    responses: dict[int, httpx.Response] = {}
    for kind in ("500", "502", "503"):
        sim = NcmSimulator(routers=5, faults=FaultPlan(transient_rate=1.0, kinds=(kind,)))
        async with v2_client(sim) as client:
            responses[int(kind)] = await client.get("accounts/")
    assert responses[500].json() == {
        "exception": {"message": "cp internal error shard-router-3", "type": "server_error"},
        "errors": [],
    }
    for status in (502, 503):
        assert responses[status].status_code == status
        assert responses[status].headers["content-type"] == "text/html"
        assert responses[status].text.startswith("<html>")


async def test_dropped_connection_is_a_client_side_error(v2_client: Any) -> None:
    sim = NcmSimulator(routers=5, faults=FaultPlan(transient_rate=1.0, kinds=("drop",)))
    async with v2_client(sim) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("accounts/")
    assert sim.requests[0].status == 0
    assert sim.requests[0].fault == "drop"
    assert sim.counters.faults == 1


async def test_slow_fault_uses_the_injected_sleep(v2_client: Any) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    plan = FaultPlan(transient_rate=1.0, kinds=("slow",), slow_seconds=7.5)
    sim = NcmSimulator(routers=5, faults=plan, latency=0.2, sleep=fake_sleep)
    async with v2_client(sim) as client:
        response = await client.get("accounts/")
    assert response.status_code == 200
    assert slept == [0.2, 7.5]


async def test_faulted_writes_change_nothing(v2_client: Any) -> None:
    plan = FaultPlan(transient_rate=0.5, kinds=("500", "drop"), seed=1)
    sim = NcmSimulator(routers=5, faults=plan)
    created = 0
    async with v2_client(sim) as client:
        while not created:
            try:
                response = await client.post("accounts/", json={"name": "retried"})
            except httpx.RemoteProtocolError:
                continue
            created = response.status_code == 201
        accounts = [a for a in sim.ground_truth("accounts") if a["name"] == "retried"]
    assert len(accounts) == 1
    assert sim.counters.faults == len(sim.requests) - 1 >= 1


async def test_retried_reads_get_the_right_answer(v2_client: Any) -> None:
    sim = NcmSimulator(
        routers=30, seed=0, faults=FaultPlan(transient_rate=0.4, kinds=("500", "503"), seed=3)
    )
    good: list[dict[str, Any]] = []
    async with v2_client(sim) as client:
        url: str | None = "routers/?limit=7"
        while url:
            response = await client.get(url)
            if response.status_code != 200:
                continue
            good += response.json()["data"]
            url = response.json()["meta"]["next"]
    assert good == sim.ground_truth("routers")


async def test_permanent_router_faults(v2_client: Any) -> None:
    sim = NcmSimulator(routers=20, seed=0)
    bad, fine = sim.fleet.router_ids[3], sim.fleet.router_ids[4]
    sim = NcmSimulator(routers=20, seed=0, faults=FaultPlan(permanent={"routers": {bad: 403}}))
    forbidden = {"exception": {"message": "forbidden", "type": "error"}, "errors": []}
    async with v2_client(sim) as client:
        hits = [
            await client.get("router_state_samples/", params={"router": bad}),
            await client.get("router_state_samples/", params={"router__in": f"{fine},{bad}"}),
            await client.get(f"routers/{bad}/"),
            await client.get("routers/", params={"id": bad}),
            await client.get("failovers/", params={"router_id": bad}),
        ]
        again = await client.get("router_state_samples/", params={"router": bad})
        other = await client.get("router_state_samples/", params={"router": fine})
    assert all(r.status_code == 403 and r.json() == forbidden for r in [*hits, again])
    assert other.status_code == 200


async def test_permanent_net_device_fault_with_another_status(v2_client: Any) -> None:
    probe = NcmSimulator(routers=5, seed=0)
    nd = probe.fleet.net_device_ids[1]
    sim = NcmSimulator(
        routers=5, seed=0, faults=FaultPlan(permanent={"net_devices": {str(nd): 500}})
    )
    async with v2_client(sim) as client:
        response = await client.get("net_device_usage_samples/", params={"net_device": nd})
    assert response.status_code == 500
    assert response.json()["exception"]["type"] == "server_error"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"transient_rate": 1.5},
        {"kinds": ("teapot",)},
        {"kinds": ()},
        {"permanent": {"groups": {1: 403}}},
    ],
)
def test_fault_plan_validation(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"must|apply"):
        FaultPlan(**kwargs)

"""The generated fleet: deterministic, shaped like the documented examples, timeuuids exact."""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ncm_async._endpoints.spec import Paging
from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async.testing import NcmSimulator
from ncm_async.testing.timeuuid import from_ticks, key_of, log_key, ticks, timeuuid, uuid_ticks

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
URL = re.compile(r"http://ncm\.sim/api/v[12]/[a-z_]+/\d+/")

# Key sets of the documented example records (v2-examples.json).
EXAMPLE_KEYS = {
    "routers": (
        "account actual_firmware asset_id config_status configuration_manager created_at "
        "custom1 custom2 description device_type full_product_name group id ipv4_address "
        "last_known_location locality mac name product reboot_required resource_url "
        "serial_number state state_updated_at target_firmware updated_at upgrade_pending"
    ),
    "router_state_samples": "created_at created_at_timeuuid period router state",
    "router_stream_usage_samples": (
        "bytes_in bytes_out created_at created_at_timeuuid period router uptime"
    ),
    "net_device_usage_samples": (
        "bytes_in bytes_out created_at created_at_timeuuid net_device period uptime"
    ),
    "router_logs": (
        "created_at created_at_timeuuid exception level message reported_at router sequence source"
    ),
    "accounts": "account id is_disabled name resource_url",
    "groups": "account configuration device_type id name product resource_url target_firmware",
    "products": "device_type id name resource_url series",
    "users": "account email first_name id last_name resource_url username",
    "router_lans": (
        "account created_at enabled id ip_address name netmask resource_url router updated_at"
    ),
    "net_device_health": (
        "cellular_health_category cellular_health_score id net_device resource_url"
    ),
    "alert_push_destinations": (
        "account authentication destination_config_id enabled endpoint last_error_at "
        "last_error_text name suspended updated_at"
    ),
}


def test_timeuuid_embeds_the_exact_time() -> None:
    moment = datetime(2021, 2, 9, 22, 37, 8, 9631, tzinfo=UTC)
    value = timeuuid(moment, clock_seq=0x1234, node=0xABCDEF012345)
    assert value.version == 1
    assert from_ticks(uuid_ticks(value)) == moment
    assert key_of(str(value)) == (ticks(moment), str(value))
    later = timeuuid(moment + timedelta(microseconds=1), clock_seq=0, node=0)
    assert key_of(str(later)) > key_of(str(value))


def test_timeuuid_decodes_a_documented_example() -> None:
    example = uuid.UUID("f064b2c0-3611-11eb-9034-32d40d962d51")  # router_state_samples example
    assert from_ticks(uuid_ticks(example)).isoformat().startswith("2020-12-04T09:20:24.040")


def test_log_key_orders_a_burst_by_sequence_when_served_newest_first() -> None:
    first, second = log_key("2021-02-09T22:37:07.590858_0"), log_key("2021-02-09T22:37:07.590858_1")
    assert sorted([first, second], reverse=True) == [first, second]


def test_same_seed_same_fleet_other_seed_other_fleet() -> None:
    a = NcmSimulator(routers=50, seed=1, now=NOW)
    b = NcmSimulator(routers=50, seed=1, now=NOW)
    c = NcmSimulator(routers=50, seed=2, now=NOW)
    rid = a.fleet.router_ids[5]
    assert a.ground_truth("routers") == b.ground_truth("routers")
    assert a.ground_truth("router_state_samples", router=rid) == b.ground_truth(
        "router_state_samples", router=rid
    )
    assert a.ground_truth("routers") != c.ground_truth("routers")


def test_data_does_not_depend_on_access_order() -> None:
    a = NcmSimulator(routers=30, seed=3, now=NOW)
    b = NcmSimulator(routers=30, seed=3, now=NOW)
    ids = a.fleet.router_ids
    forward = [a.ground_truth("router_alerts", router=r) for r in ids]
    backward = [b.ground_truth("router_alerts", router=r) for r in reversed(ids)]
    assert forward == backward[::-1]


def test_fleet_size_and_profiles() -> None:
    sim = NcmSimulator(routers=2000, seed=0, now=NOW)
    assert len(sim.fleet.router_ids) == 2000
    assert [int(r["id"]) for r in sim.fleet.routers] == sim.fleet.router_ids
    assert [int(n["id"]) for n in sim.fleet.net_devices] == sim.fleet.net_device_ids
    assert 1.5 < len(sim.fleet.net_device_ids) / 2000 < 3
    busy, quiet = sim.fleet.busy_router_ids[0], sim.fleet.quiet_router_ids[0]
    assert len(sim.ground_truth("router_state_samples", router=busy)) > 500
    assert sim.ground_truth("router_state_samples", router=quiet) == []
    assert sim.ground_truth("router_stream_usage_samples", router=quiet) == []


@pytest.mark.parametrize("endpoint", sorted(EXAMPLE_KEYS))
def test_records_have_the_documented_keys(endpoint: str) -> None:
    sim = NcmSimulator(routers=40, seed=0, now=NOW)
    spec = V2_ENDPOINTS[endpoint]
    filters: dict[str, Any] = {}
    busy = sim.fleet.busy_router_ids[0]
    if spec.required_any == ("router",):
        filters["router"] = busy
    elif spec.required_any == ("net_device",):
        filters["net_device"] = int(sim.fleet.router_net_devices[str(busy)][0])
    records = sim.ground_truth(endpoint, **filters)
    assert records
    for record in records:
        assert set(record) == set(EXAMPLE_KEYS[endpoint].split())


def test_every_listable_endpoint_has_records() -> None:
    sim = NcmSimulator(routers=60, seed=0, now=NOW)
    busy = sim.fleet.busy_router_ids[0]
    modem = next(
        int(n["id"]) for n in sim.ground_truth("net_devices", router=busy) if n["type"] == "mdm"
    )
    quiet = set(sim.fleet.quiet_router_ids)
    gps = next(r for r in sorted(sim.fleet.gps_router_ids, key=int) if int(r) not in quiet)
    for name, spec in V2_ENDPOINTS.items():
        if spec.paging is Paging.NONE:
            continue
        filters: dict[str, Any] = {}
        if spec.required_any:
            key = spec.required_any[0]
            filters[key] = modem if key == "net_device" else busy
        if name in ("historical_locations", "batteries"):
            filters["router"] = gps if name == "historical_locations" else _battery_router(sim)
        assert sim.ground_truth(name, **filters), name


def _battery_router(sim: NcmSimulator) -> int:
    return next(r for r in sim.fleet.router_ids if r % 20 == 0)


def test_ids_are_strings_and_relations_are_urls() -> None:
    sim = NcmSimulator(routers=20, seed=0, now=NOW)
    router = sim.ground_truth("routers")[0]
    assert isinstance(router["id"], str)
    for field in ("account", "product", "actual_firmware", "target_firmware", "resource_url"):
        assert URL.fullmatch(router[field]), field
    net_device = sim.ground_truth("net_devices", router=int(router["id"]))[0]
    assert net_device["router"] == router["resource_url"]


def test_series_timeuuids_match_created_at() -> None:
    sim = NcmSimulator(routers=30, seed=0, now=NOW)
    rid = sim.fleet.busy_router_ids[0]
    for endpoint in ("router_state_samples", "router_stream_usage_samples", "router_alerts"):
        for record in sim.ground_truth(endpoint, router=rid):
            value = uuid.UUID(record["created_at_timeuuid"])
            assert value.version == 1
            assert from_ticks(uuid_ticks(value)) == datetime.fromisoformat(record["created_at"])
            assert NOW - timedelta(days=7) <= datetime.fromisoformat(record["created_at"]) <= NOW


def test_router_logs_use_the_documented_pseudo_timeuuid() -> None:
    sim = NcmSimulator(routers=30, seed=0, now=NOW)
    logs = sim.ground_truth("router_logs", router=sim.fleet.busy_router_ids[0])
    assert logs
    for record in logs:
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}_\d+", record["created_at_timeuuid"]
        )
        assert "/api/v1/routers/" in record["router"]


def test_state_samples_alternate_and_end_at_the_router_state() -> None:
    sim = NcmSimulator(routers=30, seed=0, now=NOW)
    rid = sim.fleet.busy_router_ids[0]
    samples = sim.ground_truth("router_state_samples", router=rid)
    states = [s["state"] for s in samples]
    assert all(a != b for a, b in itertools.pairwise(states))
    assert states[0] == sim.ground_truth("routers", id=rid)[0]["state"]

"""Endpoint names, fan-out and time filters: decided from the specs, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async.cli.specs import parse_fields, parse_filter
from ncm_async.cli.targets import (
    fan_out_key,
    find_target,
    plan_pull,
    targets,
    time_filters,
)

T0 = datetime(2024, 5, 1, tzinfo=UTC)
T1 = datetime(2024, 5, 2, tzinfo=UTC)


def test_every_v2_list_endpoint_is_pullable_and_actions_are_not() -> None:
    known = targets()
    for name, spec in V2_ENDPOINTS.items():
        assert (name in known) == (spec.paging.value != "none"), name
    assert "reboot_activity" not in known


def test_v3_names_are_prefixed_and_v2_wins_bare_names() -> None:
    known = targets()
    assert known["users"].api == "v2"
    if "v3.users" in known:
        assert known["v3.users"].api == "v3"
        assert find_target("v3/users", known).label == "v3.users"
        assert find_target("v3.subscriptions", known).name == "subscriptions"


def test_find_target_spellings_and_suggestions() -> None:
    assert find_target("router-state-samples").name == "router_state_samples"
    assert find_target("v2.routers").name == "routers"
    with pytest.raises(ValueError, match=r"did you mean .*router_state_samples"):
        find_target("state_samples")
    with pytest.raises(ValueError, match=r"unknown endpoint 'zzz'; `ncm-async endpoints`"):
        find_target("zzz")


def test_columns_come_from_the_model() -> None:
    assert find_target("router_state_samples").columns == (
        "created_at",
        "created_at_timeuuid",
        "period",
        "router",
        "state",
    )


@pytest.mark.parametrize(
    ("endpoint", "ids_given", "key"),
    [
        ("router_state_samples", True, "router"),
        ("net_device_usage_samples", True, "net_device"),
        ("router_logs", True, "router"),
        ("routers", False, None),
        ("routers", True, "id"),
        ("net_devices", True, "router"),
        ("alerts", True, "router"),
        ("alerts", False, None),
        ("failovers", True, "router_id"),
        ("firmwares", True, "id"),
    ],
)
def test_fan_out_key(endpoint: str, ids_given: bool, key: str | None) -> None:
    assert fan_out_key(V2_ENDPOINTS[endpoint], ids_given=ids_given) == key


def test_per_router_endpoint_without_ids_says_how_to_give_them() -> None:
    with pytest.raises(ValueError, match="listed per router: give --ids FILE or --all-routers"):
        fan_out_key(V2_ENDPOINTS["router_state_samples"], ids_given=False)


def test_ids_for_an_endpoint_without_device_filters() -> None:
    with pytest.raises(ValueError, match="speed_test cannot be filtered by router"):
        fan_out_key(V2_ENDPOINTS["speed_test"], ids_given=True)


def test_time_window_maps_to_created_at_bounds() -> None:
    spec = V2_ENDPOINTS["router_state_samples"]
    assert time_filters(spec, T0, T1) == {"created_at__gt": T0, "created_at__lt": T1}
    assert time_filters(spec, None, None) == {}
    with pytest.raises(
        ValueError, match="routers has no documented created_at__gt filter, so --since"
    ):
        time_filters(V2_ENDPOINTS["routers"], T0, None)


def test_plan_combines_filters_and_refuses_conflicts() -> None:
    plan = plan_pull(
        find_target("router_state_samples"),
        id_source="all",
        since=T0,
        fields=("state",),
        extra_filters={},
    )
    assert (plan.key, plan.id_source, plan.fields) == ("router", "all", ("state",))
    assert plan.filters == {"created_at__gt": T0}
    assert plan.listing_endpoint == "routers"
    nd = plan_pull(find_target("net_device_signal_samples"), id_source="all")
    assert nd.listing_endpoint == "net_devices"
    listing = plan_pull(find_target("routers"), id_source=None, extra_filters={"state": "online"})
    assert (listing.key, listing.filters) == (None, {"state": "online"})
    with pytest.raises(ValueError, match="--filter on router conflicts"):
        plan_pull(find_target("router_logs"), id_source="file", extra_filters={"router__in": "1"})


def test_filter_and_fields_words() -> None:
    assert parse_filter("state=online") == ("state", "online")
    assert parse_filter("id__in=1,2") == ("id__in", "1,2")
    with pytest.raises(ValueError, match="FIELD=VALUE"):
        parse_filter("state")
    assert parse_fields("id, name,,state") == ("id", "name", "state")
    with pytest.raises(ValueError, match="at least one field"):
        parse_fields(" , ")

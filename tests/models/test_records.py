"""Record behaviour: extras, projections, absent keys, links, deprecations, bad values."""

from __future__ import annotations

import uuid
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest

from ncm_async.converter import structure, structure_many, unstructure
from ncm_async.models import (
    Failover,
    Group,
    Location,
    NetDevice,
    Router,
    RouterLog,
    RouterStateSample,
    TestAlertPushDestination,
)

V2 = "https://www.cradlepointecm.com/api/v2"
SAMPLE = {
    "created_at": "2020-12-04T09:20:24.040723+00:00",
    "created_at_timeuuid": "f064b2c0-3611-11eb-9034-32d40d962d51",
    "period": 222.93943309783936,
    "router": f"{V2}/routers/2162719/",
    "state": "offline",
}


def test_sample_fields_and_properties() -> None:
    sample = structure(SAMPLE, RouterStateSample)
    assert sample.router == f"{V2}/routers/2162719/"
    assert sample.router_id == "2162719"
    assert sample.created_at == datetime(2020, 12, 4, 9, 20, 24, 40723, tzinfo=UTC)
    assert sample.created_at_timeuuid == SAMPLE["created_at_timeuuid"]
    assert sample.timeuuid == uuid.UUID(SAMPLE["created_at_timeuuid"])
    assert sample.created_at_from_uuid == sample.created_at
    assert unstructure(sample) == SAMPLE


def test_unknown_fields_are_kept_and_written_back() -> None:
    record = {**SAMPLE, "new_field": {"nested": [1, 2]}, "another": None}
    sample = structure(record, RouterStateSample)
    assert sample.extra == {"new_field": {"nested": [1, 2]}, "another": None}
    assert sample.state == "offline"
    assert unstructure(sample) == record
    assert sample != structure(SAMPLE, RouterStateSample)


@pytest.mark.parametrize(
    "record",
    [
        {"id": "861605", "name": "AP22-154"},
        {"name": "AP22-154"},
        {},
        {"state_updated_at": None},
        {"id": "1", "surprise": True},
    ],
)
def test_projections_structure_and_keep_their_shape(record: dict[str, object]) -> None:
    router = structure(record, Router)
    assert router.id == record.get("id")
    assert router.name == record.get("name")
    assert router.description is None
    assert unstructure(router) == record


def test_same_key_count_with_a_swapped_key_takes_the_slow_path() -> None:
    record = {k: v for k, v in SAMPLE.items() if k != "state"} | {"status": "x"}
    sample = structure(record, RouterStateSample)
    assert sample.state is None
    assert sample.extra == {"status": "x"}
    assert unstructure(sample) == record
    assert structure_many([SAMPLE, record], RouterStateSample)[1] == sample


def test_key_order_does_not_matter() -> None:
    reordered = dict(reversed(list(SAMPLE.items())))
    assert structure(reordered, RouterStateSample) == structure(SAMPLE, RouterStateSample)


def test_setting_an_absent_field_is_written_back() -> None:
    router = structure({"id": "1"}, Router)
    router.name = "renamed"
    assert unstructure(router) == {"id": "1", "name": "renamed"}


def test_models_built_in_code_unstructure_to_the_fields_that_were_set() -> None:
    group = Group(name="g", product=f"{V2}/products/23/", target_firmware=f"{V2}/firmwares/29/")
    assert unstructure(group) == {
        "name": "g",
        "product": f"{V2}/products/23/",
        "target_firmware": f"{V2}/firmwares/29/",
    }
    assert group.product_id == "23"
    assert unstructure(TestAlertPushDestination(destination_config_id="abc")) == {
        "destination_config_id": "abc"
    }
    when = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert unstructure(RouterStateSample(created_at=when, extra={"x": 1})) == {
        "created_at": "2024-05-01T12:00:00+00:00",
        "x": 1,
    }


def test_naive_timestamps_are_taken_as_utc() -> None:
    sample = structure({"created_at": "2020-12-07 17:44:18"}, RouterStateSample)
    assert sample.created_at == datetime(2020, 12, 7, 17, 44, 18, tzinfo=UTC)
    assert unstructure(sample) == {"created_at": "2020-12-07T17:44:18+00:00"}


@pytest.mark.parametrize("raw", ["not a date", "", 1612900000, ["2020-12-07 17:44:18", "UTC"]])
def test_unparseable_timestamps_are_kept_raw_in_extra(raw: object) -> None:
    record = {**SAMPLE, "created_at": raw}
    sample = structure(record, RouterStateSample)
    assert sample.created_at is None
    assert sample.extra == {"created_at": raw}
    assert sample.state == "offline"
    assert unstructure(sample) == record
    sample.created_at = datetime(2021, 1, 1, tzinfo=UTC)
    assert unstructure(sample)["created_at"] == "2021-01-01T00:00:00+00:00"


def test_encoded_offsets_are_parsed() -> None:
    sample = structure({"created_at": "2021-02-03T19:59:19.754418%2B00:00"}, RouterStateSample)
    assert sample.created_at == datetime(2021, 2, 3, 19, 59, 19, 754418, tzinfo=UTC)
    assert sample.extra == {}


def test_values_are_passed_through_unvalidated() -> None:
    sample: Any = structure({**SAMPLE, "period": "oops", "state": 3}, RouterStateSample)
    assert (sample.period, sample.state) == ("oops", 3)


def test_link_ids_are_none_when_absent_or_empty() -> None:
    router = structure({"account": f"{V2}/accounts//", "group": None}, Router)
    assert router.account_id is None
    assert router.group_id is None
    assert router.product_id is None
    assert structure({"router": "<router id>"}, Location).router_id == "<router id>"
    log = structure({"router": "https://www.cradlepointecm.com/api/v1/routers/7/"}, RouterLog)
    assert log.router_id == "7"


def test_router_log_keys_are_not_uuids_but_carry_a_time() -> None:
    log = structure({"created_at_timeuuid": "2021-02-09T22:37:07.590858_0"}, RouterLog)
    assert log.timeuuid is None
    assert log.created_at_from_uuid == datetime(2021, 2, 9, 22, 37, 7, 590858, tzinfo=UTC)


def test_failover_ids_are_plain_numbers() -> None:
    failover = structure({"router_id": 1507274, "account_id": 55993}, Failover)
    assert failover.router_id == 1507274
    assert unstructure(failover) == {"router_id": 1507274, "account_id": 55993}


@pytest.mark.parametrize(
    ("cls", "name", "value"),
    [
        (Router, "overlay_network_binding", f"{V2}/overlay_network_bindings/5/"),
        (NetDevice, "is_upgrade_available", True),
    ],
)
def test_deprecated_fields_warn_when_read(cls: type, name: str, value: object) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        record: Any = structure({"id": "1", name: value}, cls)
        assert unstructure(record) == {"id": "1", name: value}
        repr(record)
        assert record == structure({"id": "1", name: value}, cls)
        built = cls(**{name: value})
        setattr(record, name, value)
    with pytest.warns(DeprecationWarning, match=name):
        assert getattr(record, name) == value
    with pytest.warns(DeprecationWarning, match=name):
        assert getattr(built, name) == value

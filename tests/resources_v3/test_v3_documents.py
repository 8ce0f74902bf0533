"""Pure v3 building blocks, table-tested without I/O: documents, list queries, regrades."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ncm_async._endpoints.v3 import V3_ENDPOINTS
from ncm_async._resources.v3.documents import (
    merge_attributes,
    ref,
    refs,
    relationship,
    resource_data,
    write_document,
)
from ncm_async._resources.v3.params import list_params, page_size
from ncm_async._resources.v3.regrades import atomic_document, normalize_mac, normalize_macs
from ncm_async.errors import ConfigurationError, ResponseValidationError
from ncm_async.models.v3 import UserAttributes, V3Resource

SITE = V3Resource(id="s1", type="exchange_user_managed_sites")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"attributes": {"email": "a@b.c"}},
            {"data": {"type": "users", "attributes": {"email": "a@b.c"}}},
        ),
        (
            {"resource_id": "u1", "attributes": {"first_name": "A"}},
            {"data": {"type": "users", "id": "u1", "attributes": {"first_name": "A"}}},
        ),
        (
            {"attributes": {"email": "a@b.c"}, "relationships": {"tenant": ref("tenants", "t1")}},
            {
                "data": {
                    "type": "users",
                    "attributes": {"email": "a@b.c"},
                    "relationships": {"tenant": {"data": {"type": "tenants", "id": "t1"}}},
                }
            },
        ),
        (
            {"relationships": {"site": SITE}},
            {
                "data": {
                    "type": "users",
                    "relationships": {
                        "site": {"data": {"type": "exchange_user_managed_sites", "id": "s1"}}
                    },
                }
            },
        ),
    ],
)
def test_write_document(kwargs: dict[str, Any], expected: dict[str, Any]) -> None:
    assert write_document("users", **kwargs) == expected


def test_write_document_needs_something_to_send() -> None:
    with pytest.raises(ConfigurationError, match="nothing to send"):
        write_document("users", resource_id="u1", attributes={})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, {"data": None}),
        (SITE, {"data": {"type": "exchange_user_managed_sites", "id": "s1"}}),
        ([SITE], {"data": [{"type": "exchange_user_managed_sites", "id": "s1"}]}),
        ({"data": {"type": "x", "id": "1"}}, {"data": {"type": "x", "id": "1"}}),
        (
            refs("endpoints", [1, "2"]),
            {"data": [{"type": "endpoints", "id": "1"}, {"type": "endpoints", "id": "2"}]},
        ),
    ],
)
def test_relationship_forms(value: object, expected: dict[str, Any]) -> None:
    assert relationship(value, name="r") == expected


@pytest.mark.parametrize("value", ["t1", 5, {"type": "x", "id": "1"}, ["a", "b"]])
def test_relationship_rejects_bare_ids(value: object) -> None:
    with pytest.raises(ConfigurationError, match="relationship 'tenant'"):
        relationship(value, name="tenant")


@pytest.mark.parametrize(
    ("rtype", "rid"), [("", "1"), ("tenants", ""), ("tenants", True), ("tenants", None)]
)
def test_ref_rejects_incomplete_identifiers(rtype: str, rid: object) -> None:
    with pytest.raises(ConfigurationError):
        ref(rtype, rid)


def test_merge_attributes_from_mapping_model_and_keywords() -> None:
    assert merge_attributes({"a": 1}, {"b": 2}) == {"a": 1, "b": 2}
    assert merge_attributes(UserAttributes(first_name="A"), {"last_name": "B"}) == {
        "first_name": "A",
        "last_name": "B",
    }
    assert merge_attributes(None, {}) == {}
    with pytest.raises(ConfigurationError, match="first_name given both"):
        merge_attributes({"first_name": "A"}, {"first_name": "B"})
    with pytest.raises(ConfigurationError, match="attributes must be"):
        merge_attributes(["a"], {})  # type: ignore[arg-type]


@pytest.mark.parametrize("body", [None, [], {"errors": []}, {"data": []}, {"data": "x"}])
def test_resource_data_rejects_other_shapes(body: object) -> None:
    with pytest.raises(ResponseValidationError, match="GET u"):
        resource_data(body, "GET u")


SUBS = V3_ENDPOINTS["subscriptions"]
WHEN = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, [("page[size]", "50")]),
        ({"filters": {"name": "x"}}, [("filter[name]", "x"), ("page[size]", "50")]),
        (
            {"filters": {"end_time__gt": WHEN, "quantity__lte": 5}, "sort": "-end_time"},
            [
                ("filter[end_time][gt]", "2025-06-01T00:00:00+00:00"),
                ("filter[quantity][lte]", "5"),
                ("sort", "-end_time"),
                ("page[size]", "50"),
            ],
        ),
        (
            {"filters": {"type__ne": "A", "name__not": "B", "start_time__gte": WHEN}},
            [
                ("filter[type][ne]", "A"),
                ("filter[name][not]", "B"),
                ("filter[start_time][gte]", "2025-06-01T00:00:00+00:00"),
                ("page[size]", "50"),
            ],
        ),
        ({"filters": {"type": ["A", "B"]}}, [("filter[type]", "A,B"), ("page[size]", "50")]),
        ({"sort": ["-end_time", "name"]}, [("sort", "-end_time,name"), ("page[size]", "50")]),
        (
            {"fields": ["name", "quantity"], "types": ("subscriptions",)},
            [("fields[subscriptions]", "name,quantity"), ("page[size]", "50")],
        ),
        (
            {"fields": {"tenants": "name"}},
            [("fields[tenants]", "name"), ("page[size]", "50")],
        ),
        ({"search": {"name": "ess"}}, [("search[name]", "ess"), ("page[size]", "50")]),
        (
            {"extra": {"include": "tenant"}, "size": 7},
            [("page[size]", "7"), ("include", "tenant")],
        ),
    ],
)
def test_list_params(kwargs: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    kwargs = {"filters": {}, "size": 50, **kwargs}
    assert list_params(SUBS, **kwargs) == expected


def test_plain_filters_are_not_wrapped() -> None:
    spec = V3_ENDPOINTS["unmasked_wifi_passwords"]
    got = list_params(spec, filters={"router": [1, 2]}, size=50, plain={"router"})
    assert got == [("router", "1,2"), ("page[size]", "50")]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": {"colour": "x"}}, "unknown filter 'colour'.*extra_params="),
        ({"filters": {"end_time__in": "x"}}, "unknown filter 'end_time__in'"),
        ({"filters": {"end_time__gt": datetime(2025, 1, 1)}}, "timezone-aware"),
        ({"search": {"colour": "x"}}, "cannot search 'colour'"),
        ({"sort": ["name", ""]}, "sort: expected non-empty names"),
        ({"fields": []}, None),
        ({"fields": ["a"], "types": ()}, "record type is not known"),
    ],
)
def test_list_params_rejects(kwargs: dict[str, Any], message: str | None) -> None:
    kwargs = {"filters": {}, "size": 50, **kwargs}
    if message is None:
        assert list_params(SUBS, **kwargs) == [("page[size]", "50")]
        return
    with pytest.raises(ConfigurationError, match=message):
        list_params(SUBS, **kwargs)


def test_required_filter_is_enforced() -> None:
    with pytest.raises(ConfigurationError, match="router filter is required"):
        list_params(V3_ENDPOINTS["unmasked_wifi_passwords"], filters={}, size=50)


@pytest.mark.parametrize("size", [0, -1, 51, 1.5, True, "10"])
def test_page_size_bounds(size: object) -> None:
    with pytest.raises(ConfigurationError, match="page_size"):
        page_size(SUBS, size)
    assert page_size(SUBS, 50) == 50
    assert page_size(SUBS, 1) == 1


@pytest.mark.parametrize(
    ("mac", "expected"),
    [
        ("aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF"),
        ("AA-BB-CC-DD-EE-0F", "AABBCCDDEE0F"),
        ("aabb.ccdd.eeff", "AABBCCDDEEFF"),
        ("00304420ab01", "00304420AB01"),
        ("  00:30:44:20:ab:01 ", "00304420AB01"),
    ],
)
def test_normalize_mac(mac: str, expected: str) -> None:
    assert normalize_mac(mac) == expected


@pytest.mark.parametrize(
    "mac",
    [
        "",
        "aabbccddeef",
        "aabbccddeeff0",
        "gg:bb:cc:dd:ee:ff",
        "aa:bb-cc:dd:ee:ff",
        "aa:bbcc:dd:ee:ff",
        None,
        0xAABBCCDDEEFF,
    ],
)
def test_normalize_mac_rejects(mac: object) -> None:
    with pytest.raises(ConfigurationError, match="invalid MAC address"):
        normalize_mac(mac)


def test_normalize_macs_dedupes_in_order_and_bounds_the_batch() -> None:
    assert normalize_macs(["aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF", "00:00:00:00:00:01"]) == [
        "AABBCCDDEEFF",
        "000000000001",
    ]
    assert normalize_macs("aa:bb:cc:dd:ee:ff") == ["AABBCCDDEEFF"]
    hundred = [f"{i:012X}" for i in range(100)]
    assert len(normalize_macs(hundred + hundred)) == 100
    with pytest.raises(ConfigurationError, match=r"1 to 100 distinct MAC addresses.*got 101"):
        normalize_macs([*hundred, "FFFFFFFFFFFF"])
    with pytest.raises(ConfigurationError, match="got 0"):
        normalize_macs([])


def test_atomic_document() -> None:
    doc = atomic_document(["aa:bb:cc:dd:ee:ff"], action="upgrade", subscription_type="BA-NCADV")
    assert doc == {
        "atomic:operations": [
            {
                "op": "add",
                "data": {
                    "type": "regrades",
                    "attributes": {
                        "action": "UPGRADE",
                        "mac_address": "AABBCCDDEEFF",
                        "subscription_type": "BA-NCADV",
                    },
                },
            }
        ]
    }
    unlicense = atomic_document("AABBCCDDEEFF", action="UNLICENSE", subscription_type=None)
    assert unlicense["atomic:operations"][0]["data"]["attributes"] == {
        "action": "UNLICENSE",
        "mac_address": "AABBCCDDEEFF",
    }

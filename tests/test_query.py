"""Query building: filter validation, value encoding, __in chunking."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async._query import (
    chunked,
    encode_query,
    format_value,
    id_of,
    in_values,
    split_filter,
    v3_filter_key,
    validate_filters,
)
from ncm_async.errors import ConfigurationError


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("state", ("state", "")),
        ("router__in", ("router", "__in")),
        ("created_at__gt", ("created_at", "__gt")),
        ("created_at__gte", ("created_at", "__gte")),
        ("created_at_timeuuid__lte", ("created_at_timeuuid", "__lte")),
        ("action__id", ("action__id", "")),
        ("action__id__lt", ("action__id", "__lt")),
        ("router__isnull", ("router", "__isnull")),
        ("__in", ("__in", "")),
    ],
)
def test_split_filter(key: str, expected: tuple[str, str]) -> None:
    assert split_filter(key) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, "1234"),
        ("1234", "1234"),
        (" 42 ", "42"),
        ("https://www.cradlepointecm.com/api/v2/routers/2162719/", "2162719"),
        ("https://www.cradlepointecm.com/api/v1/routers/2162719/", "2162719"),
        ("https://www.cradlepointecm.com/api/v2/routers/2162719", "2162719"),
        ("https://www.cradlepointecm.com/api/v2/routers/2162719/?fields=id", "2162719"),
        ("4d75218a-665a-11eb-9aa9-42edcb7bf284", "4d75218a-665a-11eb-9aa9-42edcb7bf284"),
        (uuid.UUID("4d75218a-665a-11eb-9aa9-42edcb7bf284"), "4d75218a-665a-11eb-9aa9-42edcb7bf284"),
        ("https://api.cradlepointecm.com/api/v3/beta/exchange_sites/abc-1", "abc-1"),
        ("https://api.cradlepointecm.com/beta/exchange_resources/r9", "r9"),
        ("https://api.cradlepointecm.com/api/v3/users/42", "42"),
    ],
)
def test_id_of(value: object, expected: str) -> None:
    assert id_of(value) == expected


@pytest.mark.parametrize("value", [True, None, "", "  ", 1.5, "https://example.com/no/id/here"])
def test_id_of_rejects(value: object) -> None:
    with pytest.raises(ConfigurationError, match="router"):
        id_of(value, name="router")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "true"),
        (False, "false"),
        (5, "5"),
        ("online", "online"),
        (datetime(2015, 8, 10, 16, 19, 31, 784055, tzinfo=UTC), "2015-08-10T16:19:31.784055+00:00"),
        (datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=-5))), "2020-01-01T00:00:00-05:00"),
        (date(2020, 1, 2), "2020-01-02"),
        ([1, "2", "https://x/api/v2/routers/3/"], "1,2,3"),
        (("a", "b"), "a,b"),
        ("https://www.cradlepointecm.com/api/v2/groups/55/", "55"),
    ],
)
def test_format_value(value: object, expected: str) -> None:
    assert format_value(value, name="f") == expected


def test_naive_datetime_is_rejected_naming_the_filter() -> None:
    with pytest.raises(
        ConfigurationError, match=r"created_at__gt: datetime must be timezone-aware"
    ):
        format_value(datetime(2020, 1, 1), name="created_at__gt")


def test_plus_is_sent_as_percent_2b() -> None:
    stamp = format_value(datetime(2015, 8, 10, 16, 19, 31, 784055, tzinfo=UTC), name="t")
    assert (
        encode_query([("created_at__gt", stamp)])
        == "created_at__gt=2015-08-10T16:19:31.784055%2b00:00"
    )


def test_encode_query_keeps_commas_and_escapes_the_rest() -> None:
    assert encode_query([("router__in", "1,2,3"), ("name", "AP22 Group&x=1")]) == (
        "router__in=1,2,3&name=AP22%20Group%26x%3D1"
    )
    assert encode_query([("page[size]", "50"), ("filter[end_time][gt]", "x")]) == (
        "page[size]=50&filter[end_time][gt]=x"
    )


def test_in_values_dedupes_in_order() -> None:
    assert in_values([3, "1", 3, "https://x/api/v2/routers/1/", 2], name="router__in") == [
        "3",
        "1",
        "2",
    ]
    assert in_values("5,6,5", name="router__in") == ["5", "6"]


@given(st.lists(st.integers(), max_size=350), st.integers(min_value=1, max_value=120))
def test_chunked_is_an_exact_partition(values: list[int], size: int) -> None:
    chunks = chunked(values, size)
    assert [v for c in chunks for v in c] == values
    assert all(1 <= len(c) <= size for c in chunks)
    assert len(chunks) == -(-len(values) // size)


def test_chunked_rejects_zero() -> None:
    with pytest.raises(ValueError, match="positive"):
        chunked([1], 0)


def test_validate_filters_accepts_documented() -> None:
    spec = V2_ENDPOINTS["router_state_samples"]
    validate_filters(spec, {"router__in": [1], "created_at__gt": 1, "created_at_timeuuid__lt": "x"})


def test_unknown_filter_names_the_valid_ones() -> None:
    with pytest.raises(ConfigurationError) as info:
        validate_filters(V2_ENDPOINTS["routers"], {"colour": "red"})
    text = str(info.value)
    assert "routers: unknown filter 'colour'" in text
    assert "state (__in)" in text
    assert "extra_params=" in text


def test_undocumented_operator_is_rejected() -> None:
    with pytest.raises(ConfigurationError, match="unknown filter 'created_at__gte'"):
        validate_filters(V2_ENDPOINTS["router_state_samples"], {"router": 1, "created_at__gte": 1})


@pytest.mark.parametrize(
    "endpoint",
    [
        "router_state_samples",
        "router_logs",
        "historical_locations",
        "batteries",
        "net_device_usage_samples",
    ],
)
def test_required_filters(endpoint: str) -> None:
    with pytest.raises(ConfigurationError, match="filter is required"):
        validate_filters(V2_ENDPOINTS[endpoint], {})


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("name", "filter[name]"),
        ("end_time__gt", "filter[end_time][gt]"),
        ("end_time__ne", "filter[end_time][ne]"),
        ("mac_address", "filter[mac_address]"),
        ("serial__number", "filter[serial__number]"),
    ],
)
def test_v3_filter_key(key: str, expected: str) -> None:
    assert v3_filter_key(key) == expected

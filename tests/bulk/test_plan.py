"""The pure planning rules: ids, batching, bisection, positions, fingerprints."""

from __future__ import annotations

import pytest

from ncm_async._endpoints.spec import Paging
from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async.bulk import _plan as plan
from ncm_async.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

BASE = "https://x.test/api/v2/router_state_samples/?router__in=1,2&limit=500"


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([], []),
        ([1, 2, 3], ["1", "2", "3"]),
        ([3, "3", 1, 3], ["3", "1"]),
        (["https://www.cradlepointecm.com/api/v2/routers/42/", 42, " 7 "], ["42", "7"]),
        ((i for i in (5, 6, 5)), ["5", "6"]),
    ],
)
def test_unique_ids_normalises_and_keeps_first_occurrence(ids: object, expected: list[str]) -> None:
    assert plan.unique_ids(ids, name="router") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("ids", ["123", [True], [None], [""]])
def test_unique_ids_rejects_non_ids(ids: object) -> None:
    with pytest.raises(ConfigurationError):
        plan.unique_ids(ids, name="router")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("endpoint", "key", "size"),
    [
        ("router_state_samples", "router", 100),
        ("net_device_usage_samples", "net_device", 100),
        ("router_logs", "router", 1),
        ("historical_locations", "router", 1),
        ("alerts", "router", plan.DEFAULT_BATCH),
        ("net_devices", "router", 100),
    ],
)
def test_batch_size_comes_from_the_endpoint_description(endpoint: str, key: str, size: int) -> None:
    assert plan.batch_size(V2_ENDPOINTS[endpoint], key) == size


@pytest.mark.parametrize(
    ("endpoint", "key"), [("router_state_samples", "net_device"), ("routers", "x")]
)
def test_batch_size_rejects_a_key_the_endpoint_cannot_filter_by(endpoint: str, key: str) -> None:
    with pytest.raises(ConfigurationError, match="cannot be filtered by"):
        plan.batch_size(V2_ENDPOINTS[endpoint], key)


def test_key_param_uses_in_only_where_documented() -> None:
    samples, logs = V2_ENDPOINTS["router_state_samples"], V2_ENDPOINTS["router_logs"]
    assert plan.key_param(samples, "router", ["1", "2"]) == ("router__in", ["1", "2"])
    assert plan.key_param(samples, "router", ["1"]) == ("router__in", ["1"])
    assert plan.key_param(logs, "router", ["1"]) == ("router", "1")
    with pytest.raises(ConfigurationError):
        plan.key_param(logs, "router", ["1", "2"])


@pytest.mark.parametrize(
    ("n", "size", "lengths"),
    [
        (0, 100, []),
        (1, 100, [1]),
        (100, 100, [100]),
        (101, 100, [100, 1]),
        (250, 100, [100, 100, 50]),
        (3, 1, [1, 1, 1]),
    ],
)
def test_batches_are_consecutive_and_bounded(n: int, size: int, lengths: list[int]) -> None:
    ids = [str(i) for i in range(n)]
    got = plan.batches(ids, size)
    assert [len(b) for b in got] == lengths
    assert [i for b in got for i in b] == ids


@pytest.mark.parametrize(
    ("ids", "left", "right"),
    [
        (("1", "2"), ("1",), ("2",)),
        (("1", "2", "3"), ("1", "2"), ("3",)),
        (tuple("abcd"), ("a", "b"), ("c", "d")),
    ],
)
def test_halves_split_in_two(
    ids: tuple[str, ...], left: tuple[str, ...], right: tuple[str, ...]
) -> None:
    assert plan.halves(ids) == (left, right)


def test_a_single_id_cannot_be_bisected() -> None:
    with pytest.raises(ValueError, match="one id"):
        plan.halves(("1",))


def _status(cls: type[APIStatusError], status: int) -> APIStatusError:
    import httpx

    response = httpx.Response(status, request=httpx.Request("GET", BASE))
    return cls("x", response=response)


@pytest.mark.parametrize(
    ("error", "per_id"),
    [
        (_status(PermissionDeniedError, 403), True),
        (_status(NotFoundError, 404), True),
        (_status(BadRequestError, 400), True),
        (_status(APIStatusError, 410), True),
        (_status(AuthenticationError, 401), False),
        (_status(ConflictError, 409), False),
        (_status(RateLimitError, 429), False),
        (_status(APIStatusError, 408), False),
        (_status(ServerError, 500), False),
        (ConfigurationError("x"), False),
        (PaginationError("x"), False),
        (ValueError("x"), False),
    ],
)
def test_only_per_id_errors_bisect(error: BaseException, per_id: bool) -> None:
    assert plan.is_per_id(error) is per_id


def test_keyset_position_replaces_the_bound() -> None:
    url = plan.keyset_position(BASE + "&created_at_timeuuid__lt=old", "new-uuid")
    assert url.endswith("&created_at_timeuuid__lt=new-uuid")
    assert url.count("created_at_timeuuid__lt") == 1


HALF = "https://x.test/api/v2/e/?router__in=1&limit=500"


@pytest.mark.parametrize(
    ("paging", "parent", "delivered", "expected"),
    [
        (Paging.TIMEUUID, BASE, 0, (HALF, 0, False)),
        (
            Paging.TIMEUUID,
            BASE + "&created_at_timeuuid__lt=u1",
            7,
            (HALF + "&created_at_timeuuid__lt=u1", 0, True),
        ),
        (Paging.OFFSET, BASE + "&offset=500", 0, (HALF, 0, False)),
        (Paging.OFFSET, BASE + "&offset=500", 321, (HALF + "&offset=321", 0, True)),
        (Paging.NEXT_LINK, BASE, 12, (HALF, 12, True)),
        (Paging.CURSOR, BASE, 0, (HALF, 0, False)),
    ],
)
def test_child_start_resumes_after_what_was_delivered(
    paging: Paging, parent: str, delivered: int, expected: tuple[str, int, bool]
) -> None:
    assert plan.child_start(paging, HALF, parent, delivered) == expected


def test_fingerprint_ignores_order_but_not_content() -> None:
    one = plan.fingerprint("v2:e", "router", {"a": "1", "b": "2"}, ["1", "2"], grouped=False)
    assert one == plan.fingerprint(
        "v2:e", "router", {"b": "2", "a": "1"}, ["2", "1"], grouped=False
    )
    assert one != plan.fingerprint(
        "v2:e", "router", {"a": "1", "b": "3"}, ["1", "2"], grouped=False
    )
    assert one != plan.fingerprint("v2:e", "router", {"a": "1", "b": "2"}, ["1"], grouped=False)
    assert one != plan.fingerprint(
        "v2:f", "router", {"a": "1", "b": "2"}, ["1", "2"], grouped=False
    )
    assert one != plan.fingerprint("v2:e", "router", {"a": "1", "b": "2"}, ["1", "2"], grouped=True)

"""Next-page rules of every scheme, over every meta shape the docs show."""

from __future__ import annotations

from typing import Any

import pytest

from ncm_async._page_rules import (
    cursor_next,
    link_next,
    offset_next,
    query_value,
    records_of,
    replace_param,
    timeuuid_next,
)
from ncm_async.errors import ResponseValidationError

B = "https://www.cradlepointecm.com/api/v2/"


def body(n: int, meta: dict[str, Any] | None, key: str = "id") -> dict[str, Any]:
    out: dict[str, Any] = {"data": [{key: str(i)} for i in range(n)]}
    if meta is not None:
        out["meta"] = meta
    return out


@pytest.mark.parametrize(
    ("url", "payload", "limit", "expected_next"),
    [
        (
            f"{B}routers/?limit=20",
            body(
                20,
                {
                    "limit": 20,
                    "next": f"{B}routers/?limit=20&offset=20",
                    "offset": 0,
                    "previous": None,
                },
            ),
            20,
            f"{B}routers/?limit=20&offset=20",
        ),
        (
            f"{B}routers/?limit=20",
            body(3, {"limit": 20, "next": None, "offset": 0, "previous": None}),
            20,
            None,
        ),
        (
            f"{B}router_logs/?router=1&limit=20",
            body(
                20,
                {
                    "count": 20,
                    "limit": 20,
                    "next": f"{B}router_logs/?router=1&limit=20&offset=20",
                    "offset": 0,
                    "previous": None,
                },
            ),
            20,
            f"{B}router_logs/?router=1&limit=20&offset=20",
        ),
        (f"{B}groups/?limit=500", body(500, None), 500, f"{B}groups/?limit=500&offset=500"),
        (
            f"{B}groups/?limit=500&offset=500",
            body(500, None),
            500,
            f"{B}groups/?limit=500&offset=1000",
        ),
        # Without meta a short page proves nothing: only an empty page ends the listing.
        (f"{B}groups/?limit=500", body(499, None), 500, f"{B}groups/?limit=500&offset=499"),
        (f"{B}groups/?limit=500&offset=499", body(0, None), 500, None),
        (
            f"{B}groups/?limit=500",
            body(0, {"limit": 500, "next": f"{B}groups/?offset=500"}),
            500,
            None,
        ),
        (
            f"{B}net_device_health/?limit=20",
            body(20, {"limit": 20, "previous": None, "offset": 0, "next": None}),
            20,
            None,
        ),
    ],
)
def test_offset_next(url: str, payload: Any, limit: int, expected_next: str | None) -> None:
    records, nxt = offset_next(url, payload, limit)
    assert records == payload["data"]
    assert nxt == expected_next


@pytest.mark.parametrize(
    ("payload", "expected_next"),
    [
        (
            body(
                20,
                {
                    "limit": 20,
                    "next": f"{B}alerts/?created_at_timeuuid__lt=f4778d8a-3243-11eb-bce8-522895cf33a7",  # noqa: E501
                },
                "created_at_timeuuid",
            ),
            f"{B}alerts/?created_at_timeuuid__lt=f4778d8a-3243-11eb-bce8-522895cf33a7",
        ),
        (body(20, {"limit": 20, "next": None}, "created_at_timeuuid"), None),
        (
            body(20, None, "created_at_timeuuid"),
            f"{B}router_state_samples/?router=1&limit=20&created_at_timeuuid__lt=19",
        ),
        (
            body(19, None, "created_at_timeuuid"),
            f"{B}router_state_samples/?router=1&limit=20&created_at_timeuuid__lt=18",
        ),
        (body(0, None, "created_at_timeuuid"), None),
        (body(0, {"limit": 20, "next": f"{B}x/?created_at_timeuuid__lt=a"}), None),
    ],
)
def test_timeuuid_next(payload: Any, expected_next: str | None) -> None:
    _, nxt = timeuuid_next(f"{B}router_state_samples/?router=1&limit=20", payload, 20)
    assert nxt == expected_next


def test_link_next_follows_meta_next_only() -> None:
    url = f"{B}activity_logs/?limit=20"
    nxt = f"{B}activity_logs/?action__id__lt=8f9db4d2-6a5d-11eb-a58d-5269e9f352ab"
    assert link_next(url, body(20, {"limit": 20, "next": nxt}), 20)[1] == nxt
    assert link_next(url, body(20, {"limit": 20, "next": None}), 20)[1] is None
    assert link_next(url, body(20, None), 20)[1] is None


def test_cursor_next() -> None:
    url = "https://api.cradlepointecm.com/api/v3/users?page[size]=50"
    nxt = "https://api.cradlepointecm.com/api/v3/users?page[size]=50&page[after]=abc"
    doc = {
        "data": [{"id": "1", "type": "users", "attributes": {}}],
        "links": {"next": nxt, "prev": None},
    }
    assert cursor_next(url, doc, 50) == (doc["data"], nxt)
    assert cursor_next(url, {"data": [], "links": {"next": nxt}}, 50)[1] is None
    assert cursor_next(url, {"data": [{"id": "1"}], "links": {"next": None}}, 50)[1] is None
    with pytest.raises(ResponseValidationError, match="JSON:API"):
        cursor_next(url, {"errors": []}, 50)


def test_bare_record_is_one_record() -> None:
    record = {"router": f"{B}routers/1/", "latitude": 1.0, "created_at_timeuuid": "t-1"}
    assert records_of(record, "u") == ([record], {})


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [1, 2],
        "text",
        {"data": "x"},
        {"data": {"id": 1}},
        {"meta": {}},
        {},
        {"detail": "scheduled maintenance"},
        {"router": f"{B}routers/1/", "latitude": 1.0},
    ],
)
def test_wrong_shapes_raise(payload: Any) -> None:
    with pytest.raises(ResponseValidationError, match="expected a list body"):
        records_of(payload, "GET-url")


def test_replace_param_keeps_other_params_and_encoding() -> None:
    url = f"{B}x/?created_at__gt=2020-01-01T00:00:00%2b00:00&limit=500&offset=0"
    out = replace_param(url, "offset", "500")
    assert out == f"{B}x/?created_at__gt=2020-01-01T00:00:00%2b00:00&limit=500&offset=500"
    assert query_value(out, "created_at__gt") == "2020-01-01T00:00:00+00:00"

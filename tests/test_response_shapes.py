"""A success body that is not the documented shape is a ResponseValidationError, never
records made of nothing (issue 10, class 3). respx serves each wrong shape."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx

from ncm_async import AsyncNcmClient, ResponseValidationError, RetryPolicy, V2Keys

pytestmark = pytest.mark.anyio

V2 = "https://www.cradlepointecm.com/api/v2/"
V3 = "https://api.cradlepointecm.com/api/v3/"


@pytest.fixture
async def ncm() -> AsyncIterator[AsyncNcmClient]:
    keys = V2Keys("a", "b", "c", "d")
    async with AsyncNcmClient(v2_keys=keys, v3_token="t", retry=RetryPolicy(max_attempts=1)) as c:
        yield c


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ({"detail": "scheduled maintenance"}, "expected a list body"),
        ({"data": {"id": "1"}, "meta": {}}, "expected a list body"),
        ({"data": "x"}, "expected a list body"),
        ({"meta": {"next": None}}, "expected a list body"),
        ({}, "expected a list body"),
        ([{"id": "1"}], "expected a list body"),
        ("maintenance", "expected a list body"),
        (42, "expected a list body"),
        ({"data": [1, 2], "meta": {}}, "record 0 of the page is int, not an object"),
        ({"data": [{"id": "1"}, None], "meta": {}}, "record 1 of the page is NoneType"),
        ({"data": [{"id": "1"}, ["x"]], "meta": {}}, "record 1 of the page is list"),
    ],
)
async def test_v2_lists_refuse_wrong_shapes(ncm: AsyncNcmClient, body: Any, match: str) -> None:
    with respx.mock:
        route = respx.get(f"{V2}routers/").respond(200, json=body)
        with pytest.raises(ResponseValidationError, match=match):
            await ncm.v2.routers.list().collect()
        with pytest.raises(ResponseValidationError, match=match):
            async for _ in ncm.v2.routers.list():
                pass
    assert route.call_count == 2


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ({"meta": {}}, "JSON:API document with a data list"),
        ({"errors": [{"title": "x"}]}, "JSON:API document with a data list"),
        ({"data": {"id": "1", "type": "users"}}, "JSON:API document with a data list"),
        ([{"id": "1"}], "JSON:API document with a data list"),
        ({"data": ["1"], "links": {}}, "record 0 of the page is str"),
    ],
)
async def test_v3_lists_need_json_api_data(ncm: AsyncNcmClient, body: Any, match: str) -> None:
    with respx.mock:
        respx.get(f"{V3}users").respond(200, json=body)
        with pytest.raises(ResponseValidationError, match=match):
            await ncm.v3.users.list().collect()


@pytest.mark.parametrize("body", [[{"id": "1"}], "router", 7, True])
async def test_a_v2_item_get_must_be_an_object(ncm: AsyncNcmClient, body: Any) -> None:
    with respx.mock:
        respx.get(f"{V2}routers/1/").respond(200, json=body)
        with pytest.raises(ResponseValidationError, match="expected a record object, got"):
            await ncm.v2.routers.get(1)


@pytest.mark.parametrize(
    "body", [{"id": "1", "type": "users"}, {"data": [{"id": "1"}]}, {"data": None}, ["x"]]
)
async def test_a_v3_item_get_must_be_a_single_resource_document(
    ncm: AsyncNcmClient, body: Any
) -> None:
    with respx.mock:
        respx.get(f"{V3}users/1").respond(200, json=body)
        with pytest.raises(ResponseValidationError, match="expected a JSON:API document"):
            await ncm.v3.users.get("1")


async def test_a_documented_bare_record_is_still_one_record(ncm: AsyncNcmClient) -> None:
    record = {"router": f"{V2}routers/7/", "latitude": 1.5, "created_at_timeuuid": "t-1"}
    with respx.mock:
        route = respx.get(url__startswith=f"{V2}historical_locations/")
        route.side_effect = [
            httpx.Response(200, json=record),
            httpx.Response(200, json={"data": [], "meta": {}}),
        ]
        found = await ncm.v2.historical_locations.list(router=7).collect()
    assert [r.latitude for r in found] == [1.5]
    assert route.call_count == 2

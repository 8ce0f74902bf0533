"""Next links that go round in circles end as PaginationError, in list() and in bulk.list().

A server (respx routes) answers one record per page and a next link taken from a
scripted cycle: back to the same page, A -> B -> A, a longer cycle, and the same
position spelled differently (parameters reordered, ``offset=02``, an extra
parameter). Every paging scheme is covered: offset, timeuuid keyset, v3 cursor
and next-link-only. The error comes before the repeated page is requested: the
request count is exactly the number of distinct pages in the cycle.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from ncm_async import AsyncNcmClient, PaginationError, V2Keys
from ncm_async._endpoints.spec import Paging
from ncm_async._list_query import LoopGuard, position

pytestmark = pytest.mark.anyio

V2 = "https://ncm.test/api/v2/"
V3 = "https://api.ncm.test/api/v3/"
KEYS = V2Keys(cp_api_id="a", cp_api_key="b", ecm_api_id="c", ecm_api_key="d")

# endpoint, paging, list() filters, bulk key, the position parameter's page values
CASES: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "offset": ("v2", "routers", {}, "id"),
    "timeuuid": ("v2", "router_state_samples", {"router": 7}, "router"),
    "next_link": ("v2", "alert_rules", {}, "alert_config_id"),
    "cursor": ("v3", "users", {}, "id"),
}


START, SELF = "<start>", "<self>"


def _links(kind: str, base: str) -> dict[str, list[str]]:
    """Next links per cycle variant (page i links to entry i); the last repeats a page."""
    b, c, respelled = {
        "offset": (
            f"{base}?limit=500&offset=1",
            f"{base}?limit=500&offset=2",
            f"{base}?offset=01&limit=500&extra=1",
        ),
        "timeuuid": (
            f"{base}?router=7&limit=500&created_at_timeuuid__lt=u1",
            f"{base}?router=7&limit=500&created_at_timeuuid__lt=u2",
            f"{base}?created_at_timeuuid__lt=u1&limit=500",
        ),
        "next_link": (
            f"{base}?limit=500&alert_config_id__lt=9",
            f"{base}?limit=500&alert_config_id__lt=8",
            f"{base}?alert_config_id__lt=9&limit=500",
        ),
        "cursor": (
            f"{base}?page[size]=50&page[after]=c1",
            f"{base}?page[size]=50&page[after]=c2",
            f"{base}?page[after]=c1&page[size]=25",
        ),
    }[kind]
    return {
        "a_a": [SELF],
        "a_b_a": [b, START],
        "a_b_c_a": [b, c, START],
        "b_c_b": [b, c, b],
        "respelled": [b, respelled],
    }


VARIANTS = {"a_a": 1, "a_b_a": 2, "a_b_c_a": 3, "b_c_b": 3, "respelled": 2}
"""Cycle variant -> pages requested before the repeat is refused."""


def _record(kind: str, n: int) -> dict[str, Any]:
    if kind == "cursor":
        return {"type": "users", "id": str(n), "attributes": {}}
    return {"id": n, "router": f"{V2}routers/7/", "created_at_timeuuid": f"t{n}"}


def _server(kind: str, links: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    """One record per page; page i links to ``links[i]`` (the scripted cycle)."""
    counter: Iterator[int] = itertools.count()

    first: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        n = next(counter)
        first.append(str(request.url))
        nxt = links[n] if n < len(links) else None
        nxt = {START: first[0], SELF: str(request.url)}.get(nxt or "", nxt)
        if kind == "cursor":
            return httpx.Response(200, json={"data": [_record(kind, n)], "links": {"next": nxt}})
        return httpx.Response(200, json={"data": [_record(kind, n)], "meta": {"next": nxt}})

    return answer


def _client() -> AsyncNcmClient:
    return AsyncNcmClient(v2_keys=KEYS, v3_token="t", base_url_v2=V2, base_url_v3=V3)


async def _pull(
    ncm: AsyncNcmClient, endpoint: Any, via: str, filters: dict[str, Any], key: str
) -> None:
    if via == "list":
        await endpoint.list(**filters).collect()
        return
    async for _ in ncm.bulk.list(endpoint, key=key, ids=[7]):
        pass


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize("via", ["list", "bulk"])
async def test_a_repeated_link_is_a_pagination_error(kind: str, variant: str, via: str) -> None:
    api, name, filters, key = CASES[kind]
    base = f"{V2 if api == 'v2' else V3}{name}{'/' if api == 'v2' else ''}"
    links = _links(kind, base)[variant]
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get(url__startswith=base).mock(side_effect=_server(kind, links))
        async with _client() as ncm:
            endpoint = getattr(getattr(ncm, api), name)
            with pytest.raises(PaginationError, match="does not advance"):
                await _pull(ncm, endpoint, via, filters, key)
    assert route.call_count == VARIANTS[variant]


def test_positions_compare_what_the_server_means() -> None:
    base = "https://ncm.test/api/v2/routers/"
    assert position(Paging.OFFSET, f"{base}?limit=5") == position(Paging.OFFSET, f"{base}?offset=0")
    assert position(Paging.OFFSET, f"{base}?offset=007") == ("offset", "7")
    timeuuid = position(Paging.TIMEUUID, f"{base}?a=1&created_at_timeuuid__lt=x")
    assert timeuuid == ("created_at_timeuuid__lt", "x")
    assert position(Paging.NEXT_LINK, f"{base}?b=2&a=1") == position(
        Paging.NEXT_LINK, f"{base[:-1]}?a=1&b=2"
    )
    guard = LoopGuard(Paging.CURSOR)
    guard.visit(f"{base}?page[size]=5")
    guard.visit(f"{base}?page[after]=x")
    guard.check(f"{base}?page[after]=y")
    with pytest.raises(PaginationError, match=r"back to page\[after\]=x"):
        guard.check(f"{base}?page[size]=9&page[after]=x")


def _same_page_server(meta: dict[str, Any] | None) -> Callable[[httpx.Request], httpx.Response]:
    """A server that ignores ``offset``: the same one-record page at every position."""

    def answer(request: httpx.Request) -> httpx.Response:
        body: dict[str, Any] = {"data": [{"id": "7", "name": "r7"}]}
        if meta is not None:
            body["meta"] = meta
        return httpx.Response(200, json=body)

    return answer


@pytest.mark.parametrize("meta", [None, {}, {"limit": 1}], ids=["no_meta", "empty_meta", "limit"])
@pytest.mark.parametrize("via", ["list", "bulk", "raw"])
async def test_a_server_ignoring_offset_is_a_pagination_error(
    meta: dict[str, Any] | None, via: str
) -> None:
    """No link repeats (each offset is new), so the page's records are what give it away."""
    base = f"{V2}routers/"
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get(url__startswith=base).mock(side_effect=_same_page_server(meta))
        async with _client() as ncm:
            with pytest.raises(PaginationError, match="serves the previous page again"):
                await _pull_all(ncm, via)
    assert route.call_count == 2


async def _pull_all(ncm: AsyncNcmClient, via: str) -> None:
    if via == "list":
        await ncm.v2.routers.list(limit=1).collect()
    elif via == "raw":
        await ncm.v2.routers.list(limit=1, raw=True).collect()
    else:
        async for _ in ncm.bulk.list(ncm.v2.routers, key="id", ids=[7]):
            pass


def test_progress_is_checked_on_offset_listings_only() -> None:
    keyset = LoopGuard(Paging.TIMEUUID)
    offset = LoopGuard(Paging.OFFSET)
    page = [{"id": "1"}, {"id": "2"}]
    for _ in range(3):
        keyset.check_progress("u", page)
    assert offset.check_progress("u", page) == page
    assert offset.check_progress("u", [{"id": "2"}, {"id": "3"}]) == [{"id": "3"}]
    assert offset.check_progress("u", [{"id": "3"}, {"id": "4"}]) == [{"id": "4"}]
    offset.check_progress("u", [])
    offset.check_progress("u", [{"id": None}, {"id": None}])
    offset.check_progress("u", [{"id": None}, {"id": None}])
    offset.check_progress("u", [{"id": "4"}])
    with pytest.raises(PaginationError):
        offset.check_progress("u", [{"id": "4"}])

"""The engine over a tiny in-memory server: positional paging, bisection, resume positions.

The simulator's ``router__in`` batches of positional endpoints fit in one page,
so mid-chain failures of offset and next-link paging are exercised here, with
pages of 3 records over owners whose records interleave.
"""

from __future__ import annotations

import collections
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from ncm_async._endpoints.spec import EndpointSpec, Paging
from ncm_async._list_query import ListQuery
from ncm_async._page_rules import replace_param
from ncm_async._paginator import Page
from ncm_async.bulk._checkpoint import CheckpointState
from ncm_async.bulk._engine import Delivery, Engine
from ncm_async.errors import PermissionDeniedError, ServerError

pytestmark = pytest.mark.anyio

PAGE = 3
OWNERS = [str(i) for i in range(1, 9)]
RECORDS = [{"owner": OWNERS[(n * 5) % 8], "seq": n} for n in range(60)]


class FakeServer:
    """Serves RECORDS filtered by ``ids=``, by ``offset`` or by ``after`` (next link)."""

    def __init__(self, paging: Paging, *, forbidden: str | None = None, allowed: int = 0) -> None:
        self.paging = paging
        self.forbidden = forbidden
        self.allowed = allowed
        self.requests: list[str] = []

    def base_url(self, ids: Any) -> str:
        return f"http://fake/?ids={','.join(ids)}"

    async def fetch(self, url: str) -> Page[Any]:
        self.requests.append(url)
        query = dict(parse_qsl(urlsplit(url).query))
        ids = query["ids"].split(",")
        if self.forbidden in ids:
            named = [u for u in self.requests if self.forbidden in u.split("ids=")[1].split("&")[0]]
            if len(named) > self.allowed:
                response = httpx.Response(403, request=httpx.Request("GET", url))
                raise PermissionDeniedError("forbidden", response=response)
        rows = [r for r in RECORDS if r["owner"] in ids]
        if self.paging is Paging.OFFSET:
            start = int(query.get("offset", 0))
            page = rows[start : start + PAGE]
            more = start + PAGE < len(rows)
            nxt = replace_param(url, "offset", str(start + PAGE)) if more else None
        else:
            after = int(query.get("after", -1))
            rest = [r for r in rows if r["seq"] > after]
            page = rest[:PAGE]
            nxt = replace_param(url, "after", str(page[-1]["seq"])) if len(rest) > PAGE else None
        return Page(items=page, next=nxt, url=url)


def make_engine(server: FakeServer, *, grouped: bool = False, workers: int = 3) -> Engine:
    spec = EndpointSpec(name="fake", path="", paging=server.paging, methods=frozenset())
    listing = ListQuery(spec, (server.base_url(["0"]),), PAGE, "http://fake/")
    return Engine(
        listing=listing,
        first_url=server.base_url,
        fetch=server.fetch,
        owner=lambda record: record["owner"],
        grouped=grouped,
        workers=workers,
        buffer=2,
    )


def start(engine: Engine, *batches: list[str], state: CheckpointState | None = None) -> None:
    """Queue ``batches`` (each one query) after what ``state`` saved."""
    ids = [i for batch in batches for i in batch]
    engine.restore(state, ids, max(len(b) for b in batches) if batches else 1, lambda u: u)


def checkpoint(engine: Engine, current: Delivery | None = None, index: int = 0) -> Any:
    return engine.ledger.checkpoint(current, index, fingerprint="f", complete=False, extra={})


async def consume(engine: Engine, stop_after: int | None = None) -> tuple[list[Any], Any]:
    """Act as the consumer (plain iteration); optionally stop after ``stop_after`` records."""
    out: list[Any] = []
    while (delivery := await engine.next_delivery(background=False)) is not None:
        for index, item in enumerate(delivery.items, 1):
            out.append(item)
            if stop_after is not None and len(out) == stop_after:
                return out, (delivery, index)
        engine.commit(delivery)
    return out, None


def seqs(records: list[Any]) -> collections.Counter[int]:
    return collections.Counter(r["seq"] for r in records)


def expected_without(*owners: str) -> collections.Counter[int]:
    return collections.Counter(r["seq"] for r in RECORDS if r["owner"] not in owners)


@pytest.mark.parametrize("paging", [Paging.OFFSET, Paging.NEXT_LINK])
async def test_positional_batches_deliver_everything_once(paging: Paging) -> None:
    server = FakeServer(paging)
    engine = make_engine(server)
    start(engine, OWNERS[:4], OWNERS[4:])
    records, _ = await consume(engine)
    assert seqs(records) == expected_without()
    assert set(checkpoint(engine).done) == set(OWNERS)


@pytest.mark.parametrize("paging", [Paging.OFFSET, Paging.NEXT_LINK])
@pytest.mark.parametrize("allowed", [0, 1, 3, 6])
async def test_positional_batch_failing_mid_chain_is_bisected_exactly(
    paging: Paging, allowed: int
) -> None:
    server = FakeServer(paging, forbidden="3", allowed=allowed)
    engine = make_engine(server)
    start(engine, OWNERS)
    records, _ = await consume(engine)
    got = seqs(records)
    assert max(got.values()) == 1
    assert list(engine.ledger.failed) == ["3"]
    assert got - expected_without() == collections.Counter()
    assert expected_without("3") - got == collections.Counter()
    if paging is Paging.OFFSET and allowed:
        assert any("offset=" in u and "ids=1,2,3,4&" not in u for u in server.requests)


@pytest.mark.parametrize("paging", [Paging.OFFSET, Paging.NEXT_LINK])
@pytest.mark.parametrize("stop_after", [1, 4, 7, 20, 33])
async def test_saved_positions_resume_exactly(paging: Paging, stop_after: int) -> None:
    server = FakeServer(paging, forbidden="6", allowed=2)
    first = make_engine(server)
    start(first, OWNERS[:4], OWNERS[4:])
    records, (current, index) = await consume(first, stop_after)
    state = checkpoint(first, current, index)
    failed = set(first.ledger.failed)
    second = make_engine(server)
    start(second, OWNERS[:4], OWNERS[4:], state=state)
    more, _ = await consume(second)
    got = seqs(records + more)
    assert max(got.values()) == 1
    assert failed | set(second.ledger.failed) == {"6"}
    assert expected_without("6") - got == collections.Counter()
    assert got - expected_without() == collections.Counter()


async def test_grouped_delivers_each_id_once_complete() -> None:
    server = FakeServer(Paging.OFFSET, forbidden="2", allowed=1)
    engine = make_engine(server, grouped=True)
    start(engine, OWNERS)
    groups, _ = await consume(engine)
    assert sorted(g.id for g in groups) == [o for o in OWNERS if o != "2"]
    for group in groups:
        assert [r["seq"] for r in group.records] == [
            r["seq"] for r in RECORDS if r["owner"] == group.id
        ]
    assert list(engine.ledger.failed) == ["2"]


async def test_errors_that_are_not_per_id_abort() -> None:
    server = FakeServer(Paging.OFFSET)

    async def broken(url: str) -> Page[Any]:
        response = httpx.Response(503, request=httpx.Request("GET", url))
        raise ServerError("down", response=response)

    engine = make_engine(server)
    engine._fetch = broken  # type: ignore[method-assign]
    start(engine, OWNERS)
    with pytest.raises(ServerError):
        await consume(engine)
    assert engine.ledger.failed == {}

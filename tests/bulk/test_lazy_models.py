"""Pages wait for the consumer as the API's dicts and become models only when taken.

Models are tracked by the cyclic collector and dicts of plain values are not:
pages of models waiting in the buffer outlive the young generations, and each
promotion brings the next full collection (a pause of the whole event loop)
closer. So at any moment only the pages the consumer took exist as models.
"""

from __future__ import annotations

import gc
from typing import Any

import anyio
import pytest
from bulk_support import FAST, SINCE, Truth, keys_of
from test_engine import OWNERS, FakeServer, make_engine

from ncm_async._endpoints.spec import Paging
from ncm_async.bulk._stream import BulkStream
from ncm_async.clock import FakeClock
from ncm_async.errors import ResponseValidationError
from ncm_async.models import RouterStateSample
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


def live_models() -> int:
    gc.collect()
    return sum(type(o) is RouterStateSample for o in gc.get_objects())


async def test_only_pages_taken_are_models(sim: NcmSimulator, samples_truth: Truth) -> None:
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
        )
        got = []
        async with stream:
            pages = stream.pages()
            first = await pages.__anext__()
            await anyio.wait_all_tasks_blocked()
            buffered = stream._engine._buffer
            assert len(buffered) >= 2
            assert all(type(r) is dict for d in buffered for r in d.items)
            assert live_models() == len(first)
            got += first
            async for page in pages:
                assert all(type(r) is RouterStateSample for r in page)
                got += page
            del first, page
        assert live_models() == len(got)
    assert keys_of(got) == samples_truth.expected
    assert stream.report.requests == samples_truth.minimum


async def test_grouped_records_become_models_when_taken(
    sim: NcmSimulator, samples_truth: Truth
) -> None:
    async with sim.client(rate_limit=FAST) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            created_at__gt=SINCE,
            group_by_id=True,
        )
        async with stream:
            groups = [group async for group in stream]
    records = [r for group in groups for r in group.records]
    assert all(type(r) is RouterStateSample for r in records)
    assert all(r.router_id == group.id for group in groups for r in group.records)
    assert keys_of(records) == samples_truth.expected


class MemoryStore:
    def __init__(self) -> None:
        self.state: dict[str, Any] | None = None

    async def load(self) -> dict[str, Any] | None:
        return self.state

    async def save(self, state: dict[str, Any]) -> None:
        self.state = state


def stream_over(server: FakeServer, store: MemoryStore, parse: Any) -> BulkStream[Any]:
    return BulkStream(
        make_engine(server),
        clock=FakeClock(),
        rate=lambda: 0.0,
        parse=parse,
        ids=OWNERS,
        batch=len(OWNERS),
        rebase=lambda url: url,
        fingerprint="f",
        store=store,
        autosave=True,
        on_progress=None,
    )


async def test_a_page_that_cannot_become_models_stops_the_pull_before_it() -> None:
    """The error surfaces when the consumer takes the page; the checkpoint stands just
    before it, so a rerun (with the converter fixed) yields exactly the rest."""

    def failing(records: list[dict[str, Any]]) -> list[int]:
        if any(r["seq"] == 10 for r in records):
            raise ResponseValidationError("record 10 cannot be a model")
        return [r["seq"] for r in records]

    store = MemoryStore()
    first: list[int] = []

    async def consume() -> None:
        async for seq in stream_over(FakeServer(Paging.NEXT_LINK), store, failing):
            first.append(seq)

    with pytest.raises(ResponseValidationError, match="record 10"):
        await consume()
    assert first == list(range(9))
    assert store.state is not None
    assert not store.state["complete"]
    fixed = stream_over(FakeServer(Paging.NEXT_LINK), store, lambda rs: [r["seq"] for r in rs])
    rest = [seq async for seq in fixed]
    assert first + rest == list(range(60))

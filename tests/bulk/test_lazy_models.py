"""Pages wait for the consumer as the API's dicts and become models only when taken.

Models are tracked by the cyclic collector and dicts of plain values are not:
pages of models waiting in the buffer outlive the young generations, and each
promotion brings the next full collection (a pause of the whole event loop)
closer. So at any moment only the pages the consumer took exist as models.
"""

from __future__ import annotations

import gc

import anyio
import pytest
from bulk_support import FAST, SINCE, Truth, keys_of

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

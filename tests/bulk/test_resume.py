"""Checkpoints: a pull stopped halfway and run again yields every record exactly once."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import anyio
import orjson
import pytest
from bulk_support import FAST, SINCE, MakeSim, Truth, drain, key_of, keys_of, naming

from ncm_async.bulk import EarlierRunError, MemoryCheckpointStore
from ncm_async.errors import ConfigurationError
from ncm_async.testing import FaultPlan, NcmSimulator

pytestmark = pytest.mark.anyio


def pull(ncm: Any, sim: NcmSimulator, checkpoint: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("created_at__gt", SINCE)
    return ncm.bulk.list(
        ncm.v2.router_state_samples,
        key="router",
        ids=kwargs.pop("ids", sim.fleet.router_ids),
        checkpoint=checkpoint,
        **kwargs,
    )


class Stop(Exception):
    """The consumer dying mid-pull."""


async def write_until_killed(stream: Any, output: list[Any], *, kill_at: int) -> None:
    """A CLI-like writer: saves after every 997 records "flushed", dies without saving."""
    async with stream:
        async for record in stream:
            output.append(key_of(record))
            if len(output) % 997 == 0:
                stream.checkpoint_extra["written"] = len(output)
                await stream.save_checkpoint()
            if len(output) == kill_at:
                raise Stop


def assert_not_requested_again(sim: NcmSimulator, done: list[str]) -> None:
    for request in sim.requests:
        assert not any(naming(request.query, rid) for rid in done), request


@pytest.mark.parametrize("stop_after", [1, 700, 5000, 15000])
async def test_break_out_then_resume_is_exact(
    sim: NcmSimulator, samples_truth: Truth, stop_after: int
) -> None:
    store = MemoryCheckpointStore()
    first: list[Any] = []
    async with sim.client(rate_limit=FAST) as ncm:
        async with pull(ncm, sim, store) as stream:
            async for record in stream:
                first.append(record)
                if len(first) == stop_after:
                    break
        assert store.state is not None
        assert not store.state["complete"]
        done = list(store.state["done"])
        sim.reset_requests()
        second = await drain(pull(ncm, sim, store))
    assert keys_of(first) + keys_of(second) == samples_truth.expected
    assert store.state["complete"]
    assert store.state["chains"] == []
    assert_not_requested_again(sim, done)


async def test_killed_process_resumes_from_its_last_explicit_save(
    sim: NcmSimulator, samples_truth: Truth, tmp_path: Path
) -> None:
    path = tmp_path / "pull.ckpt"
    output: list[Any] = []
    async with sim.client(rate_limit=FAST) as ncm:
        stream = pull(ncm, sim, str(path), autosave=False)
        with pytest.raises(Stop):
            await write_until_killed(stream, output, kill_at=9000)
        saved = orjson.loads(path.read_bytes())
        kept = saved["extra"]["written"]
        assert kept == 8973
        del output[kept:]
        resumed = pull(ncm, sim, path, autosave=False)
        async with resumed:
            assert resumed.checkpoint_extra == {"written": kept}
            async for record in resumed:
                output.append(key_of(record))
            await resumed.save_checkpoint()
    assert collections.Counter(output) == samples_truth.expected
    assert orjson.loads(path.read_bytes())["complete"] is True


async def test_cancelling_the_consumer_saves_where_it_stopped(
    sim: NcmSimulator, samples_truth: Truth, tmp_path: Path
) -> None:
    path = tmp_path / "pull.ckpt"
    first: list[Any] = []
    async with sim.client(rate_limit=FAST) as ncm:
        with anyio.CancelScope() as scope:
            async with pull(ncm, sim, path) as stream:
                async for record in stream:
                    first.append(record)
                    if len(first) == 4321:
                        scope.cancel()
        assert scope.cancelled_caught
        assert ncm.limiter.in_flight == 0
        second = await drain(pull(ncm, sim, path), "plain")
    assert keys_of(first) + keys_of(second) == samples_truth.expected


async def test_plain_iteration_saves_on_aclose(sim: NcmSimulator, samples_truth: Truth) -> None:
    store = MemoryCheckpointStore()
    first: list[Any] = []
    async with sim.client(rate_limit=FAST) as ncm:
        stream = pull(ncm, sim, store)
        async for record in stream:
            first.append(record)
            if len(first) == 2500:
                break
        await stream.aclose()
        second = await drain(pull(ncm, sim, store), "pages")
    assert keys_of(first) + keys_of(second) == samples_truth.expected


async def test_a_completed_pull_reruns_as_nothing(make_sim: MakeSim) -> None:
    bad = make_sim().fleet.router_ids[10]
    sim = make_sim(faults=FaultPlan(permanent={"routers": {bad: 403}}))
    store = MemoryCheckpointStore()
    async with sim.client(rate_limit=FAST) as ncm:
        first = await drain(pull(ncm, sim, store))
        assert first
        assert store.state is not None
        assert store.state["failed"][str(bad)]["status"] == 403
        sim.reset_requests()
        again = pull(ncm, sim, store)
        assert await drain(again) == []
    assert sim.requests == []
    failure = again.report.failed[str(bad)]
    assert isinstance(failure, EarlierRunError)
    assert (failure.error_type, failure.status_code) == ("PermissionDeniedError", 403)
    assert again.report.ids_done == again.report.ids_total


@pytest.mark.parametrize(
    "change",
    [
        {"created_at__gt": SINCE.replace(day=SINCE.day + 1)},
        {"ids": [1, 2, 3]},
        {"group_by_id": True},
    ],
)
async def test_a_checkpoint_of_another_query_is_refused(
    sim: NcmSimulator, tmp_path: Path, change: dict[str, Any]
) -> None:
    path = tmp_path / "pull.ckpt"
    async with sim.client(rate_limit=FAST) as ncm:
        async with pull(ncm, sim, path) as stream:
            async for _ in stream:
                break
        before = path.read_bytes()
        sim.reset_requests()
        with pytest.raises(ConfigurationError, match="different query"):
            await drain(pull(ncm, sim, path, **change))
    assert sim.requests == []
    assert path.read_bytes() == before


async def test_a_file_that_is_not_a_checkpoint_is_refused(
    sim: NcmSimulator, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    async with sim.client(rate_limit=FAST) as ncm:
        with pytest.raises(ConfigurationError, match="not a bulk checkpoint"):
            await drain(pull(ncm, sim, path))
    assert path.read_text() == "hello"


async def test_grouped_pull_resumes_by_id(sim: NcmSimulator, samples_truth: Truth) -> None:
    store = MemoryCheckpointStore()
    seen: list[str] = []
    records: list[Any] = []
    async with sim.client(rate_limit=FAST) as ncm:
        async with pull(ncm, sim, store, group_by_id=True) as stream:
            async for rid, group in stream:
                seen.append(rid)
                records += group
                if len(seen) == 130:
                    break
        async for rid, group in pull(ncm, sim, store, group_by_id=True):
            seen.append(rid)
            records += group
    assert sorted(seen) == sorted(map(str, sim.fleet.router_ids))
    assert keys_of(records) == samples_truth.expected


async def test_resume_keeps_failures_and_isolates_the_rest(make_sim: MakeSim) -> None:
    probe = make_sim()
    ids = probe.fleet.router_ids
    bad = [ids[5], ids[120]]
    sim = make_sim(faults=FaultPlan(permanent={"routers": dict.fromkeys(bad, 403)}))
    truth = Truth(sim, "router_state_samples", ids, 100, created_at__gt=SINCE)
    store = MemoryCheckpointStore()
    first: list[Any] = []
    async with sim.client(rate_limit=FAST) as ncm:
        async with pull(ncm, sim, store) as stream:
            async for record in stream:
                first.append(record)
                if len(first) == 8000:
                    break
        second_stream = pull(ncm, sim, store)
        second = await drain(second_stream)
    assert keys_of(first) + keys_of(second) == truth.without(bad)
    assert sorted(second_stream.report.failed) == sorted(map(str, bad))

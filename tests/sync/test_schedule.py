"""``--every``: runs start one interval apart on the injected clock; stop ends the loop."""

from __future__ import annotations

import anyio
import pytest

from ncm_async.clock import FakeClock
from ncm_async.sync._schedule import every

pytestmark = pytest.mark.anyio


async def test_runs_start_one_interval_apart() -> None:
    clock, starts = FakeClock(), []

    async def job(n: int) -> None:
        starts.append(clock.now())
        await clock.sleep(100.0 * (n + 1))

    async with clock.autojump():
        done = await every(3600, job, clock=clock, stop=anyio.Event(), runs=3)
    assert done == 3
    assert starts == [0.0, 3600.0, 7200.0]
    assert clock.sleeps == [100.0, 3500.0, 200.0, 3400.0, 300.0]


async def test_a_run_longer_than_the_interval_is_followed_at_once() -> None:
    clock, starts = FakeClock(), []

    async def job(n: int) -> None:
        starts.append(clock.now())
        await clock.sleep(5000.0)

    async with clock.autojump():
        await every(3600, job, clock=clock, stop=anyio.Event(), runs=2)
    assert starts == [0.0, 5000.0]
    assert clock.sleeps == [5000.0, 0.0, 5000.0]


async def test_stop_during_the_sleep_ends_the_loop_before_the_next_run() -> None:
    clock, stop, runs = FakeClock(), anyio.Event(), []

    async def job(n: int) -> None:
        runs.append(n)

    async def stopper() -> None:
        await clock.sleep(1800.0)
        stop.set()

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(stopper)
        done = await every(3600, job, clock=clock, stop=stop)
    assert (done, runs) == (1, [0])
    assert clock.now() == 1800.0


async def test_stop_during_a_run_cancels_it_and_reports_it_unfinished() -> None:
    clock, stop = FakeClock(), anyio.Event()
    reached = []

    async def job(n: int) -> None:
        stop.set()
        await clock.sleep(10.0)
        reached.append(n)

    async with clock.autojump():
        done = await every(3600, job, clock=clock, stop=stop)
    assert (done, reached) == (0, [])


async def test_an_error_in_a_run_propagates_as_itself() -> None:
    async def job(n: int) -> None:
        raise KeyError(n)

    with pytest.raises(KeyError):
        await every(60, job, clock=FakeClock(), stop=anyio.Event())
    with pytest.raises(ValueError, match="positive"):
        await every(0, job, clock=FakeClock(), stop=anyio.Event())

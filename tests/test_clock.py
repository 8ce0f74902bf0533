"""The injected clocks: FakeClock must be exact, deterministic and fast on both backends."""

from __future__ import annotations

import anyio
import pytest

from ncm_async.clock import Clock, FakeClock, SystemClock


def test_clocks_satisfy_the_protocol() -> None:
    clocks: list[Clock] = [SystemClock(), FakeClock()]
    assert all(callable(c.now) for c in clocks)


@pytest.mark.anyio
async def test_system_clock_is_monotonic() -> None:
    clock = SystemClock()
    first = clock.now()
    await clock.sleep(0)
    assert clock.now() >= first


@pytest.mark.anyio
async def test_concurrent_sleepers_wake_at_their_exact_deadlines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_sleep = anyio.sleep

    async def no_real_waiting(delay: float) -> None:
        assert delay <= 0, f"a real sleep of {delay} s"
        await real_sleep(0)

    monkeypatch.setattr(anyio, "sleep", no_real_waiting)
    clock = FakeClock(start=100.0)
    woke: dict[int, float] = {}

    async def sleeper(i: int) -> None:
        await clock.sleep(i * 0.25)
        woke[i] = clock.now()

    async with clock.autojump(), anyio.create_task_group() as tg:
        for i in range(50):
            tg.start_soon(sleeper, i)
    assert woke == {i: 100.0 + i * 0.25 for i in range(50)}
    assert clock.now() == 100.0 + 49 * 0.25
    assert sorted(clock.sleeps) == [i * 0.25 for i in range(50)]


@pytest.mark.anyio
async def test_sequential_sleeps_accumulate_and_interleave() -> None:
    clock = FakeClock()
    log: list[tuple[str, float]] = []

    async def ticker(name: str, period: float, count: int) -> None:
        for _ in range(count):
            await clock.sleep(period)
            log.append((name, clock.now()))

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(ticker, "a", 2.0, 3)
        tg.start_soon(ticker, "b", 3.0, 2)
    times = [t for _, t in log]
    assert times == sorted(times)
    assert sorted(log) == [("a", 2.0), ("a", 4.0), ("a", 6.0), ("b", 3.0), ("b", 6.0)]


@pytest.mark.anyio
async def test_equal_deadlines_wake_in_the_order_they_slept() -> None:
    clock = FakeClock()
    order: list[int] = []

    async def sleeper(i: int, ready: anyio.Event, previous: anyio.Event | None) -> None:
        if previous is not None:
            await previous.wait()
        ready.set()
        await clock.sleep(1.0)
        order.append(i)

    async with clock.autojump(), anyio.create_task_group() as tg:
        previous = None
        for i in range(10):
            ready = anyio.Event()
            tg.start_soon(sleeper, i, ready, previous)
            previous = ready
    assert order == list(range(10))
    assert clock.now() == 1.0


@pytest.mark.anyio
async def test_cancelled_sleeper_does_not_move_time() -> None:
    clock = FakeClock()
    async with clock.autojump():
        async with anyio.create_task_group() as tg:
            tg.start_soon(clock.sleep, 1000.0)
            await clock.sleep(1.0)
            tg.cancel_scope.cancel()
        await clock.sleep(2.0)
    assert clock.now() == 3.0
    assert sorted(clock.sleeps) == [1.0, 2.0, 1000.0]


@pytest.mark.anyio
async def test_zero_and_negative_sleeps_only_yield() -> None:
    clock = FakeClock(start=5.0)
    await clock.sleep(0)
    await clock.sleep(-1.0)
    assert clock.now() == 5.0
    assert clock.sleeps == [0, -1.0]


@pytest.mark.anyio
async def test_advance_wakes_due_sleepers_without_autojump() -> None:
    clock = FakeClock()
    woke: list[float] = []

    async def sleeper(seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(clock.now())

    async with anyio.create_task_group() as tg:
        tg.start_soon(sleeper, 1.0)
        tg.start_soon(sleeper, 3.0)
        await anyio.wait_all_tasks_blocked()
        clock.advance(2.0)
        await anyio.wait_all_tasks_blocked()
        assert woke == [2.0]
        clock.advance(2.0)
    assert woke == [2.0, 4.0]
    assert clock.now() == 4.0


@pytest.mark.anyio
async def test_autojump_idles_until_someone_sleeps() -> None:
    clock = FakeClock()
    gate = anyio.Event()

    async def late_sleeper() -> None:
        await gate.wait()
        await clock.sleep(7.0)

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(late_sleeper)
        await anyio.lowlevel.checkpoint()
        gate.set()
    assert clock.now() == 7.0


@pytest.mark.anyio
async def test_a_positive_sleep_always_moves_time_forward() -> None:
    clock = FakeClock(start=1e9)
    async with clock.autojump():
        await clock.sleep(1e-12)
    assert clock.now() > 1e9


@pytest.mark.anyio
async def test_fake_deadline_fires_on_virtual_time_and_can_be_reset() -> None:
    clock = FakeClock()
    async with clock.autojump():
        with clock.deadline(5) as scope:
            await clock.sleep(10)
        assert scope.cancelled_caught
        assert clock.now() == 5.0
        deadline = clock.deadline(5)
        with deadline as scope:
            await clock.sleep(1)
            deadline.reset(0.5)
            await clock.sleep(10)
        assert scope.cancelled_caught
        assert clock.now() == 6.5
        with clock.deadline(3) as scope:
            await clock.sleep(1)
        assert not scope.cancelled_caught
    assert clock.sleeps == [10, 1, 10, 1]


@pytest.mark.anyio
async def test_system_deadline_reset_to_zero_cancels_at_the_next_checkpoint() -> None:
    import anyio.lowlevel

    deadline = SystemClock().deadline(3600)
    with deadline as scope:
        deadline.reset(0)
        await anyio.lowlevel.checkpoint()
        pytest.fail("the reset deadline did not cancel")  # pragma: no cover
    assert scope.cancelled_caught

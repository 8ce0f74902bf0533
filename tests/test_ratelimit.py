"""RateLimiter and InMemoryLimiterStore, on virtual time: every asserted time is exact."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ncm_async._config import RateLimit
from ncm_async.clock import FakeClock
from ncm_async.ratelimit import InMemoryLimiterStore, RateLimiter, TakeResult

Event = tuple[str, float, float]


def limiter_for(clock: FakeClock, **limit: float) -> RateLimiter:
    defaults: dict[str, float] = {
        "max_concurrency": 1000,
        "adaptive": False,
        "min_requests_per_minute": 1,
    }
    return RateLimiter(RateLimit(**(defaults | limit)), clock=clock)  # type: ignore[arg-type]


async def request(
    limiter: RateLimiter,
    clock: FakeClock,
    starts: list[float],
    *,
    arrive: float = 0.0,
    hold: float = 0.0,
    priority: bool = False,
) -> None:
    await clock.sleep(arrive)
    async with limiter.slot(priority=priority):
        starts.append(clock.now())
        await clock.sleep(hold)


def assert_no_start_inside_a_cooldown(events: list[Event]) -> None:
    """Events are in execution order; a start after a throttle must wait it out."""
    cooldown_end = float("-inf")
    for kind, when, wait in events:
        if kind == "throttle":
            cooldown_end = max(cooldown_end, when + wait)
        elif kind == "start":
            assert when >= cooldown_end, f"start at {when} inside a cooldown until {cooldown_end}"


# --- token bucket --------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("rpm", "burst", "n"),
    [(60, 1, 5), (120, 3, 10), (30, 10, 12), (480, 10, 30), (500, 10, 25), (7, 2, 6), (500, 1, 3)],
)
async def test_simultaneous_requests_are_paced_from_the_first(
    rpm: float, burst: int, n: int
) -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=rpm, burst=burst)
    starts: list[float] = []
    async with clock.autojump(), anyio.create_task_group() as tg:
        for _ in range(n):
            tg.start_soon(partial(request, limiter, clock, starts, hold=1000.0))
    expected = [i * 60 / rpm for i in range(n)]
    assert starts == pytest.approx(expected, rel=1e-12, abs=1e-12)
    if (60 / rpm).is_integer() or rpm in {120, 480}:
        assert starts == expected
    assert limiter.in_flight == limiter.waiting == 0


@pytest.mark.anyio
async def test_requests_one_at_a_time_get_the_burst_refilled_while_idle() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=3)
    starts: list[float] = []
    async with clock.autojump():
        for arrive in (0, 0, 0, 0, 0, 100, 0, 0, 0, 0):
            await request(limiter, clock, starts, arrive=arrive)
    assert starts == [0, 0, 0, 1, 2, 102, 102, 102, 103, 104]


@pytest.mark.anyio
async def test_a_late_wake_up_is_made_up_to_half_a_token_never_as_a_burst() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=10)
    starts: list[float] = []

    async def busy_loop() -> None:  # the driver's wake-ups at 1.0 and 2.0 come 0.25 and 2.0 late
        await clock.sleep(0.9)
        clock.advance(0.35)
        await clock.sleep(0.75)
        clock.advance(2.0)

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(busy_loop)
        for _ in range(6):
            tg.start_soon(partial(request, limiter, clock, starts, hold=100.0))
    assert starts == [0, 1.25, 4.0, 4.5, 5.5, 6.5]


# --- concurrency ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_concurrency_cap_is_never_exceeded() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=6000, burst=50, max_concurrency=3)
    running = peak = 0

    async def worker(i: int) -> None:
        nonlocal running, peak
        async with limiter.slot(priority=i % 5 == 0):
            running += 1
            peak = max(peak, running, limiter.in_flight)
            await clock.sleep(1 + i % 4)
            running -= 1

    async with clock.autojump(), anyio.create_task_group() as tg:
        for i in range(40):
            tg.start_soon(worker, i)
    assert peak == 3
    assert limiter.in_flight == limiter.waiting == 0


@pytest.mark.anyio
async def test_freed_slot_goes_to_the_retry_first() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=6000, burst=50, max_concurrency=1)
    starts: dict[str, float] = {}

    async def named(name: str, arrive: float, hold: float, priority: bool) -> None:
        await clock.sleep(arrive)
        async with limiter.slot(priority=priority):
            starts[name] = clock.now()
            await clock.sleep(hold)

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(named, "first", 0, 5, False)
        tg.start_soon(named, "fresh", 1, 1, False)
        tg.start_soon(named, "retry", 2, 1, True)
        await clock.sleep(3)
        assert limiter.waiting == 2
        assert limiter.in_flight == 1
    assert starts == {"first": 0, "retry": 5, "fresh": 6}


# --- cooldown ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_cooldown_pauses_fifty_tasks_and_restarts_without_burst() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=600, burst=5, max_concurrency=8)
    events: list[Event] = []

    async def worker() -> None:
        async with limiter.slot():
            start = clock.now()
            events.append(("start", start, 0))
            await clock.sleep(0.5)
        if 1.0 <= start < 1.5:
            events.append(("throttle", clock.now(), 5.0))
            await limiter.throttled(5.0)

    async with clock.autojump(), anyio.create_task_group() as tg:
        for _ in range(50):
            tg.start_soon(worker)
    assert_no_start_inside_a_cooldown(events)
    throttle_times = [when for kind, when, _ in events if kind == "throttle"]
    assert len(throttle_times) == 5
    starts = sorted(when for kind, when, _ in events if kind == "start")
    resumed = [s for s in starts if s > throttle_times[0]]
    assert resumed[0] == max(throttle_times) + 5.0
    assert resumed[1] == pytest.approx(resumed[0] + 0.1)
    assert len(starts) == 50


@pytest.mark.anyio
async def test_waiter_with_a_reserved_token_still_waits_out_a_new_cooldown() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=1)
    starts: list[float] = []
    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(request, limiter, clock, starts)
        tg.start_soon(partial(request, limiter, clock, starts, arrive=0.1))
        await clock.sleep(0.5)
        await limiter.throttled(5.0)
        assert limiter.cooldown_remaining == 5.0
    assert starts == [0.0, 5.5]
    assert limiter.cooldown_remaining == 0


@pytest.mark.anyio
async def test_cooldown_keeps_the_later_deadline() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock)
    await limiter.throttled(10.0)
    clock.advance(1.0)
    await limiter.throttled(2.0)
    assert limiter.cooldown_remaining == 9.0
    await limiter.throttled(20.0)
    assert limiter.cooldown_remaining == 20.0


@pytest.mark.anyio
async def test_retries_go_first_after_a_cooldown() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=1)
    starts: dict[str, float] = {}

    async def named(name: str, arrive: float, priority: bool) -> None:
        await clock.sleep(arrive)
        async with limiter.slot(priority=priority):
            starts[name] = clock.now()

    await limiter.throttled(5.0)
    async with clock.autojump(), anyio.create_task_group() as tg:
        for i in range(3):
            tg.start_soon(named, f"fresh{i}", 0.1 * (i + 1), False)
        for i in range(2):
            tg.start_soon(named, f"retry{i}", 1 + 0.1 * i, True)
    assert starts == {"retry0": 5, "retry1": 6, "fresh0": 7, "fresh1": 8, "fresh2": 9}


@pytest.mark.anyio
async def test_retry_takes_the_token_a_fresh_request_was_waiting_for() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=1)
    starts: dict[str, float] = {}

    async def named(name: str, arrive: float, priority: bool) -> None:
        await clock.sleep(arrive)
        async with limiter.slot(priority=priority):
            starts[name] = clock.now()

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(named, "first", 0, False)
        tg.start_soon(named, "fresh1", 0.1, False)
        tg.start_soon(named, "fresh2", 0.2, False)
        tg.start_soon(named, "retry", 0.5, True)
    assert starts == {"first": 0, "retry": 1, "fresh1": 2, "fresh2": 3}


# --- adaptive rate (CUBIC; the pure curve is tested exactly in test_budget.py) -----------

K16 = (16 * 0.3 / 0.4) ** (1 / 3)
"""Seconds the curve takes to climb from 0.7 x 16/s back to 16/s (botocore's C = 0.4)."""


@pytest.mark.anyio
async def test_an_isolated_throttle_costs_its_cooldown_then_the_configured_rate() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=True, requests_per_minute=600, burst=10)
    starts: list[float] = []
    async with clock.autojump(), anyio.create_task_group() as tg:
        for _ in range(6):
            tg.start_soon(partial(request, limiter, clock, starts, hold=1.0))
        await clock.sleep(0.25)
        await limiter.throttled(2.0)
        assert limiter.current_rate == 600
    assert starts == pytest.approx([0.0, 0.1, 0.2, 2.25, 2.35, 2.45], rel=1e-12)
    assert limiter.current_rate == 600


@pytest.mark.anyio
async def test_a_repeated_throttle_lowers_the_rate_then_it_climbs_back() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=True, requests_per_minute=960, burst=1)
    await limiter.throttled(1.0)
    assert limiter.current_rate == 960
    clock.advance(2.0)
    await limiter.throttled(1.0)
    assert limiter.current_rate == pytest.approx(0.7 * 960, rel=1e-12)
    starts: list[float] = []
    async with clock.autojump():
        await request(limiter, clock, starts)
    assert starts == [3.0]
    clock.advance(K16)
    async with clock.autojump():
        await request(limiter, clock, starts)
    assert limiter.current_rate == pytest.approx(960, rel=1e-12)


@pytest.mark.anyio
async def test_answers_of_one_cooldown_count_as_one_throttle() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=True, requests_per_minute=500)
    await limiter.throttled(1.0)
    clock.advance(2.0)
    for _ in range(3):
        await limiter.throttled(5.0)
        clock.advance(1.0)
    assert limiter.current_rate == pytest.approx(350, rel=1e-12)


@pytest.mark.anyio
async def test_the_lowered_rate_spaces_requests_further() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=True, requests_per_minute=960, burst=1)
    await limiter.throttled(1.0)
    clock.advance(2.0)
    await limiter.throttled(1.0)
    starts: list[float] = []
    async with clock.autojump(), anyio.create_task_group() as tg:
        for _ in range(2):
            tg.start_soon(request, limiter, clock, starts)
    assert starts == pytest.approx([3.0, 3.0 + 1 / 11.2], rel=1e-12)


@pytest.mark.anyio
async def test_the_rate_never_falls_below_the_floor() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=True, min_requests_per_minute=120)
    for _ in range(20):
        await limiter.throttled(1.0)
        clock.advance(1.0)
    assert limiter.current_rate == 120


@pytest.mark.anyio
async def test_without_adaptive_the_rate_never_changes() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=False, requests_per_minute=500)
    for _ in range(5):
        await limiter.throttled(2.0)
        clock.advance(3.0)
    assert limiter.current_rate == 500


@pytest.mark.anyio
async def test_logs_cooldown_and_rate_changes(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ncm_async")
    clock = FakeClock()
    limiter = limiter_for(clock, adaptive=True)
    await limiter.throttled(5.0)
    clock.advance(5.0)
    await limiter.throttled(5.0)
    async with clock.autojump():
        await request(limiter, clock, [])
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "throttled: no request starts for 5.000 s",
        "rate 500.0 -> 350.0 requests/minute",
        "cooldown over",
    ]


# --- cancellation --------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("cancel_driver_only", [False, True])
async def test_cancelled_token_waiters_leave_no_trace(cancel_driver_only: bool) -> None:
    """The next request still starts when the first cancelled one would have."""
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=1)
    starts: list[float] = []
    late: list[float] = []
    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(lambda: request(limiter, clock, starts, hold=10))
        scopes = [anyio.CancelScope(), anyio.CancelScope()]

        async def waiter(scope: anyio.CancelScope, arrive: float) -> None:
            with scope:
                await request(limiter, clock, late, arrive=arrive)

        tg.start_soon(waiter, scopes[0], 0.1)
        tg.start_soon(waiter, scopes[1], 0.2)
        await clock.sleep(0.5)
        assert limiter.waiting == 2
        for scope in scopes[:1] if cancel_driver_only else scopes:
            scope.cancel()
        await clock.sleep(0.1)
        assert limiter.waiting == (1 if cancel_driver_only else 0)
        assert limiter.in_flight == 1
        if not cancel_driver_only:
            tg.start_soon(request, limiter, clock, late)
    assert late == [1.0]
    assert limiter.in_flight == limiter.waiting == 0


@pytest.mark.anyio
async def test_cancelled_while_waiting_for_a_slot_frees_nothing_twice() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=6000, burst=10, max_concurrency=1)
    starts: list[float] = []
    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(lambda: request(limiter, clock, starts, hold=3))
        async with anyio.create_task_group() as doomed:
            for _ in range(3):
                doomed.start_soon(partial(request, limiter, clock, starts, arrive=1, hold=1))
            await clock.sleep(2)
            assert limiter.waiting == 3
            doomed.cancel_scope.cancel()
        assert (limiter.waiting, limiter.in_flight) == (0, 1)
        tg.start_soon(partial(request, limiter, clock, starts, arrive=0.5, hold=1))
        tg.start_soon(partial(request, limiter, clock, starts, arrive=0.5, hold=1))
    assert starts == [0, 3, 4]
    assert limiter.in_flight == limiter.waiting == 0


class HookedStore(InMemoryLimiterStore):
    """Runs a callback once, on the first take from ``at`` on: just before a grant."""

    def __init__(self, at: float, hook: Callable[[], None]) -> None:
        super().__init__()
        self.at, self.hook = at, hook

    async def take(self, now: float, limit: RateLimit, busy: bool = False) -> TakeResult:
        if now >= self.at:
            self.at = float("inf")
            self.hook()
        return await super().take(now, limit, busy)


@pytest.mark.anyio
async def test_cancelled_just_as_granted_returns_slot_and_token() -> None:
    clock = FakeClock()
    retry_scope = anyio.CancelScope()
    limiter = RateLimiter(
        RateLimit(requests_per_minute=60, burst=1, max_concurrency=2, adaptive=False),
        clock=clock,
        store=HookedStore(at=1.0, hook=retry_scope.cancel),
    )
    starts: dict[str, float] = {}

    async def named(name: str, arrive: float, hold: float, priority: bool) -> None:
        await clock.sleep(arrive)
        with retry_scope if priority else anyio.CancelScope():
            async with limiter.slot(priority=priority):
                starts[name] = clock.now()
                await clock.sleep(hold)

    async with clock.autojump(), anyio.create_task_group() as tg:
        tg.start_soon(named, "first", 0, 10, False)
        tg.start_soon(named, "fresh", 0.1, 10, False)
        tg.start_soon(named, "retry", 0.2, 0, True)
        await clock.sleep(2)
        assert (limiter.in_flight, limiter.waiting) == (2, 0)
    assert starts == {"first": 0, "fresh": 1}
    assert limiter.in_flight == limiter.waiting == 0


# --- store ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_store_takes_only_available_tokens_and_honours_cooldown() -> None:
    store = InMemoryLimiterStore()
    limit = RateLimit(requests_per_minute=60, burst=2, adaptive=False)
    assert [(await store.take(0.0, limit)).wait for _ in range(3)] == [0, 0, 1]
    assert await store.take(0.5, limit) == TakeResult(wait=0.5, rate=60.0)
    assert (await store.take(1.0, limit)).wait == 0
    await store.give_back(1.0, limit)
    assert (await store.take(1.0, limit)).wait == 0
    state = await store.throttle(1.0, 9.0, limit)
    assert state.cooldown_remaining == 9.0
    await store.give_back(2.0, limit)
    assert (await store.take(2.0, limit)).wait == 8.0
    assert (await store.take(10.0, limit)).wait == 0
    assert (await store.take(10.0, limit)).wait == 1


# --- property ------------------------------------------------------------------------------

arrival = st.tuples(
    st.integers(0, 80).map(lambda q: q / 4),
    st.integers(0, 12).map(lambda q: q / 4),
    st.booleans(),
    st.none() | st.integers(0, 40).map(lambda q: q / 4),
)


@settings(max_examples=80, deadline=None)
@given(
    rpm=st.sampled_from([30.0, 60.0, 90.0, 500.0]),
    burst=st.integers(1, 5),
    concurrency=st.integers(1, 4),
    adaptive=st.booleans(),
    arrivals=st.lists(arrival, min_size=1, max_size=25),
    throttles=st.lists(st.tuples(st.floats(0, 20), st.floats(0, 10)), max_size=4),
    backend=st.sampled_from(["asyncio", "trio"]),
)
def test_invariants_hold_under_random_load(
    rpm: float,
    burst: int,
    concurrency: int,
    adaptive: bool,
    arrivals: list[tuple[float, float, bool, float | None]],
    throttles: list[tuple[float, float]],
    backend: str,
) -> None:
    limit = RateLimit(
        requests_per_minute=rpm,
        burst=burst,
        max_concurrency=concurrency,
        adaptive=adaptive,
        min_requests_per_minute=10,
    )
    events: list[Event] = []
    rates: list[float] = []
    peak = 0

    async def scenario() -> None:
        clock = FakeClock()
        limiter = RateLimiter(limit, clock=clock)
        running = 0

        async def client(arrive: float, hold: float, priority: bool, wait: float | None) -> None:
            nonlocal running, peak
            await clock.sleep(arrive)
            async with limiter.slot(priority=priority):
                running += 1
                peak = max(peak, running, limiter.in_flight)
                events.append(("start", clock.now(), 0.0))
                await clock.sleep(hold)
                running -= 1
            if wait is not None:
                events.append(("throttle", clock.now(), wait))
                await limiter.throttled(wait)
            rates.append(limiter.current_rate)

        async def other_process_throttle(at: float, wait: float) -> None:
            await clock.sleep(at)
            events.append(("throttle", clock.now(), wait))
            await limiter.throttled(wait)

        with anyio.fail_after(30):
            async with clock.autojump(), anyio.create_task_group() as tg:
                for args in arrivals:
                    tg.start_soon(client, *args)
                for at, wait in throttles:
                    tg.start_soon(other_process_throttle, at, wait)
        assert limiter.in_flight == limiter.waiting == 0

    anyio.run(scenario, backend=backend)

    assert peak <= concurrency
    assert_no_start_inside_a_cooldown(events)
    starts = sorted(when for kind, when, _ in events if kind == "start")
    assert len(starts) == len(arrivals)
    for i in range(len(starts)):
        for j in range(i, len(starts)):
            assert j - i + 1 <= burst + (starts[j] - starts[i]) * rpm / 60 + 1e-6
    assert all(10 <= rate <= rpm for rate in rates)
    if not adaptive:
        assert set(rates) <= {rpm}


# --- the uncontended path -------------------------------------------------------------------


@pytest.mark.anyio
async def test_try_slot_takes_a_free_slot_and_token_at_once() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=2, max_concurrency=1)
    assert limiter.try_slot()
    assert limiter.in_flight == 1
    assert not limiter.try_slot()  # the one slot is taken
    async with limiter.held():
        pass
    assert limiter.in_flight == 0
    assert limiter.try_slot()  # the second token of the burst
    async with limiter.held():
        pass
    assert not limiter.try_slot()  # the bucket is empty: no token is spent asking
    starts: list[float] = []
    async with clock.autojump():
        await request(limiter, clock, starts)
    assert starts == [1.0]


@pytest.mark.anyio
async def test_try_slot_never_jumps_the_queue() -> None:
    clock = FakeClock()
    limiter = limiter_for(clock, requests_per_minute=60, burst=1)
    starts: list[float] = []
    assert limiter.try_slot()
    async with limiter.held():
        pass
    async with anyio.create_task_group() as tg, clock.autojump():
        tg.start_soon(request, limiter, clock, starts)
        while limiter.waiting == 0:
            await anyio.lowlevel.checkpoint()
        clock.advance(1.0)
        assert not limiter.try_slot()  # a token is due, but a request waits for it
    assert starts == [1.0]


@pytest.mark.anyio
async def test_try_slot_is_never_taken_on_a_shared_store() -> None:
    class Shared:
        """A store that is not the in-process one (Redis, say): it must be awaited."""

        def __init__(self) -> None:
            self.inner = InMemoryLimiterStore()
            self.takes = 0

        async def take(self, now: float, limit: RateLimit, busy: bool = False) -> TakeResult:
            self.takes += 1
            return await self.inner.take(now, limit, busy)

        async def give_back(self, now: float, limit: RateLimit) -> None:
            await self.inner.give_back(now, limit)

        async def throttle(self, now: float, wait: float, limit: RateLimit) -> object:
            return await self.inner.throttle(now, wait, limit)

    store = Shared()
    limiter = RateLimiter(RateLimit(), clock=FakeClock(), store=store)  # type: ignore[arg-type]
    assert not limiter.try_slot()
    assert (store.takes, limiter.in_flight) == (0, 0)
    async with limiter.slot():
        assert limiter.in_flight == 1
    assert store.takes == 1

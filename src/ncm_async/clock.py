"""The injected clock: every wait in the SDK goes through one, so tests control time.

:class:`SystemClock` is the real one. :class:`FakeClock` keeps virtual time for
tests (the SDK's and its users'): sleeps finish in no real time, in a
deterministic order, and every requested duration is recorded so tests can
assert exact backoff and rate-limit waits.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Protocol

import anyio
import attrs
import sniffio

__all__ = ["Clock", "Deadline", "SystemClock", "FakeClock"]


class Deadline(Protocol):
    """A cancel scope that ends its block after some seconds on a clock.

    ``with clock.deadline(5) as scope:`` cancels the block after 5 s; afterwards
    ``scope.cancelled_caught`` says whether it did. :meth:`reset` moves the
    deadline, so one scope can bound a wait and then the work that follows it.
    """

    def __enter__(self) -> anyio.CancelScope: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool: ...

    def reset(self, seconds: float) -> None:
        """Cancel the block ``seconds`` from now instead (sooner or later)."""
        ...


class Clock(Protocol):
    """A monotonic time source and the matching sleep."""

    def now(self) -> float:
        """Monotonic seconds; only differences between readings mean anything."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (zero or less: just yield to other tasks)."""
        ...

    def deadline(self, seconds: float) -> Deadline:
        """Cancel the block after ``seconds`` on this clock (``scope.cancelled_caught`` says so).

        The whole block is bounded, however many reads it makes: the transport
        wraps each attempt, body included, in one (a server trickling a byte at a
        time cannot stretch a request past its timeout).
        """
        ...


class SystemClock:
    """Real time: :func:`time.monotonic` and :func:`anyio.sleep`."""

    def now(self) -> float:
        """Seconds from :func:`time.monotonic`."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Sleep for real through anyio (asyncio or trio)."""
        await anyio.sleep(max(0.0, seconds))

    def deadline(self, seconds: float) -> Deadline:
        """:func:`anyio.move_on_after` on the event loop's clock."""
        return _LoopDeadline(seconds)


@attrs.define(eq=False)
class _Sleeper:
    deadline: float
    seq: int
    event: anyio.Event | None
    on_wake: Callable[[], object] | None = None


class FakeClock:
    """Virtual time for tests, on asyncio and trio alike.

    ``sleep`` parks the caller until virtual time reaches its deadline. Time moves
    only through :meth:`advance` or, more usefully, inside :meth:`autojump`: each
    time every task is blocked, the clock jumps to the earliest pending deadline
    and wakes that one sleeper (like trio's ``MockClock(autojump_threshold=0)``).
    Sleepers with equal deadlines wake in the order they went to sleep, one at a
    time, so runs are reproducible and waits are exact. As with trio's clock, a task
    waiting on real I/O counts as blocked, so virtual time may jump meanwhile.

    Attributes:
        sleeps: Every duration passed to :meth:`sleep`, in call order.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[_Sleeper] = []
        self._seq = itertools.count()
        self._arrival: anyio.Event | None = None
        self.sleeps: list[float] = []

    def now(self) -> float:
        """The virtual time in seconds."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Record ``seconds`` and wait until virtual time has advanced that much.

        A positive sleep always moves time forward, if only by the smallest float
        step, as a real clock would: a loop waiting for time to pass cannot spin.
        """
        self.sleeps.append(seconds)
        if seconds <= 0:
            from anyio.lowlevel import checkpoint

            await checkpoint()
            return
        await self._sleep_until(self._now + seconds)

    def deadline(self, seconds: float) -> Deadline:
        """Cancel the block once virtual time has moved ``seconds`` on.

        The deadline is a timer among the sleepers (so :meth:`autojump` jumps to
        it when everything else is blocked) but not a sleep: :attr:`sleeps` lists
        only the waits the code under test asked for.
        """
        return _FakeDeadline(self, seconds)

    def _add_timer(self, seconds: float, on_wake: Callable[[], object]) -> _Sleeper:
        due = max(self._now + max(0.0, seconds), math.nextafter(self._now, math.inf))
        timer = _Sleeper(due, next(self._seq), None, on_wake)
        self._sleepers.append(timer)
        if self._arrival is not None:
            self._arrival.set()
        return timer

    def _drop(self, sleeper: _Sleeper | None) -> None:
        if sleeper in self._sleepers:
            self._sleepers.remove(sleeper)

    async def _sleep_until(self, deadline: float) -> None:
        deadline = max(deadline, math.nextafter(self._now, math.inf))
        event = anyio.Event()
        sleeper = _Sleeper(deadline, next(self._seq), event)
        self._sleepers.append(sleeper)
        if self._arrival is not None:
            self._arrival.set()
        try:
            await event.wait()
        finally:
            if sleeper in self._sleepers:
                self._sleepers.remove(sleeper)

    def advance(self, seconds: float) -> None:
        """Move virtual time forward and wake every sleeper now due, earliest first."""
        self._now += max(0.0, seconds)
        while (sleeper := self._earliest()) is not None and sleeper.deadline <= self._now:
            self._wake(sleeper)

    @asynccontextmanager
    async def autojump(self) -> AsyncIterator[FakeClock]:
        """Advance time by itself whenever all tasks are blocked, until the block exits.

        Usage::

            clock = FakeClock()
            async with clock.autojump(), anyio.create_task_group() as tg:
                ...
        """
        async with anyio.create_task_group() as tg:
            tg.start_soon(self._jump_forever)
            try:
                yield self
            finally:
                tg.cancel_scope.cancel()

    async def _jump_forever(self) -> None:
        while True:
            await _wait_all_tasks_blocked()
            sleeper = self._earliest()
            if sleeper is None:
                self._arrival = anyio.Event()
                await self._arrival.wait()
                continue
            self._now = max(self._now, sleeper.deadline)
            self._wake(sleeper)

    def _earliest(self) -> _Sleeper | None:
        return min(self._sleepers, key=lambda s: (s.deadline, s.seq), default=None)

    def _wake(self, sleeper: _Sleeper) -> None:
        self._sleepers.remove(sleeper)
        if sleeper.event is not None:
            sleeper.event.set()
        if sleeper.on_wake is not None:
            sleeper.on_wake()


class _LoopDeadline:
    """A cancel scope with a deadline on the event loop's clock."""

    __slots__ = ("_scope", "_seconds")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._scope: anyio.CancelScope | None = None

    def __enter__(self) -> anyio.CancelScope:
        self._scope = anyio.move_on_after(self._seconds)
        return self._scope.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        assert self._scope is not None
        return self._scope.__exit__(exc_type, exc, tb)

    def reset(self, seconds: float) -> None:
        assert self._scope is not None
        self._scope.deadline = anyio.current_time() + seconds


class _FakeDeadline:
    """A cancel scope cancelled by a :class:`FakeClock` timer."""

    def __init__(self, clock: FakeClock, seconds: float) -> None:
        self._clock = clock
        self._seconds = seconds
        self._scope = anyio.CancelScope()
        self._timer: _Sleeper | None = None

    def __enter__(self) -> anyio.CancelScope:
        scope = self._scope.__enter__()
        self._timer = self._clock._add_timer(self._seconds, scope.cancel)
        return scope

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        self._clock._drop(self._timer)
        return self._scope.__exit__(exc_type, exc, tb)

    def reset(self, seconds: float) -> None:
        self._clock._drop(self._timer)
        self._timer = self._clock._add_timer(seconds, self._scope.cancel)


async def _wait_all_tasks_blocked() -> None:
    """Return once every other task waits on something (trio's test helper, made fast).

    anyio's asyncio version polls every 0.1 s of real time; this one yields instead,
    so a test with thousands of virtual wake-ups still runs in milliseconds.
    """
    if sniffio.current_async_library() != "asyncio":
        await anyio.wait_all_tasks_blocked()
        return
    import asyncio

    from anyio.lowlevel import checkpoint

    this = asyncio.current_task()
    while True:
        await checkpoint()
        if all(_blocked(task) for task in asyncio.all_tasks() if task is not this):
            return


def _blocked(task: object) -> bool:
    waiter = getattr(task, "_fut_waiter", None)
    return waiter is not None and not waiter.done()

"""Sync on a schedule: run, sleep until the next slot, run again, until told to stop.

Runs start ``every`` seconds apart (a run longer than that is followed at once
by the next). ``stop`` ends the loop: a sleep is cut short, a run in progress is
cancelled after the transaction it is in commits (commits are shielded), so
what was written stays and the next start resumes it. Clock and sleep come from
the injected :class:`~ncm_async.clock.Clock`: tests assert the exact waits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio

from ncm_async.clock import Clock


async def every(
    interval: float,
    job: Callable[[int], Awaitable[None]],
    *,
    clock: Clock,
    stop: anyio.Event,
    runs: int | None = None,
) -> int:
    """Call ``job(n)`` for n = 0, 1, ... every ``interval`` seconds until ``stop`` is set.

    Args:
        runs: Stop after this many runs (None: until ``stop``).

    Returns:
        How many runs finished.
    """
    if interval <= 0:
        msg = f"the interval must be positive, got {interval!r}"
        raise ValueError(msg)
    finished = 0
    while not stop.is_set() and (runs is None or finished < runs):
        started = clock.now()
        completed = await _until_stop(job(finished), stop)
        if not completed:
            break
        finished += 1
        if runs is not None and finished >= runs:
            break
        wait = interval - (clock.now() - started)
        if not await _until_stop(clock.sleep(max(0.0, wait)), stop):
            break
    return finished


async def _until_stop(step: Awaitable[None], stop: anyio.Event) -> bool:
    """Await ``step`` unless ``stop`` comes first; True when it completed."""
    done, error = False, None
    async with anyio.create_task_group() as tg:

        async def watch() -> None:
            await stop.wait()
            tg.cancel_scope.cancel()

        tg.start_soon(watch)
        try:
            await step
            done = True
        except Exception as exc:  # re-raised below, outside the task group (no ExceptionGroup)
            error = exc
        finally:
            tg.cancel_scope.cancel()
    if error is not None:
        raise error
    return done

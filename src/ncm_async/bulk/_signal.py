"""A wake-up for whoever waits at the moment it fires (the bulk engine's signals)."""

from __future__ import annotations

import anyio

__all__ = ["Signal"]


class Signal:
    """A wake-up for whoever waits now (an :class:`anyio.Event` renewed on each fire)."""

    def __init__(self) -> None:
        self._event = anyio.Event()
        self._waiting = 0

    async def wait(self) -> None:
        """Wait for the next :meth:`fire`."""
        self._waiting += 1
        try:
            await self._event.wait()
        finally:
            self._waiting -= 1

    def fire(self) -> None:
        """Wake every current waiter (nothing to do when nobody waits)."""
        if self._waiting:
            self._event.set()
            self._event = anyio.Event()

"""The client's lifecycle as explicit states, and the event loop it is bound to.

An httpx pool belongs to the event loop that opened its connections: reused from
another loop (a second ``asyncio.run()``, another thread) it hangs or fails with
``RuntimeError("Event loop is closed")``. So a client binds itself to the loop of
its first request and refuses, with a clear :class:`NcmError`, requests from any
other; after :meth:`Lifecycle.close` (``aclose()``) it refuses every request, and
requests still in flight end with the same clear error instead of httpx's
``RuntimeError`` (httpx's ``ClientState`` is the model).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import sniffio

from ncm_async.errors import ClientClosedError, NcmError

__all__ = ["ClientState", "Lifecycle", "current_loop"]


class ClientState(enum.Enum):
    """Where a client is in its life: it opens on construction and closes once."""

    OPEN = "open"
    CLOSED = "closed"


def current_loop() -> object:
    """The running event loop (asyncio) or run (trio) as an identity to compare."""
    library = sniffio.current_async_library()
    if library == "trio":
        import trio

        return trio.lowlevel.current_trio_token()
    import asyncio

    return asyncio.get_running_loop()


class Lifecycle:
    """State, bound loop and in-flight requests of one client (shared by its copies).

    Attributes:
        state: :attr:`ClientState.OPEN` until :meth:`close`.
    """

    def __init__(self) -> None:
        self.state = ClientState.OPEN
        self._loop: object | None = None
        self._in_flight: set[anyio.CancelScope] = set()

    def __repr__(self) -> str:
        return f"Lifecycle({self.state.value}, in flight: {len(self._in_flight)})"

    def check(self) -> None:
        """Refuse to start a request on a closed client or from another event loop.

        Raises:
            ClientClosedError: The client is closed.
            NcmError: The client is bound to another event loop.
        """
        if self.state is ClientState.CLOSED:
            msg = "the client is closed: create a new AsyncNcmClient"
            raise ClientClosedError(msg)
        loop = current_loop()
        if self._loop is None:
            self._loop = loop
        elif loop is not self._loop:
            msg = (
                "this client is bound to another event loop (it was first used there; a "
                "connection pool cannot move between loops): create one client per event "
                "loop, e.g. inside the coroutine you pass to asyncio.run()"
            )
            raise NcmError(msg)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Run a block that :meth:`close` ends: refused when closed or on another loop.

        The transport guards what lies between attempts (retry waits) with this;
        an attempt itself registers its own deadline scope (:meth:`track`), so the
        common request pays for one cancel scope, not two.

        Raises:
            ClientClosedError: The client was closed before or during the block.
        """
        self.check()
        scope = anyio.CancelScope()
        self._in_flight.add(scope)
        try:
            with scope:
                yield
        except ClientClosedError:
            raise
        except Exception as exc:
            if self.state is ClientState.CLOSED:
                raise closed_in_flight() from exc
            raise
        finally:
            self._in_flight.discard(scope)
        if scope.cancelled_caught:
            raise closed_in_flight()

    def track(self, scope: anyio.CancelScope) -> None:
        """Let :meth:`close` cancel ``scope`` (an attempt's own) until :meth:`untrack`."""
        self._in_flight.add(scope)

    def untrack(self, scope: anyio.CancelScope) -> None:
        """Forget a scope given to :meth:`track`."""
        self._in_flight.discard(scope)

    def explain(self, exc: BaseException) -> BaseException:
        """The error a request ending with ``exc`` raises: :class:`ClientClosedError`
        if the client was closed under it, else ``exc`` itself."""
        if (
            self.state is ClientState.CLOSED
            and isinstance(exc, Exception)
            and not isinstance(exc, ClientClosedError)
        ):
            return closed_in_flight()
        return exc

    def close(self) -> bool:
        """Close: refuse new requests and end those in flight.

        Returns:
            False when it was already closed.
        """
        if self.state is ClientState.CLOSED:
            return False
        self.state = ClientState.CLOSED
        for scope in list(self._in_flight):
            scope.cancel()
        return True


def closed_in_flight() -> ClientClosedError:
    return ClientClosedError("the client was closed while this request was in flight")

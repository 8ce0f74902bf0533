"""The client's own connection pool as lanes: one connection each, one request at a time.

httpcore's pool scans every connection for every request it places (closed?
expired? idle?), twice per request, and when several requests arrive in the same
event-loop tick it hands them all the same idle connection; all but one fail over
and are placed again. Both grow with the pool's size: with 20 connections and 50
tasks a request cost several times its CPU at 8. The client already caps requests
in flight at the pool's size (its rate limiter queues the rest, in order), so the
pool never needs to choose: each request takes a free lane, a pool of one
connection, and gives it back when its body is closed. The most recently used lane
goes first, so a quiet client keeps one warm connection.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator

import httpx

__all__ = ["LaneTransport"]


class LaneTransport(httpx.AsyncBaseTransport):
    """``lanes`` single-connection pools, and an overflow pool should more requests than
    lanes ever be in flight at once (the client's limiter keeps them from it).

    Args:
        lanes: How many requests run at once (the client's in-flight cap).
        verify: ``True`` or the ``ssl.SSLContext`` every lane shares (built once).
    """

    def __init__(self, lanes: int, verify: ssl.SSLContext | bool = True) -> None:
        if lanes < 1:
            msg = f"lanes must be 1 or more, got {lanes}"
            raise ValueError(msg)
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context()
        one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._lanes = [httpx.AsyncHTTPTransport(verify=context, limits=one) for _ in range(lanes)]
        self._free = list(reversed(self._lanes))
        self._overflow = httpx.AsyncHTTPTransport(
            verify=context, limits=httpx.Limits(max_connections=lanes)
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send on a free lane (the overflow pool if none is free)."""
        if not self._free:
            return await self._overflow.handle_async_request(request)
        lane = self._free.pop()
        try:
            response = await lane.handle_async_request(request)
        except BaseException:
            self._free.append(lane)
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Returning(response.stream, self._free, lane)
        return response

    async def aclose(self) -> None:
        """Close every lane and the overflow pool."""
        for transport in [*self._lanes, self._overflow]:
            await transport.aclose()


class _Returning(httpx.AsyncByteStream):
    """A response body that gives its lane back when closed (once).

    Iterating hands out the lane's own iterator: no generator layer per body.
    """

    def __init__(
        self,
        stream: httpx.AsyncByteStream,
        free: list[httpx.AsyncHTTPTransport],
        lane: httpx.AsyncHTTPTransport,
    ) -> None:
        self._stream = stream
        self._free = free
        self._lane: httpx.AsyncHTTPTransport | None = lane

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._stream.__aiter__()

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            lane, self._lane = self._lane, None
            if lane is not None:
                self._free.append(lane)

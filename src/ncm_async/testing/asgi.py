"""The thin ASGI 3 layer: read a request, send a response, drop a connection.

Query strings are decoded here exactly as a form-decoding server does
(``parse_qsl``): ``%2b`` becomes ``+`` and a literal ``+`` becomes a space.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx

from ncm_async.testing.bodies import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class SimulatedDisconnect(httpx.RemoteProtocolError):
    """Raised by the app to drop a connection mid-response (a "drop" fault).

    In-process, ``httpx.ASGITransport`` re-raises it, so the client sees an
    ``httpx.RemoteProtocolError`` like a real dropped connection; under uvicorn
    the response has already started, so uvicorn closes the socket and the
    client reads a truncated body (also ``httpx.RemoteProtocolError``).
    """

    def __init__(self) -> None:
        super().__init__("Server disconnected without sending a complete response.")


@attrs.frozen
class Request:
    """What the simulator needs of one HTTP request."""

    method: str
    path: str
    raw_query: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: bytes
    origin: str
    """``scheme://host[:port]`` the client addressed (from the Host header)."""

    def header(self, name: str) -> str | None:
        """A header value by lower-case name."""
        return self.headers.get(name)


async def read_request(scope: Scope, receive: Receive, default_origin: str) -> Request:
    """Collect the request body and decode the parts the simulator uses."""
    chunks = []
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    headers: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        headers[key.decode("latin-1").lower()] = value.decode("latin-1")
    raw_query = scope.get("query_string", b"").decode("latin-1")
    host = headers.get("host")
    origin = f"{scope.get('scheme', 'http')}://{host}" if host else default_origin
    return Request(
        method=scope["method"].upper(),
        path=scope["path"],
        raw_query=raw_query,
        query=tuple(parse_qsl(raw_query, keep_blank_values=True)),
        headers=headers,
        body=b"".join(chunks),
        origin=origin,
    )


async def send_response(
    send: Send,
    response: Response,
    *,
    chunk_bytes: int | None = None,
    pause: Callable[[], Awaitable[None]] | None = None,
) -> int:
    """Send a response: whole, or in ``chunk_bytes`` pieces with ``pause()`` between.

    A chunked response carries no ``Content-Length``, so a server sends it with
    ``Transfer-Encoding: chunked``, piece by piece as they are written.

    Returns:
        The number of body messages sent.
    """
    chunked = chunk_bytes is not None and len(response.body) > chunk_bytes
    await send(
        {
            "type": "http.response.start",
            "status": response.status,
            "headers": response.header_list(length=not chunked),
        }
    )
    if not chunked or chunk_bytes is None:
        await send({"type": "http.response.body", "body": response.body, "more_body": False})
        return 1
    body = response.body
    pieces = [body[i : i + chunk_bytes] for i in range(0, len(body), chunk_bytes)]
    for index, piece in enumerate(pieces):
        if index and pause is not None:
            await pause()
        more = index < len(pieces) - 1
        await send({"type": "http.response.body", "body": piece, "more_body": more})
    return len(pieces)


async def drop_connection(send: Send) -> None:
    """Start a response, send part of its body, then fail: a dropped connection."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"data": [', "more_body": True})
    raise SimulatedDisconnect


async def lifespan(receive: Receive, send: Send) -> None:
    """Answer ASGI lifespan messages (nothing to set up)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return

"""An ASGI app that receives NCM alert pushes: bounded, verified, typed.

Order matters: the body is read up to ``max_body_bytes`` (413 beyond it, without
reading the rest), the signature is checked on the raw bytes (403), only then is
anything parsed (400 for bad JSON or shape), and the sender gets its 2xx only
after ``on_alert`` returned for every alert (500 if it raised), so NCM retries
an alert your code did not take.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any, cast

import orjson

from ncm_async._secret import Secret
from ncm_async._signature import SIGNATURE_HEADER, find_header, verify_signature
from ncm_async.converter import structure
from ncm_async.errors import ConfigurationError, ResponseValidationError
from ncm_async.models.alerts import Alert

__all__ = ["WebhookReceiver", "parse_alerts"]

logger = logging.getLogger("ncm_async.webhooks")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DEFAULT_MAX_BODY_BYTES = 1_048_576
"""1 MiB: an alert is a few hundred bytes; a batch of thousands still fits."""


def parse_alerts(body: bytes) -> list[Alert]:
    """The alerts of a push body: one alert object, a list of them, or ``{"data": [...]}``.

    The docs print no push body, so the three plausible shapes are accepted;
    each item is shaped like an ``alerts`` record and unknown fields are kept in
    ``Alert.extra``.

    Raises:
        ResponseValidationError: Not JSON, or not one of the three shapes.
    """
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        msg = f"the body is not JSON ({exc})"
        raise ResponseValidationError(msg) from None
    if isinstance(parsed, Mapping) and isinstance(parsed.get("data"), list):
        items: Any = parsed["data"]
    elif isinstance(parsed, Mapping):
        items = [parsed]
    elif isinstance(parsed, list):
        items = parsed
    else:
        msg = f"expected an alert object, a list or {{'data': [...]}}, got {type(parsed).__name__}"
        raise ResponseValidationError(msg)
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or not item:
            msg = f"alert {index} is not a non-empty JSON object"
            raise ResponseValidationError(msg)
    return [structure(item, Alert) for item in items]


class WebhookReceiver:
    """ASGI app receiving NCM alert pushes for one ``alert_push_destinations`` secret.

    Mount it at the URL configured in NCM (Starlette ``Mount``, FastAPI
    ``app.mount``) or serve it alone with uvicorn.

    Args:
        secret: The destination's shared secret (``str``, ``bytes`` or :class:`Secret`).
        on_alert: Awaited once per alert, in order; the push is acknowledged only
            after every call returned.
        max_body_bytes: Largest body read; a bigger push is refused with 413.

    Answers: 204 when every alert was handled; 405 for a method other than POST;
    413 too large; 403 missing or wrong ``X-CP-Signature``; 400 bad JSON or
    shape; 500 when ``on_alert`` raised (logged with its traceback).

    Raises:
        ConfigurationError: An empty secret, a non-callable ``on_alert`` or a
            non-positive ``max_body_bytes``.
    """

    def __init__(
        self,
        *,
        secret: str | bytes | Secret,
        on_alert: Callable[[Alert], Awaitable[object]],
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        secret = Secret(secret)
        if not secret.reveal_bytes():
            msg = "secret must be the destination's non-empty shared secret"
            raise ConfigurationError(msg)
        if not callable(cast(object, on_alert)):
            msg = "on_alert must be a coroutine function taking one Alert"
            raise ConfigurationError(msg)
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int):
            msg = f"max_body_bytes must be a whole number, got {max_body_bytes!r}"
            raise ConfigurationError(msg)
        if max_body_bytes < 1:
            msg = f"max_body_bytes must be positive, got {max_body_bytes}"
            raise ConfigurationError(msg)
        self._secret = secret
        self._on_alert = on_alert
        self.max_body_bytes = max_body_bytes

    def __repr__(self) -> str:
        return f"WebhookReceiver(secret={self._secret!r}, max_body_bytes={self.max_body_bytes})"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        status, text = await self._handle(scope, receive)
        await _respond(send, status, text)

    async def _handle(self, scope: Scope, receive: Receive) -> tuple[int, str]:
        if scope.get("method") != "POST":
            return 405, "only POST is accepted"
        headers = scope.get("headers") or []
        declared = find_header(headers, "content-length")
        if declared is not None and _too_long(declared, self.max_body_bytes):
            return 413, f"the body is over {self.max_body_bytes} bytes"
        body = await _read_body(receive, self.max_body_bytes)
        if body is None:
            return 413, f"the body is over {self.max_body_bytes} bytes"
        if not verify_signature(body, find_header(headers, SIGNATURE_HEADER), self._secret):
            return 403, f"missing or wrong {SIGNATURE_HEADER}"
        try:
            alerts = parse_alerts(body)
        except ResponseValidationError as exc:
            return 400, str(exc)
        for alert in alerts:
            try:
                await self._on_alert(alert)
            except Exception:
                logger.exception("on_alert raised for alert %s", alert.created_at_timeuuid)
                return 500, "the alert handler failed"
        return 204, ""


def _too_long(declared: str | bytes, limit: int) -> bool:
    text = declared.decode("latin-1") if isinstance(declared, bytes) else declared
    return not text.strip().isdigit() or int(text) > limit


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The body, or None as soon as it passes ``limit`` (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Send, status: int, text: str) -> None:
    body = b"" if status == 204 else orjson.dumps({"detail": text})
    headers = [(b"content-length", str(len(body)).encode())]
    if body:
        headers.append((b"content-type", b"application/json"))
    if status == 405:
        headers.append((b"allow", b"POST"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return

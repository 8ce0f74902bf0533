"""One HTTP exchange through httpx, every failure mapped into the error tree.

No httpx exception leaves here: timeouts become :class:`APITimeoutError`, an
undecodable body :class:`ResponseValidationError`, anything else from httpx
:class:`APIConnectionError`, a closed user ``http_client`` :class:`ClientClosedError`.
The httpx exception stays the cause, without its traceback (httpcore's and h11's
frames hold the request headers, so the keys, in their locals), and its message
passes through the credentials' redaction. Redirects are never followed, whatever
the ``http_client`` says.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import httpx

from ncm_async.errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    ResponseValidationError,
)

__all__ = ["attempt_seconds", "exchange"]

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


async def exchange(
    http: httpx.AsyncClient, request: httpx.Request, where: str, redact: Callable[[str], str]
) -> httpx.Response:
    """Send ``request`` and read its body, without following a redirect.

    Args:
        http: The pool (the client's own or the user's ``http_client``).
        request: The built request, credentials included.
        where: ``"GET https://..."`` for messages.
        redact: Removes secrets from a message.

    Raises:
        APITimeoutError: An httpx timeout (``sent`` False when nothing was sent).
        APIConnectionError: Any other httpx transport or protocol failure.
        ResponseValidationError: The body cannot be decoded (bad gzip, charset).
        ClientClosedError: The user's ``http_client`` was closed.
    """
    try:
        return await http.send(request, follow_redirects=False)
    except httpx.TimeoutException as exc:
        sent = not isinstance(exc, _NOT_SENT)
        msg = f"{where}: timed out ({type(exc).__name__})"
        raise APITimeoutError(msg, request=request, sent=sent) from _detached(exc)
    except httpx.DecodingError as exc:
        msg = f"{where}: the response body cannot be decoded ({type(exc).__name__})"
        raise ResponseValidationError(msg) from _detached(exc)
    except httpx.HTTPError as exc:
        sent = not isinstance(exc, _NOT_SENT)
        msg = redact(f"{where}: no response ({_reason(exc)})")
        raise APIConnectionError(msg, request=request, sent=sent) from _detached(exc)
    except RuntimeError as exc:
        if http.is_closed:
            msg = f"{where}: the http_client passed to AsyncNcmClient was closed"
            raise ClientClosedError(msg) from _detached(exc)
        raise


def attempt_seconds(timeout: httpx.Timeout) -> float:
    """The bound on one whole attempt: the largest of the timeout's phases.

    httpx applies each phase per operation (every read waits up to ``read``), so a
    server trickling a byte at a time could hold a request for ever; the
    transport therefore also bounds the attempt as a whole by this figure.
    """
    phases = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
    return max(phases, default=math.inf)


def _reason(exc: BaseException) -> str:
    """``ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] ...``: the type and the first
    message found along the chain (httpx's own is often empty on trio)."""
    current: BaseException | None = exc
    for _ in range(5):
        if current is None:
            break
        text = " ".join(str(current).split())
        if text:
            return f"{type(exc).__name__}: {text[:200]}"
        current = current.__cause__ or current.__context__
    return type(exc).__name__


def _detached(exc: BaseException) -> BaseException:
    """``exc`` (and its causes) without tracebacks: their frames' locals hold headers."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return exc

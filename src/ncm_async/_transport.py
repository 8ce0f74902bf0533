"""The one place requests go out.

Per attempt: take a rate-limiter slot, send, classify the response, then return,
retry (through :mod:`ncm_async._retry`) or raise a typed error. Paginators,
resources and the bulk layer build :class:`ApiRequest` values and call
:meth:`Transport.send`; nothing else touches httpx.
"""

from __future__ import annotations

import logging
import random
from typing import Any

import attrs
import httpx
import orjson

from ncm_async import _protocol as protocol
from ncm_async._auth import JSON, Credentials
from ncm_async._config import RetryPolicy
from ncm_async._retry import backoff, retrying
from ncm_async._stats import ClientStats, counters
from ncm_async.clock import Clock
from ncm_async.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    NcmError,
    RateLimitError,
    ResponseValidationError,
)
from ncm_async.ratelimit import RateLimiter

logger = logging.getLogger("ncm_async")

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@attrs.frozen
class FormFile:
    """One file part of a ``multipart/form-data`` body, read into memory.

    Held as bytes, not as an open file, so a retried request sends the same body.
    """

    name: str
    filename: str
    content: bytes = attrs.field(repr=lambda c: f"<{len(c)} bytes>")
    content_type: str = "application/octet-stream"


@attrs.frozen
class MultipartForm:
    """A ``multipart/form-data`` body: text fields and file parts, in order."""

    fields: tuple[tuple[str, str], ...] = ()
    files: tuple[FormFile, ...] = ()


@attrs.frozen
class ApiRequest:
    """One API call, fully described before it is sent.

    Attributes:
        method: HTTP method.
        url: Absolute URL with its encoded query.
        api: ``"v2"`` or ``"v3"`` (selects auth headers and error rules).
        json: Body to send as JSON, or None.
        content_type: Body media type when it is not the API's default.
        form: A ``multipart/form-data`` body instead of JSON (the eSIM activation
            upload); its ``Content-Type`` carries the boundary httpx writes.
    """

    method: str
    url: str
    api: str = "v2"
    json: Any = None
    content_type: str | None = None
    form: MultipartForm | None = None


@attrs.frozen
class ApiResponse:
    """A successful response: its status, parsed JSON body (None when empty) and headers."""

    status: int
    body: Any
    headers: httpx.Headers
    url: str


class Transport:
    """Sends :class:`ApiRequest` values through the shared limiter with retries."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        credentials: Credentials,
        limiter: RateLimiter,
        retry: RetryPolicy,
        clock: Clock,
        stats: ClientStats,
        rng: random.Random | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self._http = http
        self._timeout = timeout
        self._credentials = credentials
        self._limiter = limiter
        self._retry = retry
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._throttle_streak = 0
        self.stats = stats

    def __repr__(self) -> str:
        return f"Transport({self._credentials!r})"

    def derive(self, *, retry: RetryPolicy | None, timeout: httpx.Timeout | None) -> Transport:
        """A transport over the same pool, limiter, clock and stats with other policies."""
        return Transport(
            self._http,
            credentials=self._credentials,
            limiter=self._limiter,
            retry=retry or self._retry,
            clock=self._clock,
            stats=self.stats,
            rng=self._rng,
            timeout=timeout if timeout is not None else self._timeout,
        )

    async def send(self, request: ApiRequest) -> ApiResponse:
        """Send ``request``, retrying per the policy.

        Raises:
            ConfigurationError: Credentials for the request's API are missing.
            APIConnectionError: No response after the retries.
            APIStatusError: An error status after the retries (a typed subclass).
            ResponseValidationError: A success whose body is not JSON.
        """
        http_request = self._build(request)
        loop = retrying(
            self._retry,
            method=request.method,
            clock=self._clock,
            rng=self._rng,
            cooldown_remaining=lambda: self._limiter.cooldown_remaining,
            on_retry=lambda exc, attempt, wait: self._on_retry(request, exc, attempt, wait),
        )
        try:
            async for attempt in loop:
                with attempt:
                    priority = attempt.retry_state.attempt_number > 1
                    return await self._attempt(request, http_request, priority=priority)
        except NcmError:
            for stats in counters(self.stats):
                stats.errors += 1
            raise
        raise AssertionError("unreachable: the retry loop returns or raises")  # pragma: no cover

    def _build(self, request: ApiRequest) -> httpx.Request:
        timeout = self._timeout if self._timeout is not None else httpx.USE_CLIENT_DEFAULT
        if request.form is not None:
            headers = self._credentials.headers(request.api)
            headers.pop("Content-Type", None)
            files = [(f.name, (f.filename, f.content, f.content_type)) for f in request.form.files]
            return self._http.build_request(
                request.method,
                request.url,
                headers=headers,
                data=dict(request.form.fields),
                files=files,
                timeout=timeout,
            )
        body = None if request.json is None else orjson.dumps(request.json)
        content_type = request.content_type or (JSON if body is not None else None)
        headers = self._credentials.headers(request.api, content_type=content_type)
        return self._http.build_request(
            request.method, request.url, headers=headers, content=body, timeout=timeout
        )

    async def _attempt(
        self, request: ApiRequest, http_request: httpx.Request, *, priority: bool
    ) -> ApiResponse:
        # The response is classified while the slot is held, so a throttle's
        # cooldown is in force before any other task can take this slot.
        tally = counters(self.stats)
        async with self._limiter.slot(priority=priority):
            for stats in tally:
                stats.requests += 1
            started = self._clock.now()
            try:
                response = await self._http.send(http_request)
            except httpx.TimeoutException as exc:
                sent = not isinstance(exc, _NOT_SENT)
                msg = f"{request.method} {brief_url(request.url)}: timed out ({type(exc).__name__})"
                raise APITimeoutError(msg, request=http_request, sent=sent) from exc
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                msg = (
                    f"{request.method} {brief_url(request.url)}: no response ({type(exc).__name__})"
                )
                raise APIConnectionError(msg, request=http_request, sent=sent) from exc
            for stats in tally:
                stats.responses += 1
                stats.bytes_received += len(response.content)
            logger.debug(
                "%s %s -> %s (%.0f ms)",
                request.method,
                brief_url(request.url),
                response.status_code,
                (self._clock.now() - started) * 1000,
            )
            return await self._classify(request, response)

    async def _classify(self, request: ApiRequest, response: httpx.Response) -> ApiResponse:
        status = response.status_code
        if not 200 <= status < 300:
            raise await self._error(request, response)
        self._throttle_streak = 0
        await self._limiter.succeeded()
        content = response.content
        if not content.strip():
            return ApiResponse(status, None, response.headers, request.url)
        try:
            parsed = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            ctype = response.headers.get("content-type", "unknown")
            where = f"{request.method} {brief_url(request.url)}"
            msg = f"{where}: HTTP {status} body is not JSON ({ctype})"
            raise ResponseValidationError(msg, response=response) from exc
        return ApiResponse(status, parsed, response.headers, request.url)

    async def _error(self, request: ApiRequest, response: httpx.Response) -> APIStatusError:
        status = response.status_code
        body = protocol.parse_body(response.content)
        cls = protocol.error_class(status, body, api=request.api)
        retry_after = protocol.parse_retry_after(response.headers.get("retry-after"))
        detail = self._credentials.redact(protocol.error_message(status, body))
        if 300 <= status < 400:
            location = response.headers.get("location", "?")
            detail = f"HTTP {status}: unexpected redirect to {location}"
        message = f"{request.method} {brief_url(request.url)}: {detail}"
        if cls is RateLimitError:
            for stats in counters(self.stats):
                stats.throttles += 1
            self._throttle_streak += 1
            wait = retry_after
            if wait is None:
                wait = backoff(self._retry, self._throttle_streak, self._rng)
            wait = min(wait, self._retry.retry_after_max)
            await self._limiter.throttled(wait)
            logger.info("throttled (HTTP %s): every request pauses %.2f s", status, wait)
        return cls(message, response=response, body=body, retry_after=retry_after, detail=detail)

    def _on_retry(self, request: ApiRequest, exc: BaseException, attempt: int, wait: float) -> None:
        for stats in counters(self.stats):
            stats.retries += 1
        logger.warning(
            "retrying %s %s after %s (attempt %d of %d, waiting %.2f s)",
            request.method,
            brief_url(request.url),
            _short(exc),
            attempt,
            self._retry.max_attempts,
            max(wait, self._limiter.cooldown_remaining),
        )


def brief_url(url: str, limit: int = 160) -> str:
    """``url`` cut to ``limit`` characters for messages (a 100-id ``__in`` query is long).

    The full URL stays available on the error's ``request``.
    """
    if len(url) <= limit:
        return url
    return f"{url[: limit - 20]}...(+{len(url) - limit + 20} chars)"


def _short(exc: BaseException) -> str:
    if isinstance(exc, APIStatusError):
        return f"HTTP {exc.status_code}"
    return type(exc).__name__

"""Observability: event hooks for your own metrics, and OpenTelemetry client spans.

Event hooks are plain callables given to the client
(``AsyncNcmClient(event_hooks=EventHooks(on_response=...))``); each receives one
frozen event. Hooks run inline in the request path, so keep them quick (count,
observe a histogram); an exception from a hook propagates to the caller.

Tracing: when ``opentelemetry-api`` is imported by the application and a tracer
provider is configured (an SDK's ``TracerProvider`` set globally), every request
is a CLIENT span named after its method, with ``http.request.method``,
``url.full`` (the URL as sent: query included, credentials never, they travel in
headers), ``server.address``, ``http.response.status_code``, ``ncm.api`` and
``ncm.attempt`` (attempts used); each retry and throttle is a span event. With no
provider configured, or ``opentelemetry`` never imported, nothing is imported or
emitted and a request pays one dictionary lookup.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from ncm_async._observe_gate import active_tracer, observe

if TYPE_CHECKING:
    from ncm_async._request import ApiRequest

__all__ = [
    "active_tracer",
    "observe",
    "EventHooks",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
    "ThrottleEvent",
]


@attrs.frozen
class RequestEvent:
    """An attempt begins (it may still wait for a rate-limiter slot).

    Attributes:
        method: HTTP method.
        url: The URL as sent (no credentials: they travel in headers).
        api: ``"v2"`` or ``"v3"``.
        attempt: 1 for the first attempt, 2 for the first retry, ...
    """

    method: str
    url: str
    api: str
    attempt: int


@attrs.frozen
class ResponseEvent:
    """An attempt got an HTTP answer (any status; a failed connection has none).

    Attributes:
        elapsed: Seconds since the attempt began, its wait for a rate-limiter slot
            included, on the client's clock.
    """

    method: str
    url: str
    api: str
    attempt: int
    status: int
    elapsed: float


@attrs.frozen
class RetryEvent:
    """An attempt failed and will be retried after ``wait`` seconds.

    Attributes:
        attempt: The attempt about to follow (2 for the first retry).
        reason: ``"HTTP 503"`` or the error class (``"APITimeoutError"``).
        error: The error that caused the retry.
    """

    method: str
    url: str
    api: str
    attempt: int
    wait: float
    reason: str
    error: BaseException


@attrs.frozen
class ThrottleEvent:
    """The server throttled an attempt (429, or v3's throttling 409).

    Attributes:
        wait: Seconds every request of the client now pauses (``Retry-After`` or backoff).
    """

    method: str
    url: str
    api: str
    attempt: int
    status: int
    wait: float


@attrs.frozen
class EventHooks:
    """Callables the client calls on each request event; any may be None."""

    on_request: Callable[[RequestEvent], object] | None = None
    on_response: Callable[[ResponseEvent], object] | None = None
    on_retry: Callable[[RetryEvent], object] | None = None
    on_throttle: Callable[[ThrottleEvent], object] | None = None

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(EventHooks):
            value = getattr(self, field.name)
            if value is not None and not callable(value):
                msg = f"EventHooks.{field.name} must be callable, got {value!r}"
                raise TypeError(msg)


class Observation:
    """One request's hooks and span; made only when hooks or a tracer are active."""

    def __init__(self, request: ApiRequest, hooks: EventHooks | None, tracer: Any) -> None:
        self.request = request
        self.hooks = hooks
        self.attempt = 0
        self.span: Any = None
        if tracer is not None:
            trace = sys.modules["opentelemetry.trace"]
            parts = urlsplit(request.url)
            self.span = tracer.start_span(
                request.method,
                kind=trace.SpanKind.CLIENT,
                attributes={
                    "http.request.method": request.method,
                    "url.full": request.url,
                    "server.address": parts.hostname or "",
                    "ncm.api": request.api,
                },
            )

    def sending(self, attempt: int) -> None:
        """An attempt goes out."""
        self.attempt = attempt
        hooks = self.hooks
        if hooks is not None and hooks.on_request is not None:
            r = self.request
            hooks.on_request(RequestEvent(r.method, r.url, r.api, attempt))

    def answered(self, status: int, elapsed: float) -> None:
        """An attempt got an HTTP status."""
        if self.span is not None:
            self.span.set_attribute("http.response.status_code", status)
        hooks = self.hooks
        if hooks is not None and hooks.on_response is not None:
            r = self.request
            hooks.on_response(ResponseEvent(r.method, r.url, r.api, self.attempt, status, elapsed))

    def throttled(self, status: int, wait: float) -> None:
        """The server throttled this attempt; every request pauses ``wait`` seconds."""
        if self.span is not None:
            self.span.add_event(
                "ncm.throttle",
                {
                    "ncm.attempt": self.attempt,
                    "http.response.status_code": status,
                    "ncm.wait": wait,
                },
            )
        hooks = self.hooks
        if hooks is not None and hooks.on_throttle is not None:
            r = self.request
            hooks.on_throttle(ThrottleEvent(r.method, r.url, r.api, self.attempt, status, wait))

    def retrying(self, error: BaseException, attempt: int, wait: float, reason: str) -> None:
        """An attempt failed; attempt number ``attempt`` follows after ``wait`` seconds."""
        if self.span is not None:
            self.span.add_event(
                "ncm.retry",
                {"ncm.attempt": attempt, "ncm.wait": wait, "ncm.reason": reason},
            )
        hooks = self.hooks
        if hooks is not None and hooks.on_retry is not None:
            r = self.request
            hooks.on_retry(RetryEvent(r.method, r.url, r.api, attempt, wait, reason, error))

    def finish(self, error: BaseException | None) -> None:
        """End the span: attempts used, and the error (its class) when the request failed."""
        span = self.span
        if span is None:
            return
        span.set_attribute("ncm.attempt", self.attempt)
        if error is not None:
            trace = sys.modules["opentelemetry.trace"]
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(trace.Status(trace.StatusCode.ERROR, type(error).__name__))
        span.end()

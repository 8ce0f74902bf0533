"""The one place requests go out.

Per attempt: take a rate-limiter slot, send, classify the response, then return,
retry (through :mod:`ncm_async._retry`) or raise a typed error. Paginators,
resources and the bulk layer build :class:`ApiRequest` values and call
:meth:`Transport.send`, which has :mod:`ncm_async._builder` make the httpx request;
nothing else sends.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

import httpx
import orjson

from ncm_async import _protocol as protocol
from ncm_async._auth import Credentials
from ncm_async._builder import RequestBuilder
from ncm_async._config import RetryPolicy
from ncm_async._exchange import attempt_seconds, exchange
from ncm_async._lifecycle import ClientState, Lifecycle, closed_in_flight
from ncm_async._observe_gate import observe
from ncm_async._request import (
    ApiRequest,
    ApiResponse,
    brief_url,
    log_fields,
)
from ncm_async._retry import backoff, with_retries
from ncm_async._stats import ClientStats, counters
from ncm_async.clock import Clock
from ncm_async.errors import (
    APIStatusError,
    APITimeoutError,
    NcmError,
    RateLimitError,
    ResponseValidationError,
)
from ncm_async.ratelimit import RateLimiter

if TYPE_CHECKING:
    from ncm_async.observe import EventHooks, Observation

logger = logging.getLogger("ncm_async")


class Transport:
    """Sends :class:`ApiRequest` values through the shared limiter with retries.

    Args:
        origins: The configured base URLs: credentials go to their origins only.
        timeout: Bound on each attempt as a whole (body included), sent to httpx
            too, so it holds for a user's ``http_client`` as well.
        lifecycle: Open/closed state and event-loop binding of the owning client.
        own_pool: ``http`` is the client's own pool (no user default headers,
            params or base URL), so requests are built directly from cached headers
            instead of through ``build_request``'s per-request merging.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        credentials: Credentials,
        limiter: RateLimiter,
        retry: RetryPolicy,
        clock: Clock,
        stats: ClientStats,
        origins: Iterable[str] = (),
        rng: random.Random | None = None,
        timeout: httpx.Timeout | None = None,
        lifecycle: Lifecycle | None = None,
        hooks: EventHooks | None = None,
        own_pool: bool = False,
    ) -> None:
        self._http = http
        self._own_pool = own_pool
        self._timeout = timeout or httpx.Timeout(30.0)
        self._attempt_seconds = attempt_seconds(self._timeout)
        self._credentials = credentials
        self._origins = frozenset(protocol.origin(url) for url in origins)
        self._builder = RequestBuilder(
            http, credentials, self._origins, timeout=self._timeout, own_pool=own_pool
        )
        self._limiter = limiter
        self._retry = retry
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._throttle_streak = 0
        self.lifecycle = lifecycle or Lifecycle()
        self.stats = stats
        self._hooks = hooks

    def __repr__(self) -> str:
        return f"Transport({self._credentials!r})"

    def derive(self, *, retry: RetryPolicy | None, timeout: httpx.Timeout | None) -> Transport:
        """A transport over the same pool, limiter, clock, stats and lifecycle, other policies."""
        return Transport(
            self._http,
            credentials=self._credentials,
            limiter=self._limiter,
            retry=retry or self._retry,
            clock=self._clock,
            stats=self.stats,
            origins=[f"{s}://{h}:{p}/" for s, h, p in self._origins],
            rng=self._rng,
            timeout=timeout if timeout is not None else self._timeout,
            lifecycle=self.lifecycle,
            hooks=self._hooks,
            own_pool=self._own_pool,
        )

    async def send(self, request: ApiRequest) -> ApiResponse:
        """Send ``request``, retrying per the policy, within ``max_total_seconds``.

        Raises:
            ConfigurationError: Credentials for the request's API are missing, the
                URL is outside the configured origins or cannot be sent.
            ClientClosedError: The client is (or got) closed.
            NcmError: The client is bound to another event loop.
            APIConnectionError: No response after the retries.
            APITimeoutError: An attempt outlasted ``timeout``, or the call would
                outlast ``RetryPolicy.max_total_seconds`` (limiter waits included).
            APIStatusError: An error status (a typed subclass; a 3xx is never followed).
            ResponseValidationError: A success whose body is not JSON.
        """
        self.lifecycle.check()
        http_request = self._builder.build(request)
        obs = observe(request, self._hooks)
        give_up_at = self._clock.now() + self._retry.max_total_seconds

        attempt = (
            partial(self._attempt, request, http_request, give_up_at)
            if obs is None
            else partial(self._observed, obs, request, http_request, give_up_at)
        )
        try:
            return await with_retries(
                attempt,
                self._retry,
                method=request.method,
                clock=self._clock,
                rng=self._rng,
                cooldown_remaining=lambda: self._limiter.cooldown_remaining,
                on_retry=lambda exc, attempt, wait: self._on_retry(
                    request, exc, attempt, wait, obs
                ),
                sleep=self._between_attempts,
            )
        except BaseException as exc:
            error = self.lifecycle.explain(exc)
            if isinstance(error, NcmError):
                for stats in counters(self.stats):
                    stats.errors += 1
            if obs is not None:
                obs.finish(error)
            if error is exc:
                raise
            raise error from exc

    async def _between_attempts(self, seconds: float) -> None:
        """A retry's wait, which :meth:`Lifecycle.close` ends like an attempt."""
        with self.lifecycle.guard():
            await self._clock.sleep(seconds)

    async def _observed(
        self,
        obs: Observation,
        request: ApiRequest,
        http_request: httpx.Request,
        give_up_at: float,
        number: int,
    ) -> ApiResponse:
        """:meth:`_attempt` told to the event hooks and the request's span."""
        obs.sending(number)
        started = self._clock.now()
        try:
            response = await self._attempt(request, http_request, give_up_at, number)
        except APIStatusError as exc:
            obs.answered(exc.status_code, self._clock.now() - started)
            if isinstance(exc, RateLimitError):
                obs.throttled(exc.status_code, self._limiter.cooldown_remaining)
            raise
        obs.answered(response.status, self._clock.now() - started)
        obs.finish(None)
        return response

    async def _attempt(
        self, request: ApiRequest, http_request: httpx.Request, give_up_at: float, number: int
    ) -> ApiResponse:
        """Attempt ``number`` of ``request`` (a retry, ``number > 1``, goes first in the queue)."""
        # The response is classified while the slot is held, so a throttle's
        # cooldown is in force before any other task can take this slot.
        where = f"{request.method} {brief_url(request.url)}"
        remaining = give_up_at - self._clock.now()
        cooldown = self._limiter.cooldown_remaining
        if cooldown > 0 and cooldown >= remaining:
            msg = (
                f"{where}: not sent: every request is paused {cooldown:.1f} s more after a "
                f"throttle, past RetryPolicy.max_total_seconds={self._retry.max_total_seconds:g}"
            )
            raise APITimeoutError(msg, request=http_request, sent=False)
        tally = counters(self.stats)
        sent_at: float | None = None
        bound = 0.0
        held = self._limiter.try_slot()
        slot = self._limiter.held() if held else self._limiter.slot(priority=number > 1)
        first_bound = min(self._attempt_seconds, remaining) if held else remaining
        deadline = self._clock.deadline(first_bound)
        with deadline as scope:
            self.lifecycle.track(scope)
            try:
                async with slot:
                    for stats in tally:
                        stats.requests += 1
                    sent_at = self._clock.now()
                    bound = min(self._attempt_seconds, give_up_at - sent_at)
                    if not held:
                        deadline.reset(bound)
                    response = await exchange(
                        self._http, http_request, where, self._credentials.redact
                    )
                    for stats in tally:
                        stats.responses += 1
                        stats.bytes_received += len(response.content)
                    if logger.isEnabledFor(logging.DEBUG):
                        self._log_response(request, where, response, sent_at)
                    return await self._classify(request, response)
            finally:
                self.lifecycle.untrack(scope)
        if self.lifecycle.state is ClientState.CLOSED:
            raise closed_in_flight()
        assert scope.cancelled_caught
        if sent_at is None:
            msg = f"{where}: not sent: no rate-limiter slot within {self._total_bound()}"
            raise APITimeoutError(msg, request=http_request, sent=False)
        raise APITimeoutError(self._timed_out(where, bound), request=http_request, sent=True)

    def _log_response(
        self, request: ApiRequest, where: str, response: httpx.Response, sent_at: float
    ) -> None:
        elapsed_ms = (self._clock.now() - sent_at) * 1000
        logger.debug(
            "%s -> %s (%.0f ms)",
            where,
            response.status_code,
            elapsed_ms,
            extra=log_fields(
                "response", request, status=response.status_code, elapsed_ms=round(elapsed_ms, 3)
            ),
        )

    def _total_bound(self) -> str:
        return f"RetryPolicy.max_total_seconds={self._retry.max_total_seconds:g}"

    def _timed_out(self, where: str, bound: float) -> str:
        """Which bound ended the attempt: its own ``timeout``, or the call's total time."""
        if bound > 0 and bound >= self._attempt_seconds:
            return f"{where}: timed out after {bound:g} s (the whole attempt, body included)"
        return f"{where}: timed out: {self._total_bound()} reached during the attempt"

    async def _classify(self, request: ApiRequest, response: httpx.Response) -> ApiResponse:
        status = response.status_code
        if not 200 <= status < 300:
            error = self._error(request, response)
            if isinstance(error, RateLimitError):
                await self._throttled(error, request)
            raise error
        self._throttle_streak = 0
        content = response.content
        if not content or content.isspace():
            return ApiResponse(status, None, response.headers, request.url)
        try:
            parsed = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            ctype = response.headers.get("content-type", "unknown")
            where = f"{request.method} {brief_url(request.url)}"
            msg = f"{where}: HTTP {status} body is not JSON ({ctype})"
            raise ResponseValidationError(msg, response=response) from exc
        return ApiResponse(status, parsed, response.headers, request.url)

    def _error(self, request: ApiRequest, response: httpx.Response) -> APIStatusError:
        """The typed error of a non-2xx answer (a 429 or v3 throttling 409: RateLimitError).

        Builds it and nothing else: reacting to a throttle is :meth:`_throttled`.
        """
        status = response.status_code
        body = protocol.parse_body(response.content)
        cls = protocol.error_class(status, body, api=request.api)
        retry_after = protocol.parse_retry_after(response.headers.get("retry-after"))
        detail = self._credentials.redact(protocol.error_message(status, body))
        if 300 <= status < 400:
            detail = protocol.redirect_message(status, response.headers.get("location"))
        message = f"{request.method} {brief_url(request.url)}: {detail}"
        return cls(message, response=response, body=body, retry_after=retry_after, detail=detail)

    async def _throttled(self, error: RateLimitError, request: ApiRequest | None = None) -> None:
        """The throttle step: count it, and pause every request of the client.

        The pause is the server's ``Retry-After`` or, without one, the policy's
        backoff for the current run of throttles, capped by
        ``RetryPolicy.retry_after_max``; it starts now, while this attempt still
        holds its limiter slot, so no other task sends into the throttle. The
        retry that follows waits it out like every other request.
        """
        for stats in counters(self.stats):
            stats.throttles += 1
        self._throttle_streak += 1
        wait = error.retry_after
        if wait is None:
            wait = backoff(self._retry, self._throttle_streak, self._rng)
        wait = min(wait, self._retry.retry_after_max)
        await self._limiter.throttled(wait)
        status = error.status_code
        logger.info(
            "throttled (HTTP %s): every request pauses %.2f s",
            status,
            wait,
            extra=None
            if request is None
            else log_fields("throttle", request, status=status, wait=wait),
        )

    def _on_retry(
        self,
        request: ApiRequest,
        exc: BaseException,
        attempt: int,
        wait: float,
        obs: Observation | None = None,
    ) -> None:
        for stats in counters(self.stats):
            stats.retries += 1
        waiting = max(wait, self._limiter.cooldown_remaining)
        reason = _short(exc)
        logger.warning(
            "retrying %s %s after %s (attempt %d of %d, waiting %.2f s)",
            request.method,
            brief_url(request.url),
            reason,
            attempt,
            self._retry.max_attempts,
            waiting,
            extra=log_fields("retry", request, attempt=attempt, wait=waiting, reason=reason),
        )
        if obs is not None:
            obs.retrying(exc, attempt, waiting, reason)


def _short(exc: BaseException) -> str:
    if isinstance(exc, APIStatusError):
        return f"HTTP {exc.status_code}"
    return type(exc).__name__

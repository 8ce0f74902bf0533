"""The error tree. Every failure the SDK reports is an :class:`NcmError`.

::

    NcmError
    ├── ConfigurationError          bad arguments, unknown filter, missing keys: before any I/O
    ├── APIConnectionError          no response (wraps the httpx error)
    │   └── APITimeoutError
    ├── APIStatusError              .status_code .response .body .request
    │   ├── BadRequestError 400     AuthenticationError 401   PermissionDeniedError 403
    │   ├── NotFoundError 404       ConflictError 409         RateLimitError 429 (.retry_after)
    │   └── ServerError 5xx
    ├── ResponseValidationError     the body is not what the API documents
    ├── ClientClosedError           the client was closed before or during the request
    ├── PaginationError             a next link that does not advance or leaves the origin
    └── SharedStoreError            Redis (shared limiter or checkpoint) unreachable or refusing
        └── CheckpointLockedError   another pull holds the checkpoint's lease

Messages never contain credentials: requests are described by method and URL only
(v2 and v3 put secrets in headers, never in URLs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx


class NcmError(Exception):
    """Base class of every error raised by ``ncm_async``."""


class ConfigurationError(NcmError, ValueError):
    """Arguments the SDK can reject before sending anything."""


class APIConnectionError(NcmError):
    """No response was received (connection refused, reset, TLS, protocol error).

    Attributes:
        request: The request that got no response.
        sent: False when the request certainly never reached the server (connect
            failure), so even a write may be retried safely.
    """

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, sent: bool = True
    ) -> None:
        super().__init__(message)
        self.request = request
        self.sent = sent


class APITimeoutError(APIConnectionError):
    """The request timed out before a response arrived."""


class APIStatusError(NcmError):
    """The server answered with a status that is not the documented success.

    Attributes:
        status_code: The HTTP status.
        response: The :class:`httpx.Response` (its body already read).
        request: The :class:`httpx.Request` that produced it.
        body: The parsed error body (dict or list) or the raw text when it is not JSON.
        message: What the server said (``HTTP 403: error forbidden``), without the
            request line that ``str()`` starts with.
        retry_after: Seconds the server asked to wait (``Retry-After``), when it said.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        retry_after: float | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.request = response.request
        self.status_code = response.status_code
        self.body = body
        self.message = detail if detail is not None else message
        self.retry_after = retry_after


class BadRequestError(APIStatusError):
    """400: validation failed (unknown field, bad value)."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid keys or token."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials may not see or change this resource."""


class NotFoundError(APIStatusError):
    """404: no such resource (or a v3 ``/beta/`` path with a trailing slash)."""


class ConflictError(APIStatusError):
    """409: a real conflict, or a v2 time-series query missing its required filter."""


class RateLimitError(APIStatusError):
    """429 (or v3 throttling 409): the account's request budget is spent.

    ``retry_after`` holds the server's ``Retry-After`` in seconds, when it sent one.
    """


class ServerError(APIStatusError):
    """5xx: the server failed (including the transient ``shard-router`` 500s)."""


class ResponseValidationError(NcmError):
    """A success response whose body is not the documented shape."""

    def __init__(self, message: str, *, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.response = response


class ClientClosedError(NcmError):
    """The client was closed: before the request, or while it was in flight (``aclose()``)."""


class PaginationError(NcmError):
    """A next link or cursor that does not advance or leaves the configured origin."""


class SharedStoreError(NcmError):
    """The shared store (Redis) behind a limiter or a checkpoint failed or refused.

    Raised when Redis cannot be reached within its socket timeouts and the store
    is configured to fail closed, or when a checkpoint write is refused.
    """


class CheckpointLockedError(SharedStoreError):
    """Another pull holds the checkpoint's lease: concurrent writers are refused.

    Attributes:
        key: The checkpoint's key.
        expires_in: Seconds until the holder's lease lapses unless it renews it.
    """

    def __init__(self, message: str, *, key: str, expires_in: float) -> None:
        super().__init__(message)
        self.key = key
        self.expires_in = expires_in

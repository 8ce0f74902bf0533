"""What one API call is, as data: the request the transport sends and the response it returns.

Resources, paginators and the bulk layer describe a call as an :class:`ApiRequest`;
:mod:`ncm_async._transport` is the only code that turns one into HTTP. The helpers
here shape a request for messages and structured log records.
"""

from __future__ import annotations

from typing import Any

import attrs
import httpx

MAX_URL_LENGTH = 8000
"""Longest request URL sent (common server and proxy request-line limits are 8 KiB).

Bulk ``__in`` queries of 100 ids stay far below it; a longer URL is refused
before any I/O with a :class:`ConfigurationError`.
"""


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


def brief_url(url: str, limit: int = 160) -> str:
    """``url`` cut to ``limit`` characters for messages (a 100-id ``__in`` query is long).

    The full URL stays available on the error's ``request``.
    """
    if len(url) <= limit:
        return url
    return f"{url[: limit - 20]}...(+{len(url) - limit + 20} chars)"


def log_fields(event: str, request: ApiRequest, **fields: object) -> dict[str, object]:
    """The ``extra=`` of a log record: ``ncm_event``, ``ncm_method``, ``ncm_url``, ...

    Structured fields for log pipelines, beside the formatted message; prefixed so
    they never clash with ``LogRecord``'s own attributes.
    """
    extra: dict[str, object] = {
        "ncm_event": event,
        "ncm_method": request.method,
        "ncm_url": brief_url(request.url),
        "ncm_api": request.api,
    }
    extra.update({f"ncm_{name}": value for name, value in fields.items()})
    return extra

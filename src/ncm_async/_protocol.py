"""HTTP-level protocol rules as pure functions: no I/O, table-tested.

Status -> error class, error-body parsing, throttle detection, ``Retry-After``
parsing and next-link origin checks live here so the transport stays a thin loop
(the gidgethub ``sansio`` idea).
"""

from __future__ import annotations

import email.utils
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import orjson

from ncm_async.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

_STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_class(status: int, body: Any = None, *, api: str = "v2") -> type[APIStatusError]:
    """The error class for a non-success status.

    A v3 409 whose body has no JSON:API ``errors`` array is throttling, not a
    conflict (v3-and-limits: "Conflict with internal rules").
    """
    if is_throttle(status, body, api=api):
        return RateLimitError
    if status >= 500:
        return ServerError
    return _STATUS_ERRORS.get(status, APIStatusError)


def is_throttle(status: int, body: Any = None, *, api: str = "v2") -> bool:
    """Whether a response means "slow down": v2 429, or a v3 409 without ``errors``."""
    if status == 429:
        return True
    if status == 409 and api == "v3":
        return not (isinstance(body, Mapping) and isinstance(body.get("errors"), list))
    return False


def parse_body(content: bytes) -> Any:
    """Parse a response body leniently: JSON when it is JSON, else the text.

    Error bodies come from NCM, from proxies (HTML 502 pages) or are empty (204);
    none of them may crash error handling. Returns None for an empty body.
    """
    if not content or not content.strip():
        return None
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        pass
    return content.decode("utf-8", errors="replace")[:2000]


def error_message(status: int, body: Any) -> str:
    """A one-line message from any documented error body shape (conventions section 9).

    Shapes: ``{"exception": {"message", "type"}, "errors": [...]}``; the
    ``unauthorized`` shape ``{"exception": "unauthorized", "message": ...}``;
    JSON:API ``{"errors": [{"title", "detail"}]}``; anything else.
    """
    parts: list[str] = []
    if isinstance(body, Mapping):
        exc = body.get("exception")
        if isinstance(exc, Mapping):
            parts.append(" ".join(str(exc.get(k)) for k in ("type", "message") if exc.get(k)))
        elif isinstance(exc, str):
            parts.append(exc)
        if isinstance(body.get("message"), str):
            parts.append(body["message"].strip())
        errors = body.get("errors")
        if isinstance(errors, list) and errors:
            parts.append(_describe_errors(errors))
    elif isinstance(body, str) and body.strip():
        parts.append(_first_line(body))
    detail = "; ".join(p for p in parts if p)
    return f"HTTP {status}: {detail}" if detail else f"HTTP {status}"


def _describe_errors(errors: list[Any]) -> str:
    out = []
    for err in errors[:5]:
        if isinstance(err, Mapping):
            title = err.get("detail") or err.get("title")
            if title:
                out.append(str(title))
            else:
                out.append(", ".join(f"{k}: {v}" for k, v in err.items()))
        else:
            out.append(str(err))
    return "; ".join(out)


def _first_line(text: str) -> str:
    line = " ".join(text.split())
    return line[:200]


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110: delay-seconds or HTTP-date).

    Returns None when absent or unparseable; a date in the past gives 0.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        if seconds != seconds or seconds in (float("inf"), float("-inf")):  # noqa: PLR0124
            return None
        return max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def origin(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a URL, with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


def origin_prefixes(origins: Iterable[tuple[str, str, int]]) -> tuple[str, ...]:
    """Text prefixes that put a URL on one of ``origins`` without parsing it.

    ``scheme://host:port/`` and, for the scheme's default port, ``scheme://host/``:
    the ``/`` ends the authority, so ``https://host.evil/`` or ``https://host@evil/``
    never match. A URL matching none may still be on an origin (another spelling):
    parse it with :func:`origin`.
    """
    prefixes: list[str] = []
    for scheme, host, port in sorted(origins):
        prefixes.append(f"{scheme}://{host}:{port}/")
        if port == (443 if scheme == "https" else 80):
            prefixes.append(f"{scheme}://{host}/")
    return tuple(prefixes)


def same_origin(url: str, base: str) -> bool:
    """Whether ``url`` may be followed from ``base``: same scheme, host and port."""
    return origin(url) == origin(base)


def origin_text(url: str) -> str:
    """``scheme://host:port`` of ``url`` for messages: no user info, path or query.

    A redirect's ``Location`` or a foreign next link may carry tokens in its path
    or query; an error names only where it points.
    """
    scheme, host, port = origin(url)
    return f"{scheme}://{host}:{port}" if host else "(no host)"


def redirect_message(status: int, location: str | None) -> str:
    """The detail of a 3xx: the SDK never follows one (credentials stay at home)."""
    where = origin_text(location) if location and "//" in location else "the same origin"
    return f"HTTP {status}: redirect to {where} not followed (the SDK never follows redirects)"

"""Checking the client's keyword arguments and building its connection pool.

Every check runs before any I/O and raises :class:`ConfigurationError` naming the
argument (a wrong type says which type was expected): a ``rate_limit=500`` or a
``retry={...}`` fails here, not as an ``AttributeError`` deep in a request.
"""

from __future__ import annotations

import math
import os
import ssl
import urllib.request
from pathlib import Path
from typing import Any

import httpx

from ncm_async._config import RateLimit, RetryPolicy
from ncm_async._lanes import LaneTransport
from ncm_async.errors import ConfigurationError

MAX_POOL = 8
"""Most connections (so requests in flight) of the client's own pool. Enough for an
account's budget (~8 requests/s at 500/minute leaves each connection a second per
request) and small, because every connection costs CPU on each request a pool places."""

Verify = str | os.PathLike[str] | ssl.SSLContext | bool

_EXPECTED: dict[str, tuple[type | tuple[type, ...], str]] = {
    "rate_limit": (RateLimit, "a RateLimit(requests_per_minute=..., max_concurrency=...)"),
    "retry": (RetryPolicy, "a RetryPolicy(max_attempts=..., max_total_seconds=...)"),
    "http_client": (httpx.AsyncClient, "an httpx.AsyncClient"),
    "transport": (httpx.AsyncBaseTransport, "an httpx.AsyncBaseTransport"),
}


def check_types(**values: Any) -> None:
    """Raise for any argument that is neither None nor of its expected type.

    Raises:
        ConfigurationError: Naming the argument, the expected type and the type given.
    """
    for name, value in values.items():
        expected, text = _EXPECTED[name]
        if value is not None and not isinstance(value, expected):
            msg = f"{name} must be {text} or None, got {type(value).__name__} {value!r:.60}"
            raise ConfigurationError(msg)


def check_flag(name: str, value: object) -> bool:
    """``value`` if it is a bool.

    Raises:
        ConfigurationError: Anything else (``"false"`` is truthy: refuse it).
    """
    if not isinstance(value, bool):
        msg = f"{name} must be True or False, got {value!r:.60}"
        raise ConfigurationError(msg)
    return value


def parse_timeout(timeout: object, *, name: str = "timeout") -> httpx.Timeout:
    """A positive, finite number of seconds or an ``httpx.Timeout``.

    Raises:
        ConfigurationError: Anything else (None would mean "wait for ever").
    """
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        msg = f"{name} must be a positive number of seconds or an httpx.Timeout, got {timeout!r}"
        raise ConfigurationError(msg)
    return httpx.Timeout(timeout)


def tls_context(verify: object) -> ssl.SSLContext | bool:
    """The TLS verification setting for httpx: True (system CAs) or an SSLContext.

    Args:
        verify: True, a CA bundle path (a private CA), or an ``ssl.SSLContext``.

    Raises:
        ConfigurationError: ``False`` or a context that does not verify: turning
            verification off is never silent (pass your own ``http_client`` if
            you must), or a CA bundle that cannot be read.
    """
    if verify is True:
        return True
    if verify is False:
        msg = (
            "verify=False is refused: TLS verification stays on. Pass a CA bundle path or "
            "an ssl.SSLContext for a private CA"
        )
        raise ConfigurationError(msg)
    if isinstance(verify, ssl.SSLContext):
        if verify.verify_mode != ssl.CERT_REQUIRED or not verify.check_hostname:
            msg = "verify= got an ssl.SSLContext that does not verify certificates and host names"
            raise ConfigurationError(msg)
        return verify
    if isinstance(verify, str | os.PathLike):
        path = Path(verify)
        if not path.is_file():
            msg = f"verify= CA bundle not found: {path}"
            raise ConfigurationError(msg)
        try:
            return ssl.create_default_context(cafile=str(path))
        except (ssl.SSLError, OSError) as exc:
            msg = f"verify= CA bundle cannot be loaded: {path} ({exc})"
            raise ConfigurationError(msg) from None
    msg = f"verify must be True, a CA bundle path or an ssl.SSLContext, got {verify!r:.60}"
    raise ConfigurationError(msg)


def pool_size(limit: RateLimit) -> int:
    """Connections of the client's own pool (and so its requests in flight at once)."""
    return min(MAX_POOL, limit.max_concurrency)


def make_http(
    limit: RateLimit,
    timeout: httpx.Timeout,
    transport: httpx.AsyncBaseTransport | None,
    verify: ssl.SSLContext | bool,
) -> httpx.AsyncClient:
    """The client's own pool: sized by the concurrency cap, no redirects, TLS verified.

    It is a :class:`~ncm_async._lanes.LaneTransport` (one connection per request in
    flight) unless a ``transport`` is given or proxies are configured in the
    environment (``HTTPS_PROXY`` and friends), which httpx's own pool honours.
    """
    size = pool_size(limit)
    if transport is None and not urllib.request.getproxies():
        transport = LaneTransport(size, verify)
    return httpx.AsyncClient(
        timeout=timeout,
        limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
        transport=transport,
        follow_redirects=False,
        verify=verify,
    )

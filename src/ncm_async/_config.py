"""Configuration as frozen data: keys, rate budget, retry policy, base URLs.

Behaviour reads these objects; tests construct them. Every check here runs before
any I/O and raises :class:`ConfigurationError` naming the problem, never a secret.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any
from urllib.parse import urlsplit

import attrs

from ncm_async._secret import REDACTED, Secret, check_header_value
from ncm_async.errors import ConfigurationError

DEFAULT_BASE_URL_V2 = "https://www.cradlepointecm.com/api/v2/"
DEFAULT_BASE_URL_V3 = "https://api.cradlepointecm.com/api/v3/"

ENV_V2_KEYS = ("X_CP_API_ID", "X_CP_API_KEY", "X_ECM_API_ID", "X_ECM_API_KEY")
ENV_V3_TOKEN = "NCM_API_TOKEN"  # noqa: S105 - a variable name, not a secret
ENV_V3_TOKEN_FALLBACK = "TOKEN"  # noqa: S105 - the `ncm` package reads it when NCM_API_TOKEN is unset
ENV_BASE_URL_V2 = "CP_BASE_URL"
ENV_BASE_URL_V3 = "CP_BASE_URL_V3"


_KEY_HEADERS = {
    "cp_api_id": "X-CP-API-ID",
    "cp_api_key": "X-CP-API-KEY",
    "ecm_api_id": "X-ECM-API-ID",
    "ecm_api_key": "X-ECM-API-KEY",
}


@attrs.frozen(init=False, repr=False)
class V2Keys:
    """The four v2 API keys, each held as a :class:`~ncm_async._secret.Secret`.

    Their values never appear in ``repr``, logs, errors or traceback locals: the
    arguments are wrapped on the first line of ``__init__``, before anything can
    raise, and validated afterwards (non-empty, latin-1, no CR/LF).

    Raises:
        ConfigurationError: A key that is empty or cannot travel in a header,
            naming the key and its header, never its value.
    """

    cp_api_id: Secret
    cp_api_key: Secret
    ecm_api_id: Secret
    ecm_api_key: Secret

    def __init__(
        self,
        cp_api_id: str | Secret,
        cp_api_key: str | Secret,
        ecm_api_id: str | Secret,
        ecm_api_key: str | Secret,
    ) -> None:
        cp_api_id, cp_api_key, ecm_api_id, ecm_api_key = (
            Secret(cp_api_id),
            Secret(cp_api_key),
            Secret(ecm_api_id),
            Secret(ecm_api_key),
        )
        wrapped = (cp_api_id, cp_api_key, ecm_api_id, ecm_api_key)
        checked = [
            check_header_value(value, name=f"V2Keys.{field}", header=header)
            for value, (field, header) in zip(wrapped, _KEY_HEADERS.items(), strict=True)
        ]
        self.__attrs_init__(*checked)

    def __repr__(self) -> str:
        return f"V2Keys({REDACTED})"

    __str__ = __repr__

    def headers(self) -> dict[str, str]:
        """The four authentication headers every v2 request carries (the only unwrapping)."""
        return {header: getattr(self, field).reveal() for field, header in _KEY_HEADERS.items()}

    def secrets(self) -> tuple[str, ...]:
        """The values to redact wherever text might leave the process."""
        return tuple(getattr(self, field).reveal() for field in _KEY_HEADERS)


def _number(attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{attribute.name} must be a number, got {type(value).__name__} {value!r}"
        raise ConfigurationError(msg)
    if not math.isfinite(value):
        msg = f"{attribute.name} must be a finite number, got {value!r}"
        raise ConfigurationError(msg)


def _positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _number(attribute, value)
    if value <= 0:
        msg = f"{attribute.name} must be positive, got {value!r}"
        raise ConfigurationError(msg)


def _whole(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _number(attribute, value)
    if not isinstance(value, int):
        msg = f"{attribute.name} must be a whole number, got {value!r}"
        raise ConfigurationError(msg)
    if value < 1:
        msg = f"{attribute.name} must be positive, got {value!r}"
        raise ConfigurationError(msg)


def _fraction(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _number(attribute, value)
    if not 0 < value < 1:
        msg = f"{attribute.name} must be between 0 and 1 (exclusive), got {value!r}"
        raise ConfigurationError(msg)


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _number(attribute, value)
    if value < 0:
        msg = f"{attribute.name} must be zero or more, got {value!r}"
        raise ConfigurationError(msg)


def _flag(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        msg = f"{attribute.name} must be True or False, got {value!r}"
        raise ConfigurationError(msg)


@attrs.frozen
class RateLimit:
    """The account's request budget, shared by every task of one client.

    Attributes:
        requests_per_minute: Token-bucket refill rate (NCM's account budget is ~500/min).
        max_concurrency: Most requests in flight at once. The client's own pool has
            ``min(max_concurrency, 8)`` connections (``MAX_POOL``), one request each,
            and the limiter holds the rest in order: 8 keep an account's ~8 requests/s
            busy up to a second of latency, and each pooled connection costs CPU on
            every request. With your own ``http_client`` only ``max_concurrency`` applies.
        burst: Bucket capacity: requests that may go at once after idling.
        adaptive: Lower the rate when throttles repeat and climb back along a CUBIC
            curve (see :mod:`ncm_async.ratelimit`), so a client set above the real
            budget converges near it.
        decrease_factor: On a repeated throttle the rate falls to this fraction of
            the rate that was being sent (CUBIC's beta).
        cubic_scale: CUBIC's C, in requests/second per second cubed: how fast the
            rate climbs back (botocore's 0.4 regains 500/min in about 2 s).
        isolated_after: Seconds without a throttle after which the next one is
            isolated: it costs its cooldown but does not lower the rate.
        min_requests_per_minute: Floor of the adaptive rate.
    """

    requests_per_minute: float = attrs.field(default=500.0, validator=_positive)
    max_concurrency: int = attrs.field(default=8, validator=_whole)
    burst: int = attrs.field(default=10, validator=_whole)
    adaptive: bool = attrs.field(default=True, validator=_flag)
    decrease_factor: float = attrs.field(default=0.7, validator=_fraction)
    cubic_scale: float = attrs.field(default=0.4, validator=_positive)
    isolated_after: float = attrs.field(default=60.0, validator=_non_negative)
    min_requests_per_minute: float = attrs.field(default=10.0, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.min_requests_per_minute > self.requests_per_minute:
            msg = (
                "min_requests_per_minute must not exceed requests_per_minute "
                f"({self.min_requests_per_minute} > {self.requests_per_minute})"
            )
            raise ConfigurationError(msg)


@attrs.frozen
class RetryPolicy:
    """When and how long to retry (see :mod:`ncm_async._retry`).

    Attributes:
        max_attempts: Attempts per request, the first included.
        max_total_seconds: Give up once this long has passed since the first attempt.
        backoff_initial: First backoff ceiling in seconds (full jitter below it).
        backoff_max: Largest backoff ceiling.
        retry_after_max: Cap on a server-given ``Retry-After``.
        jitter: Draw each backoff uniformly below its ceiling (AWS "full jitter").
    """

    max_attempts: int = attrs.field(default=6, validator=_whole)
    max_total_seconds: float = attrs.field(default=300.0, validator=_positive)
    backoff_initial: float = attrs.field(default=0.5, validator=_positive)
    backoff_max: float = attrs.field(default=60.0, validator=_positive)
    retry_after_max: float = attrs.field(default=120.0, validator=_positive)
    jitter: bool = attrs.field(default=True, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if self.backoff_initial > self.backoff_max:
            msg = (
                "backoff_initial must not exceed backoff_max "
                f"({self.backoff_initial} > {self.backoff_max})"
            )
            raise ConfigurationError(msg)


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` names this machine (plain http is allowed there)."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_base_url(url: str, *, name: str, allow_insecure_http: bool = False) -> str:
    """Validate a base URL and give it exactly one trailing slash.

    Raises:
        ConfigurationError: Not an absolute http(s) URL, or plain http to a host
            other than loopback without ``allow_insecure_http``.
    """
    if not isinstance(url, str) or not url.strip():
        msg = f"{name} must be a non-empty URL"
        raise ConfigurationError(msg)
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        msg = f"{name} must be an absolute http(s) URL, got {url!r}"
        raise ConfigurationError(msg)
    if parts.username or parts.password:
        msg = f"{name} must not carry credentials"
        raise ConfigurationError(msg)
    if parts.query or parts.fragment:
        msg = f"{name} must not carry a query or fragment, got {url!r}"
        raise ConfigurationError(msg)
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback_host(parts.hostname):
        msg = (
            f"{name} uses plain http to {parts.hostname}: use https, "
            "or pass allow_insecure_http=True if you really mean it"
        )
        raise ConfigurationError(msg)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"

"""Configuration as frozen data: keys, rate budget, retry policy, base URLs.

Behaviour reads these objects; tests construct them. Every check here runs before
any I/O and raises :class:`ConfigurationError` naming the problem, never a secret.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from ncm_async.errors import ConfigurationError

DEFAULT_BASE_URL_V2 = "https://www.cradlepointecm.com/api/v2/"
DEFAULT_BASE_URL_V3 = "https://api.cradlepointecm.com/api/v3/"

ENV_V2_KEYS = ("X_CP_API_ID", "X_CP_API_KEY", "X_ECM_API_ID", "X_ECM_API_KEY")
ENV_V3_TOKEN = "NCM_API_TOKEN"  # noqa: S105 - a variable name, not a secret
ENV_BASE_URL_V2 = "CP_BASE_URL"
ENV_BASE_URL_V3 = "CP_BASE_URL_V3"


def _secret(name: str) -> object:
    def check(_: object, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            msg = f"V2Keys.{attribute.name} must be a non-empty string ({name})"
            raise ConfigurationError(msg)

    return attrs.field(validator=check, repr=False)


@attrs.frozen
class V2Keys:
    """The four v2 API keys. Their values never appear in ``repr``, logs or errors."""

    cp_api_id: str = _secret("X-CP-API-ID")  # type: ignore[assignment]
    cp_api_key: str = _secret("X-CP-API-KEY")  # type: ignore[assignment]
    ecm_api_id: str = _secret("X-ECM-API-ID")  # type: ignore[assignment]
    ecm_api_key: str = _secret("X-ECM-API-KEY")  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "V2Keys(<redacted>)"

    __str__ = __repr__

    def headers(self) -> dict[str, str]:
        """The four authentication headers every v2 request carries."""
        return {
            "X-CP-API-ID": self.cp_api_id,
            "X-CP-API-KEY": self.cp_api_key,
            "X-ECM-API-ID": self.ecm_api_id,
            "X-ECM-API-KEY": self.ecm_api_key,
        }

    def secrets(self) -> tuple[str, ...]:
        """The values to redact wherever text might leave the process."""
        return (self.cp_api_id, self.cp_api_key, self.ecm_api_id, self.ecm_api_key)


def _positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{attribute.name} must be a finite number, got {value!r}"
        raise ConfigurationError(msg)
    if value <= 0:
        msg = f"{attribute.name} must be positive, got {value!r}"
        raise ConfigurationError(msg)


def _fraction(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not 0 < value < 1:
        msg = f"{attribute.name} must be between 0 and 1 (exclusive), got {value!r}"
        raise ConfigurationError(msg)


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, int | float) or value < 0:
        msg = f"{attribute.name} must be zero or more, got {value!r}"
        raise ConfigurationError(msg)


@attrs.frozen
class RateLimit:
    """The account's request budget, shared by every task of one client.

    Attributes:
        requests_per_minute: Token-bucket refill rate (NCM's account budget is ~500/min).
        max_concurrency: Most requests in flight at once; also caps the connection pool.
        burst: Bucket capacity: requests that may go at once after idling.
        adaptive: Lower the rate on throttling and recover slowly, so a client set
            above the real budget converges near it.
        decrease_factor: Multiplier applied to the rate on each throttle.
        increase_per_minute: Requests/minute regained per minute without throttling.
        min_requests_per_minute: Floor of the adaptive rate.
    """

    requests_per_minute: float = attrs.field(default=500.0, validator=_positive)
    max_concurrency: int = attrs.field(default=8, validator=_positive)
    burst: int = attrs.field(default=10, validator=_positive)
    adaptive: bool = True
    decrease_factor: float = attrs.field(default=0.7, validator=_fraction)
    increase_per_minute: float = attrs.field(default=60.0, validator=_non_negative)
    min_requests_per_minute: float = attrs.field(default=10.0, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.max_concurrency, int) or isinstance(self.max_concurrency, bool):
            msg = f"max_concurrency must be a whole number, got {self.max_concurrency!r}"
            raise ConfigurationError(msg)
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

    max_attempts: int = attrs.field(default=6, validator=_positive)
    max_total_seconds: float = attrs.field(default=300.0, validator=_positive)
    backoff_initial: float = attrs.field(default=0.5, validator=_positive)
    backoff_max: float = attrs.field(default=60.0, validator=_positive)
    retry_after_max: float = attrs.field(default=120.0, validator=_positive)
    jitter: bool = True


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


@attrs.frozen
class EnvSettings:
    """What :meth:`AsyncNcmClient.from_env` reads, parsed but not yet validated."""

    v2_keys: V2Keys | None
    v3_token: str | None = attrs.field(repr=False)
    base_url_v2: str | None
    base_url_v3: str | None


def read_env(environ: Mapping[str, str] | None = None) -> EnvSettings:
    """Read the ``ncm`` package's variable names from the environment.

    Raises:
        ConfigurationError: Some but not all four v2 key variables are set.
    """
    env = os.environ if environ is None else environ
    values = [env.get(k, "").strip() for k in ENV_V2_KEYS]
    missing = [k for k, v in zip(ENV_V2_KEYS, values, strict=True) if not v]
    if 0 < len(missing) < len(ENV_V2_KEYS):
        msg = f"incomplete v2 keys: set {', '.join(missing)} as well"
        raise ConfigurationError(msg)
    keys = None if missing else V2Keys(*values)
    return EnvSettings(
        v2_keys=keys,
        v3_token=env.get(ENV_V3_TOKEN, "").strip() or None,
        base_url_v2=env.get(ENV_BASE_URL_V2, "").strip() or None,
        base_url_v3=env.get(ENV_BASE_URL_V3, "").strip() or None,
    )

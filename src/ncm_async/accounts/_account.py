"""One NCM account: its name, credentials, API origins and request budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from ncm_async._auth import validate_token
from ncm_async._config import DEFAULT_BASE_URL_V2, DEFAULT_BASE_URL_V3, RateLimit, V2Keys
from ncm_async._secret import Secret
from ncm_async.errors import ConfigurationError

if TYPE_CHECKING:
    from ncm_async._client import AsyncNcmClient

__all__ = ["Account"]

_V2_FIELDS = ("cp_api_id", "cp_api_key", "ecm_api_id", "ecm_api_key")


def _name(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        msg = f"Account.name must be a non-empty string without spaces, got {value!r}"
        raise ConfigurationError(msg)


@attrs.frozen
class Account:
    """One account's credentials and budget; secrets never appear in ``repr``.

    Attributes:
        name: Unique among the accounts run together; names the account's shared
            budget in Redis and its report.
        v2_keys: The four v2 keys (or None for a v3-only account).
        v3_token: The v3 bearer token (or None); given as a string, kept as a
            :class:`~ncm_async.Secret`, so no attribute or local holds it in clear.
        base_url_v2: The v2 API root (another origin for tests or a proxy).
        base_url_v3: The v3 API root.
        rate_limit: This account's budget (NCM's is ~500 requests/minute per account).

    Raises:
        ConfigurationError: A bad name, no credentials, or a malformed token.
    """

    name: str = attrs.field(validator=_name)
    v2_keys: V2Keys | None = None
    v3_token: Secret | None = attrs.field(default=None, converter=validate_token, repr=False)
    base_url_v2: str = DEFAULT_BASE_URL_V2
    base_url_v3: str = DEFAULT_BASE_URL_V3
    rate_limit: RateLimit = attrs.field(factory=RateLimit)

    def __attrs_post_init__(self) -> None:
        if not isinstance(cast(object, self.v2_keys), V2Keys | None):
            msg = f"account {self.name!r}: v2_keys must be a V2Keys"
            raise ConfigurationError(msg)
        if self.v2_keys is None and self.v3_token is None:
            msg = f"account {self.name!r} has no credentials: give v2_keys= and/or v3_token="
            raise ConfigurationError(msg)
        if not isinstance(cast(object, self.rate_limit), RateLimit):
            msg = f"account {self.name!r}: rate_limit must be a RateLimit"
            raise ConfigurationError(msg)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Account:
        """An account from plain data (a JSON file, a secret store's answer).

        Keys: ``name``; ``cp_api_id``, ``cp_api_key``, ``ecm_api_id``, ``ecm_api_key``
        and/or ``v3_token``; optionally ``base_url_v2``, ``base_url_v3``,
        ``requests_per_minute``.

        Raises:
            ConfigurationError: A missing name, partial v2 keys, unknown keys.
        """
        known = {"name", *_V2_FIELDS, "v3_token", "base_url_v2", "base_url_v3"}
        known.add("requests_per_minute")
        unknown = sorted(set(data) - known)
        if unknown:
            msg = f"unknown account fields: {', '.join(unknown)}"
            raise ConfigurationError(msg)
        present = [f for f in _V2_FIELDS if data.get(f)]
        if present and len(present) != len(_V2_FIELDS):
            missing = [f for f in _V2_FIELDS if f not in present]
            msg = f"account {data.get('name')!r}: incomplete v2 keys, add {', '.join(missing)}"
            raise ConfigurationError(msg)
        options: dict[str, Any] = {
            k: data[k] for k in ("base_url_v2", "base_url_v3", "v3_token") if data.get(k)
        }
        if data.get("requests_per_minute"):
            options["rate_limit"] = RateLimit(requests_per_minute=data["requests_per_minute"])
        keys = V2Keys(*(data[f] for f in _V2_FIELDS)) if present else None
        return cls(name=data.get("name"), v2_keys=keys, **options)  # type: ignore[arg-type]

    def client(self, **options: Any) -> AsyncNcmClient:
        """A new client for this account (``options`` go to :class:`AsyncNcmClient`)."""
        from ncm_async._client import AsyncNcmClient

        settings: dict[str, Any] = {
            "v2_keys": self.v2_keys,
            "v3_token": self.v3_token,
            "base_url_v2": self.base_url_v2,
            "base_url_v3": self.base_url_v3,
            "rate_limit": self.rate_limit,
        }
        settings.update(options)
        return AsyncNcmClient(**settings)

"""API v3 (JSON:API) models: a generic resource object and per-type attributes.

v3 records are resource objects ``{id, type, attributes, relationships, links}``.
:class:`V3Resource` holds one; its ``attributes`` are structured into the
endpoint's attributes class (``V3Resource[UserAttributes]``). The docs give v3
only in outline, so the attribute fields are what the docs' update notes and the
vendor's ``ncm`` package name; every field is optional and unknown ones are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from ncm_async.models.base import Record

__all__ = [
    "AssetEndpointAttributes",
    "ExchangeResourceAttributes",
    "ExchangeSiteAttributes",
    "RegradeAttributes",
    "SubscriptionAttributes",
    "TenantAttributes",
    "UserAttributes",
    "V3Resource",
]

A = TypeVar("A", bound=Record)


@attrs.define(kw_only=True)
class V3Resource(Record, Generic[A]):
    """A JSON:API resource object. Unknown top-level members go to ``extra``."""

    id: str | None = None
    type: str | None = None
    attributes: A | None = None
    relationships: dict[str, Any] | None = None
    links: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None

    def related_ids(self, name: str) -> list[str]:
        """Ids in relationship ``name`` (to-one or to-many); empty when absent."""
        rel = (self.relationships or {}).get(name)
        data = rel.get("data") if isinstance(rel, dict) else None
        items = data if isinstance(data, list) else [data]
        return [str(d["id"]) for d in items if isinstance(d, dict) and d.get("id") is not None]

    def related_id(self, name: str) -> str | None:
        """The first id in relationship ``name`` (e.g. a user's ``tenant``), or None."""
        ids = self.related_ids(name)
        return ids[0] if ids else None


@attrs.define(kw_only=True)
class UserAttributes(Record):
    """``users`` (type ``users``). Collaborator users carry only email,
    first_name, last_name and timeout (docs update of 2024-01-17)."""

    email: str | None = None
    first_name: str | None = None
    is_active: bool | None = None
    last_login: datetime | None = None
    last_name: str | None = None
    pending_email: str | None = None
    timeout: int | None = None


@attrs.define(kw_only=True)
class SubscriptionAttributes(Record):
    """``subscriptions``: a license subscription of a tenant."""

    end_time: datetime | None = None
    name: str | None = None
    quantity: int | None = None
    start_time: datetime | None = None
    tenant: str | None = None
    type: str | None = None


@attrs.define(kw_only=True)
class AssetEndpointAttributes(Record):
    """``asset_endpoints``: a device as the licensing system knows it."""

    hardware_series: str | None = None
    hardware_series_key: str | None = None
    mac_address: str | None = None
    serial_number: str | None = None


@attrs.define(kw_only=True)
class RegradeAttributes(Record):
    """``asset_endpoints/regrades``: a job applying or removing a subscription
    (actions UPGRADE, DOWNGRADE, UNLICENSE); MACs are 12 upper-case hex digits."""

    action: str | None = None
    action_id: str | None = None
    created_at: datetime | None = None
    error_code: str | None = None
    mac_address: str | None = None
    serial_number: str | None = None
    status: str | None = None
    subscription_type: str | None = None


@attrs.define(kw_only=True)
class TenantAttributes(Record):
    """``tenants``: the v3 owner of subscriptions and users."""

    name: str | None = None


@attrs.define(kw_only=True)
class ExchangeSiteAttributes(Record):
    """``beta/exchange_sites`` (type ``exchange_user_managed_sites``); the network
    and router are relationships ``exchange_network`` and ``endpoints``."""

    lan_as_dns: bool | None = None
    local_domain: str | None = None
    name: str | None = None
    primary_dns: str | None = None
    secondary_dns: str | None = None


@attrs.define(kw_only=True)
class ExchangeResourceAttributes(Record):
    """``beta/exchange_resources`` (types ``exchange_fqdn_resources``,
    ``exchange_wildcard_fqdn_resources``, ``exchange_ipsubnet_resources``, ...)."""

    domain: str | None = None
    ip: str | None = None
    name: str | None = None
    port_ranges: list[Any] | None = None
    protocols: list[str] | None = None
    static_prime_ip: str | None = None
    tags: list[str] | None = None

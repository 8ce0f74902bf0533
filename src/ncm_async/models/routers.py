"""Routers and what hangs off one router (v2 ``routers``, ``router_lans``,
``locations``, ``historical_locations``, ``configuration_managers``, ``batteries``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ncm_async.models.base import Deprecated, LinkId, Record, TimeSeriesRecord

__all__ = [
    "Battery",
    "ConfigurationManager",
    "HistoricalLocation",
    "Location",
    "Router",
    "RouterLan",
]

_OVERLAY_DEPRECATED = (
    "routers.overlay_network_binding is deprecated by the NCM API (remove references "
    "by 2024-09-30); the overlay_network_bindings endpoint is deprecated too."
)


@attrs.define(kw_only=True)
class Router(Record):
    """A router or access point (``routers``).

    ``configuration_manager`` and ``lans`` are sub-resource URLs, not links to
    another record's id, so they have no ``*_id`` property.
    """

    account: str | None = None
    actual_firmware: str | None = None
    asset_id: str | None = None
    config_status: str | None = None
    configuration_manager: str | None = None
    created_at: datetime | None = None
    custom1: str | None = None
    custom2: str | None = None
    description: str | None = None
    device_type: str | None = None
    full_product_name: str | None = None
    group: str | None = None
    id: str | None = None
    ipv4_address: str | None = None
    lans: str | None = None
    last_known_location: str | None = None
    locality: str | None = None
    mac: str | None = None
    name: str | None = None
    _overlay_network_binding: str | None = attrs.field(
        default=None, alias="overlay_network_binding"
    )
    product: str | None = None
    reboot_required: bool | None = None
    resource_url: str | None = None
    serial_number: str | None = None
    state: str | None = None
    state_updated_at: datetime | None = None
    target_firmware: str | None = None
    updated_at: datetime | None = None
    upgrade_pending: bool | None = None

    overlay_network_binding = Deprecated[str | None](
        "_overlay_network_binding", _OVERLAY_DEPRECATED
    )
    account_id = LinkId("account")
    actual_firmware_id = LinkId("actual_firmware")
    group_id = LinkId("group")
    last_known_location_id = LinkId("last_known_location")
    product_id = LinkId("product")
    target_firmware_id = LinkId("target_firmware")


@attrs.define(kw_only=True)
class RouterLan(Record):
    """A router's LAN (``router_lans``)."""

    account: str | None = None
    created_at: datetime | None = None
    enabled: bool | None = None
    id: str | None = None
    ip_address: str | None = None
    name: str | None = None
    netmask: str | None = None
    resource_url: str | None = None
    router: str | None = None
    updated_at: datetime | None = None

    account_id = LinkId("account")
    router_id = LinkId("router")


@attrs.define(kw_only=True)
class Location(Record):
    """A router's current location (``locations``). The tables type latitude and
    longitude ``int``; the API sends decimals. ``router`` may be a bare id."""

    account: str | None = None
    accuracy: int | None = None
    altitude_meters: float | None = None
    id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    method: str | None = None
    resource_url: str | None = None
    router: str | None = None
    updated_at: datetime | None = None

    account_id = LinkId("account")
    router_id = LinkId("router")


@attrs.define(kw_only=True)
class HistoricalLocation(TimeSeriesRecord):
    """One point of a router's location history (``historical_locations``)."""

    accuracy: int | None = None
    altitude_meters: float | None = None
    carrier_id: str | None = None
    cinr: float | None = None
    dbm: int | None = None
    ecio: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    mph: float | None = None
    net_device_name: str | None = None
    rfband: str | None = None
    rfband_5g: str | None = None
    router: str | None = None
    rsrp: float | None = None
    rsrp_5g: float | None = None
    rsrq: float | None = None
    rsrq_5g: float | None = None
    rssi: int | None = None
    signal_percent: int | None = None
    sinr: float | None = None
    sinr_5g: float | None = None
    summary: str | None = None

    router_id = LinkId("router")


@attrs.define(kw_only=True)
class ConfigurationManager(Record):
    """A router's configuration (``configuration_managers``). The configuration
    objects are NCOS config trees, kept as the API's JSON (``[updates, removals]``)."""

    account: str | None = None
    actual: Any = None
    configuration: Any = None
    id: str | None = None
    pending: Any = None
    resource_url: str | None = None
    router: str | None = None
    suspended: bool | None = None
    synched: bool | None = None
    target: Any = None
    version_number: int | None = None

    account_id = LinkId("account")
    router_id = LinkId("router")


@attrs.define(kw_only=True)
class Battery(Record):
    """A router's battery (``batteries``)."""

    created_at: datetime | None = None
    health: int | None = None
    id: str | None = None
    manufacturer: str | None = None
    milliamps: int | None = None
    millivolts: int | None = None
    resource_url: str | None = None
    router: str | None = None
    rsoc: int | None = None
    serial: str | None = None
    status: str | None = None
    temp: int | None = None
    time_remaining: int | None = None
    type: str | None = None
    updated_at: datetime | None = None

    router_id = LinkId("router")

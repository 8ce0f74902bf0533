"""Fleet-wide records (v2 ``groups``, ``products``, ``firmwares``, ``failovers``,
``speed_test``, ``net_device_health``, ``net_device_metrics``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ncm_async.models.base import LinkId, Record

__all__ = [
    "Failover",
    "Firmware",
    "Group",
    "NetDeviceHealth",
    "NetDeviceMetrics",
    "Product",
    "SpeedTest",
]


@attrs.define(kw_only=True)
class Group(Record):
    """A configuration group (``groups``)."""

    account: str | None = None
    configuration: Any = None
    device_type: str | None = None
    id: str | None = None
    name: str | None = None
    product: str | None = None
    resource_url: str | None = None
    target_firmware: str | None = None

    account_id = LinkId("account")
    product_id = LinkId("product")
    target_firmware_id = LinkId("target_firmware")


@attrs.define(kw_only=True)
class Product(Record):
    """A Cradlepoint product model (``products``)."""

    device_type: str | None = None
    id: str | None = None
    name: str | None = None
    resource_url: str | None = None
    series: int | None = None


@attrs.define(kw_only=True)
class Firmware(Record):
    """A firmware release for one product (``firmwares``). ``default_configuration``
    is a sub-resource URL although the table types it ``json``."""

    built_at: datetime | None = None
    default_configuration: str | None = None
    expires_at: datetime | None = None
    hash: str | None = None
    id: str | None = None
    is_deprecated: bool | None = None
    product: str | None = None
    released_at: datetime | None = None
    resource_url: str | None = None
    uploaded_at: datetime | None = None
    url: str | None = None
    version: str | None = None

    product_id = LinkId("product")


@attrs.define(kw_only=True)
class Failover(Record):
    """A WAN failover event (``failovers``). Unlike every other endpoint its ids
    are JSON numbers and plain fields (``router_id``), not links."""

    account_id: int | None = None
    carrier_name: str | None = None
    current_wan_interface: str | None = None
    current_wan_priority: float | None = None
    data_usage: int | None = None
    elapsed_time: int | None = None
    ended_at: datetime | None = None
    group_id: int | None = None
    group_name: str | None = None
    percent_data_cap: float | None = None
    previous_wan_interface: str | None = None
    previous_wan_priority: float | None = None
    router_id: int | None = None
    router_name: str | None = None
    started_at: datetime | None = None
    tenant_id: str | None = None
    updated_at: datetime | None = None
    uuid: str | None = None


@attrs.define(kw_only=True)
class SpeedTest(Record):
    """A speed test job (``speed_test``).

    ``config``, ``progress`` and ``results`` stay the API's JSON (``results`` is a
    list whose timestamps use a space separator). The API names the self link
    ``resource_uri``; ``resource_url`` is the table's name for it.
    """

    account: str | None = None
    config: dict[str, Any] | None = None
    created_at: datetime | None = None
    id: str | None = None
    progress: dict[str, Any] | None = None
    resource_uri: str | None = None
    resource_url: str | None = None
    results: Any = None
    state: str | None = None
    updated_at: datetime | None = None

    account_id = LinkId("account")


@attrs.define(kw_only=True)
class NetDeviceHealth(Record):
    """A modem's cellular health score (``net_device_health``)."""

    cellular_health_category: str | None = None
    cellular_health_score: int | None = None
    id: str | None = None
    net_device: str | None = None
    resource_url: str | None = None

    net_device_id = LinkId("net_device")


@attrs.define(kw_only=True)
class NetDeviceMetrics(Record):
    """Latest counters and signal of a net device (``net_device_metrics``)."""

    bmask_applied: bool | None = None
    bytes_in: int | None = None
    bytes_out: int | None = None
    cell_id: str | None = None
    cinr: float | None = None
    dbm: int | None = None
    ecio: int | None = None
    id: str | None = None
    lac: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    net_device: str | None = None
    resource_url: str | None = None
    rsrp: float | None = None
    rsrq: float | None = None
    rssi: int | None = None
    rssnr: int | None = None
    service_type: str | None = None
    signal_strength: int | None = None
    sinr: float | None = None
    tac: str | None = None
    update_ts: datetime | None = None

    net_device_id = LinkId("net_device")

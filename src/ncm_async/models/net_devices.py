"""Network interfaces of routers (v2 ``net_devices``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ncm_async.models.base import Deprecated, LinkId, Record

__all__ = ["NetDevice"]

_UPGRADE_DEPRECATED = (
    "net_devices.is_upgrade_available is deprecated by the NCM API (2023-12-31): it "
    "still appears in responses but no longer returns accurate information."
)


@attrs.define(kw_only=True)
class NetDevice(Record):
    """A WAN/LAN interface of a router: modem, ethernet, WiFi-as-WAN (``net_devices``)."""

    account: str | None = None
    apn: str | None = None
    bsid: str | None = None
    carrier: str | None = None
    carrier_id: str | None = None
    channel: int | None = None
    connection_state: str | None = None
    dns0: str | None = None
    dns1: str | None = None
    esn: str | None = None
    gateway: str | None = None
    gsn: str | None = None
    homecarrid: str | None = None
    hostname: str | None = None
    iccid: str | None = None
    id: str | None = None
    imei: str | None = None
    imsi: str | None = None
    ipv4_address: str | None = None
    ipv6_address: str | None = None
    is_asset: bool | None = None
    is_gps_supported: bool | None = None
    _is_upgrade_available: bool | None = attrs.field(default=None, alias="is_upgrade_available")
    is_upgrade_supported: bool | None = None
    ltebandwidth: str | None = None
    mac: str | None = None
    manufacturer: str | None = None
    mdn: str | None = None
    meid: str | None = None
    mfg_model: str | None = None
    mfg_product: str | None = None
    mn_ha_spi: str | None = None
    mn_ha_ss: str | None = None
    mode: str | None = None
    model: str | None = None
    modem_fw: str | None = None
    mtu: int | None = None
    nai: str | None = None
    name: str | None = None
    netmask: str | None = None
    pin_status: str | None = None
    port: str | None = None
    prlv: str | None = None
    profile: str | None = None
    resource_url: str | None = None
    rfband: str | None = None
    rfband5g: str | None = None
    rfchannel: str | None = None
    roam: str | None = None
    router: str | None = None
    rxchannel: str | None = None
    serial: str | None = None
    service_type: str | None = None
    ssid: str | None = None
    summary: str | None = None
    txchannel: str | None = None
    type: str | None = None
    uid: str | None = None
    updated_at: datetime | None = None
    uptime: float | None = None
    ver_pkg: str | None = None
    version: str | None = None
    wimax_realm: str | None = None

    is_upgrade_available = Deprecated[bool | None]("_is_upgrade_available", _UPGRADE_DEPRECATED)
    account_id = LinkId("account")
    router_id = LinkId("router")

"""Record shapes copied from the documented example bodies (``v2-examples.json``).

Kept in the package so the simulator works from an installed wheel. Values that
identify a record (ids, URLs, timestamps) are filled in by the generators.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

NET_DEVICE_MODEM: Mapping[str, Any] = MappingProxyType(
    {
        "account": None,
        "bsid": None,
        "carrier": "Verizon",
        "carrier_id": None,
        "channel": None,
        "connection_state": "ready",
        "dns0": None,
        "dns1": None,
        "esn": None,
        "gateway": None,
        "gsn": "353547063430048",
        "homecarrid": None,
        "hostname": None,
        "iccid": None,
        "id": None,
        "imei": "353547063430048",
        "imsi": None,
        "ipv4_address": None,
        "ipv6_address": None,
        "is_asset": False,
        "is_gps_supported": True,
        "is_upgrade_available": False,
        "is_upgrade_supported": True,
        "ltebandwidth": None,
        "mac": None,
        "manufacturer": "Cradlepoint Inc.",
        "mdn": None,
        "meid": "35354706343004",
        "mfg_model": "MC7354-CP",
        "mfg_product": "Internal LPE (SIM1)",
        "mn_ha_spi": None,
        "mn_ha_ss": None,
        "mode": "wan",
        "model": "Internal LPE-VZ (SIM1)",
        "modem_fw": "Verizon Wireless",
        "mtu": 1428,
        "nai": None,
        "name": "mdm-c5be779",
        "netmask": None,
        "pin_status": "READY",
        "port": "int1",
        "prlv": None,
        "profile": None,
        "resource_url": None,
        "rfband": None,
        "rfchannel": None,
        "roam": None,
        "router": None,
        "rxchannel": None,
        "serial": "353547063430048",
        "service_type": "LTE",
        "ssid": None,
        "summary": "ready",
        "txchannel": None,
        "type": "mdm",
        "uid": "c5be779",
        "updated_at": None,
        "uptime": None,
        "ver_pkg": "05.05.58.01_VZW,005.030_000",
        "version": "SWI9X15C_05.05.58.01 r27044 carmd-fwbuild1 2015/03/05 00:02:40",
        "wimax_realm": "sprintpcs.com",
    }
)

NET_DEVICE_ETHERNET: Mapping[str, Any] = MappingProxyType(
    {
        "account": None,
        "bsid": None,
        "carrier": "Ethernet",
        "carrier_id": None,
        "channel": None,
        "connection_state": "connected",
        "dns0": None,
        "dns1": None,
        "esn": None,
        "gateway": None,
        "gsn": None,
        "homecarrid": None,
        "hostname": None,
        "iccid": None,
        "id": None,
        "imei": None,
        "imsi": None,
        "ipv4_address": None,
        "ipv6_address": None,
        "is_asset": False,
        "is_gps_supported": False,
        "is_upgrade_available": False,
        "is_upgrade_supported": False,
        "ltebandwidth": None,
        "mac": None,
        "manufacturer": "Cradlepoint Inc.",
        "mdn": None,
        "meid": None,
        "mfg_model": None,
        "mfg_product": None,
        "mn_ha_spi": None,
        "mn_ha_ss": None,
        "mode": "wan",
        "model": None,
        "modem_fw": None,
        "mtu": 1500,
        "nai": None,
        "name": "ethernet-wan",
        "netmask": None,
        "pin_status": None,
        "port": "wan",
        "prlv": None,
        "profile": None,
        "resource_url": None,
        "rfband": None,
        "rfchannel": None,
        "roam": None,
        "router": None,
        "rxchannel": None,
        "serial": None,
        "service_type": "Ethernet",
        "ssid": None,
        "summary": "connected",
        "txchannel": None,
        "type": "ethernet",
        "uid": "wan",
        "updated_at": None,
        "uptime": None,
        "ver_pkg": None,
        "version": None,
        "wimax_realm": None,
    }
)


def configuration(product: str, ssid: str) -> list[Any]:
    """A small router configuration in the ``[updates, removals]`` form of the docs."""
    return [
        {
            "system": {"admin": {"product_name": product}, "gps": {"enabled": True}},
            "wlan": {"radio": {"0": {"bss": {"0": {"ssid": ssid}}}}},
            "stats": {"client_usage": {"enabled": True}},
        },
        [],
    ]


ALERT_INFO: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "login_success": ("User admin has logged into the router from {ip}.", "login_success"),
        "ethernet_wan_connected": (
            'The ethernet port "Ethernet" has connected to the network.',
            "wan_status_change",
        ),
        "ethernet_wan_disconnected": (
            'The ethernet port "Ethernet" has disconnected from the network.',
            "wan_status_change",
        ),
        "modem_wan_connected": ("The modem has connected to the network.", "wan_status_change"),
        "connection_state": ("The router's connection to NCM changed.", "connection_state"),
        "config_change": ("The router's configuration was changed.", "config_change"),
        "cpu_utilization": ("CPU utilization exceeded the threshold.", "cpu_utilization"),
    }
)
"""Router alert type -> (friendly_info, info.type)."""

ACCOUNT_ALERTS = ("account_locked", "acs_unlicensed_devices", "acs_expires_in_30_days")

LOG_LINES = (
    ("upgrade", "INFO", "Checking upgrade server for pkg: {fw}"),
    ("upgrade", "INFO", "Found file on server; version: {fw}"),
    ("wan", "INFO", "WAN connection established on {port}"),
    ("wan", "WARNING", "Link down on {port}"),
    ("system", "INFO", "NCM connection established"),
    ("gps", "DEBUG", "GPS fix acquired"),
)

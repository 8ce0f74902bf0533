"""v3 records about devices: SIM assets and rate plans, modem firmware, LAN devices.

SIM assets mirror the fleet's modems (their ICCIDs, IMEIs and carriers);
modem software versions exist per group and modem module; LAN devices (the
Ericsson switches and access points NCM's LAN manager adopts) hang off a
quarter of the routers.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row
from ncm_async.testing.v3_rows import ref, row, uid, v2_id

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

CARRIERS = ("AT&T", "Verizon", "T-Mobile", "Telia")
_MODULES = (("LP4", "att"), ("LP6", "verizon"), ("LPE", "tmobile"))
_LAN_PRODUCTS = (
    ("S200-8P", "switch"),
    ("S400-24P", "switch"),
    ("W1850", "access_point"),
    ("W2005", "access_point"),
)


def _modems(fleet: Fleet) -> list[dict[str, str]]:
    return [n for n in fleet.net_devices if n["type"] == "mdm"]


def sim_assets(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One SIM asset per modem, plus a few spare SIMs not yet in a device."""
    out = []
    for modem in _modems(fleet):
        attributes = {
            "iccid": modem["iccid"],
            "carrier": modem["carrier"],
            "assigned_imei": modem["imei"],
            "detected_imei": modem["imei"],
            "device_status": "active" if modem["connection_state"] == "connected" else "inactive",
            "is_licensed": rng.random() < 0.9,
            "type": "physical",
        }
        relationships = {"net_device": ref("net_devices", modem["id"])}
        out.append(row(uid(rng), "public_sim_mgmt_assets", attributes, relationships))
    for _ in range(3):
        spare: dict[str, Any] = {
            "iccid": f"8901{rng.randrange(10**15):015d}",
            "carrier": rng.choice(CARRIERS),
            "assigned_imei": None,
            "detected_imei": None,
            "device_status": "inventory",
            "is_licensed": False,
            "type": "physical",
        }
        out.append(row(uid(rng), "public_sim_mgmt_assets", spare))
    return out


def rate_plans(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Two rate plans per carrier, one of them retired."""
    out = []
    for carrier in CARRIERS:
        for size, status in ((5, "active"), (20, "inactive")):
            attributes = {
                "carrier": carrier,
                "name": f"{carrier} {size} GB pooled",
                "status": status,
            }
            out.append(row(uid(rng), "public_sim_mgmt_rate_plans", attributes))
    return out


def modem_software_versions(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The modem firmware available to each group, per module and carrier."""
    out = []
    for group in fleet.table("groups").ordered():
        for module, carrier in _MODULES:
            for minor in (3, 4):
                attributes = {
                    "carrier": carrier,
                    "modem_type_name": module,
                    "version": f"24.{minor}.{rng.randint(0, 9)}.0",
                    "release_date": iso(fleet.now - timedelta(days=30 * (6 - minor))),
                }
                relationships = {"group": ref("groups", group.data["id"])}
                out.append(row(uid(rng), "modem_software_versions", attributes, relationships))
    return out


def modem_upgrades(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Past upgrade jobs: a preview then an upgrade on every other group."""
    out = []
    for group in fleet.table("groups").ordered()[::2]:
        module, carrier = rng.choice(_MODULES)
        for days, operation in ((20, "preview"), (19, "upgrade")):
            attributes = {
                "carrier": carrier,
                "modem_type_name": module,
                "operation": operation,
                "overwrite": False,
                "status": "completed",
                "created_at": iso(fleet.now - timedelta(days=days)),
            }
            relationships = {"group": ref("groups", group.data["id"])}
            out.append(row(uid(rng), "modem_upgrades", attributes, relationships))
    return out


def lan_product_infos(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The LAN products NCM knows."""
    return [
        row(f"lp-{k}", "lan_product_infos", {"name": name, "product_type": kind})
        for k, (name, kind) in enumerate(_LAN_PRODUCTS)
    ]


def lan_devices(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One to three LAN devices behind every fourth router."""
    out = []
    account = str(fleet.root_account_id)
    for router in fleet.routers[::4]:
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(_LAN_PRODUCTS))
            name, kind = _LAN_PRODUCTS[k]
            mac = f"0030440{rng.getrandbits(20):05X}"
            attributes = {
                "name": f"{name}-{mac[-4:]}",
                "mac_address": mac,
                "serial_number": f"LAN{rng.randrange(10**9):09d}",
                "device_status": "online" if router["state"] == "online" else "offline",
                "lan_firmware_upgrade_status": rng.choice(("up_to_date", "available")),
                "type": kind,
            }
            relationships = {
                "router": ref("routers", router["id"]),
                "account": ref("accounts", account),
                "lan_product_info": ref("lan_product_infos", f"lp-{k}"),
            }
            if router["group"]:
                relationships["group"] = ref("groups", v2_id(router["group"]))
            out.append(row(uid(rng), "lan_devices", attributes, relationships))
    return out


BUILDERS: dict[str, Callable[[Fleet, random.Random], list[Row]]] = {
    "public_sim_mgmt_assets": sim_assets,
    "public_sim_mgmt_rate_plans": rate_plans,
    "modem_software_versions": modem_software_versions,
    "modem_upgrades": modem_upgrades,
    "lan_product_infos": lan_product_infos,
    "lan_devices": lan_devices,
}
"""Record builders by v3 path."""

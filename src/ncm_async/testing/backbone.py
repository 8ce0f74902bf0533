"""The fleet's backbone: accounts, products, firmwares, groups, routers, net_devices.

Records follow the documented example bodies key for key (``v2-examples.json``):
ids are JSON strings, related records are absolute resource URLs.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs

from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row
from ncm_async.testing.templates import NET_DEVICE_ETHERNET, NET_DEVICE_MODEM

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

PRODUCTS: tuple[tuple[int, str, str, int], ...] = (
    (1, "MBR1400", "router", 3),
    (23, "IBR1100", "router", 3),
    (29, "AER3150", "router", 3),
    (46, "IBR900", "router", 4),
    (48, "AP22", "access_point", 3),
    (51, "AER2200", "router", 4),
    (56, "E300", "router", 5),
    (60, "IBR1700", "router", 5),
    (63, "R1900", "router", 5),
    (65, "E3000", "router", 5),
)
FIRMWARE_VERSIONS = ("7.22.60", "7.23.40", "7.24.10")
LOCALITIES = ("US/Mountain", "US/Pacific", "US/Eastern", "US/Central", "Europe/Stockholm")
CARRIERS = ("Verizon", "AT&T", "T-Mobile", "Telia")


@attrs.define
class Backbone:
    """What :func:`build` produces for :class:`Fleet`."""

    tables: dict[str, list[Row]]
    root_account_id: int
    profiles: dict[str, str]
    router_net_devices: dict[str, list[str]]
    gps_router_ids: frozenset[str]


def build(fleet: Fleet, routers: int, rng: random.Random) -> Backbone:
    """Generate the backbone records for ``routers`` routers."""
    urls, now = fleet.urls, fleet.now
    root = 10_000 + rng.randrange(1000)
    account_ids = [root, *(root + 7 * k for k in range(1, 5))]
    accounts: list[dict[str, Any]] = [
        {
            "account": urls.v2("accounts", root),
            "id": str(a),
            "is_disabled": False,
            "name": "cradlepoint" if a == root else f"subaccount-{k}",
            "resource_url": urls.v2("accounts", a),
        }
        for k, a in enumerate(account_ids)
    ]
    products: list[dict[str, Any]] = [
        {
            "device_type": kind,
            "id": str(pid),
            "name": name,
            "resource_url": urls.v2("products", pid),
            "series": series,
        }
        for pid, name, kind, series in PRODUCTS
    ]
    firmwares: list[dict[str, Any]] = []
    latest: dict[int, int] = {}
    for pid, name, _, _ in PRODUCTS:
        for k, version in enumerate(FIRMWARE_VERSIONS):
            fid = 800 + len(firmwares)
            built = now - timedelta(days=400 - 120 * k, seconds=pid)
            firmwares.append(
                {
                    "built_at": iso(built.replace(microsecond=0)),
                    "default_configuration": f"{urls.v2('firmwares', fid)}default_configuration/",
                    "expires_at": iso((built + timedelta(days=1500)).replace(microsecond=0)),
                    "hash": f"{rng.getrandbits(160):040x}",
                    "id": str(fid),
                    "is_deprecated": k == 0,
                    "product": urls.v2("products", pid),
                    "released_at": iso(built.replace(microsecond=0)),
                    "resource_url": urls.v2("firmwares", fid),
                    "uploaded_at": iso(built + timedelta(days=1, microseconds=pid)),
                    "url": f"https://firmware.ncm.sim/{name}-{version}.bin",
                    "version": version,
                }
            )
            latest[pid] = fid
    groups: list[dict[str, Any]] = []
    for k in range(max(4, min(40, routers // 100))):
        pid, pname, kind, _ = PRODUCTS[k % len(PRODUCTS)]
        gid = 200_000 + 13 * k
        groups.append(
            {
                "account": urls.v2("accounts", account_ids[k % len(account_ids)]),
                "configuration": [{}, []],
                "device_type": kind,
                "id": str(gid),
                "name": f"{pname} Group {k}",
                "product": urls.v2("products", pid),
                "resource_url": urls.v2("groups", gid),
                "target_firmware": urls.v2("firmwares", latest[pid]),
            }
        )
    out = Backbone(
        tables={},
        root_account_id=root,
        profiles={},
        router_net_devices={},
        gps_router_ids=frozenset(),
    )
    router_rows, nd_rows, gps = _routers(
        fleet, rng, out, count=routers, groups=groups, latest=latest
    )
    out.gps_router_ids = frozenset(gps)
    out.tables = {
        "accounts": [Row(a, int(a["id"])) for a in accounts],
        "products": [Row(p, int(p["id"])) for p in products],
        "firmwares": [Row(f, int(f["id"])) for f in firmwares],
        "groups": [Row(g, int(g["id"])) for g in groups],
        "routers": router_rows,
        "net_devices": nd_rows,
    }
    return out


def _routers(
    fleet: Fleet,
    rng: random.Random,
    out: Backbone,
    *,
    count: int,
    groups: list[dict[str, Any]],
    latest: dict[int, int],
) -> tuple[list[Row], list[Row], list[str]]:
    urls, now = fleet.urls, fleet.now
    by_id = {int(p[0]): p for p in PRODUCTS}
    router_rows: list[Row] = []
    nd_rows: list[Row] = []
    gps: list[str] = []
    rid = 2_100_000 + rng.randrange(10_000)
    ndid = 74_000_000 + rng.randrange(100_000)
    profile_draws = [rng.random() for _ in range(count)]
    for i in range(count):
        rid += rng.randint(1, 4)
        group = groups[i % len(groups)] if rng.random() > 0.05 else None
        pid = int(group["product"].rstrip("/").rsplit("/", 1)[-1]) if group else PRODUCTS[i % 10][0]
        _, pname, kind, _ = by_id[pid]
        account = group["account"] if group else urls.v2("accounts", out.root_account_id)
        created = now - timedelta(days=30 + rng.randrange(1500), microseconds=rng.randrange(10**6))
        state = "online" if rng.random() < 0.85 else "offline"
        has_gps = kind == "router" and rng.random() < 0.3
        mac_tail = f"{rid & 0xFFFFFF:06x}"
        mac = "00:30:44:" + ":".join(mac_tail[k : k + 2] for k in (0, 2, 4))
        router = {
            "account": account,
            "actual_firmware": urls.v2("firmwares", latest[pid]),
            "asset_id": f"ASSET-{i:05d}" if i % 7 == 0 else None,
            "config_status": "synched" if rng.random() < 0.9 else "pending",
            "configuration_manager": f"{urls.v2('routers', rid)}configuration_manager/",
            "created_at": iso(created),
            "custom1": None,
            "custom2": None,
            "description": f"{pname} at site {i}",
            "device_type": kind,
            "full_product_name": pname,
            "group": group["resource_url"] if group else None,
            "id": str(rid),
            "ipv4_address": _ip(rng, rng.randint(11, 223)),
            "last_known_location": urls.v2("locations", rid + 500_000) if has_gps else None,
            "locality": LOCALITIES[i % len(LOCALITIES)],
            "mac": mac,
            "name": f"{pname}-{mac_tail[-3:]}",
            "product": urls.v2("products", pid),
            "reboot_required": False,
            "resource_url": urls.v2("routers", rid),
            "serial_number": f"WA{2000 + i % 9}{rid % 100000:05d}{pname[:2]}",
            "state": state,
            "state_updated_at": iso(now - timedelta(minutes=rng.randrange(1, 600))),
            "target_firmware": group["target_firmware"]
            if group
            else urls.v2("firmwares", latest[pid]),
            "updated_at": iso(now - timedelta(hours=rng.randrange(1, 2000))),
            "upgrade_pending": False,
        }
        router_rows.append(Row(router, rid))
        draw = profile_draws[i]
        profile = (
            "busy" if draw < 0.02 or i == 1 else "quiet" if draw > 0.97 or i == 2 else "normal"
        )
        out.profiles[str(rid)] = profile
        if has_gps:
            gps.append(str(rid))
        modems = 1 if kind == "router" else 0
        modems += 1 if kind == "router" and rng.random() < 0.2 else 0
        nds = []
        for k in range(1 + modems):
            ndid += rng.randint(1, 9)
            nd_rows.append(_net_device(fleet, rng, router, ndid=ndid, k=k))
            nds.append(str(ndid))
        out.router_net_devices[str(rid)] = nds
    return router_rows, nd_rows, gps


def _net_device(
    fleet: Fleet, rng: random.Random, router: dict[str, Any], *, ndid: int, k: int
) -> Row:
    urls = fleet.urls
    state = router["state"]
    if k == 0:
        nd = dict(NET_DEVICE_ETHERNET)
        nd["connection_state"] = "connected" if state == "online" else "disconnected"
        nd["mac"] = router["mac"]
    else:
        nd = dict(NET_DEVICE_MODEM)
        imei = f"35{rng.randrange(10**13):013d}"
        nd["carrier"] = CARRIERS[(ndid + k) % len(CARRIERS)]
        nd["connection_state"] = "connected" if state == "online" and k == 1 else "ready"
        nd["iccid"] = f"8901{rng.randrange(10**15):015d}"
        nd["imei"] = nd["gsn"] = nd["serial"] = imei
        nd["meid"] = imei[:14]
        nd["name"] = f"mdm-{ndid & 0xFFFFFFF:07x}"
        nd["uid"] = f"{ndid & 0xFFFFFFF:07x}"
        nd["port"] = f"int{k}"
        nd["model"] = f"Internal LPE (SIM{k})"
        nd["mfg_product"] = f"Internal LPE (SIM{k})"
    if nd["connection_state"] == "connected":
        nd["ipv4_address"] = _ip(rng, 10)
    nd["summary"] = nd["connection_state"]
    nd["account"] = router["account"]
    nd["hostname"] = router["name"]
    nd["id"] = str(ndid)
    nd["resource_url"] = urls.v2("net_devices", ndid)
    nd["router"] = router["resource_url"]
    nd["updated_at"] = iso(fleet.now - timedelta(minutes=rng.randrange(1, 5000)))
    nd["uptime"] = (
        float(rng.randrange(100, 10**6)) if nd["connection_state"] == "connected" else None
    )
    return Row(nd, ndid, {"router_id": int(router["id"])})


def _ip(rng: random.Random, first: int) -> str:
    return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randint(2, 254)}"

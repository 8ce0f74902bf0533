"""Device-side records: apps, failovers, net_device health and metrics, speed tests."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

Builder = Callable[["Fleet", random.Random], list[Row]]


def _rows(fleet: Fleet, endpoint: str) -> list[dict[str, Any]]:
    return [r.data for r in fleet.table(endpoint).ordered()]


def new_uuid(rng: random.Random) -> str:
    """A random (version 4) UUID from a seeded generator."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def device_apps(fleet: Fleet, rng: random.Random) -> list[Row]:
    """NCOS SDK apps uploaded to the account."""
    out = []
    for k, name in enumerate(("hello_world", "gps_logger", "modbus_bridge")):
        aid = 1441 + k
        created = fleet.now - timedelta(days=100 - 10 * k, microseconds=rng.randrange(10**6))
        data = {
            "account": fleet.urls.v2("accounts", fleet.root_account_id),
            "created_at": iso(created),
            "description": name,
            "id": str(aid),
            "name": name,
            "resource_url": fleet.urls.v2("device_apps", aid),
            "updated_at": iso(created + timedelta(seconds=7)),
            "uuid": new_uuid(rng),
        }
        out.append(Row(data, aid))
    return out


def device_app_versions(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Two versions of each app."""
    out = []
    for app in _rows(fleet, "device_apps"):
        for k in range(2):
            vid = 8600 + 2 * (int(app["id"]) - 1441) + k
            data = {
                "account": app["account"],
                "app": app["resource_url"],
                "created_at": app["created_at"],
                "id": str(vid),
                "resource_url": fleet.urls.v2("device_app_versions", vid),
                "state": "ready",
                "state_details": "",
                "updated_at": app["updated_at"],
                "version": f"{k + 1}.0.0",
            }
            out.append(Row(data, vid))
    return out


def device_app_bindings(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The latest version of the first app bound to the first two groups."""
    version = _rows(fleet, "device_app_versions")[1]
    out = []
    for k, group in enumerate(_rows(fleet, "groups")[:2]):
        bid = 12_526 + k
        data = {
            "account": group["account"],
            "app_version": version["resource_url"],
            "created_at": version["created_at"],
            "group": group["resource_url"],
            "id": str(bid),
            "resource_url": fleet.urls.v2("device_app_bindings", bid),
            "state": "started",
            "updated_at": version["updated_at"],
        }
        out.append(Row(data, bid))
    return out


def device_app_states(fleet: Fleet, rng: random.Random) -> list[Row]:
    """App state on each router of a group with a binding."""
    bindings = {b["group"]: b for b in _rows(fleet, "device_app_bindings")}
    out = []
    for router in _rows(fleet, "routers"):
        binding = bindings.get(router["group"])
        if binding is None:
            continue
        sid = int(router["id"]) + 3_000_000
        data = {
            "account": router["account"],
            "app_version": binding["app_version"],
            "state": "started" if router["state"] == "online" else "stopped",
            "router": router["resource_url"],
            "created_at": binding["created_at"],
            "updated_at": iso(fleet.now - timedelta(minutes=rng.randrange(1, 900))),
            "id": str(sid),
            "resource_url": fleet.urls.v2("device_app_states", sid),
        }
        out.append(Row(data, sid))
    return out


def failovers(fleet: Fleet, rng: random.Random) -> list[Row]:
    """WAN failover events of about one router in ten (integer ``*_id`` fields)."""
    groups = {g["resource_url"]: g for g in _rows(fleet, "groups")}
    out = []
    for router in _rows(fleet, "routers"):
        if int(router["id"]) % 10:
            continue
        group = groups.get(router["group"])
        started = fleet.now - timedelta(seconds=rng.randrange(int(fleet.window.total_seconds())))
        elapsed = rng.randint(5, 900)
        data = {
            "account_id": int(router["account"].rstrip("/").rsplit("/", 1)[-1]),
            "carrier_name": "Verizon",
            "current_wan_interface": "ethernet-wan",
            "current_wan_priority": round(rng.random(), 8),
            "data_usage": rng.randrange(10**6),
            "elapsed_time": elapsed,
            "ended_at": iso(started + timedelta(seconds=elapsed)),
            "group_id": int(group["id"]) if group else None,
            "group_name": group["name"] if group else None,
            "percent_data_cap": None,
            "previous_wan_interface": f"mdm-{rng.getrandbits(32):08x}",
            "previous_wan_priority": round(1 + rng.random(), 8),
            "router_id": int(router["id"]),
            "router_name": router["name"],
            "started_at": iso(started),
            "tenant_id": "0013800001TB9s1",
            "updated_at": iso(started + timedelta(seconds=elapsed + 60)),
            "uuid": new_uuid(rng),
        }
        out.append(Row(data, (started, data["uuid"]), {"id": data["uuid"]}))
    return out


def net_device_health(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Cellular health of every modem."""
    out = []
    for nd in _rows(fleet, "net_devices"):
        if nd["type"] != "mdm":
            continue
        hid = int(nd["id"]) - 40_000_000
        score = rng.randint(10, 100)
        category = "excellent" if score > 80 else "good" if score > 50 else "poor"
        data = {
            "cellular_health_category": category,
            "cellular_health_score": score,
            "id": str(hid),
            "net_device": nd["resource_url"],
            "resource_url": fleet.urls.v2("net_device_health", hid),
        }
        out.append(Row(data, hid))
    return out


def net_device_metrics(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Latest metrics per net_device (the docs' example shares the net_device's id)."""
    out = []
    for nd in _rows(fleet, "net_devices"):
        modem = nd["type"] == "mdm"
        mid = int(nd["id"])
        data = {
            "bmask_applied": None,
            "bytes_in": rng.randrange(10**9),
            "bytes_out": rng.randrange(10**9),
            "cell_id": str(rng.randrange(10**8)) if modem else None,
            "cinr": None,
            "dbm": rng.randint(-110, -60) if modem else None,
            "ecio": None,
            "id": str(mid),
            "lac": None,
            "mcc": "310" if modem else None,
            "mnc": "410" if modem else None,
            "net_device": nd["resource_url"],
            "resource_url": fleet.urls.v2("net_device_metrics", mid),
            "rsrp": float(rng.randint(-120, -80)) if modem else None,
            "rsrq": float(rng.randint(-20, -5)) if modem else None,
            "rssi": None,
            "rssnr": None,
            "service_type": "LTE" if modem else "Ethernet",
            "signal_strength": rng.randint(0, 100) if modem else None,
            "sinr": round(rng.uniform(-5, 30), 1) if modem else None,
            "tac": None,
            "update_ts": iso(fleet.now - timedelta(seconds=rng.randrange(1, 3600))),
        }
        out.append(Row(data, mid))
    return out


def speed_test(fleet: Fleet, rng: random.Random) -> list[Row]:
    """A few finished speed tests (``resource_uri``, as in the docs)."""
    modems = [nd for nd in _rows(fleet, "net_devices") if nd["type"] == "mdm"][:3]
    out = []
    for k, nd in enumerate(modems):
        sid = 47_535 + k
        created = fleet.now - timedelta(days=k + 1, microseconds=rng.randrange(10**6))
        data = {
            "account": fleet.urls.v2("accounts", fleet.root_account_id),
            "config": {
                "host": "speedtest.example.com",
                "max_test_concurrency": 5,
                "net_device_ids": [int(nd["id"])],
                "port": 12865,
                "size": None,
                "test_timeout": 10,
                "test_type": "TCP Download",
                "time": 10,
            },
            "created_at": iso(created),
            "id": str(sid),
            "progress": {"completed": 1, "total_count": 1},
            "resource_uri": fleet.urls.v2("speed_test", sid),
            "results": [
                {
                    "created_at": str(created),
                    "net_device_id": int(nd["id"]),
                    "results": f"TCP Download Throughput: {rng.uniform(5, 90):.2f} Mbps",
                    "router_id": int(nd["router"].rstrip("/").rsplit("/", 1)[-1]),
                    "state": "success",
                    "updated_at": str(created + timedelta(seconds=3)),
                }
            ],
            "state": "complete",
            "updated_at": iso(created + timedelta(minutes=1)),
        }
        out.append(Row(data, sid))
    return out


BUILDERS: dict[str, Builder] = {
    "device_apps": device_apps,
    "device_app_versions": device_app_versions,
    "device_app_bindings": device_app_bindings,
    "device_app_states": device_app_states,
    "failovers": failovers,
    "net_device_health": net_device_health,
    "net_device_metrics": net_device_metrics,
    "speed_test": speed_test,
}
"""Endpoint name -> builder of its rows."""

"""v3 records about WAN links: eSIM profiles and their jobs, Starlink terminals and theirs.

Every fifth modem is an eSIM (eUICC) with two or three profiles, one active;
management tasks and a bulk activation (a parent job with one child per CSV
line) make up their history. Every tenth router has a Starlink terminal on an
Ethernet WAN port, with past reboots, stows and diagnostics runs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row
from ncm_async.testing.v3_rows import ref, row, uid

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

_TASKS = ("esim_profiles_nickname", "esim_profiles_active", "esim_profiles_delete")


def _table(fleet: Fleet, path: str) -> list[Row]:
    from ncm_async.testing.v3_data import fleet_v3_table

    return fleet_v3_table(fleet, path).ordered()


def esim_profiles(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Two or three profiles per eSIM modem; the first is active and operational."""
    out = []
    modems = [n for n in fleet.net_devices if n["type"] == "mdm"][::5]
    for modem in modems:
        eid = f"890330233211800000{rng.randrange(10**14):014d}"
        for k in range(rng.randint(2, 3)):
            carrier = modem["carrier"] if k == 0 else rng.choice(("AT&T", "Verizon", "T-Mobile"))
            created = fleet.now - timedelta(days=rng.randrange(20, 300))
            attributes = {
                "active": k == 0,
                "carrier": carrier,
                "classification": "operational" if k < 2 else "provisioning",
                "eid": eid,
                "iccid": modem["iccid"] if k == 0 else f"8901{rng.randrange(10**15):015d}",
                "nickname": f"{carrier.lower()}-{k}",
                "profile_name": f"{carrier} eSIM",
                "created_at": iso(created),
                "updated_at": iso(created + timedelta(days=rng.randrange(0, 15))),
            }
            relationships = {"net_device": ref("net_devices", modem["id"])}
            out.append(
                row(str(rng.randrange(10**6, 10**7)), "esim_profiles", attributes, relationships)
            )
    return out


def esim_tasks(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Past management tasks on some profiles, all finished."""
    out = []
    for profile in _table(fleet, "beta/esim_profiles")[::4]:
        rtype = rng.choice(_TASKS[:2])
        attributes = {
            "state": "succeeded",
            "status": "complete",
            "status_code": 200,
            "detailed_status": None,
            "created_at": iso(fleet.now - timedelta(days=rng.randrange(1, 20))),
        }
        if rtype == "esim_profiles_nickname":
            attributes["nickname"] = profile.data["attributes"]["nickname"]
        relationships = {"profile": ref("esim_profiles", profile.data["id"])}
        out.append(row(uid(rng), rtype, attributes, relationships))
    return out


def esim_activations(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One finished bulk activation: the parent job and a child per activated EID."""
    eids = sorted({p.data["attributes"]["eid"] for p in _table(fleet, "beta/esim_profiles")})[:4]
    created = iso(fleet.now - timedelta(days=10))
    parent = uid(rng)
    attributes = {
        "operation": "execute",
        "state": "completed",
        "file_name": "activations.csv",
        "total": len(eids),
        "created_at": created,
    }
    out = [row(parent, "bulk_esim_profile_activations", attributes)]
    for eid in eids:
        child = {
            "eid": eid,
            "nickname": None,
            "state": "success",
            "error": None,
            "created_at": created,
        }
        relationships = {"parent": ref("bulk_esim_profile_activations", parent)}
        out.append(row(uid(rng), "esim_profile_activations", child, relationships))
    return out


def starlink_interfaces(fleet: Fleet, rng: random.Random) -> list[Row]:
    """A Starlink terminal on the Ethernet WAN of every tenth router."""
    out = []
    for router in fleet.routers[::10]:
        wan = next(
            (
                n
                for n in fleet.net_devices
                if n["router"] == router["resource_url"] and n["type"] == "ethernet"
            ),
            None,
        )
        if wan is None:
            continue
        attributes = {
            "carrier": "Starlink",
            "gateway_ip": "100.64.0.1",
            "port": wan["port"],
            "software_version": f"2024.{rng.randint(10, 52)}.0.mr{rng.randrange(10000, 99999)}",
            "terminal_identifier": f"ut{rng.getrandbits(64):016x}-{rng.getrandbits(32):08x}",
            "state": "connected" if router["state"] == "online" else "disconnected",
        }
        relationships = {
            "net_device": ref("net_devices", wan["id"]),
            "router": ref("routers", router["id"]),
        }
        out.append(row(uid(rng), "starlink_interfaces", attributes, relationships))
    return out


def _jobs(fleet: Fleet, rng: random.Random, rtype: str, every: int) -> list[Row]:
    out = []
    for interface in _table(fleet, "starlink_interfaces")[::every]:
        attributes: dict[str, Any] = {
            "status": "completed",
            "created_at": iso(fleet.now - timedelta(hours=rng.randrange(1, 24 * 30))),
        }
        if rtype == "starlink_interface_stows":
            attributes["action"] = rng.choice(("stow", "unstow"))
        if rtype == "starlink_diagnostics":
            attributes |= {
                "obstruction_percent": round(rng.uniform(0, 8), 2),
                "pop_ping_latency_ms": round(rng.uniform(20, 60), 1),
                "downlink_throughput_mbps": round(rng.uniform(40, 250), 1),
                "uplink_throughput_mbps": round(rng.uniform(5, 30), 1),
            }
        relationships = {"starlink_interface": ref("starlink_interfaces", interface.data["id"])}
        out.append(row(uid(rng), rtype, attributes, relationships))
    return out


def starlink_reboots(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Past reboots of every other terminal."""
    return _jobs(fleet, rng, "starlink_interface_reboots", 2)


def starlink_stows(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Past stows and unstows of every third terminal."""
    return _jobs(fleet, rng, "starlink_interface_stows", 3)


def starlink_diagnostics(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One diagnostics run per terminal."""
    return _jobs(fleet, rng, "starlink_diagnostics", 1)


BUILDERS: dict[str, Callable[[Fleet, random.Random], list[Row]]] = {
    "beta/esim_profiles": esim_profiles,
    "beta/esim_profiles/manage": esim_tasks,
    "beta/esim_profile_activations": esim_activations,
    "starlink_interfaces": starlink_interfaces,
    "starlink_interfaces/reboots": starlink_reboots,
    "starlink_interfaces/stows": starlink_stows,
    "starlink_diagnostics": starlink_diagnostics,
}
"""Record builders by v3 path."""

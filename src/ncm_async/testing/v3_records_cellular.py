"""v3 records of a private cellular (CBRS) network: network, core, radios, SIMs, statuses.

The docs only name these beta paths (update table, 2023-07-12), so the records
sketch one site network with the parts such a deployment has: a core, two
radio groups of two radios, a radio status each, and twenty SIMs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row
from ncm_async.testing.v3_rows import ref, row

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

_NETWORK = "pcn-0001"


def networks(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The site's network."""
    attributes = {"name": "warehouse-cbrs", "band": "48", "plmn": "315010", "status": "online"}
    return [row(_NETWORK, "private_cellular_networks", attributes)]


def cores(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Its packet core."""
    attributes = {"name": "core-1", "version": "4.2.1", "status": "online"}
    return [
        row(
            "pcc-0001",
            "private_cellular_cores",
            attributes,
            {"network": ref("private_cellular_networks", _NETWORK)},
        )
    ]


def radio_groups(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Two radio groups (indoor, yard)."""
    return [
        row(
            f"prg-000{k}",
            "private_cellular_radio_groups",
            {"name": name},
            {"network": ref("private_cellular_networks", _NETWORK)},
        )
        for k, name in enumerate(("indoor", "yard"), start=1)
    ]


def radios(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Two radios per group."""
    out = []
    for k in range(1, 5):
        group = f"prg-000{(k + 1) // 2}"
        attributes = {
            "name": f"radio-{k}",
            "serial_number": f"CBRS{rng.randrange(10**8):08d}",
            "earfcn": 55240 + 100 * k,
        }
        relationships = {
            "network": ref("private_cellular_networks", _NETWORK),
            "radio_group": ref("private_cellular_radio_groups", group),
        }
        out.append(row(f"pcr-000{k}", "private_cellular_radios", attributes, relationships))
    return out


def radio_statuses(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The latest status report of each radio."""
    return [
        row(
            f"prs-000{k}",
            "private_cellular_radio_statuses",
            {
                "status": "online" if k != 4 else "offline",
                "connected_ues": rng.randint(0, 12) if k != 4 else 0,
                "updated_at": iso(fleet.now),
            },
            {"radio": ref("private_cellular_radios", f"pcr-000{k}")},
        )
        for k in range(1, 5)
    ]


def sims(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Twenty SIMs of the network, most of them in use."""
    out = []
    for k in range(20):
        attributes = {
            "iccid": f"8901315010{k:09d}",
            "imsi": f"315010{rng.randrange(10**9):09d}",
            "state": "active" if k < 16 else "inactive",
        }
        relationships = {"network": ref("private_cellular_networks", _NETWORK)}
        out.append(row(f"pcs-{k:04d}", "private_cellular_sims", attributes, relationships))
    return out


BUILDERS: dict[str, Callable[[Fleet, random.Random], list[Row]]] = {
    "beta/private_cellular_networks": networks,
    "beta/private_cellular_cores": cores,
    "beta/private_cellular_radios": radios,
    "beta/private_cellular_radio_groups": radio_groups,
    "beta/private_cellular_sims": sims,
    "beta/private_cellular_radio_statuses": radio_statuses,
}
"""Record builders by v3 path."""

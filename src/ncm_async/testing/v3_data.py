"""The v3 records the simulator serves: every documented path has a builder.

Attribute names follow what the vendor's client and the docs show (see
``data/v3_endpoints.json`` for the sources); volumes follow the fleet (one
asset per router, SIM assets per modem, a few jobs per device where a real
account keeps a history). Tables are built on first access from generators
seeded by ``(seed, path)``, so data never depends on the order of requests.
asset_endpoints mirror the v2 routers (their MAC addresses without colons,
upper case), in their own id space.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing import (
    v3_records_access,
    v3_records_cellular,
    v3_records_devices,
    v3_records_wan,
)
from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row, Table
from ncm_async.testing.v3_rows import TENANT_ID, ref, row, uid

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

__all__ = ["BUILDERS", "fleet_v3_table", "ref"]

_RESOURCE_TYPES = (
    "exchange_fqdn_resources",
    "exchange_wildcard_fqdn_resources",
    "exchange_ipsubnet_resources",
    "exchange_http_resources",
    "exchange_https_resources",
)


def tenants(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The account's tenant."""
    return [row(TENANT_ID, "tenants", {"name": "cradlepoint", "type": "customer"})]


def users(fleet: Fleet, rng: random.Random) -> list[Row]:
    """v3 users (collaborators would carry fewer attributes; all are full users here)."""
    out = []
    for stored in fleet.table("users").ordered():
        v2 = stored.data
        attributes = {
            "email": v2["email"],
            "first_name": v2["first_name"],
            "is_active": True,
            "last_login": iso(fleet.now - timedelta(hours=rng.randrange(1, 500))),
            "last_name": v2["last_name"],
            "pending_email": None,
        }
        out.append(row(uid(rng), "users", attributes, {"tenant": ref("tenants", TENANT_ID)}))
    return out


def subscriptions(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Commerce subscriptions with start/end times around ``now``."""
    names = ("NetCloud Essentials", "NetCloud Advanced", "NetCloud Exchange", "Branch Essentials")
    out = []
    for k in range(24):
        start = fleet.now - timedelta(days=rng.randrange(30, 700))
        attributes = {
            "end_time": iso(start + timedelta(days=365 * rng.randint(1, 3))),
            "name": names[k % len(names)],
            "quantity": rng.randint(1, 500),
            "start_time": iso(start),
            "type": ("BA-NCESS", "BA-NCADV", "BA-NCX", "BE-NCESS")[k % 4],
        }
        out.append(
            row(
                uid(rng),
                "subscriptions",
                attributes,
                {"tenants": ref("tenants", TENANT_ID)},
            )
        )
    return out


def asset_endpoints(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One asset per v2 router."""
    out = []
    for stored in fleet.table("routers").ordered():
        router = stored.data
        attributes = {
            "hardware_series": router["full_product_name"],
            "hardware_series_key": router["full_product_name"].lower(),
            "mac_address": router["mac"].replace(":", "").upper(),
            "serial_number": router["serial_number"],
        }
        out.append(row(uid(rng), "asset_endpoints", attributes))
    return out


def regrades(fleet: Fleet, rng: random.Random) -> list[Row]:
    """A few finished regrades."""
    out = []
    assets = fleet_v3_table(fleet, "asset_endpoints").ordered()[:3]
    for asset in assets:
        created = fleet.now - timedelta(days=rng.randrange(1, 30))
        attributes = {
            "action": "UPGRADE",
            "action_id": uid(rng),
            "created_at": iso(created),
            "error_code": None,
            "mac_address": asset.data["attributes"]["mac_address"],
            "status": "SUCCEEDED",
            "subscription_type": "BA-NCADV",
        }
        out.append(row(uid(rng), "regrades", attributes))
    return out


def exchange_sites(fleet: Fleet, rng: random.Random) -> list[Row]:
    """NetCloud Exchange sites on the first routers."""
    out = []
    for k, rid in enumerate(fleet.router_ids[:3]):
        attributes = {
            "lan_as_dns": False,
            "local_domain": f"site{k}.example.internal",
            "name": f"site-{k}",
            "primary_dns": "8.8.8.8",
            "secondary_dns": None,
        }
        relationships = {
            "exchange_network": ref("exchange_networks", "net-0001"),
            "endpoints": {"data": [{"type": "endpoints", "id": str(rid)}]},
        }
        out.append(row(uid(rng), "exchange_user_managed_sites", attributes, relationships))
    return out


def exchange_resources(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Two resources per exchange site."""
    out = []
    for k, site in enumerate(fleet_v3_table(fleet, "beta/exchange_sites").ordered()):
        for j in range(2):
            rtype = _RESOURCE_TYPES[(k + j) % len(_RESOURCE_TYPES)]
            attributes: dict[str, Any] = {"domain": f"app{j}.site{k}.example.internal"}
            attributes["name"] = f"resource-{k}-{j}"
            attributes |= {
                "protocols": ["TCP"],
                "port_ranges": [{"lower_limit": 443, "upper_limit": 443}],
            }
            relationships = {
                "exchange_site": ref("exchange_sites", site.data["id"]),
                "exchange_network": ref("exchange_networks", "net-0001"),
            }
            out.append(row(uid(rng), rtype, attributes, relationships))
    return out


BUILDERS: dict[str, Callable[[Fleet, random.Random], list[Row]]] = {
    "tenants": tenants,
    "users": users,
    "subscriptions": subscriptions,
    "asset_endpoints": asset_endpoints,
    "asset_endpoints/regrades": regrades,
    "beta/exchange_sites": exchange_sites,
    "beta/exchange_resources": exchange_resources,
    **v3_records_access.BUILDERS,
    **v3_records_devices.BUILDERS,
    **v3_records_cellular.BUILDERS,
    **v3_records_wan.BUILDERS,
}
"""Record builders by v3 path."""


def fleet_v3_table(fleet: Fleet, path: str) -> Table:
    """The v3 table at ``path``, built on first access (keys are JSON:API ids)."""
    key = f"v3:{path}"
    table = fleet.extra_tables.get(key)
    if table is None:
        table = Table(key, "id", BUILDERS[path](fleet, fleet.rng("v3", path)))
        fleet.extra_tables[key] = table
    return table

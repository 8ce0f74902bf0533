"""v3 records about who may do what: authorizations, migrations, remote access.

Roles are NCM's account roles; remote connect profiles come in the six documented
types; unmasked Wi-Fi passwords are one per SSID of a router (one or two radios).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row
from ncm_async.testing.v3_rows import TENANT_ID, ref, row, uid

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

ROLES = ("admin", "full_access", "read_only", "no_access")
_PROFILES = (
    ("remote_connect_ssh_profile", 22, "ssh"),
    ("remote_connect_http_profile", 80, "http"),
    ("remote_connect_https_profile", 443, "https"),
    ("remote_connect_rdp_profile", 3389, "rdp"),
    ("remote_connect_vnc_profile", 5900, "vnc"),
    ("remote_connect_serial_profile", 0, "serial"),
)


def _v3_users(fleet: Fleet) -> list[str]:
    from ncm_async.testing.v3_data import fleet_v3_table

    return [r.data["id"] for r in fleet_v3_table(fleet, "users").ordered()]


def account_authorizations(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One role per v3 user on the account (the first user is the administrator)."""
    account = str(fleet.root_account_id)
    return [
        row(
            uid(rng),
            "account_authorizations",
            {"role": "admin" if k == 0 else rng.choice(ROLES[1:])},
            {"user": ref("users", user), "account": ref("accounts", account)},
        )
        for k, user in enumerate(_v3_users(fleet))
    ]


def tenant_authorizations(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Tenant-level roles of the first users (the others have account roles only)."""
    return [
        row(
            uid(rng),
            "tenant_authorizations",
            {"role": rng.choice(ROLES[:3])},
            {"user": ref("users", user), "tenant": ref("tenants", TENANT_ID)},
        )
        for user in _v3_users(fleet)[:4]
    ]


def migrations(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The organization's history: it was created, later a tenant was merged in."""
    created = fleet.now - timedelta(days=400)
    admin = _v3_users(fleet)[:1] or ["0"]
    return [
        row(
            uid(rng),
            "create_organizations",
            {
                "organization_name": "cradlepoint",
                "idle_timeout": 3600,
                "enhanced_login_security_enabled": True,
                "mfa_required": False,
                "status": "completed",
                "created_at": iso(created),
            },
            {"organization_administrator": ref("users", admin[0])},
        ),
        row(
            uid(rng),
            "merge_organizations",
            {"status": "completed", "created_at": iso(created + timedelta(days=90))},
            {
                "source_tenant": ref("tenants", "0013800001Zq7a2"),
                "target": ref("tenants", TENANT_ID),
            },
        ),
    ]


def unmasked_wifi_passwords(fleet: Fleet, rng: random.Random) -> list[Row]:
    """The SSIDs of every router with their passphrases (2.4 GHz, and 5 GHz on most)."""
    out = []
    for router in fleet.routers:
        bands = ("2.4 GHz", "5 GHz") if rng.random() < 0.7 else ("2.4 GHz",)
        for k, band in enumerate(bands):
            attributes = {
                "ssid": f"{router['name']}-{'5g' if k else 'wifi'}",
                "password": f"{rng.getrandbits(48):012x}",
                "radio": band,
                "security": "wpa2psk",
            }
            rid = f"{router['id']}-{k}"
            out.append(
                row(
                    rid,
                    "unmasked_wifi_passwords",
                    attributes,
                    {"router": ref("routers", router["id"])},
                )
            )
    return out


def remote_connect_profiles(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Remote connect profiles on every tenth router, one to three types each."""
    out = []
    for router in fleet.routers[::10]:
        for rtype, port, kind in rng.sample(_PROFILES, rng.randint(1, 3)):
            attributes = {
                "name": f"{kind}-{router['name']}",
                "address": f"192.168.0.{rng.randint(2, 254)}",
                "port": port,
            }
            if rtype == "remote_connect_ssh_profile":
                attributes["username"] = "admin"
            out.append(row(uid(rng), rtype, attributes, {"router": ref("routers", router["id"])}))
    return out


def lan_manager_options(fleet: Fleet, rng: random.Random) -> list[Row]:
    """LAN manager switched on or off for the routers that manage LAN devices."""
    from ncm_async.testing.v3_data import fleet_v3_table

    routers = {
        r.data["relationships"]["router"]["data"]["id"]
        for r in fleet_v3_table(fleet, "lan_devices").ordered()
    }
    account = str(fleet.root_account_id)
    return [
        row(
            uid(rng),
            "lan_manager_options",
            {"enabled": rng.random() < 0.8},
            {"router": ref("routers", rid), "account": ref("accounts", account)},
        )
        for rid in sorted(routers, key=int)
    ]


BUILDERS: dict[str, Callable[[Fleet, random.Random], list[Row]]] = {
    "beta/account_authorizations": account_authorizations,
    "beta/tenant_authorizations": tenant_authorizations,
    "organizations/migrations": migrations,
    "unmasked_wifi_passwords": unmasked_wifi_passwords,
    "remote_connect_profiles": remote_connect_profiles,
    "lan_manager_options": lan_manager_options,
}
"""Record builders by v3 path."""

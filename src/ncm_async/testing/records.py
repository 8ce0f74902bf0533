"""Records of the endpoints that hang off the backbone, shaped like the example bodies.

One builder per endpoint, ``(fleet, rng) -> rows``, called the first time the
endpoint is used. Quirks of the documented examples are kept on purpose: the
``%2B`` in alert_push_destinations ``updated_at``, speed_test's ``resource_uri``,
failovers' integer ``*_id`` fields, locations' bare router id.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing import records_devices
from ncm_async.testing.links import iso, iso_z
from ncm_async.testing.tables import Row
from ncm_async.testing.templates import configuration
from ncm_async.testing.timeuuid import key_of, timeuuid

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

Builder = Callable[["Fleet", random.Random], list[Row]]

_ACTORS = ("system", "user", "api_key", "router", "sso_user", "access_point")
_ACTIONS = ("create", "delete", "update", "request", "report", "login", "logout")
_OBJECTS = ("account", "user", "group", "router", "schedule", "sso_user", "task")


def _id(data: dict[str, Any]) -> int:
    return int(data["id"])


def _routers(fleet: Fleet) -> list[dict[str, Any]]:
    return [r.data for r in fleet.table("routers").ordered()]


def _uuid_at(fleet: Fleet, rng: random.Random, ago: timedelta) -> str:
    return str(timeuuid(fleet.now - ago, rng.getrandbits(14), rng.getrandbits(48) | 1 << 40))


def activity_logs(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Account activity, keyed by the action's timeuuid (paged by ``action__id__lt``)."""
    out = []
    for _ in range(int(30 * fleet.window.days * fleet.density) + 1):
        ago = timedelta(microseconds=rng.randrange(int(fleet.window / timedelta(microseconds=1))))
        action_id = _uuid_at(fleet, rng, ago)
        actor, action, obj = rng.randrange(6), rng.randrange(7), rng.randrange(7)
        data = {
            "action": {
                "after": {"name": f"after-{rng.randrange(1000)}"},
                "before": {"name": f"before-{rng.randrange(1000)}"},
                "id": action_id,
                "timestamp": iso_z(fleet.now - ago),
                "type": action + 1,
                "type_name": _ACTIONS[action],
            },
            "actor": {
                "email": f"actor{actor}@example.com",
                "id": f"{rng.getrandbits(64):016x}",
                "type": actor + 1,
                "type_name": _ACTORS[actor],
            },
            "object": {
                "id": str(rng.randrange(10**8)),
                "type": obj + 1,
                "type_name": _OBJECTS[obj],
            },
        }
        hidden = {"account": fleet.root_account_id, "created_at": data["action"]["timestamp"]}
        hidden["id"] = action_id
        out.append(Row(data, key_of(action_id), hidden))
    return out


def alert_push_destinations(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Webhook destinations, addressed by ``destination_config_id``."""
    out = []
    for k in range(3):
        ago = timedelta(days=20 - k, seconds=rng.randrange(86400))
        config_id = _uuid_at(fleet, rng, ago)
        data = {
            "account": fleet.urls.v2("accounts", fleet.root_account_id),
            "authentication": {"secret": "*"},
            "destination_config_id": config_id,
            "enabled": True,
            "endpoint": {"url": f"https://hooks{k}.example.com/ncm"},
            "last_error_at": None,
            "last_error_text": None,
            "name": f"push-{k}",
            "suspended": k == 2,
            "updated_at": iso(fleet.now - ago).replace("+", "%2B"),
        }
        out.append(Row(data, key_of(config_id)))
    return out


def alert_rules(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Alert rules, addressed by ``alert_config_id``."""
    destinations = [r.data["destination_config_id"] for r in fleet.table("alert_push_destinations")]
    users = [int(r.data["id"]) for r in fleet.table("users")]
    types = (["login_success"], ["connection_state", "cpu_utilization"], ["account_locked"])
    out = []
    for k, alert_types in enumerate(types):
        ago = timedelta(days=15 - k, seconds=rng.randrange(86400))
        config_id = _uuid_at(fleet, rng, ago)
        data = {
            "account": fleet.urls.v2("accounts", fleet.root_account_id),
            "alert_config_id": config_id,
            "associated_accounts": [fleet.root_account_id],
            "associated_groups": [],
            "email_destinations": users[:k],
            "external_rules": None,
            "filter_criteria": {"alert_type__in": alert_types},
            "http_destinations": destinations[:1],
            "last_summary_ts": None,
            "schedule": ("daily", "hourly", None)[k],
            "settings": None,
            "updated_at": iso(fleet.now - ago),
        }
        out.append(Row(data, key_of(config_id)))
    return out


def batteries(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Batteries of the routers that have one (about one in twenty)."""
    out: list[Row] = []
    for router in _routers(fleet):
        if int(router["id"]) % 20:
            continue
        bid = 2000 + len(out)
        data = {
            "created_at": iso(fleet.now - timedelta(days=90, seconds=rng.randrange(10**6))),
            "health": rng.randint(60, 100),
            "id": str(bid),
            "manufacturer": "GETAC",
            "milliamps": 0,
            "millivolts": rng.randint(7800, 8400),
            "resource_url": fleet.urls.v2("batteries", bid),
            "router": router["resource_url"],
            "rsoc": rng.randint(20, 100),
            "serial": f"GA{rng.randrange(10**12):012d}",
            "status": "Idle",
            "temp": rng.randint(15, 45),
            "time_remaining": None,
            "type": "battery",
            "updated_at": iso(fleet.now - timedelta(minutes=rng.randrange(1, 500))),
        }
        out.append(Row(data, bid))
    return out


def configuration_managers(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One configuration manager per router (own id space, like the docs' example)."""
    out = []
    for k, router in enumerate(_routers(fleet)):
        cid = int(router["id"]) + 1_000_000
        config = configuration(router["full_product_name"], f"{router['name']}-wifi")
        data = {
            "account": router["account"],
            "actual": [{"ecm": {"config_version": 3 + k % 20}, **config[0]}, []],
            "configuration": config,
            "id": str(cid),
            "pending": [{}, []],
            "resource_url": fleet.urls.v2("configuration_managers", cid),
            "router": router["resource_url"],
            "suspended": False,
            "synched": router["config_status"] == "synched",
            "target": [{"ecm": {"config_version": 3 + k % 20}, **config[0]}, []],
            "version_number": 3 + k % 20,
        }
        out.append(Row(data, cid))
    return out


def locations(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Last known locations of the GPS routers (``router`` is the bare id, as documented)."""
    out = []
    for router in _routers(fleet):
        if router["id"] not in fleet.gps_router_ids:
            continue
        lid = int(router["id"]) + 500_000
        data = {
            "account": router["account"],
            "accuracy": rng.randint(0, 30),
            "id": str(lid),
            "latitude": round(rng.uniform(30.0, 48.0), 7),
            "longitude": round(rng.uniform(-120.0, -75.0), 7),
            "method": "gps",
            "resource_url": fleet.urls.v2("locations", lid),
            "router": router["id"],
            "updated_at": iso(fleet.now - timedelta(minutes=rng.randrange(1, 300))),
        }
        out.append(Row(data, lid))
    return out


def router_lans(fleet: Fleet, rng: random.Random) -> list[Row]:
    """One or two LANs per router."""
    out = []
    for router in _routers(fleet):
        for k in range(1 + int(router["id"]) % 2):
            lid = int(router["id"]) * 2 + k
            data = {
                "account": router["account"],
                "created_at": router["created_at"],
                "enabled": True,
                "id": str(lid),
                "ip_address": f"192.168.{k}.1",
                "name": "Primary LAN" if k == 0 else "Guest LAN",
                "netmask": "255.255.255.0",
                "resource_url": fleet.urls.v2("router_lans", lid),
                "router": router["resource_url"],
                "updated_at": router["updated_at"],
            }
            out.append(Row(data, lid))
    return out


def users(fleet: Fleet, rng: random.Random) -> list[Row]:
    """Account users."""
    names = ("John Smith", "Albert Wilson", "Maria Garcia", "Wei Chen", "Aisha Khan")
    out = []
    for k in range(10):
        first, last = names[k % len(names)].split()
        uid = 63_900 + 17 * k
        data = {
            "account": fleet.urls.v2("accounts", fleet.root_account_id),
            "email": f"{first.lower()}.{last.lower()}{k}@example.com",
            "first_name": first,
            "id": str(uid),
            "last_name": last,
            "resource_url": fleet.urls.v2("users", uid),
            "username": f"{rng.getrandbits(80):020x}"[:16],
        }
        out.append(Row(data, uid))
    return out


BUILDERS: dict[str, Builder] = {
    "activity_logs": activity_logs,
    "alert_push_destinations": alert_push_destinations,
    "alert_rules": alert_rules,
    "batteries": batteries,
    "configuration_managers": configuration_managers,
    "locations": locations,
    "router_lans": router_lans,
    "users": users,
    **records_devices.BUILDERS,
}
"""Endpoint name -> builder of its rows."""

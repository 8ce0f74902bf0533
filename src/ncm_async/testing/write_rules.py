"""What each v2 endpoint requires, fills in and forbids on writes.

The docs give required POST fields per endpoint (``*`` markers and prose), the
read-only fields, the rule that two push destinations may not share a URL, and
the action endpoints' payloads; everything here cites one of those.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ncm_async.testing.bodies import v2_error, validation
from ncm_async.testing.endpoint import SimEndpoint
from ncm_async.testing.kinds import id_text
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls, iso
from ncm_async.testing.tables import Row
from ncm_async.testing.timeuuid import key_of, timeuuid

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

_URLS = Urls(CANONICAL_ORIGIN)

READ_ONLY = frozenset({"id", "resource_url", "resource_uri", "created_at", "updated_at"})
"""Fields a client may echo back but never sets (ignored in bodies)."""

REQUIRED: Mapping[str, tuple[str, ...]] = {
    "accounts": ("name",),
    "alert_push_destinations": ("endpoint", "authentication"),
    "alert_rules": ("filter_criteria",),
    "device_app_bindings": ("app_version", "group"),
    "groups": ("name", "product", "target_firmware"),
    "locations": ("router", "latitude", "longitude"),
    "speed_test": ("config",),
}
"""Fields a POST must carry (docs: "* indicates the attribute is required for POST")."""

REF_TABLES: Mapping[str, str] = {
    "account": "accounts",
    "router": "routers",
    "group": "groups",
    "product": "products",
    "target_firmware": "firmwares",
    "app_version": "device_app_versions",
    "app": "device_apps",
    "net_device": "net_devices",
}
"""Reference fields of write bodies and the table each points into: the docs type
them ``in: int, out: url`` or ``url`` (catalog field types), and their example URLs
name the table (``.../api/v2/firmwares/<id>/`` for ``target_firmware``)."""

_NEW: Mapping[str, tuple[str, ...]] = {
    "accounts": ("account", "id", "is_disabled", "name", "resource_url"),
    "alert_push_destinations": (
        "account", "authentication", "destination_config_id", "enabled", "endpoint",
        "last_error_at", "last_error_text", "name", "suspended", "updated_at",
    ),
    "alert_rules": (
        "account", "alert_config_id", "associated_accounts", "associated_groups",
        "email_destinations", "external_rules", "filter_criteria", "http_destinations",
        "last_summary_ts", "schedule", "settings", "updated_at",
    ),
    "device_app_bindings": (
        "account", "app_version", "created_at", "group", "id", "resource_url", "state",
        "updated_at",
    ),
    "groups": (
        "account", "configuration", "device_type", "id", "name", "product", "resource_url",
        "target_firmware",
    ),
    "locations": (
        "account", "accuracy", "id", "latitude", "longitude", "method", "resource_url", "router",
        "updated_at",
    ),
    "speed_test": (
        "account", "config", "created_at", "id", "progress", "resource_uri", "results", "state",
        "updated_at",
    ),
}  # fmt: skip
_DEFAULTS: Mapping[str, Any] = {
    "is_disabled": False,
    "authentication": {"secret": "*"},
    "enabled": True,
    "suspended": False,
    "associated_accounts": [],
    "associated_groups": [],
    "email_destinations": [],
    "http_destinations": [],
    "state": "",
    "accuracy": 0,
    "method": "manual",
}


def template(fleet: Fleet, endpoint: str) -> dict[str, Any]:
    """The key set (in documented order) and defaults of a new record."""
    record = {k: _DEFAULTS.get(k) for k in _NEW.get(endpoint, ())}
    if "account" in record:
        record["account"] = _URLS.v2("accounts", fleet.root_account_id)
    if "configuration" in record:
        record["configuration"] = [{}, []]
    if endpoint == "speed_test":
        record["state"] = "created"
    return record


def write_moment(fleet: Fleet) -> datetime:
    """A deterministic timestamp for a write, just after the fleet's ``now``."""
    fleet.writes += 1
    return fleet.now + timedelta(microseconds=fleet.writes)


def finish_create(fleet: Fleet, endpoint: str, record: dict[str, Any]) -> None:
    """Assign the id, URLs, timestamps and derived fields of a new record."""
    moment = write_moment(fleet)
    for field in ("created_at", "updated_at"):
        if field in record:
            record[field] = iso(moment)
    if endpoint in ("alert_push_destinations", "alert_rules"):
        key = (
            "destination_config_id" if endpoint == "alert_push_destinations" else "alert_config_id"
        )
        record[key] = str(timeuuid(moment, fleet.writes & 0x3FFF, 0x1E5E1E5E1E5E))
        if endpoint == "alert_push_destinations":
            record["updated_at"] = iso(moment).replace("+", "%2B")
        return
    new_id = fleet.new_id(endpoint)
    record["id"] = str(new_id)
    if endpoint == "speed_test":
        record["resource_uri"] = _URLS.v2(endpoint, new_id)
    else:
        record["resource_url"] = _URLS.v2(endpoint, new_id)
    if endpoint == "groups" and record.get("product"):
        product = fleet.table("products").get(str(id_text(record["product"])))
        record["device_type"] = product.data["device_type"] if product else "router"


def row_key(spec: SimEndpoint, record: dict[str, Any]) -> Any:
    """The ordering key of a new row (integer id or timeuuid key)."""
    value = str(record[spec.id_field])
    return int(value) if value.isdigit() else key_of(value)


def coerce(endpoint: str, field: str, value: Any) -> Any:
    """Accept the loose types the docs' request examples send (``"latitude": "54.6"``)."""
    try:
        if field in ("latitude", "longitude") and value is not None:
            return float(value)
        if field == "accuracy" and value is not None:
            return int(value)
    except (TypeError, ValueError):
        raise validation([{field: "invalid value"}]) from None
    if field == "authentication":
        return {"secret": "*"}
    return value


def touch_updated(fleet: Fleet, endpoint: str, record: dict[str, Any]) -> None:
    """Move ``updated_at`` forward after an update."""
    if "updated_at" in record:
        stamp = iso(write_moment(fleet))
        record["updated_at"] = (
            stamp.replace("+", "%2B") if endpoint == "alert_push_destinations" else stamp
        )


def check_unique(fleet: Fleet, endpoint: str, record: dict[str, Any], current: Row | None) -> None:
    """409: "not allowed to save two different push configurations ... same endpoint URL"."""
    if endpoint != "alert_push_destinations":
        return
    url = (record.get("endpoint") or {}).get("url")
    for row in fleet.table(endpoint).ordered():
        if row is not current and (row.data.get("endpoint") or {}).get("url") == url:
            raise v2_error(
                409, "conflict", [{"endpoint": "a destination with this url already exists"}]
            )


def merge_configuration(current: Any, patch: list[Any]) -> list[Any]:
    """PATCH merges objects key by key and replaces arrays (docs, configuration_managers)."""
    base = current[0] if isinstance(current, list) and current else {}
    updates = patch[0] if patch and isinstance(patch[0], dict) else {}
    removals = patch[1] if len(patch) > 1 else []
    return [_deep_merge(base, updates), removals]


def _deep_merge(base: Any, updates: Any) -> Any:
    if not isinstance(base, dict) or not isinstance(updates, dict):
        return updates
    merged = dict(base)
    for key, value in updates.items():
        merged[key] = _deep_merge(base.get(key), value)
    return merged


def reboot(fleet: Fleet, body: dict[str, Any]) -> dict[str, Any]:
    """reboot_activity: exactly one of ``router`` or ``group``; an unknown id is 403."""
    targets = [k for k in ("router", "group") if body.get(k) is not None]
    if len(targets) != 1:
        raise validation([{"router": "give exactly one of router or group"}])
    field = targets[0]
    ref = id_text(body[field])
    table = REF_TABLES[field]
    if ref is None or fleet.table(table).get(ref) is None:
        raise v2_error(403, "forbidden", [])
    return {field: _URLS.v2(table, ref)}


def test_push(fleet: Fleet, body: dict[str, Any]) -> None:
    """test_alert_push_destinations: the destination must exist."""
    config_id = body.get("destination_config_id")
    if config_id is None or fleet.table("alert_push_destinations").get(str(config_id)) is None:
        raise validation([{"destination_config_id": "no such record"}])

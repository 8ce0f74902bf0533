"""``POST asset_endpoints/regrades``: a JSON:API atomic-operations document.

Validated as v3-and-limits states: 1 to 100 operations, each ``add`` of a
``regrades`` resource whose ``mac_address`` is 12 upper-case hex digits, no MAC
twice, ``action`` one of UPGRADE, DOWNGRADE, UNLICENSE (a subscription type is
needed except to unlicense). Any violation rejects the whole document with 400
and a JSON:API error per problem, pointing at the operation. A valid document
answers 200 with ``atomic:results``; a MAC the account does not own becomes a
FAILED regrade (``error_code: ASSET_NOT_FOUND``) rather than a request error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ncm_async.testing.bodies import Response, json_response, jsonapi_errors
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls, iso
from ncm_async.testing.tables import Row, Table
from ncm_async.testing.v3_data import fleet_v3_table

if TYPE_CHECKING:
    from ncm_async.testing.fleet import Fleet

ACTIONS = frozenset({"UPGRADE", "DOWNGRADE", "UNLICENSE"})
MAX_OPERATIONS = 100
_MAC = re.compile(r"[0-9A-F]{12}")
_URLS = Urls(CANONICAL_ORIGIN)
ATOMIC_TYPE = b'application/vnd.api+json;ext="https://jsonapi.org/ext/atomic"'


def problems(document: dict[str, Any]) -> list[dict[str, Any]]:
    """JSON:API error objects for everything wrong with an operations document."""
    operations = document.get("atomic:operations")
    if not isinstance(operations, list) or not 1 <= len(operations) <= MAX_OPERATIONS:
        detail = f"atomic:operations must list 1 to {MAX_OPERATIONS} operations"
        return [_error(detail, "/atomic:operations")]
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, op in enumerate(operations):
        errors += _operation_problems(op, f"/atomic:operations/{i}", seen)
    return errors


def _operation_problems(op: Any, base: str, seen: set[str]) -> list[dict[str, Any]]:
    if not isinstance(op, dict) or op.get("op") != "add":
        return [_error("op must be add", f"{base}/op")]
    data = op.get("data")
    if not isinstance(data, dict) or data.get("type") != "regrades":
        return [_error("data.type must be regrades", f"{base}/data/type")]
    raw = data.get("attributes")
    attributes: dict[str, Any] = raw if isinstance(raw, dict) else {}
    pointer = f"{base}/data/attributes"
    errors = []
    mac = attributes.get("mac_address")
    if not isinstance(mac, str) or not _MAC.fullmatch(mac):
        errors.append(
            _error("mac_address must be 12 upper-case hex digits", f"{pointer}/mac_address")
        )
    elif mac in seen:
        errors.append(_error(f"duplicate mac_address {mac}", f"{pointer}/mac_address"))
    else:
        seen.add(mac)
    action = attributes.get("action")
    if action not in ACTIONS:
        errors.append(_error(f"action must be one of {sorted(ACTIONS)}", f"{pointer}/action"))
    elif action != "UNLICENSE" and not attributes.get("subscription_type"):
        errors.append(_error("subscription_type is required", f"{pointer}/subscription_type"))
    return errors


def _error(detail: str, pointer: str) -> dict[str, Any]:
    return {
        "status": "400",
        "title": "Bad Request",
        "detail": detail,
        "source": {"pointer": pointer},
    }


def create(fleet: Fleet, table: Table, document: dict[str, Any]) -> Response:
    """Validate, record the regrades, answer ``atomic:results``."""
    errors = problems(document)
    if errors:
        raise jsonapi_errors(400, errors)
    owned = {
        r.data["attributes"]["mac_address"]
        for r in fleet_v3_table(fleet, "asset_endpoints").ordered()
    }
    fleet.writes += 1
    rng = fleet.rng("regrade", fleet.writes)
    action_id = f"{rng.getrandbits(128):032x}"
    results = []
    for op in document["atomic:operations"]:
        attributes = op["data"]["attributes"]
        found = attributes["mac_address"] in owned
        record = {
            "id": f"{rng.getrandbits(128):032x}",
            "type": "regrades",
            "attributes": {
                "action": attributes["action"],
                "action_id": action_id,
                "created_at": iso(fleet.now),
                "error_code": None if found else "ASSET_NOT_FOUND",
                "mac_address": attributes["mac_address"],
                "status": "QUEUED" if found else "FAILED",
                "subscription_type": attributes.get("subscription_type"),
            },
            "relationships": {},
        }
        table.put(Row(record, record["id"]))
        link = _URLS.v3("asset_endpoints/regrades", record["id"])
        results.append({"data": {**record, "links": {"self": link}}})
    return json_response(200, {"atomic:results": results}, ATOMIC_TYPE)

"""v2 writes: POST, PUT, PATCH, DELETE and the two action endpoints.

Statuses come from the spec (``success_status``): POST 201, PUT 202, PATCH 202
(alert_rules 201), DELETE 204. Bodies follow the docs: POST answers the new
record with ``resource_url`` set to the *collection* URL (every POST example
does this); PUT answers the full record; alert_rules and alert_push_destinations
PATCH and test_alert_push_destinations POST answer an empty body; DELETE
answers nothing. Writes change the fleet: a created group is listed, a deleted
router disappears with all of its data.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import orjson

from ncm_async.testing import write_rules
from ncm_async.testing.bodies import Response, empty, json_response, not_found, v2_error, validation
from ncm_async.testing.endpoint import Operation, SimEndpoint
from ncm_async.testing.kinds import id_text, parse_bool
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls
from ncm_async.testing.tables import Row

if TYPE_CHECKING:
    from ncm_async.testing.asgi import Request
    from ncm_async.testing.fleet import Fleet

_URLS = Urls(CANONICAL_ORIGIN)
_EMPTY_ANSWERS = frozenset(
    {
        ("alert_rules", Operation.PATCH),
        ("alert_push_destinations", Operation.PATCH),
        ("test_alert_push_destinations", Operation.CREATE),
    }
)


def handle(
    fleet: Fleet, spec: SimEndpoint, method: Operation, item: str | None, request: Request
) -> Response:
    """Perform one write (the request was routed and allowed already)."""
    status = spec.success_status(method)
    if method is Operation.DELETE:
        return _delete(fleet, spec, str(item), request)
    body = read_body(request)
    if spec.name == "reboot_activity":
        return json_response(status, write_rules.reboot(fleet, body))
    if spec.name == "test_alert_push_destinations":
        write_rules.test_push(fleet, body)
        return empty(status)
    if method is Operation.CREATE:
        record = create(fleet, spec, body)
        answer = dict(record)
        if spec.name != "speed_test":
            answer["resource_url"] = _URLS.v2(spec.name)
        return json_response(status, answer)
    row = fleet.table(spec.name).get(str(item))
    if row is None:
        raise not_found(_URLS.origin + request.path)
    update(fleet, spec, row, body, patch=method is Operation.PATCH)
    if (spec.name, method) in _EMPTY_ANSWERS:
        return empty(status)
    fields = dict(request.query).get("fields")
    if fields is None:
        return json_response(status, row.json())
    return json_response(status, {k: row.data[k] for k in fields.split(",") if k in row.data})


def read_body(request: Request) -> dict[str, Any]:
    """The JSON object a write carries.

    Raises:
        ApiError: 400 for a missing/wrong Content-Type ("PUT and POST must send a
            Content-Type header ... 'application/json'"), for a body that is not
            JSON (with a JSON parser's message, like the docs' server_error
            example), or for JSON that is not an object.
    """
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise validation([{"Content-Type": "must be application/json"}])
    try:
        payload = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        try:
            json.loads(request.body)
            message = "invalid JSON"
        except ValueError as exc:
            message = str(exc)
        raise v2_error(400, message, [], "server_error") from None
    if not isinstance(payload, dict):
        raise validation([{"body": "must be a JSON object"}])
    return payload


def create(fleet: Fleet, spec: SimEndpoint, body: dict[str, Any]) -> dict[str, Any]:
    """Add a record built from the endpoint's template and ``body``; returns it."""
    table = fleet.table(spec.name)
    template = write_rules.template(fleet, spec.name)
    check_fields(spec.name, template, body, write_rules.READ_ONLY)
    missing = [f for f in write_rules.REQUIRED.get(spec.name, ()) if f not in body]
    if missing:
        raise validation([{f: "this field is required"} for f in missing])
    given = {k: v for k, v in body.items() if k not in write_rules.READ_ONLY}
    record = {**template, **{k: normalize(fleet, spec.name, k, v) for k, v in given.items()}}
    write_rules.finish_create(fleet, spec.name, record)
    write_rules.check_unique(fleet, spec.name, record, None)
    key = write_rules.row_key(spec, record)
    table.put(Row(record, key, {"id": record.get("uuid")} if spec.name == "failovers" else None))
    return record


def update(fleet: Fleet, spec: SimEndpoint, row: Row, body: dict[str, Any], *, patch: bool) -> None:
    """Apply a partial update ("needs only list the attributes that are changing")."""
    if "url" in body and spec.name == "alert_push_destinations":
        body = {**{k: v for k, v in body.items() if k != "url"}, "endpoint": {"url": body["url"]}}
    check_fields(spec.name, row.data, body, write_rules.READ_ONLY | {spec.id_field})
    changes = {
        k: normalize(fleet, spec.name, k, v)
        for k, v in body.items()
        if k not in write_rules.READ_ONLY and k != spec.id_field
    }
    if "suspended" in changes and spec.name == "alert_push_destinations":
        changes["suspended"] = _suspended(row.data["suspended"], changes["suspended"])
    if patch and isinstance(changes.get("configuration"), list):
        changes["configuration"] = write_rules.merge_configuration(
            row.data.get("configuration"), changes["configuration"]
        )
    write_rules.check_unique(fleet, spec.name, {**row.data, **changes}, row)
    row.data.update(changes)
    write_rules.touch_updated(fleet, spec.name, row.data)
    row.changed()
    fleet.table(spec.name).touch()


def check_fields(
    endpoint: str, shape: dict[str, Any], body: dict[str, Any], ignored: frozenset[str]
) -> None:
    """400 for body keys the record does not have."""
    unknown = [k for k in body if k not in shape and k not in ignored]
    if unknown:
        raise validation([{k: "no such field"} for k in unknown])


def normalize(fleet: Fleet, endpoint: str, field: str, value: Any) -> Any:
    """Store related records as URLs whether the client sent an id or a URL.

    Raises:
        ApiError: 400 when the related record does not exist.
    """
    target = write_rules.REF_TABLES.get(field)
    if target is None or value is None:
        return write_rules.coerce(endpoint, field, value)
    ref = id_text(value)
    if ref is None or fleet.table(target).get(ref) is None:
        raise validation([{field: "no such record"}])
    if endpoint == "locations" and field == "router":
        return ref
    return _URLS.v2(target, ref)


def _suspended(current: bool, wanted: Any) -> bool:
    """A destination may be un-suspended, never suspended by the client (docs)."""
    value = parse_bool(str(wanted)) if not isinstance(wanted, bool) else wanted
    if value and not current:
        raise validation([{"suspended": "cannot be set to true"}])
    return value


def _delete(fleet: Fleet, spec: SimEndpoint, item: str, request: Request) -> Response:
    if fleet.table(spec.name).remove(item) is None:
        raise not_found(_URLS.origin + request.path)
    if spec.name == "routers":
        fleet.delete_router(item)
    return empty(spec.success_status(Operation.DELETE))

"""v3 writes: JSON:API create/update documents and the eSIM activation upload.

A write names one of the endpoint's types (else 409, as JSON:API 1.1 requires
of a type the endpoint does not take), never its own id on create (403:
client-generated ids are not supported), the id of the URL on update (409
otherwise), and the attributes and relationships the table requires of its
type (400 with a pointer at the missing member). Real conflicts (a taken
email) are 409 *with* a JSON:API ``errors`` array; the throttling 409 has none.
Created records get the fields the server fills in (state ``pending``,
``created_at``), where the docs are silent chosen as NCM's job endpoints show
them in the vendor client.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any

import orjson

from ncm_async.testing.bodies import jsonapi_error, jsonapi_errors
from ncm_async.testing.links import iso
from ncm_async.testing.tables import Row, Table
from ncm_async.testing.v3_data import fleet_v3_table, ref
from ncm_async.testing.v3_multipart import parse_form
from ncm_async.testing.v3_table import V3Path

if TYPE_CHECKING:
    from ncm_async.testing.asgi import Request
    from ncm_async.testing.fleet import Fleet

_JOBS = frozenset(
    {
        "starlink_interface_reboots",
        "starlink_interface_stows",
        "starlink_diagnostics",
        "modem_upgrades",
        "create_organizations",
        "elevate_organizations",
        "merge_organizations",
        "esim_profiles_nickname",
        "esim_profiles_active",
        "esim_profiles_delete",
    }
)
"""Types whose records are jobs: created ``pending``, with ``created_at``."""
_EID = re.compile(r"\d{32}")


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (400 when it is not one)."""
    try:
        payload = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise jsonapi_error(400, "request body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise jsonapi_error(400, "request body must be a JSON object", pointer="")
    return payload


def create(fleet: Fleet, spec: V3Path, table: Table, body: dict[str, Any]) -> dict[str, Any]:
    """POST a resource document: the stored record (answered 201)."""
    data = _resource_body(spec, body, None, "create")
    attributes = dict(data.get("attributes") or {})
    if spec.name == "users":
        _unique_email(table, attributes["email"])
        attributes = {"is_active": True, "last_login": None, "pending_email": None, **attributes}
    if data["type"] in _JOBS:
        attributes = {"status": "pending", "created_at": iso(fleet.now), **attributes}
    record = {
        "id": new_id(fleet),
        "type": data["type"],
        "attributes": attributes,
        "relationships": data.get("relationships") or {},
    }
    table.put(Row(record, record["id"]))
    return record


def update(
    fleet: Fleet, spec: V3Path, table: Table, row: Row, body: dict[str, Any], *, operation: str
) -> None:
    """PUT/PATCH: the given attributes and relationships replace the stored ones."""
    data = _resource_body(spec, body, row, operation)
    attributes = data.get("attributes") or {}
    row.data["attributes"].update(attributes)
    if data.get("relationships"):
        row.data["relationships"].update(data["relationships"])
    if row.data["type"] == "bulk_esim_profile_activations" and attributes.get("operation"):
        _run_activation(fleet, spec, row, attributes["operation"])
    row.changed()
    table.touch()


def new_id(fleet: Fleet) -> str:
    """A fresh 32-hex-digit id (v3 ids are opaque strings)."""
    fleet.writes += 1
    return f"{fleet.rng('v3-create', fleet.writes).getrandbits(128):032x}"


def _unique_email(table: Table, email: str) -> None:
    if any(r.data["attributes"].get("email") == email for r in table.ordered()):
        raise jsonapi_error(
            409, f"a user with email {email} already exists", pointer="/data/attributes/email"
        )


def _resource_body(
    spec: V3Path, body: dict[str, Any], row: Row | None, operation: str
) -> dict[str, Any]:
    """The ``data`` member of a write, checked like a JSON:API server does."""
    data = body.get("data")
    if not isinstance(data, dict):
        raise jsonapi_error(400, "a data object is required", pointer="/data")
    allowed = (row.data["type"],) if row is not None else spec.types
    if data.get("type") not in allowed:
        raise jsonapi_error(409, f"type must be one of {', '.join(allowed)}", pointer="/data/type")
    if row is not None and data.get("id") not in (None, row.data["id"]):
        raise jsonapi_error(409, "id does not match the URL", pointer="/data/id")
    if row is None and "id" in data:
        raise jsonapi_error(403, "client-generated ids are not supported", pointer="/data/id")
    for member in ("attributes", "relationships"):
        if not isinstance(data.get(member, {}), dict):
            raise jsonapi_error(400, f"{member} must be an object", pointer=f"/data/{member}")
    _check_members(spec, data, operation)
    return data


def _check_members(spec: V3Path, data: dict[str, Any], operation: str) -> None:
    attributes = data.get("attributes") or {}
    relationships = data.get("relationships") or {}
    needed_attributes, needed_relationships = spec.required(operation, data["type"])
    errors = [
        _missing(f"/data/attributes/{name}", f"attribute {name} is required")
        for name in needed_attributes
        if attributes.get(name) in (None, "")
    ]
    errors += [
        _missing(f"/data/relationships/{name}", f"relationship {name} is required")
        for name in needed_relationships
        if not isinstance(relationships.get(name), dict) or not relationships[name].get("data")
    ]
    for name, values in spec.attribute_values.items():
        if name in attributes and attributes[name] not in values:
            detail = f"{name} must be one of {', '.join(values)}"
            errors.append(_missing(f"/data/attributes/{name}", detail))
    if errors:
        raise jsonapi_errors(400, errors)


def _missing(pointer: str, detail: str) -> dict[str, Any]:
    return {
        "status": "400",
        "title": "Bad Request",
        "detail": detail,
        "source": {"pointer": pointer},
    }


def _form_error(parameter: str, detail: str) -> dict[str, Any]:
    return {
        "status": "400",
        "title": "Bad Request",
        "detail": detail,
        "source": {"parameter": parameter},
    }


def upload(fleet: Fleet, spec: V3Path, table: Table, request: Request) -> dict[str, Any]:
    """The eSIM activation upload: a bulk job and one child activation per CSV line.

    The form carries an ``operation`` field and a ``payload`` file (v3-and-limits);
    the CSV needs ``eid`` and ``activation_string`` columns, and every EID must
    belong to one of the account's eSIM profiles (a line-numbered 400 otherwise).
    """
    form = parse_form(request.header("content-type") or "", request.body)
    errors = [
        _form_error(name, f"form field {name} is required")
        for name in spec.multipart.get("fields", ()) + spec.multipart.get("files", ())
        if name not in form or not form[name].content
    ]
    if errors:
        raise jsonapi_errors(400, errors)
    operation = form["operation"].content.decode("utf-8", "replace")
    allowed = spec.attribute_values.get("operation", ())
    if allowed and operation not in allowed:
        raise jsonapi_error(
            400, f"operation must be one of {', '.join(allowed)}", parameter="operation"
        )
    lines = _activation_lines(fleet, spec, form["payload"].content)
    parent_id = new_id(fleet)
    for line in lines:
        child_id = new_id(fleet)
        child = {
            "id": child_id,
            "type": "esim_profile_activations",
            "attributes": {
                "eid": line["eid"],
                "nickname": line.get("nickname") or None,
                "state": "preview",
                "error": None,
                "created_at": iso(fleet.now),
            },
            "relationships": {"parent": ref("bulk_esim_profile_activations", parent_id)},
        }
        table.put(Row(child, child_id))
    record = {
        "id": parent_id,
        "type": "bulk_esim_profile_activations",
        "attributes": {
            "operation": operation,
            "state": "previewed",
            "file_name": form["payload"].filename,
            "total": len(lines),
            "created_at": iso(fleet.now),
        },
        "relationships": {},
    }
    parent = Row(record, parent_id)
    table.put(parent)
    _run_activation(fleet, spec, parent, operation)
    return record


def _activation_lines(fleet: Fleet, spec: V3Path, content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise jsonapi_error(400, "payload must be a UTF-8 CSV file", parameter="payload") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = spec.multipart.get("csv_columns", ())
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        detail = f"payload CSV lacks the column(s) {', '.join(missing)}"
        raise jsonapi_error(400, detail, parameter="payload")
    known = {
        r.data["attributes"]["eid"] for r in fleet_v3_table(fleet, "beta/esim_profiles").ordered()
    }
    lines, errors = [], []
    for number, line in enumerate(reader, start=2):
        eid = (line.get("eid") or "").strip()
        if not _EID.fullmatch(eid):
            errors.append(f"line {number}: eid must be 32 digits")
        elif eid not in known:
            errors.append(f"line {number}: eid {eid} does not exist in the account")
        elif not (line.get("activation_string") or "").strip():
            errors.append(f"line {number}: activation_string is required")
        else:
            lines.append({k: (v or "").strip() for k, v in line.items() if k})
    if errors or not lines:
        details = errors or ["payload CSV has no lines"]
        raise jsonapi_errors(400, [_form_error("payload", d) for d in details])
    return lines


def _run_activation(fleet: Fleet, spec: V3Path, parent: Row, operation: str) -> None:
    """``operation=execute`` starts the job: the parent runs, its children are queued."""
    if operation != "execute":
        return
    parent.data["attributes"]["state"] = "executing"
    parent.changed()
    table = fleet_v3_table(fleet, spec.path)
    for row in table.ordered():
        related = row.data["relationships"].get("parent", {}).get("data") or {}
        if related.get("id") == parent.data["id"]:
            row.data["attributes"]["state"] = "queued"
            row.changed()
    table.touch()

"""JSON:API documents in and out of v3 writes, as pure functions.

A v3 write sends one resource object, ``{"data": {"type", "id"?, "attributes",
"relationships"}}`` (JSON:API 1.1, "Creating" and "Updating Resources"); a
response carries one back under ``data``. Building and checking them here keeps
the resource mixins free of shape logic and lets tests table them without I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from ncm_async._endpoints.spec import EndpointSpec, Method
from ncm_async.converter import unstructure
from ncm_async.errors import ConfigurationError, ResponseValidationError
from ncm_async.models.base import Record
from ncm_async.models.v3 import V3Resource

__all__ = ["merge_attributes", "ref", "refs", "relationship", "resource_data", "write_document"]


def ref(resource_type: str, resource_id: object) -> dict[str, Any]:
    """A to-one relationship: ``{"data": {"type": ..., "id": ...}}``."""
    return {"data": _identifier(resource_type, resource_id)}


def refs(resource_type: str, resource_ids: Iterable[object]) -> dict[str, Any]:
    """A to-many relationship: ``{"data": [{"type": ..., "id": ...}, ...]}``."""
    return {"data": [_identifier(resource_type, rid) for rid in resource_ids]}


def _identifier(resource_type: str, resource_id: object) -> dict[str, str]:
    if not isinstance(resource_type, str) or not resource_type:
        msg = f"a relationship needs a resource type, got {resource_type!r}"
        raise ConfigurationError(msg)
    rid = getattr(resource_id, "id", resource_id)
    if isinstance(rid, bool) or not isinstance(rid, str | int) or not str(rid).strip():
        msg = f"{resource_type}: expected an id, got {resource_id!r}"
        raise ConfigurationError(msg)
    return {"type": resource_type, "id": str(rid).strip()}


def relationship(value: object, *, name: str) -> dict[str, Any]:
    """A relationship object from what a caller passes for relationship ``name``.

    Accepted: a relationship object as the API takes it (``{"data": ...}``, e.g.
    from :func:`ref`), a fetched :class:`V3Resource` (to-one), a list of them
    (to-many), or None (clears a to-one).

    Raises:
        ConfigurationError: Anything else: a bare id says nothing of its type.
    """
    if value is None:
        return {"data": None}
    if isinstance(value, V3Resource):
        return ref(value.type or "", value)
    if isinstance(value, Mapping) and "data" in value:
        return dict(value)
    if isinstance(value, list | tuple) and all(isinstance(v, V3Resource) for v in value):
        return {"data": [_identifier(v.type or "", v) for v in value]}
    msg = (
        f"relationship {name!r}: give a V3Resource, a list of them, or "
        f"ref(type, id) / refs(type, ids), got {value!r}"
    )
    raise ConfigurationError(msg)


def merge_attributes(
    attributes: Mapping[str, Any] | Record | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Attributes given as a mapping or model, plus keyword ones (a key in both is an error).

    A model contributes only the fields that are set (see ``converter.unstructure``).
    """
    given = cast(object, attributes)
    if isinstance(given, Record):
        base = unstructure(given)
    elif given is None or isinstance(given, Mapping):
        base = dict(given or {})
    else:
        msg = f"attributes must be a mapping or an attributes model, got {attributes!r}"
        raise ConfigurationError(msg)
    both = sorted(set(base) & set(fields))
    if both:
        msg = f"attribute(s) {', '.join(both)} given both in attributes= and as keywords"
        raise ConfigurationError(msg)
    return {**base, **fields}


def write_document(
    resource_type: str,
    *,
    resource_id: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    relationships: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """The ``{"data": {...}}`` document of one create (no id) or update (with id).

    Empty ``attributes``/``relationships`` members are left out.

    Raises:
        ConfigurationError: Nothing to send, or a malformed relationship.
    """
    data: dict[str, Any] = {"type": resource_type}
    if resource_id is not None:
        data["id"] = resource_id
    if attributes:
        data["attributes"] = dict(attributes)
    if relationships:
        data["relationships"] = {k: relationship(v, name=k) for k, v in relationships.items()}
    if "attributes" not in data and "relationships" not in data:
        msg = f"{resource_type}: nothing to send (give attributes or relationships)"
        raise ConfigurationError(msg)
    return {"data": data}


def check_write(
    spec: EndpointSpec,
    method: Method,
    resource_type: str,
    attributes: Mapping[str, Any],
    relationships: Mapping[str, object] | None,
) -> None:
    """Check a write against the endpoint's :class:`WriteRules` before it is sent.

    Raises:
        ConfigurationError: A required attribute or relationship is missing (or
            None), or an attribute has a value the API does not take; every
            problem is named at once.
    """
    needed_attributes, needed_relationships = spec.writes.required(method, resource_type)
    given = relationships or {}
    problems = [f"attribute {n!r}" for n in needed_attributes if attributes.get(n) in (None, "")]
    problems += [f"relationship {n!r}" for n in needed_relationships if given.get(n) is None]
    wrong = [
        f"{name}={attributes[name]!r} (one of {', '.join(values)})"
        for name, values in spec.writes.values.items()
        if name in attributes and attributes[name] not in values
    ]
    if problems or wrong:
        parts = []
        if problems:
            parts.append(f"missing {', '.join(problems)}")
        if wrong:
            parts.append(f"invalid {', '.join(wrong)}")
        msg = f"{spec.name}: {method.value} of a {resource_type}: {'; '.join(parts)}"
        raise ConfigurationError(msg)


def resource_data(body: Any, where: str) -> Mapping[str, Any]:
    """The resource object inside a single-resource document ``{"data": {...}}``.

    Raises:
        ResponseValidationError: Any other shape.
    """
    data = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(data, Mapping):
        msg = f"{where}: expected a JSON:API document {{'data': {{...}}}}, got {_kind(body)}"
        raise ResponseValidationError(msg)
    return data


def _kind(body: Any) -> str:
    if isinstance(body, Mapping):
        return f"an object with keys {sorted(body)[:8]}"
    return "no body" if body is None else type(body).__name__

"""The v3 endpoint table the simulator serves, read from its vendored docs data.

``data/v3_endpoints.json`` is the v3 API as the docs describe it (paths, methods,
types, filters, required filters, write shapes, statuses, paging), each entry
naming its sources. The simulator builds its routes, filters, paging and write
checks from it and from nothing else: it never reads the client's own endpoint
descriptions, so a wrong description on the client side shows up as a failing
test instead of being mirrored here. The contract test reads the same data
through :func:`docs_table`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["ATOMIC", "JSONAPI", "V3_BY_NAME", "V3_PATHS", "V3Path", "docs_table"]

JSONAPI = "application/vnd.api+json"
ATOMIC = 'application/vnd.api+json;ext="https://jsonapi.org/ext/atomic"'
_METHODS = {"GET": "get", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}


@cache
def docs_table() -> Mapping[str, Any]:
    """The vendored v3 docs data, parsed (the same object on every call: do not modify)."""
    text = resources.files("ncm_async.testing").joinpath("data/v3_endpoints.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _operators(names: list[str]) -> frozenset[str]:
    """``["eq", "gt"]`` in the query parser's spelling: ``{"", "__gt"}``."""
    return frozenset("" if n == "eq" else f"__{n}" for n in names)


@attrs.frozen
class V3Path:
    """One documented v3 path, as the simulator serves it.

    Attributes:
        name: The endpoint's usual name (``regrades`` for ``asset_endpoints/regrades``).
        path: Path under ``/api/v3/`` (or under the host root when ``root``).
        operations: list, get, create, update, patch, delete: the documented ones.
        types: JSON:API types of its records; writes must name one.
        filters: Filterable field -> operators (``""`` is equality, ``"__gt"`` ...).
        plain_params: Query parameters sent bare (``router=``), not as ``filter[...]``.
        required_filters: Every one of these must be given to list.
        write: Body shape per write operation: resource, atomic or multipart.
        media_types: Request media type per operation where not JSON:API.
        status: Success status per operation.
        required_attributes / required_relationships: By type (``*`` is every type).
        required_on: The operations the required members are checked on.
        attribute_values: Attribute -> the only values it may take.
        multipart: The form's fields and files, and the CSV columns of the upload.
        root: Served from the host root, outside ``/api/v3``.
        default_size / max_size: ``page[size]`` default and maximum.
    """

    name: str
    path: str
    operations: frozenset[str]
    types: tuple[str, ...]
    filters: Mapping[str, frozenset[str]]
    plain_params: frozenset[str] = frozenset()
    required_filters: tuple[str, ...] = ()
    write: Mapping[str, str] = attrs.field(factory=dict)
    media_types: Mapping[str, str] = attrs.field(factory=dict)
    status: Mapping[str, int] = attrs.field(factory=dict)
    required_attributes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    required_relationships: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    required_on: frozenset[str] = frozenset({"create"})
    attribute_values: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    multipart: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    root: bool = False
    default_size: int = 20
    max_size: int = 50

    @property
    def beta(self) -> bool:
        """Beta paths answer 404 when the URL ends with a slash (v3-and-limits)."""
        return self.path.startswith("beta/")

    def allows(self, operation: str) -> bool:
        """Whether the docs give this path the operation."""
        return operation in self.operations

    def write_shape(self, operation: str) -> str:
        """``resource`` (a JSON:API document), ``atomic`` or ``multipart``."""
        return self.write.get(operation, "resource")

    def media_type(self, operation: str) -> str:
        """The request ``Content-Type`` the operation takes."""
        return self.media_types.get(operation, JSONAPI)

    def success(self, operation: str) -> int:
        """The status a successful ``operation`` answers."""
        return self.status[operation]

    def required(self, operation: str, rtype: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(attributes, relationships) a write of ``rtype`` must carry."""
        if operation not in self.required_on:
            return (), ()
        attributes = self.required_attributes
        relationships = self.required_relationships
        return (
            attributes.get(rtype, attributes.get("*", ())),
            relationships.get(rtype, relationships.get("*", ())),
        )


def operation_of(method: str, *, item: bool) -> str | None:
    """The operation an HTTP method performs on a collection or an item URL."""
    if not item:
        return {"GET": "list", "POST": "create"}.get(method)
    return _METHODS.get(method)


def _path(entry: Mapping[str, Any], table: Mapping[str, Any]) -> V3Path:
    operators = _operators(table["operators"])
    media = dict(entry.get("write_media_type", {}))
    return V3Path(
        name=entry["name"],
        path=entry["path"],
        operations=frozenset(entry["operations"]),
        types=tuple(entry["types"]),
        filters=MappingProxyType(dict.fromkeys(entry["filters"], operators)),
        plain_params=frozenset(entry.get("plain_params", ())),
        required_filters=tuple(entry.get("required_filters", ())),
        write=MappingProxyType(dict(entry.get("write", {}))),
        media_types=MappingProxyType(media),
        status=MappingProxyType({**table["status"], **entry.get("status", {})}),
        required_attributes=_tuples(entry.get("required_attributes", {})),
        required_relationships=_tuples(entry.get("required_relationships", {})),
        required_on=frozenset(entry.get("required_on", table["required_on_default"])),
        attribute_values=_tuples(entry.get("attribute_values", {})),
        multipart=_tuples(entry.get("multipart", {})),
        root=bool(entry.get("root", False)),
        default_size=table["paging"]["default_size"],
        max_size=table["paging"]["max_size"],
    )


def _tuples(raw: Mapping[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in raw.items()})


def _load() -> tuple[V3Path, ...]:
    table = docs_table()
    return tuple(_path(entry, table) for entry in table["endpoints"])


_ALL = _load()
V3_PATHS: Mapping[str, V3Path] = MappingProxyType({p.path: p for p in _ALL})
"""Every documented v3 path (``asset_endpoints/regrades``, ``beta/exchange_sites``, ...)."""
V3_BY_NAME: Mapping[str, V3Path] = MappingProxyType({p.name: p for p in _ALL})
"""The same paths by endpoint name (``regrades``, ``exchange_sites``, ...)."""

"""What an endpoint *is*, as data: the single description every layer reads.

The client's resources, its filter validation, the bulk layer's batching choice and
the simulator all read the same :class:`EndpointSpec`, so an endpoint is described
once. Specs carry no behaviour and import nothing from the I/O layers.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs


class Paging(enum.Enum):
    """How a list endpoint pages (API docs, "Paging"; conventions section 5)."""

    OFFSET = "offset"
    """`offset`/`limit`, `meta.next` carries the next offset."""
    TIMEUUID = "timeuuid"
    """Keyset, newest first: `meta.next` carries `created_at_timeuuid__lt=<uuid>`."""
    NEXT_LINK = "next_link"
    """v2 endpoints that reject `offset` and page only by following `meta.next`."""
    CURSOR = "cursor"
    """v3 JSON:API: `page[size]`, `page[after]`, absolute `links.next`."""
    NONE = "none"
    """Action endpoints with no list."""


class Method(enum.Enum):
    """A documented operation, named as the SDK method that performs it."""

    LIST = "list"
    GET = "get"
    CREATE = "create"
    UPDATE = "update"
    PATCH = "patch"
    DELETE = "delete"

    @property
    def http(self) -> str:
        """The HTTP method that performs the operation."""
        return _HTTP[self]

    @property
    def default_status(self) -> int:
        """The API-wide success status (conventions section 8)."""
        return _STATUS[self]


_HTTP = {
    Method.LIST: "GET",
    Method.GET: "GET",
    Method.CREATE: "POST",
    Method.UPDATE: "PUT",
    Method.PATCH: "PATCH",
    Method.DELETE: "DELETE",
}
_STATUS = {
    Method.LIST: 200,
    Method.GET: 200,
    Method.CREATE: 201,
    Method.UPDATE: 202,
    Method.PATCH: 202,
    Method.DELETE: 204,
}


EQ = ""
OPERATORS = frozenset(
    {EQ, "__in", "__gt", "__gte", "__lt", "__lte", "__isnull", "__exact", "__ne", "__not"}
)
"""Filter operators: v2's from the docs' field tables and examples (conventions
section 7), plus v3's ``ne`` and ``not`` (v3-and-limits, "Filters"); an endpoint's
spec says which of them each of its fields accepts."""


def ops(spec: str) -> frozenset[str]:
    """Parse a compact operator list: ``"= in gt"`` -> ``{"", "__in", "__gt"}``."""
    out = set()
    for word in spec.split():
        out.add(EQ if word == "=" else f"__{word}")
    unknown = out - OPERATORS
    if unknown:
        msg = f"unknown filter operators {sorted(unknown)}"
        raise ValueError(msg)
    return frozenset(out)


@attrs.frozen
class WriteRules:
    """What a v3 write must carry, checked before anything is sent.

    Attributes:
        attributes: JSON:API type -> attributes a write of that type needs
            (``"*"``: every type of the endpoint without an entry of its own).
        relationships: The same for relationships.
        values: Attribute -> the only values it may take.
        on: The operations the required members are checked on (PUT/PATCH
            change only what they name, so usually just create).
    """

    attributes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    relationships: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    values: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    on: frozenset[Method] = frozenset({Method.CREATE})

    def required(self, method: Method, rtype: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(attributes, relationships) a ``method`` write of ``rtype`` must carry."""
        if method not in self.on:
            return (), ()
        attributes, relationships = self.attributes, self.relationships
        return (
            attributes.get(rtype, attributes.get("*", ())),
            relationships.get(rtype, relationships.get("*", ())),
        )


@attrs.frozen
class EndpointSpec:
    """One documented endpoint.

    Attributes:
        name: Attribute name under ``ncm.v2`` / ``ncm.v3`` (``router_state_samples``).
        path: Path relative to the version's base URL, without slashes at either end.
        paging: The paging scheme of its list operation.
        methods: The documented operations.
        filters: Filterable field -> allowed operators (``""`` is plain equality).
        required_any: At least one of these fields must be filtered (any operator),
            or the server answers 409 (v3-and-limits: time-series need router/net_device).
        required_all: Every one of these fields must be filtered (v3 modem endpoints).
        id_field: The field that identifies a record in item paths.
        status: Success status where it differs from the API-wide default
            (GET 200, POST 201, PUT 202, PATCH 202, DELETE 204).
        in_limit: Most values one ``__in`` filter may carry (None: no limit, e.g. alerts).
        max_limit: Largest page size the server accepts.
        default_limit: Page size the server uses when none is sent.
        version: ``"v2"`` or ``"v3"``.
        resource_type: JSON:API ``type`` of its records (v3 only).
        root: v3 endpoints served from the host root rather than under ``/api/v3``.
        model: The record model (v3: the attributes model), from the catalog annotation.
        kind: The endpoint kind (:mod:`.kinds`) the catalog annotates it with.
        plain_filters: v3 filters sent as plain parameters instead of ``filter[...]``.
        plain_json: v3 writes sent as ``application/json`` rather than JSON:API.
        writes: What v3 writes must carry (required attributes and relationships).
    """

    name: str
    path: str
    paging: Paging
    methods: frozenset[Method]
    filters: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    required_any: tuple[str, ...] = ()
    required_all: tuple[str, ...] = ()
    id_field: str = "id"
    status: Mapping[Method, int] = attrs.field(factory=dict)
    in_limit: int | None = 100
    max_limit: int = 500
    default_limit: int = 20
    version: str = "v2"
    resource_type: str | None = None
    root: bool = False
    model: type[Any] | None = attrs.field(default=None, eq=False)
    kind: type[Any] | None = attrs.field(default=None, eq=False, repr=False)
    plain_filters: frozenset[str] = frozenset()
    plain_json: bool = False
    writes: WriteRules = attrs.field(factory=WriteRules)

    def allows(self, method: Method) -> bool:
        """Whether the docs give this endpoint the operation ``method``."""
        return method in self.methods

    def success_status(self, method: Method) -> int:
        """The documented success status of ``method`` on this endpoint."""
        return self.status.get(method, method.default_status)

    def batch_key(self, key: str) -> bool:
        """Whether ids of ``key`` can be batched into one ``key__in`` query."""
        return "__in" in self.filters.get(key, frozenset())

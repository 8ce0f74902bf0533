"""What the simulator knows about one endpoint: its own vocabulary, not the client's.

The simulator must be able to prove the client wrong, so it never reads the
client's endpoint descriptions. Its tables (``v2_docs`` for v2, the ``v3_*``
modules for v3) are built from the docs vendored under ``testing/data`` and
from what the real NCM is known to do, into these types.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs


class Paging(enum.Enum):
    """How a list pages, named as the docs' catalog names it (conventions section 5)."""

    OFFSET = "offset"
    """``offset``/``limit``; ``meta.next`` carries the next offset."""
    TIMEUUID = "timeuuid"
    """Keyset, newest first: ``meta.next`` carries ``created_at_timeuuid__lt=<uuid>``."""
    KEYSET = "cursor"
    """v2 endpoints without offset whose ``meta.next`` pages on their own key
    (``action__id__lt``, ``<id_field>__lt``): the catalog's ``cursor``."""
    CURSOR = "jsonapi_cursor"
    """v3 JSON:API: ``page[size]``, ``page[after]``, absolute ``links.next``."""
    NONE = "none"
    """Action endpoints without a list."""


class Operation(enum.Enum):
    """One served operation on a collection or an item."""

    LIST = "list"
    GET = "get"
    CREATE = "create"
    UPDATE = "update"
    PATCH = "patch"
    DELETE = "delete"

    @property
    def http(self) -> str:
        """The HTTP method of the operation."""
        return _HTTP[self]

    @property
    def default_status(self) -> int:
        """The API-wide success status (conventions section 8)."""
        return _STATUS[self]


_HTTP = {
    Operation.LIST: "GET",
    Operation.GET: "GET",
    Operation.CREATE: "POST",
    Operation.UPDATE: "PUT",
    Operation.PATCH: "PATCH",
    Operation.DELETE: "DELETE",
}
_STATUS = {
    Operation.LIST: 200,
    Operation.GET: 200,
    Operation.CREATE: 201,
    Operation.UPDATE: 202,
    Operation.PATCH: 202,
    Operation.DELETE: 204,
}


@attrs.frozen
class SimEndpoint:
    """One endpoint as the simulator serves it.

    Attributes:
        name: The endpoint's name (``router_state_samples``).
        path: Path below the version's base URL, without slashes at either end.
        paging: How its list pages.
        operations: What it serves.
        filters: Filterable field -> operators (``""`` is plain equality).
        required_any: At least one of these fields must be filtered, else 409.
        id_field: The field item paths address.
        status: Success statuses that differ from the API-wide default.
        in_limit: Most values one ``__in`` filter takes (None: no limit).
        max_limit: Largest page size served.
        default_limit: Page size when none is sent.
        keyset: The field ``meta.next`` pages on (keyset endpoints only).
    """

    name: str
    path: str
    paging: Paging
    operations: frozenset[Operation]
    filters: Mapping[str, frozenset[str]] = attrs.field(factory=lambda: MappingProxyType({}))
    required_any: tuple[str, ...] = ()
    id_field: str = "id"
    status: Mapping[Operation, int] = attrs.field(factory=lambda: MappingProxyType({}))
    in_limit: int | None = 100
    max_limit: int = 500
    default_limit: int = 20
    keyset: str | None = None

    def allows(self, operation: Operation) -> bool:
        """Whether the endpoint serves ``operation``."""
        return operation in self.operations

    def success_status(self, operation: Operation) -> int:
        """The status a successful ``operation`` answers with."""
        return self.status.get(operation, operation.default_status)

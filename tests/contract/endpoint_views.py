"""Compare one endpoint as the client describes it with the docs' reading of it.

Both sides are reduced to the same plain view, aspect by aspect (path, operations,
paging scheme, filters and operators, required filters, id field, statuses and
limits), so every difference is named as ``<api>.<endpoint>.<aspect>``. The
client side is an ``EndpointSpec``; the docs side is the simulator's table (a
``SimEndpoint``), which is built from the vendored docs only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ncm_async.testing.endpoint import SimEndpoint
from ncm_async.testing.v3_table import V3Path

CLIENT_PAGING = {"offset": "offset", "timeuuid": "timeuuid", "next_link": "cursor", "none": "none"}
"""The client's paging names in the docs catalog's words (``cursor``: follow ``meta.next``)."""


def docs_view(endpoint: SimEndpoint) -> dict[str, Any]:
    """The docs' side of the contract."""
    return _view(
        endpoint,
        paging=endpoint.paging.value,
        operations={op.value: endpoint.success_status(op) for op in endpoint.operations},
        keyset=endpoint.keyset,
    )


def client_view(spec: Any, keyset: str | None) -> dict[str, Any]:
    """The client's side: an ``EndpointSpec`` (``keyset`` comes from the docs side)."""
    return _view(
        spec,
        paging=CLIENT_PAGING.get(spec.paging.value, spec.paging.value),
        operations={m.value: spec.success_status(m) for m in spec.methods},
        keyset=keyset,
    )


def v3_docs_view(path: V3Path) -> dict[str, Any]:
    """The docs' side of a v3 path (``testing/data/v3_endpoints.json``)."""
    filters = {field: sorted(ops) for field, ops in path.filters.items()}
    # Bare query parameters (`unmasked_wifi_passwords?router=`) are equality filters.
    filters |= {param: [""] for param in path.plain_params}
    return {
        "path": path.path,
        "root": path.root,
        "types": sorted(path.types),
        "operations": {op: path.success(op) for op in sorted(path.operations)},
        "filters": dict(sorted(filters.items())),
        "required_filters": sorted(path.required_filters),
        "plain_filters": sorted(path.plain_params),
        "plain_json": "application/json" in path.media_types.values(),
        "writes": _writes(
            path.types,
            path.required_on,
            path.required_attributes,
            path.required_relationships,
            path.attribute_values,
        ),
        "max_limit": path.max_size,
        "default_limit": path.default_size,
    }


def v3_client_view(spec: Any, types: tuple[str, ...]) -> dict[str, Any]:
    """The client's side of a v3 endpoint (``types``: its JSON:API types)."""
    return {
        "path": spec.path,
        "root": spec.root,
        "types": sorted(types),
        "operations": {m.value: spec.success_status(m) for m in sorted(spec.methods, key=str)},
        "filters": {f: sorted(ops) for f, ops in sorted(spec.filters.items())},
        "required_filters": sorted(spec.required_all),
        "plain_filters": sorted(spec.plain_filters),
        "plain_json": spec.plain_json,
        "writes": _writes(
            types,
            {m.value for m in spec.writes.on},
            spec.writes.attributes,
            spec.writes.relationships,
            spec.writes.values,
        ),
        "max_limit": spec.max_limit,
        "default_limit": spec.default_limit,
    }


def _writes(
    types: Any,
    on: Any,
    attributes: Mapping[str, Any],
    relationships: Mapping[str, Any],
    values: Mapping[str, Any],
) -> dict[str, Any]:
    """What writes must carry, per type (``"*"`` spelled out), and the allowed values."""

    def per_type(table: Mapping[str, Any]) -> dict[str, list[str]]:
        out = {t: sorted(table.get(t, table.get("*", ()))) for t in sorted(types)}
        return {t: names for t, names in out.items() if names}

    needed = per_type(attributes), per_type(relationships)
    return {
        "on": sorted(on) if any(needed) else [],
        "attributes": needed[0],
        "relationships": needed[1],
        "values": {a: sorted(v) for a, v in sorted(values.items())},
    }


def _view(
    endpoint: Any, *, paging: str, operations: Mapping[str, int], keyset: str | None
) -> dict[str, Any]:
    filters = {field: set(ops) for field, ops in endpoint.filters.items()}
    # The next-link parameter (`created_at_timeuuid__lt`, `action__id__lt`) is how
    # meta.next pages, not a filter: neither side has to declare it.
    if keyset is not None and keyset in filters:
        filters[keyset].discard("__lt")
        if not filters[keyset]:
            del filters[keyset]
    return {
        "path": endpoint.path,
        "paging": paging,
        "operations": dict(sorted(operations.items())),
        "filters": {f: sorted(ops) for f, ops in sorted(filters.items())},
        "required_filters": sorted(endpoint.required_any),
        "id_field": endpoint.id_field,
        "in_limit": endpoint.in_limit,
        "max_limit": endpoint.max_limit,
        "default_limit": endpoint.default_limit,
    }


def differences(api: str, name: str, docs: dict[str, Any], client: dict[str, Any]) -> set[str]:
    """Every differing aspect, named ``api.name.aspect`` (filters per field)."""
    found = set()
    for aspect in docs.keys() | client.keys():
        ours, theirs = docs.get(aspect), client.get(aspect)
        if aspect == "filters":
            for field in ours.keys() | theirs.keys():
                if ours.get(field) != theirs.get(field):
                    found.add(f"{api}.{name}.filters.{field}")
        elif aspect == "operations":
            for op in ours.keys() | theirs.keys():
                if ours.get(op) != theirs.get(op):
                    found.add(f"{api}.{name}.operations.{op}")
        elif ours != theirs:
            found.add(f"{api}.{name}.{aspect}")
    return found


def explain(key: str, docs: dict[str, Any], client: dict[str, Any]) -> str:
    """One difference with both sides' values, for failure messages."""
    path = key.split(".")[2:]
    ours: Any = docs
    theirs: Any = client
    for part in path:
        ours = ours.get(part, "<absent>") if isinstance(ours, dict) else ours
        theirs = theirs.get(part, "<absent>") if isinstance(theirs, dict) else theirs
    return f"{key}: docs {ours!r}, client {theirs!r}"

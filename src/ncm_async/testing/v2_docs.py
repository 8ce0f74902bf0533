"""The v2 API as the simulator knows it: built from the vendored docs, never from the client.

``data/v2_catalog.json`` (the API docs' per-endpoint tables, see ``data/README.md``)
gives each endpoint's methods, paging scheme, filterable fields and operators,
default page size, required filters and statuses. What the docs leave unsaid is
decided here, each rule next to the fact it follows (v3-and-limits.md "v2 facts
beyond the docs" and v2-conventions.md, both summarised in ``data/README.md``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from ncm_async.testing.endpoint import Operation, Paging, SimEndpoint

IN_LIMIT = 100
"""``__in`` filters take at most 100 values (v3-and-limits; the alerts section's
"does not have the standard filter limits of 100 values per field")."""
NO_IN_LIMIT = frozenset({"alerts"})
"""The one endpoint the docs exempt from the ``__in`` limit."""
MAX_LIMIT = 500
""""most resources have a max limit of 500 records per call" (conventions section 5);
no endpoint states its own maximum."""

TIME_SERIES_OWNER: Mapping[str, str] = MappingProxyType(
    {
        "router_alerts": "router",
        "router_state_samples": "router",
        "router_stream_usage_samples": "router",
        "net_device_signal_samples": "net_device",
        "net_device_usage_samples": "net_device",
    }
)
"""Time-series the docs do not mark as requiring a filter, but that the real NCM
answers 409 unless filtered by their device (v3-and-limits, "v2 facts beyond the
docs"). ``alerts`` is not one of them: its documented unfiltered GET answers 200
and it carries account-level alerts whose ``router`` is null."""

ID_FIELDS: Mapping[str, str] = MappingProxyType(
    {"alert_push_destinations": "destination_config_id", "alert_rules": "alert_config_id"}
)
"""Endpoints whose records are addressed by a key other than ``id`` (conventions section 3)."""

KEYSET_FIELDS: Mapping[str, str] = MappingProxyType({"activity_logs": "action__id"})
"""The key a ``cursor`` endpoint's ``meta.next`` pages on where the docs show one
(``activity_logs/?action__id__lt=<uuid>``); the others page on their id field, the
only ordered key they document (their example ``next`` is always null)."""

EXTRA_OPERATORS: Mapping[tuple[str, str], frozenset[str]] = MappingProxyType(
    {("activity_logs", "created_at"): frozenset({"__exact"})}
)
"""Operators used in the docs' examples but missing from the field tables
(conventions section 7: ``activity_logs/?created_at__exact=...``)."""

_OPERATIONS = {
    "POST": Operation.CREATE,
    "PUT": Operation.UPDATE,
    "PATCH": Operation.PATCH,
    "DELETE": Operation.DELETE,
}


@functools.cache
def catalog() -> Mapping[str, Any]:
    """The vendored docs catalog, by endpoint name (``data/v2_catalog.json``)."""
    return MappingProxyType(_load("v2_catalog.json"))


@functools.cache
def examples() -> Mapping[str, Any]:
    """The docs' example bodies, by ``"<endpoint>:<description>"`` (``data/v2_examples.json``)."""
    return MappingProxyType(_load("v2_examples.json"))


def _load(name: str) -> dict[str, Any]:
    text = resources.files("ncm_async.testing").joinpath("data", name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def field_names(entry: Mapping[str, Any]) -> frozenset[str]:
    """Every field an endpoint's records carry: its table plus keys only its examples show."""
    return frozenset(
        {f["name"] for f in entry["fields"]} | set(entry["fields_in_examples_not_in_table"])
    )


def endpoint(name: str, entry: Mapping[str, Any]) -> SimEndpoint:
    """One catalog entry as the simulator serves it."""
    paging = Paging(entry["paging"])
    operations = {_OPERATIONS[m] for m in entry["methods"] if m in _OPERATIONS}
    if "GET" in entry["methods"]:
        operations.add(Operation.LIST)
        # CRUD quick reference: "Read GET .../{resource-type}/{id}/"; a record is
        # addressable when it carries its own resource_url.
        if "resource_url" in field_names(entry):
            operations.add(Operation.GET)
    filters: dict[str, frozenset[str]] = {}
    for field in entry["fields"]:
        ops = frozenset("" if op == "=" else op for op in field["filters"])
        ops |= EXTRA_OPERATORS.get((name, field["name"]), frozenset())
        if ops:
            filters[field["name"]] = ops
    required = tuple(entry["required_filters"] or ())
    if name in TIME_SERIES_OWNER:
        required = (TIME_SERIES_OWNER[name],)
    id_field = ID_FIELDS.get(name, "id")
    status = {
        op: entry["status_codes"][method]
        for method, op in _OPERATIONS.items()
        if entry["status_codes"].get(method) not in (None, op.default_status)
    }
    keyset = None
    if paging is Paging.TIMEUUID:
        keyset = "created_at_timeuuid"
    elif paging is Paging.KEYSET:
        keyset = KEYSET_FIELDS.get(name, id_field)
    return SimEndpoint(
        name=name,
        path=name,
        paging=paging,
        operations=frozenset(operations),
        filters=MappingProxyType(filters),
        required_any=required,
        id_field=id_field,
        status=MappingProxyType(status),
        in_limit=None if name in NO_IN_LIMIT else IN_LIMIT,
        max_limit=entry["max_limit"] or MAX_LIMIT,
        default_limit=entry["default_limit"] or 20,
        keyset=keyset,
    )


V2_DOCS: Mapping[str, SimEndpoint] = MappingProxyType(
    {name: endpoint(name, entry) for name, entry in catalog().items()}
)
"""Every v2 endpoint the docs describe, as the simulator serves it."""

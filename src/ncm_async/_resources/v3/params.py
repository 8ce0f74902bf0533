"""The query of a v3 list, as a pure function (v3-and-limits, "v3 essentials").

``filter[f]=v`` / ``filter[f][op]=v``, ``sort=f,-g``, ``fields[type]=a,b``,
``search[f]=v`` and ``page[size]`` (at most 50). Everything is validated against
the endpoint's spec before a request exists, so a typo never costs a call.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ncm_async import _query as query
from ncm_async._endpoints.spec import EndpointSpec
from ncm_async.errors import ConfigurationError

FieldsArg = Sequence[str] | Mapping[str, Sequence[str]] | None
SortArg = str | Sequence[str] | None

__all__ = ["FieldsArg", "SortArg", "fields_params", "list_params", "page_size"]


def page_size(spec: EndpointSpec, size: object) -> int:
    """Check ``page[size]``: 1 to the API maximum (50 on v3).

    Raises:
        ConfigurationError: Not a positive whole number, or above the maximum.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        msg = f"{spec.name}: page_size must be a positive whole number, got {size!r}"
        raise ConfigurationError(msg)
    if size > spec.max_limit:
        msg = f"{spec.name}: page_size {size} exceeds the API maximum {spec.max_limit}"
        raise ConfigurationError(msg)
    return size


def list_params(
    spec: EndpointSpec,
    *,
    filters: Mapping[str, object],
    sort: SortArg = None,
    fields: FieldsArg = None,
    search: Mapping[str, object] | None = None,
    size: int,
    types: Sequence[str] = (),
    plain: Collection[str] = (),
    extra: Mapping[str, object] | None = None,
) -> list[tuple[str, str]]:
    """The (unencoded) query parameters of a v3 list, in a stable order.

    Args:
        spec: The endpoint.
        filters: ``field`` / ``field__op`` keyword filters (None values already dropped).
        sort: ``"-end_time"`` or ``["-end_time", "name"]``.
        fields: Attribute names for every record type of the endpoint (``types``),
            or ``{type: names}``.
        search: ``{field: text}``, sent as ``search[field]=text``.
        size: The checked page size.
        types: The endpoint's record types, for ``fields`` given as a plain list.
        plain: Filters the endpoint takes as plain parameters, not ``filter[...]``.
        extra: Undocumented parameters, sent as given (the escape hatch).

    Raises:
        ConfigurationError: An unknown filter, operator or search field, a
            missing required filter, or a malformed value.
    """
    query.validate_filters(spec, filters)
    params: list[tuple[str, str]] = []
    for key, value in filters.items():
        name = key if key in plain else query.v3_filter_key(key)
        params.append((name, query.format_value(value, name=key)))
    if sort:
        params.append(("sort", _names(sort, "sort")))
    params += fields_params(spec, fields, types)
    for field, text in (search or {}).items():
        if field not in spec.filters or field in plain:
            searchable = ", ".join(sorted(set(spec.filters) - set(plain))) or "none"
            msg = f"{spec.name}: cannot search {field!r}; searchable: {searchable}"
            raise ConfigurationError(msg)
        params.append((f"search[{field}]", query.format_value(text, name=f"search[{field}]")))
    params.append(("page[size]", str(size)))
    params += [(k, query.format_value(v, name=k)) for k, v in (extra or {}).items()]
    return params


def fields_params(
    spec: EndpointSpec, fields: FieldsArg, types: Sequence[str]
) -> list[tuple[str, str]]:
    """``fields[<type>]=a,b`` for each of ``types``, or per type when given as a mapping."""
    if not fields:
        return []
    if isinstance(fields, Mapping):
        return [(f"fields[{t}]", _names(names, f"fields[{t}]")) for t, names in fields.items()]
    if not types:
        msg = f"{spec.name}: its record type is not known; give fields as {{type: [names]}}"
        raise ConfigurationError(msg)
    names = _names(fields, "fields")
    return [(f"fields[{t}]", names) for t in types]


def _names(values: Any, what: str) -> str:
    """Comma-joined names; a string may already be comma-separated."""
    items = values.split(",") if isinstance(values, str) else values
    if not isinstance(items, Sequence) or not items:
        msg = f"{what}: expected names, got {values!r}"
        raise ConfigurationError(msg)
    if not all(isinstance(v, str) and v.strip() and "," not in v for v in items):
        msg = f"{what}: expected non-empty names, got {values!r}"
        raise ConfigurationError(msg)
    return ",".join(v.strip() for v in items)

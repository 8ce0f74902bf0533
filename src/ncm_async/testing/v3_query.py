"""v3 (JSON:API) query parameters, filtering, sorting and cursor paging (pure).

``filter[f]=v`` / ``filter[f][op]=v`` (gt gte lt lte ne not) on the endpoint's
documented fields, plain parameters where the table names them (``router=`` of
unmasked_wifi_passwords), required filters (missing: 400 naming them; the docs
do not say how NCM answers, the vendor client refuses to send such a request);
``search[f]=v`` (case-insensitive substring);
``sort=f,-g``; ``fields[type]=a,b``; ``page[size]`` (default 20, max 50),
``page[after]``/``page[before]`` opaque cursors. Anything else is a 400 JSON:API
error naming the parameter. Equality values with commas match any of them.
Cursors encode the sort key of a record, so inserts and deletes between pages
never repeat or skip records.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from functools import cmp_to_key
from typing import Any

import attrs
import orjson

from ncm_async.testing.bodies import jsonapi_error
from ncm_async.testing.kinds import parse_bool, parse_time
from ncm_async.testing.v3_table import V3Path

_PARAM = re.compile(r"(filter|search|fields|page)\[([a-z_]+)\](?:\[([a-z]+)\])?")
_TIMES = frozenset(
    {"end_time", "start_time", "created_at", "updated_at", "last_login", "completed_at"}
)
_INTS = frozenset({"quantity", "port"})
_BOOLS = frozenset({"is_active", "active", "enabled", "is_licensed"})


@attrs.frozen
class V3Filter:
    """One filter; ``values`` are comparable (several for comma lists)."""

    field: str
    op: str
    values: tuple[Any, ...]
    search: bool = False


@attrs.frozen
class V3Query:
    """A validated v3 list query."""

    filters: tuple[V3Filter, ...]
    sort: tuple[tuple[str, bool], ...]
    size: int
    after: list[Any] | None
    before: list[Any] | None
    fields: dict[str, tuple[str, ...]]
    params: tuple[tuple[str, str], ...]


def field_value(record: dict[str, Any], field: str) -> Any:
    """A record's comparable value of ``field`` (id, attribute or to-one relationship id).

    ``type`` is the record's JSON:API type unless an attribute has that name.
    """
    if field == "id":
        return record["id"]
    attributes = record.get("attributes", {})
    if field in attributes:
        return _comparable(field, attributes[field])
    if field == "type":
        return record["type"]
    relation = record.get("relationships", {}).get(field) or record.get("relationships", {}).get(
        f"{field}s"
    )
    data = relation.get("data") if isinstance(relation, dict) else None
    return data.get("id") if isinstance(data, dict) else None


def _comparable(field: str, value: Any) -> Any:
    if field in _TIMES and isinstance(value, str):
        return parse_time(value)
    return value


def _convert(field: str, text: str) -> Any:
    if field in _TIMES:
        return parse_time(text)
    if field in _INTS:
        return int(text)
    if field in _BOOLS:
        return parse_bool(text)
    return text


def parse(spec: V3Path, params: Sequence[tuple[str, str]], sortable: frozenset[str]) -> V3Query:
    """Validate ``params``; ``sortable`` are the fields ``sort`` may name.

    Raises:
        ApiError: 400 JSON:API error naming the first bad parameter.
    """
    filters: list[V3Filter] = []
    sort: tuple[tuple[str, bool], ...] = ()
    size, after, before = spec.default_size, None, None
    fields: dict[str, tuple[str, ...]] = {}
    for name, text in params:
        match = _PARAM.fullmatch(name)
        family, field, op = match.groups() if match else (name, "", None)
        try:
            if family == "sort":
                sort = tuple(_sort_term(t, sortable) for t in text.split(",") if t)
            elif family == "page" and field == "size" and op is None:
                size = int(text)
                if not 1 <= size <= spec.max_size:
                    raise ValueError(text)
            elif family == "page" and field in ("after", "before") and op is None:
                cursor = decode_cursor(text)
                after, before = (cursor, before) if field == "after" else (after, cursor)
            elif family == "fields" and op is None:
                fields[field] = tuple(f for f in text.split(",") if f)
            elif family in ("filter", "search") and field in spec.filters:
                operator = f"__{op}" if op else ""
                if operator not in spec.filters[field] or (family == "search" and op):
                    raise ValueError(name)
                values = tuple(_convert(field, v) for v in (text.split(",") if not op else [text]))
                filters.append(V3Filter(field, operator, values, family == "search"))
            elif name in spec.plain_params:
                filters.append(V3Filter(name, "", tuple(text.split(","))))
            else:
                raise ValueError(name)
        except ValueError:
            raise jsonapi_error(
                400, f"invalid query parameter {name}={text}", parameter=name
            ) from None
    _check_required(spec, filters)
    return V3Query(tuple(filters), sort, size, after, before, fields, tuple(params))


def _check_required(spec: V3Path, filters: list[V3Filter]) -> None:
    given = {f.field for f in filters if not f.search}
    for field in spec.required_filters:
        if field not in given:
            name = field if field in spec.plain_params else f"filter[{field}]"
            raise jsonapi_error(400, f"{name} is required on {spec.path}", parameter=name)


def _sort_term(term: str, sortable: frozenset[str]) -> tuple[str, bool]:
    field = term.removeprefix("-")
    if field not in sortable:
        raise ValueError(term)
    return field, term.startswith("-")


def matches(record: dict[str, Any], flt: V3Filter) -> bool:
    """Whether a record passes one filter."""
    value = field_value(record, flt.field)
    if flt.search:
        return value is not None and str(flt.values[0]).lower() in str(value).lower()
    if flt.op == "":
        return value in flt.values
    if flt.op in ("__ne", "__not"):
        return bool(value != flt.values[0])
    if value is None:
        return False
    try:
        return _compare(flt.op, value, flt.values[0])
    except TypeError:
        return False


def _compare(op: str, value: Any, target: Any) -> bool:
    if op == "__gt":
        return bool(value > target)
    if op == "__gte":
        return bool(value >= target)
    if op == "__lt":
        return bool(value < target)
    return bool(value <= target)


def sort_key(record: dict[str, Any], sort: tuple[tuple[str, bool], ...]) -> list[Any]:
    """The cursor key of a record: its sort values, then its id."""
    return [field_value(record, f) for f, _ in sort] + [record["id"]]


def compare(a: list[Any], b: list[Any], sort: tuple[tuple[str, bool], ...]) -> int:
    """Order two cursor keys (None first, ``-field`` descending, id last ascending)."""
    directions = [desc for _, desc in sort] + [False]
    for x, y, desc in zip(a, b, directions, strict=False):
        if x == y:
            continue
        smaller = x is None if x is None or y is None else bool(x < y)
        return (1 if smaller else -1) if desc else (-1 if smaller else 1)
    return 0


def ordered(
    records: list[dict[str, Any]], sort: tuple[tuple[str, bool], ...]
) -> list[dict[str, Any]]:
    """Records in ``sort`` order."""
    keyed = [(sort_key(r, sort), r) for r in records]

    def by_key(a: tuple[list[Any], dict[str, Any]], b: tuple[list[Any], dict[str, Any]]) -> int:
        return compare(a[0], b[0], sort)

    keyed.sort(key=cmp_to_key(by_key))
    return [r for _, r in keyed]


def encode_cursor(key: list[Any]) -> str:
    """An opaque cursor for a record key."""
    return base64.urlsafe_b64encode(orjson.dumps(key)).decode().rstrip("=")


def decode_cursor(text: str) -> list[Any]:
    """The key inside a cursor; ValueError if it is not one of ours."""
    try:
        key = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, orjson.JSONDecodeError, UnicodeDecodeError):
        raise ValueError(text) from None
    if not isinstance(key, list) or not key:
        raise ValueError(text)
    return list(key)

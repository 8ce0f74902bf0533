"""Parse and validate a v2 list query against the endpoint's spec (pure).

Rules, all read from the simulator's own :class:`SimEndpoint` table (``v2_docs``;
conventions sections 4, 5 and 7):

* Filters: ``field`` or ``field<op>`` for documented fields and operators only;
  anything else is a 400 ``validation`` body naming the parameter
  (``{"<param>": "no such field"}``). ``__in`` takes comma-separated values, at
  most ``spec.in_limit``. Id-like values must be integers; datetimes ISO 8601
  (a ``+`` the client did not send as ``%2b`` arrives as a space: 400).
* ``limit``: default ``spec.default_limit``. Like the Tastypie paginator the
  v2 API is built on, a limit above the maximum (``spec.max_limit``) or ``0`` is
  served as the maximum (Cradlepoint's own client sends ``limit=1000000`` and
  follows ``meta.next``); with ``strict_limit`` it is a 400 instead. Negative or
  non-integer limits and offsets are 400.
* ``offset``: offset endpoints only; elsewhere 400. ``fields``, ``expand``
  (related-record fields only), ``format=json``.
* ``order_by=f,-g``: on offset endpoints, by filterable fields or ``id``
  (400 otherwise). Time-series and keyset endpoints always serve newest first
  (keyset paging depends on it): ordering by their time key is accepted and
  ignored, anything else is 400.
* Keyset endpoints also accept their own next-link parameter
  (``created_at_timeuuid__lt``, ``action__id__lt``, ``<id_field>__lt``).
* ``spec.required_any``: none of those fields filtered -> 409.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ncm_async.testing.bodies import v2_error, validation
from ncm_async.testing.endpoint import Paging, SimEndpoint
from ncm_async.testing.kinds import Kind, kind_of, parse_bool, parse_value

RESERVED = frozenset({"limit", "offset", "fields", "expand", "order_by", "format"})
_OPS_LONGEST_FIRST = ("__isnull", "__exact", "__gte", "__lte", "__in", "__gt", "__lt")


@attrs.frozen
class Filter:
    """One parsed filter: ``value`` is comparable (a frozenset for ``__in``)."""

    field: str
    op: str
    param: str
    value: Any
    kind: Kind


@attrs.frozen
class V2Query:
    """A validated list query."""

    filters: tuple[Filter, ...]
    limit: int
    offset: int
    fields: tuple[str, ...] | None
    expand: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    """The decoded parameters as sent, for building next/previous links."""
    order: tuple[tuple[str, bool], ...] = ()
    """``order_by`` terms ``(field, descending)`` (offset endpoints only)."""


def keyset_field(spec: SimEndpoint) -> str | None:
    """The field a keyset endpoint pages on (``None`` for offset endpoints)."""
    return spec.keyset


def max_limit(spec: SimEndpoint) -> int:
    """Largest accepted ``limit`` (never below the endpoint's default page size)."""
    return max(spec.max_limit, spec.default_limit)


def split_param(spec: SimEndpoint, name: str) -> tuple[str, str] | None:
    """``router__in`` -> ``("router", "__in")`` if documented (or the keyset param)."""
    candidates = [(name, "")]
    candidates += [(name[: -len(op)], op) for op in _OPS_LONGEST_FIRST if name.endswith(op)]
    key = keyset_field(spec)
    for field, op in candidates:
        if op in spec.filters.get(field, frozenset()):
            return field, op
        if field == key and op == "__lt":
            return field, op
    return None


@attrs.define
class _Draft:
    limit: int
    strict_limit: bool = False
    offset: int = 0
    order: tuple[tuple[str, bool], ...] = ()
    fields: tuple[str, ...] | None = None
    expand: tuple[str, ...] = ()
    filters: list[Filter] = attrs.field(factory=list)
    errors: list[dict[str, str]] = attrs.field(factory=list)


def parse(
    spec: SimEndpoint, params: Sequence[tuple[str, str]], *, strict_limit: bool = False
) -> V2Query:
    """Validate ``params`` (decoded, in order; the last of a repeated name wins).

    Raises:
        ApiError: 400 validation body, or 409 when a required filter is missing.
    """
    draft = _Draft(limit=spec.default_limit, strict_limit=strict_limit)
    for name, text in dict(params).items():
        if name in RESERVED:
            _reserved(spec, draft, name, text)
        else:
            parsed = _filter(spec, name, text, draft.errors)
            if parsed is not None:
                draft.filters.append(parsed)
    if draft.errors:
        raise validation(draft.errors)
    if spec.required_any and not any(f.field in spec.required_any for f in draft.filters):
        wanted = " or ".join(spec.required_any)
        required = [{f: "required"} for f in spec.required_any]
        raise v2_error(409, f"a {wanted} filter is required", required)
    filters = tuple(draft.filters)
    return V2Query(
        filters, draft.limit, draft.offset, draft.fields, draft.expand, tuple(params), draft.order
    )


def _reserved(spec: SimEndpoint, draft: _Draft, name: str, text: str) -> None:
    errors = draft.errors
    if name == "limit":
        draft.limit = _limit(spec, text, errors, strict=draft.strict_limit) or draft.limit
    elif name == "order_by":
        draft.order = _order(spec, text, errors)
    elif name == "offset" and spec.paging is Paging.OFFSET:
        draft.offset = _int(text, name, errors, low=0, high=None) or 0
    elif name == "fields":
        draft.fields = tuple(f for f in text.split(",") if f)
    elif name == "expand":
        draft.expand = tuple(f for f in text.split(",") if f)
        refs = [f for f in draft.expand if kind_of(spec.name, f) is Kind.REF]
        errors += [{name: f"cannot expand {f}"} for f in draft.expand if f not in refs]
    elif name == "format" and text == "json":
        return
    else:
        errors.append({name: "no such field"})


def _limit(
    spec: SimEndpoint, text: str, errors: list[dict[str, str]], *, strict: bool
) -> int | None:
    top = max_limit(spec)
    value = _int(text, "limit", errors, low=1 if strict else 0, high=top if strict else None)
    if value is None:
        return None
    return top if value in (0, None) or value > top else value


def _order(
    spec: SimEndpoint, text: str, errors: list[dict[str, str]]
) -> tuple[tuple[str, bool], ...]:
    terms = tuple((t.removeprefix("-"), t.startswith("-")) for t in text.split(",") if t)
    if spec.paging is not Paging.OFFSET or "created_at_timeuuid" in spec.filters:
        allowed = {"created_at", "created_at_timeuuid", keyset_field(spec)}
        if any(field not in allowed for field, _ in terms):
            errors.append({"order_by": "no such field"})
        return ()
    if any(field != "id" and field not in spec.filters for field, _ in terms):
        errors.append({"order_by": "no such field"})
        return ()
    return terms


def _int(
    text: str, name: str, errors: list[dict[str, str]], *, low: int, high: int | None
) -> int | None:
    try:
        value = int(text)
    except ValueError:
        errors.append({name: "must be an integer"})
        return None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        errors.append({name: f"must be {bound}"})
        return None
    return value


def _filter(spec: SimEndpoint, name: str, text: str, errors: list[dict[str, str]]) -> Filter | None:
    split = split_param(spec, name)
    if split is None:
        errors.append({name: "no such field"})
        return None
    field, op = split
    kind = kind_of(spec.name, field)
    try:
        if op == "__isnull":
            return Filter(field, op, name, parse_bool(text), kind)
        if op == "__in":
            raw = [v for v in text.split(",") if v]
            if not raw:
                raise ValueError(text)
            if spec.in_limit is not None and len(raw) > spec.in_limit:
                errors.append({name: f"too many values (at most {spec.in_limit})"})
                return None
            return Filter(field, op, name, frozenset(parse_value(kind, v) for v in raw), kind)
        return Filter(field, op, name, parse_value(kind, text), kind)
    except ValueError:
        errors.append({name: "invalid value"})
        return None

"""Select the rows a v2 query matches, in the order the API serves them.

Offset endpoints serve in id order; keyset endpoints and time-series (router_logs
included) newest first. Time-series are read per owner: the owner filter picks the series,
time bounds become ``bisect`` ranges, and several owners are merged lazily
with :func:`heapq.merge`, so a ``router__in`` page of 500 costs what 500 rows
cost, not what the fleet costs.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ncm_async.testing.endpoint import Paging, SimEndpoint
from ncm_async.testing.kinds import Kind
from ncm_async.testing.tables import Row, Series, Table
from ncm_async.testing.v2_query import Filter, V2Query, keyset_field

_TIME_OPS = frozenset({"__gt", "__gte", "__lt", "__lte"})
_HIGH = "\U0010ffff"


def newest_first(spec: SimEndpoint) -> bool:
    """Whether the endpoint serves newest records first."""
    return spec.paging in (Paging.TIMEUUID, Paging.KEYSET) or spec.name == "router_logs"


def matches(row: Row, endpoint: str, flt: Filter) -> bool:
    """Whether ``row`` passes one filter."""
    value = row.value(endpoint, flt.field, flt.kind)
    op = flt.op
    if op == "__isnull":
        return (value is None) is flt.value
    if flt.kind is Kind.TYPECODE:
        return value is not None and flt.value in value
    if op in ("", "__exact"):
        return bool(value == flt.value)
    if op == "__in":
        return value in flt.value
    if value is None:
        return False
    try:
        if op == "__gt":
            return bool(value > flt.value)
        if op == "__gte":
            return bool(value >= flt.value)
        if op == "__lt":
            return bool(value < flt.value)
        return bool(value <= flt.value)
    except TypeError:
        return False


def select(
    spec: SimEndpoint, store: Table | Series, query: V2Query, limit: int | None
) -> list[Row]:
    """Matching rows in serving order; at most ``limit`` (None: all)."""
    if isinstance(store, Series):
        return list(itertools.islice(_series_rows(spec, store, query.filters), limit))
    rows = _table_rows(spec, store, query.filters)
    if query.order:
        rows = _ordered(spec, rows, query.order)
    return rows if limit is None else rows[:limit]


def _ordered(spec: SimEndpoint, rows: list[Row], order: tuple[tuple[str, bool], ...]) -> list[Row]:
    """``order_by``: stable sorts from the last term to the first; None sorts first."""
    out = list(rows)
    for field, descending in reversed(order):

        def key(row: Row, field: str = field) -> tuple[bool, Any]:
            value = row.value(spec.name, field)
            return (value is not None, value if value is not None else 0)

        out.sort(key=key, reverse=descending)
    return out


def _table_rows(spec: SimEndpoint, table: Table, filters: tuple[Filter, ...]) -> list[Row]:
    indexed = next(
        (f for f in filters if f.op in ("", "__in") and f.kind is not Kind.TYPECODE), None
    )
    if indexed is None:
        candidates: list[Row] = table.ordered()
    else:
        index = table.index(indexed.field)
        wanted = indexed.value if indexed.op == "__in" else (indexed.value,)
        candidates = [r for v in wanted for r in index.get(v, ())]
        if indexed.op == "__in":
            candidates.sort(key=lambda r: r.key)
    rest = [f for f in filters if f is not indexed]
    out = (
        [r for r in candidates if all(matches(r, spec.name, f) for f in rest)]
        if rest
        else candidates
    )
    return out[::-1] if newest_first(spec) else out


def _series_rows(spec: SimEndpoint, series: Series, filters: tuple[Filter, ...]) -> Iterator[Row]:
    owner_filter = next(
        (f for f in filters if f.field == series.owner_field and f.op in ("", "__in", "__isnull")),
        None,
    )
    owners = _owners(series, owner_filter)
    bounded = [f for f in filters if _is_bound(spec, f)]
    rest = [f for f in filters if f is not owner_filter and f not in bounded]
    low, high = _bounds(bounded)
    streams = []
    for owner in owners:
        rows = series.rows_of(owner)
        lo = bisect.bisect_left(rows, low, key=_key) if low is not None else 0
        hi = bisect.bisect_left(rows, high, key=_key) if high is not None else len(rows)
        if lo < hi:
            streams.append(_descending(rows, lo, hi))
    merged: Iterable[Row] = (
        streams[0] if len(streams) == 1 else heapq.merge(*streams, key=_key, reverse=True)
    )
    for row in merged:
        if all(matches(row, spec.name, f) for f in rest):
            yield row


def _owners(series: Series, flt: Filter | None) -> list[str]:
    if flt is None:
        return series.owners()
    if flt.op == "__isnull":
        return [""] if flt.value else [o for o in series.owners() if o]
    values = flt.value if flt.op == "__in" else {flt.value}
    return sorted(values)


def _is_bound(spec: SimEndpoint, flt: Filter) -> bool:
    timeish = flt.field == keyset_field(spec) or flt.field == "created_at_timeuuid"
    return flt.op in _TIME_OPS and (timeish or flt.field == "created_at")


def _bounds(filters: list[Filter]) -> tuple[Any, Any]:
    """Row keys ``low <= key < high`` from time filters (keys are ``(ticks, text)``)."""
    low: Any = None
    high: Any = None
    for f in filters:
        if f.field == "created_at":
            at = (f.value, "")
            after = (f.value + 1, "")
        else:
            at = f.value
            after = (f.value[0], f.value[1] + _HIGH)
        if f.op in ("__gt", "__gte"):
            bound = after if f.op == "__gt" else at
            low = bound if low is None else max(low, bound)
        else:
            bound = at if f.op == "__lt" else after
            high = bound if high is None else min(high, bound)
    return low, high


def _descending(rows: list[Row], lo: int, hi: int) -> Iterator[Row]:
    for i in range(hi - 1, lo - 1, -1):
        yield rows[i]


def _key(row: Row) -> Any:
    return row.key

"""In-memory record storage with the indexes that keep serving cheap.

A :class:`Row` is one served record: its dict (exactly as served, URLs on the
simulator's canonical origin), its ordering key, filter-only values the record
does not show, and a lazily cached JSON encoding so a 500-record page is mostly
a ``b",".join``. A :class:`Table` holds a whole endpoint; a :class:`Series`
holds time-series per owner (router or net_device), generated on first access.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson

from ncm_async.testing.kinds import Kind, comparable, kind_of, lookup


class Row:
    """One record plus what the simulator needs to filter, order and serve it."""

    __slots__ = ("_cmp", "_json", "data", "hidden", "key")

    def __init__(self, data: dict[str, Any], key: Any, hidden: dict[str, Any] | None = None):
        self.data = data
        self.key = key
        self.hidden = hidden if hidden is not None else {}
        self._json: bytes | None = None
        self._cmp: dict[str, Any] | None = None

    def json(self) -> bytes:
        """The record's JSON, encoded once."""
        if self._json is None:
            self._json = orjson.dumps(self.data)
        return self._json

    def value(self, endpoint: str, field: str, kind: Kind | None = None) -> Any:
        """The comparable value of ``field`` (memoized)."""
        cache = self._cmp
        if cache is None:
            cache = self._cmp = {}
        elif field in cache:
            return cache[field]
        raw = lookup(self.data, self.hidden, field)
        result = comparable(kind or kind_of(endpoint, field), raw)
        cache[field] = result
        return result

    def changed(self) -> None:
        """Forget cached encodings after ``data`` was modified in place."""
        self._json = None
        self._cmp = None


class Table:
    """All records of one endpoint, by id, with lazily built equality indexes."""

    def __init__(self, endpoint: str, id_field: str, rows: Iterable[Row]):
        self.endpoint = endpoint
        self.id_field = id_field
        self.version = 0
        self._by_id: dict[str, Row] = {self.record_id(r): r for r in rows}
        self._ordered: list[Row] | None = None
        self._indexes: dict[str, dict[Any, list[Row]]] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.ordered())

    def ordered(self) -> list[Row]:
        """Rows ascending by key (the cache is rebuilt after writes)."""
        if self._ordered is None:
            self._ordered = sorted(self._by_id.values(), key=_key)
        return self._ordered

    def record_id(self, row: Row) -> str:
        """The row's id (a filter-only value for records that show none, e.g. failovers)."""
        value = row.data.get(self.id_field)
        if value is None:
            value = row.hidden.get(self.id_field)
        return str(value)

    def get(self, record_id: str) -> Row | None:
        """The row with this id, or None."""
        return self._by_id.get(record_id)

    def put(self, row: Row) -> None:
        """Insert or replace a row (by its id field)."""
        self._by_id[self.record_id(row)] = row
        self.touch()

    def remove(self, record_id: str) -> Row | None:
        """Delete a row; returns it, or None if it did not exist."""
        row = self._by_id.pop(record_id, None)
        if row is not None:
            self.touch()
        return row

    def touch(self) -> None:
        """Invalidate orderings, indexes and cached query results."""
        self.version += 1
        self._ordered = None
        self._indexes.clear()

    def index(self, field: str) -> dict[Any, list[Row]]:
        """Comparable value of ``field`` -> rows (ascending), built on first use."""
        built = self._indexes.get(field)
        if built is None:
            built = {}
            for row in self.ordered():
                built.setdefault(row.value(self.endpoint, field), []).append(row)
            self._indexes[field] = built
        return built


def _key(row: Row) -> Any:
    return row.key


class Series:
    """Time-series rows per owner id, ascending by key, generated on first access."""

    def __init__(
        self,
        endpoint: str,
        owner_field: str,
        generate: Callable[[str], list[Row]],
        owners: Callable[[], Iterable[str]],
        exists: Callable[[str], bool],
    ):
        self.endpoint = endpoint
        self.owner_field = owner_field
        self.version = 0
        self._generate = generate
        self._owners = owners
        self._exists = exists
        self._rows: dict[str, list[Row]] = {}

    def rows_of(self, owner: str) -> list[Row]:
        """The owner's rows, ascending (empty for unknown or deleted owners)."""
        rows = self._rows.get(owner)
        if rows is None:
            rows = sorted(self._generate(owner), key=_key) if self._exists(owner) else []
            self._rows[owner] = rows
        return rows

    def generated(self) -> dict[str, list[Row]]:
        """The owners whose rows exist already, with their rows (ascending)."""
        return dict(self._rows)

    def owners(self) -> list[str]:
        """Every current owner id."""
        return [o for o in self._owners() if self._exists(o)]

    def add(self, owner: str, rows: Iterable[Row]) -> None:
        """Insert rows keeping the owner's order (what a device reporting in does)."""
        target = self.rows_of(owner)
        for row in rows:
            bisect.insort(target, row, key=_key)
        self.version += 1

    def drop(self, owner: str) -> None:
        """Forget an owner's rows (a deleted router loses its data)."""
        self._rows[owner] = []
        self.version += 1

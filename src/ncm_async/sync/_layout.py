"""How an endpoint's records become table rows (pure: no database, no I/O).

One table per endpoint, named as the endpoint; one column per API field under
the API's name, nested values (objects, arrays) as JSON text. Two more columns:

- ``<key>_id`` (``router_id``, ``net_device_id``) when the sync fans out over a
  key: the id alone, not the API's URL, so ``WHERE router_id = '1234'`` works;
  it is filled from the query for records that do not name their router
  (``historical_locations``).
- ``_sync_run`` on snapshot tables: the run that last saw the row, so rows the
  account no longer has are found (deleted) at the end of a run.

The primary key makes re-delivery an idempotent upsert: ``(<key>_id,
created_at_timeuuid)`` for time-series (``router_logs`` timeuuids are only
unique per router), the endpoint's id field for snapshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import orjson

from ncm_async.errors import ConfigurationError, ResponseValidationError

SERIES_FIELD = "created_at_timeuuid"
RUN_COLUMN = "_sync_run"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@attrs.frozen
class Layout:
    """The table of one endpoint.

    Attributes:
        table: The table name (the endpoint's name).
        series: Time-series (append-mostly, positions) or snapshot (mirror, deletions).
        key: The filter the sync fans out over (``router``), or None for a whole listing.
        primary_key: Columns of the primary key.
        indexes: Extra single-column indexes (``router_id``, ``created_at``).
    """

    table: str
    series: bool
    key: str | None
    primary_key: tuple[str, ...]
    indexes: tuple[str, ...] = ()

    @property
    def key_column(self) -> str | None:
        """``router_id`` for ``key="router"``; None without a key."""
        return None if self.key is None else f"{self.key}_id"

    @property
    def fixed_columns(self) -> tuple[str, ...]:
        """Columns every row has whatever the records carry."""
        cols = list(self.primary_key)
        if self.key_column is not None and self.key_column not in cols:
            cols.append(self.key_column)
        if not self.series:
            cols.append(RUN_COLUMN)
        return tuple(cols)


def layout_for(name: str, *, series: bool, key: str | None, id_field: str = "id") -> Layout:
    """The layout of endpoint ``name`` synced over ``key``.

    Raises:
        ConfigurationError: A time-series endpoint without a key (its positions are per id).
    """
    check_name(name)
    if series:
        if key is None:
            msg = f"{name} is a time-series endpoint: sync it over a key (key='router')"
            raise ConfigurationError(msg)
        column = f"{check_name(key)}_id"
        return Layout(name, True, key, (column, SERIES_FIELD), (column, "created_at"))
    indexes = () if key is None else (f"{check_name(key)}_id",)
    return Layout(name, False, key, (check_name(id_field),), indexes)


def check_name(name: str) -> str:
    """``name`` if it is a plain identifier (API field names are); anything else is refused.

    Table and column names come from the endpoint and from the server's records;
    they are quoted everywhere too, this keeps them readable and portable.

    Raises:
        ResponseValidationError: Not a plain identifier.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        msg = f"{name!r} cannot be a column or table name (letters, digits and _ only)"
        raise ResponseValidationError(msg)
    return name


def quote(name: str) -> str:
    """A checked identifier in double quotes (SQLite and PostgreSQL alike)."""
    return f'"{check_name(name)}"'


def cell(value: Any) -> Any:
    """A JSON value as stored: objects and arrays as JSON text, scalars as they are."""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return value


def rows_of(
    layout: Layout,
    records: Iterable[Mapping[str, Any]],
    owner: Sequence[str | None],
    run: int,
) -> list[dict[str, Any]]:
    """Table rows for ``records`` (API JSON), ``owner[i]`` the key id of record ``i``.

    Values stay as the API sent them; each database stores nested ones its way.

    Raises:
        ResponseValidationError: A record without the fields its primary key needs.
    """
    out = []
    key_column = layout.key_column
    for record, who in zip(records, owner, strict=True):
        row = {check_name(k): v for k, v in record.items()}
        if key_column is not None:
            row[key_column] = who
        if not layout.series:
            row[RUN_COLUMN] = run
        missing = [c for c in layout.primary_key if row.get(c) in (None, "")]
        if missing:
            msg = f"{layout.table}: a record without {', '.join(missing)}: {dict(record)!r}"
            raise ResponseValidationError(msg)
        out.append(row)
    return out


def columns_of(layout: Layout, rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every column the rows use, fixed ones first, the others in order of appearance."""
    seen = dict.fromkeys(layout.fixed_columns)
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def row_key(layout: Layout, row: Mapping[str, Any]) -> tuple[str, ...]:
    """A row's primary key as text (what the database compares)."""
    return tuple(str(row[c]) for c in layout.primary_key)

"""The SQL both databases run, as pure functions of a layout and column names.

SQLite and PostgreSQL share the statements (``ON CONFLICT ... DO UPDATE`` and
double-quoted identifiers are common ground); only placeholders and column
types differ, so those are parameters. Every identifier goes through
:func:`ncm_async.sync.layout.quote`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ncm_async.sync._layout import RUN_COLUMN, Layout, quote

Placeholder = Callable[[int], str]
"""The ``i``-th (0-based) parameter marker: ``?`` for SQLite, ``$i+1`` for PostgreSQL."""

POSITIONS = "_sync_positions"
RUNS = "_sync_runs"

META = (
    f"CREATE TABLE IF NOT EXISTS {POSITIONS} (endpoint TEXT NOT NULL, id TEXT NOT NULL, "
    "timeuuid TEXT, created_at TEXT, since TEXT, PRIMARY KEY (endpoint, id))",
    f"CREATE TABLE IF NOT EXISTS {RUNS} (endpoint TEXT PRIMARY KEY, runs INTEGER NOT NULL, "
    "state TEXT)",
)
"""Positions per id, and per endpoint the count of finished runs plus the run in progress."""


LOAD_POSITIONS = f"SELECT id, timeuuid, created_at, since FROM {POSITIONS} WHERE endpoint = {{0}}"
LOAD_RUN = f"SELECT runs, state FROM {RUNS} WHERE endpoint = {{0}}"
SAVE_POSITION = (
    f"INSERT INTO {POSITIONS} (endpoint, id, timeuuid, created_at, since) "
    "VALUES ({0}, {1}, {2}, {3}, {4}) ON CONFLICT (endpoint, id) DO UPDATE SET "
    "timeuuid = excluded.timeuuid, created_at = excluded.created_at, since = excluded.since"
)
SAVE_RUN = (
    f"INSERT INTO {RUNS} (endpoint, runs, state) VALUES ({{0}}, {{1}}, {{2}}) "
    f"ON CONFLICT (endpoint) DO UPDATE SET runs = {RUNS}.runs + {{1}}, state = excluded.state"
)
"""Bookkeeping statements, with ``{i}`` where the ``i``-th parameter goes (:func:`marked`)."""


def marked(statement: str, mark: Placeholder) -> str:
    """A bookkeeping statement with the database's parameter markers."""
    return statement.format(*(mark(i) for i in range(statement.count("{"))))


def create_table(layout: Layout, columns: Sequence[tuple[str, str]]) -> list[str]:
    """``CREATE TABLE`` (with its primary key) and its indexes; ``columns`` as (name, type)."""
    cols = ", ".join(f"{quote(name)} {kind}".rstrip() for name, kind in columns)
    pk = ", ".join(quote(c) for c in layout.primary_key)
    table = quote(layout.table)
    out = [f"CREATE TABLE IF NOT EXISTS {table} ({cols}, PRIMARY KEY ({pk}))"]
    for column in layout.indexes + ((RUN_COLUMN,) if not layout.series else ()):
        name = quote(f"{layout.table}_{column.strip('_')}_idx")
        out.append(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({quote(column)})")
    return out


def add_column(layout: Layout, name: str, kind: str) -> str:
    """``ALTER TABLE ... ADD COLUMN`` for a field first seen in a later record."""
    return f"ALTER TABLE {quote(layout.table)} ADD COLUMN {quote(name)} {kind}".rstrip()


def upsert(layout: Layout, columns: Sequence[str], mark: Placeholder) -> str:
    """Insert a row, or update every non-key column of the row with its primary key."""
    names = ", ".join(quote(c) for c in columns)
    values = ", ".join(mark(i) for i in range(len(columns)))
    pk = ", ".join(quote(c) for c in layout.primary_key)
    rest = [c for c in columns if c not in layout.primary_key]
    action = (
        "DO UPDATE SET " + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in rest)
        if rest
        else "DO NOTHING"
    )
    table = quote(layout.table)
    return f"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT ({pk}) {action}"


def existing_keys(layout: Layout, count: int, mark: Placeholder) -> str:
    """Primary keys already stored among ``count`` values of the key's last column."""
    pk = ", ".join(quote(c) for c in layout.primary_key)
    last = quote(layout.primary_key[-1])
    values = ", ".join(mark(i) for i in range(count))
    return f"SELECT {pk} FROM {quote(layout.table)} WHERE {last} IN ({values})"


def delete_unseen(layout: Layout, *, scoped: bool, mark: Placeholder, any_of: bool = False) -> str:
    """Delete snapshot rows an earlier run saw but this one (``mark(0)``) did not.

    With ``scoped``, only rows of one key id (``mark(1)``; an array of them with
    ``any_of``): a sync over some routers' net_devices must not delete other
    routers' rows.
    """
    sql = f"DELETE FROM {quote(layout.table)} WHERE {quote(RUN_COLUMN)} < {mark(0)}"
    if scoped:
        assert layout.key_column is not None
        test = f"= ANY({mark(1)})" if any_of else f"= {mark(1)}"
        sql += f" AND {quote(layout.key_column)} {test}"
    return sql


def upsert_json(layout: Layout, columns: Sequence[str]) -> str:
    """PostgreSQL: upsert a JSON array of rows (``$1``), converted by the table's types.

    Returns one boolean per row: whether it was inserted (``xmax = 0``).
    """
    names = ", ".join(quote(c) for c in columns)
    table = quote(layout.table)
    pk = ", ".join(quote(c) for c in layout.primary_key)
    rest = [c for c in columns if c not in layout.primary_key]
    action = (
        "DO UPDATE SET " + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in rest)
        if rest
        else "DO NOTHING"
    )
    return (
        f"INSERT INTO {table} ({names}) SELECT {names} FROM "
        f"jsonb_populate_recordset(NULL::{table}, $1::jsonb) ON CONFLICT ({pk}) {action} "
        "RETURNING (xmax = 0)"
    )

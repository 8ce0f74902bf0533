"""The PostgreSQL target, through asyncpg (the ``postgres`` extra; asyncio only).

Same tables, positions and guarantees as SQLite. Columns get a type from the
first value seen (text, numeric, boolean, jsonb for nested values); a page is
upserted in one statement from a JSON array (``jsonb_populate_recordset``), so
PostgreSQL itself converts each value to its column's type. The sync lock is a
session advisory lock: it dies with the connection, so a killed sync leaves none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import orjson
import sniffio

from ncm_async.errors import ConfigurationError
from ncm_async.sync import _sql as sql
from ncm_async.sync._layout import RUN_COLUMN, Layout, columns_of, row_key
from ncm_async.sync._positions import Position
from ncm_async.sync._target import Applied, Change, Stored, SyncLockedError

LOCK_KEY = 0x6E636D5F73796E63
"""The advisory lock every sync takes on its database ("ncm_sync")."""


def _mark(i: int) -> str:
    return f"${i + 1}"


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "numeric"
    if isinstance(value, dict | list):
        return "jsonb"
    return "text"


class PostgresTarget:
    """A PostgreSQL database (see :func:`ncm_async.sync.open_target`).

    Args:
        dsn: ``postgresql://user:password@host:port/database``; the password
            never appears in reprs or messages.
    """

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        parts = urlsplit(dsn)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        self.description = urlunsplit((parts.scheme, f"{host}{port}", parts.path, "", ""))
        self._conn: Any = None
        self._columns: dict[str, set[str]] = {}

    def __repr__(self) -> str:
        return f"PostgresTarget({self.description!r})"

    async def open(self) -> None:
        """See :meth:`SyncTarget.open`.

        Raises:
            ConfigurationError: asyncpg is not installed (the ``postgres`` extra), or
                the event loop is not asyncio's.
            SyncLockedError: Another sync holds the database.
        """
        if sniffio.current_async_library() != "asyncio":
            msg = "the PostgreSQL target runs on asyncio (asyncpg); SQLite works on trio too"
            raise ConfigurationError(msg)
        try:
            import asyncpg  # type: ignore[import-untyped]
        except ImportError:
            msg = "PostgreSQL needs asyncpg: pip install 'ncm-async[postgres]'"
            raise ConfigurationError(msg) from None
        conn = await asyncpg.connect(self._dsn)
        try:
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", LOCK_KEY):
                holder = await conn.fetchval(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND objid = ($1::bigint & 4294967295)::oid LIMIT 1",
                    LOCK_KEY,
                )
                msg = (
                    f"another sync is running on {self.description} (backend pid {holder}); "
                    "refusing to run two at once (wait for it to finish, or stop it: its "
                    "committed work is kept)"
                )
                raise SyncLockedError(msg)
            for statement in sql.META:
                await conn.execute(statement)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn

    async def close(self) -> None:
        """See :meth:`SyncTarget.close` (closing the session releases the lock)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def load(self, layout: Layout) -> Stored:
        """See :meth:`SyncTarget.load`."""
        conn = self._open()
        found = await conn.fetch(sql.marked(sql.LOAD_POSITIONS, _mark), layout.table)
        positions = {r[0]: Position(r[1], r[2], r[3]) for r in found}
        run = await conn.fetchrow(sql.marked(sql.LOAD_RUN, _mark), layout.table)
        runs, state = (0, None) if run is None else (int(run[0]), run[1])
        return Stored(positions, runs, None if state is None else orjson.loads(state))

    async def commit(self, change: Change) -> Applied:
        """See :meth:`SyncTarget.commit`."""
        conn = self._open()
        try:
            async with conn.transaction():
                return await self._apply(conn, change)
        except BaseException:
            self._columns.clear()
            raise

    def _open(self) -> Any:
        if self._conn is None:
            msg = "the PostgreSQL target is not open"
            raise RuntimeError(msg)
        return self._conn

    async def _apply(self, conn: Any, change: Change) -> Applied:
        layout = change.layout
        new = await self._upsert(conn, layout, change.rows) if change.rows else 0
        if change.positions:
            await conn.executemany(
                sql.marked(sql.SAVE_POSITION, _mark),
                [
                    (layout.table, rid, p.timeuuid, p.created_at, p.since)
                    for rid, p in change.positions.items()
                ],
            )
        deleted = 0
        if change.finished and not layout.series and layout.table in self._columns:
            deleted = await self._delete_unseen(conn, change)
        state = None if change.state is None else orjson.dumps(change.state).decode()
        await conn.execute(
            sql.marked(sql.SAVE_RUN, _mark), layout.table, int(change.finished), state
        )
        return Applied(new, deleted)

    async def _upsert(self, conn: Any, layout: Layout, rows: Sequence[Mapping[str, Any]]) -> int:
        unique = {row_key(layout, r): r for r in rows}
        columns = columns_of(layout, unique.values())
        await self._ensure(conn, layout, columns, unique.values())
        payload = orjson.dumps(list(unique.values())).decode()
        inserted = await conn.fetch(sql.upsert_json(layout, columns), payload)
        return sum(1 for r in inserted if r[0])

    async def _ensure(
        self,
        conn: Any,
        layout: Layout,
        columns: Sequence[str],
        rows: Any,
    ) -> None:
        known = self._columns.get(layout.table)
        if known is None:
            found = await conn.fetch(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = $1",
                layout.table,
            )
            known = {r[0] for r in found}
            self._columns[layout.table] = known
        missing = [c for c in columns if c not in known]
        if not missing:
            return
        types = {c: _column_type(layout, c, rows) for c in missing}
        if not known:
            spec = [(c, types[c]) for c in missing]
            for statement in sql.create_table(layout, spec):
                await conn.execute(statement)
        else:
            for column in missing:
                await conn.execute(sql.add_column(layout, column, types[column]))
        known.update(missing)

    async def _delete_unseen(self, conn: Any, change: Change) -> int:
        layout = change.layout
        if change.scope is None:
            statement = sql.delete_unseen(layout, scoped=False, mark=_mark)
            status = await conn.execute(statement, change.run)
        else:
            statement = sql.delete_unseen(layout, scoped=True, mark=_mark, any_of=True)
            status = await conn.execute(statement, change.run, list(change.scope))
        return int(str(status).rsplit(" ", 1)[-1])


def _column_type(layout: Layout, column: str, rows: Any) -> str:
    if column == RUN_COLUMN:
        return "bigint"
    if column == layout.key_column:
        return "text"
    for row in rows:
        value = row.get(column)
        if value is not None:
            return _type(value)
    return "text"

"""The SQLite target: the embedded default (standard library, one file, no server).

Every database call runs in a worker thread (``anyio.to_thread``), one at a
time, so the event loop keeps fetching while a page is written. Columns are
declared without a type: SQLite then keeps each value as given (integers,
reals, text; JSON text for nested values). The database runs in WAL mode, so
readers (dashboards) are not blocked while a sync writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import orjson

from ncm_async.errors import ConfigurationError
from ncm_async.sync import _sql as sql
from ncm_async.sync._layout import Layout, cell, columns_of, quote, row_key
from ncm_async.sync._lock import FileLock
from ncm_async.sync._positions import Position
from ncm_async.sync._target import Applied, Change, Stored

T = TypeVar("T")

_CHUNK = 500


def _mark(i: int) -> str:
    return f"?{i + 1}"


class SqliteTarget:
    """A SQLite database file (see :func:`ncm_async.sync.target.open_target`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = str(path)
        self._db: sqlite3.Connection | None = None
        self._lock = FileLock(path.with_name(path.name + ".sync-lock"))
        self._serial = anyio.Lock()
        self._columns: dict[str, set[str]] = {}

    def __repr__(self) -> str:
        return f"SqliteTarget({self.description!r})"

    async def open(self) -> None:
        """See :meth:`SyncTarget.open`."""
        if not self.path.parent.is_dir():
            msg = f"into: the directory of {self.path} does not exist"
            raise ConfigurationError(msg)
        await self._run(self._open)

    async def close(self) -> None:
        """See :meth:`SyncTarget.close`."""
        db, self._db = self._db, None
        if db is not None:
            await anyio.to_thread.run_sync(db.close)
        self._lock.release()

    async def load(self, layout: Layout) -> Stored:
        """See :meth:`SyncTarget.load`."""
        return await self._run(self._load, layout)

    async def commit(self, change: Change) -> Applied:
        """See :meth:`SyncTarget.commit`."""
        return await self._run(self._commit, change)

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        async with self._serial:
            with anyio.CancelScope(shield=True):
                result = await anyio.to_thread.run_sync(fn, *args)
        return result

    def _open(self) -> None:
        self._lock.acquire(self.description)
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            for statement in sql.META:
                db.execute(statement)
        except BaseException:
            self._lock.release()
            raise
        self._db = db

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            msg = "the SQLite target is not open"
            raise RuntimeError(msg)
        return self._db

    def _load(self, layout: Layout) -> Stored:
        db = self._conn()
        found = db.execute(sql.marked(sql.LOAD_POSITIONS, _mark), (layout.table,))
        positions = {rid: Position(tu, ca, si) for rid, tu, ca, si in found}
        run = db.execute(sql.marked(sql.LOAD_RUN, _mark), (layout.table,)).fetchone()
        runs, state = (0, None) if run is None else (int(run[0]), run[1])
        return Stored(positions, runs, None if state is None else orjson.loads(state))

    def _commit(self, change: Change) -> Applied:
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            applied = self._apply(db, change)
        except BaseException:
            db.execute("ROLLBACK")
            self._columns.clear()
            raise
        db.execute("COMMIT")
        return applied

    def _apply(self, db: sqlite3.Connection, change: Change) -> Applied:
        layout = change.layout
        new = self._upsert(db, layout, change.rows) if change.rows else 0
        if change.positions:
            db.executemany(
                sql.marked(sql.SAVE_POSITION, _mark),
                [
                    (layout.table, rid, p.timeuuid, p.created_at, p.since)
                    for rid, p in change.positions.items()
                ],
            )
        deleted = self._delete_unseen(db, change) if change.finished else 0
        state = None if change.state is None else orjson.dumps(change.state).decode()
        db.execute(sql.marked(sql.SAVE_RUN, _mark), (layout.table, int(change.finished), state))
        return Applied(new, deleted)

    def _upsert(self, db: sqlite3.Connection, layout: Layout, rows: Sequence[Any]) -> int:
        columns = columns_of(layout, rows)
        self._ensure(db, layout, columns)
        keys = {row_key(layout, r) for r in rows}
        last = [k[-1] for k in keys]
        stored: set[tuple[str, ...]] = set()
        for i in range(0, len(last), _CHUNK):
            chunk = last[i : i + _CHUNK]
            found = db.execute(sql.existing_keys(layout, len(chunk), _mark), chunk)
            stored.update(tuple(str(v) for v in k) for k in found)
        db.executemany(
            sql.upsert(layout, columns, _mark),
            [tuple(cell(r.get(c)) for c in columns) for r in rows],
        )
        return len(keys - stored)

    def _ensure(self, db: sqlite3.Connection, layout: Layout, columns: Sequence[str]) -> None:
        known = self._columns.get(layout.table)
        if known is None:
            info = db.execute(f"PRAGMA table_info({quote(layout.table)})").fetchall()
            known = {str(r[1]) for r in info}
            if not known:
                for statement in sql.create_table(layout, [(c, "") for c in columns]):
                    db.execute(statement)
                known = set(columns)
            self._columns[layout.table] = known
        for column in columns:
            if column not in known:
                db.execute(sql.add_column(layout, column, ""))
                known.add(column)

    def _delete_unseen(self, db: sqlite3.Connection, change: Change) -> int:
        layout = change.layout
        if layout.series or layout.table not in self._tables(db):
            return 0
        if change.scope is None:
            statement = sql.delete_unseen(layout, scoped=False, mark=_mark)
            return db.execute(statement, (change.run,)).rowcount
        statement = sql.delete_unseen(layout, scoped=True, mark=_mark)
        before = db.total_changes
        db.executemany(statement, [(change.run, rid) for rid in change.scope])
        return db.total_changes - before

    def _tables(self, db: sqlite3.Connection) -> set[str]:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

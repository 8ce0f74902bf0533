"""Where a sync writes: the contract every database meets, and ``into=`` URLs.

A target keeps, in one database, the endpoint tables, each id's position and
the state of a run in progress; :meth:`SyncTarget.commit` applies one
:class:`Change` (the rows of a page, the positions and run state they move to)
in ONE transaction, which is what makes a killed run exact when run again.
Opening a target takes its sync lock: a second sync on the same database is
refused with :class:`SyncLockedError`, never interleaved.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import attrs

from ncm_async.errors import ConfigurationError, NcmError
from ncm_async.sync._layout import Layout
from ncm_async.sync._positions import Position


class SyncLockedError(NcmError):
    """Another sync holds the database: runs on one database never interleave."""


@attrs.frozen
class Change:
    """What one transaction applies.

    Attributes:
        rows: Rows to upsert (see :mod:`ncm_async.sync.layout`).
        positions: Ids whose chains finished, with their new positions.
        state: The run in progress as JSON; None once the run is finished.
        finished: The run is over: count it, and for snapshots delete the rows it
            did not see (within ``scope``).
        run: The run's number (snapshot rows carry it).
        scope: Key ids whose unseen rows may be deleted; None: the whole table.
    """

    layout: Layout
    rows: Sequence[Mapping[str, Any]] = ()
    positions: Mapping[str, Position] = attrs.field(factory=dict)
    state: Mapping[str, Any] | None = None
    finished: bool = False
    run: int = 0
    scope: Sequence[str] | None = None


@attrs.frozen
class Stored:
    """An endpoint's sync state as loaded at the start of a run."""

    positions: dict[str, Position]
    runs: int
    state: dict[str, Any] | None


@attrs.frozen
class Applied:
    """What a commit did: rows that were new, and snapshot rows deleted."""

    new: int = 0
    deleted: int = 0


class SyncTarget(Protocol):
    """A database a sync writes to (SQLite, PostgreSQL)."""

    description: str

    async def open(self) -> None:
        """Connect, take the sync lock, create the bookkeeping tables.

        Raises:
            SyncLockedError: Another sync holds this database.
        """
        ...

    async def close(self) -> None:
        """Release the lock and disconnect (safe to call twice)."""
        ...

    async def load(self, layout: Layout) -> Stored:
        """Positions, finished-run count and run in progress of ``layout.table``."""
        ...

    async def commit(self, change: Change) -> Applied:
        """Apply ``change`` atomically."""
        ...


def open_target(into: str | os.PathLike[str] | SyncTarget) -> SyncTarget:
    """The target for an ``into=`` argument.

    ``sqlite:///relative.db``, ``sqlite:////abs/path.db``, a plain path, or
    ``postgresql://user@host:port/db`` (needs the ``postgres`` extra).

    Raises:
        ConfigurationError: An unknown scheme or an empty path, before any I/O.
    """
    if not isinstance(into, str | os.PathLike):
        if all(hasattr(into, m) for m in ("open", "close", "load", "commit")):
            return into
        msg = f"into must be a database URL, a path or a SyncTarget, got {into!r}"
        raise ConfigurationError(msg)
    text = os.fspath(into)
    scheme = urlsplit(text).scheme if "://" in text else ""
    if scheme in ("postgres", "postgresql"):
        from ncm_async.sync._postgres import PostgresTarget

        return PostgresTarget(text)
    if scheme not in ("", "sqlite"):
        msg = f"into: unknown database {scheme!r} (sqlite:///file.db or postgresql://...)"
        raise ConfigurationError(msg)
    path = text.removeprefix("sqlite://").removeprefix("/") if scheme else text
    if not path:
        msg = "into: no database file (sqlite:///ncm.db)"
        raise ConfigurationError(msg)
    from ncm_async.sync._sqlite import SqliteTarget

    return SqliteTarget(Path(path))

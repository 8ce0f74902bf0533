"""The SQLite sync lock: an OS lock on ``<database>.sync-lock``.

An OS file lock dies with its process, so a sync killed with ``kill -9`` never
leaves a stale lock behind (a lock *row* would). The file also names the holder
(pid, start time) for the refusal message.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from ncm_async.sync._target import SyncLockedError


class FileLock:
    """An exclusive, non-blocking lock held from :meth:`acquire` to :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self, what: str) -> None:
        """Take the lock or raise.

        Raises:
            SyncLockedError: Another process (or this one) holds it.
        """
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            msg = (
                f"another sync is running on {what} ({holder}); refusing to run two at once "
                "(wait for it to finish, or stop it: its committed work is kept)"
            )
            raise SyncLockedError(msg) from None
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.write(f"pid {os.getpid()}, started {started}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Give the lock back (closing the file releases it)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()


if sys.platform == "win32":  # pragma: no cover
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

"""Checkpoints: what a bulk pull has delivered, so a rerun finishes it exactly once.

A checkpoint is one JSON document::

    {"format": "ncm_async.bulk/1", "fingerprint": "<sha256 of the query>",
     "complete": false,
     "done": ["123", ...],                       # ids whose records were all yielded
     "failed": {"456": {"error": "PermissionDeniedError", "status": 403, "message": "..."}},
     "chains": [{"ids": ["1", "2"], "url": "...", "skip": 0, "counts": {"1": 40}}],
     "extra": {...}}                             # the caller's own JSON (e.g. an output offset)

Each chain is an unfinished query positioned just after the last record the
stream *yielded*: on keyset endpoints the chain's URL with
``created_at_timeuuid__lt=<last yielded record>``, elsewhere the page URL and
how many of its records were yielded (``skip``). ``counts`` (records yielded per
id) lets a positional batch that later fails be bisected exactly. Ids in no
chain and not done or failed are simply queried again. A completed pull is
marked ``complete``: rerunning it yields nothing and sends nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import anyio.to_thread
import attrs
import orjson

from ncm_async.errors import ConfigurationError

__all__ = ["CheckpointStore", "FileCheckpointStore", "MemoryCheckpointStore", "CheckpointState"]

FORMAT = "ncm_async.bulk/1"


@runtime_checkable
class CheckpointStore(Protocol):
    """Where a pull keeps its checkpoint: any object with these two coroutines.

    ``save`` must replace the previous state atomically: after a crash, ``load``
    returns either the old or the new state, never a mix.
    """

    async def load(self) -> dict[str, Any] | None:
        """The saved state, or None when nothing was saved yet."""
        ...

    async def save(self, state: dict[str, Any]) -> None:
        """Replace the saved state with ``state`` (JSON-serialisable)."""
        ...


class FileCheckpointStore:
    """A checkpoint in one JSON file, replaced atomically (temp file + ``os.replace``).

    Args:
        path: The checkpoint file; its directory must exist.
        fsync: Also flush to disk before replacing (survives power loss, not just
            a killed process; costs a disk sync per save).
    """

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync

    def __repr__(self) -> str:
        return f"FileCheckpointStore({str(self.path)!r})"

    async def load(self) -> dict[str, Any] | None:
        """See :meth:`CheckpointStore.load`.

        Raises:
            ConfigurationError: The file exists but is not a checkpoint.
        """
        raw = await anyio.to_thread.run_sync(self._read)
        if raw is None:
            return None
        try:
            state = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            msg = f"{self.path} is not a bulk checkpoint (not JSON)"
            raise ConfigurationError(msg) from exc
        if not isinstance(state, dict):
            msg = f"{self.path} is not a bulk checkpoint"
            raise ConfigurationError(msg)
        return state

    async def save(self, state: dict[str, Any]) -> None:
        """See :meth:`CheckpointStore.save`."""
        data = orjson.dumps(state)
        await anyio.to_thread.run_sync(self._write, data)

    def _read(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def _write(self, data: bytes) -> None:
        temp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            with temp.open("wb") as handle:
                handle.write(data)
                if self.fsync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise


class MemoryCheckpointStore:
    """A checkpoint kept in memory (tests, or a caller persisting ``state`` itself)."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        self.state = state
        self.saves = 0

    async def load(self) -> dict[str, Any] | None:
        """See :meth:`CheckpointStore.load` (a copy, as a file would give)."""
        return None if self.state is None else orjson.loads(orjson.dumps(self.state))

    async def save(self, state: dict[str, Any]) -> None:
        """See :meth:`CheckpointStore.save` (stored as a JSON round trip)."""
        self.state = orjson.loads(orjson.dumps(state))
        self.saves += 1


def open_store(checkpoint: object) -> CheckpointStore | None:
    """The store for a ``checkpoint=`` argument: None, a path, or a store object.

    Raises:
        ConfigurationError: Anything else.
    """
    if checkpoint is None:
        return None
    if isinstance(checkpoint, str | os.PathLike):
        return FileCheckpointStore(checkpoint)
    if isinstance(checkpoint, CheckpointStore):
        return checkpoint
    msg = f"checkpoint must be None, a file path or a CheckpointStore, got {checkpoint!r}"
    raise ConfigurationError(msg)


@attrs.define
class ChainState:
    """One unfinished query of a checkpoint (see the module docs)."""

    ids: tuple[str, ...]
    url: str
    skip: int = 0
    counts: dict[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """The chain as JSON."""
        out: dict[str, Any] = {"ids": list(self.ids), "url": self.url, "skip": self.skip}
        if self.counts is not None:
            out["counts"] = dict(self.counts)
        return out


@attrs.define
class CheckpointState:
    """A checkpoint document, parsed (see the module docs for its JSON form)."""

    fingerprint: str
    complete: bool = False
    done: list[str] = attrs.field(factory=list)
    failed: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    chains: list[ChainState] = attrs.field(factory=list)
    extra: dict[str, Any] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The document to save."""
        return {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "complete": self.complete,
            "done": list(self.done),
            "failed": dict(self.failed),
            "chains": [c.to_json() for c in self.chains],
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, fingerprint: str) -> CheckpointState:
        """Parse a saved document and check it belongs to this query.

        Raises:
            ConfigurationError: Not a bulk checkpoint, or one for a different query
                (endpoint, key, filters or ids differ).
        """
        if data.get("format") != FORMAT:
            msg = f"not a bulk checkpoint (format {data.get('format')!r}, expected {FORMAT!r})"
            raise ConfigurationError(msg)
        if data.get("fingerprint") != fingerprint:
            msg = (
                "the checkpoint belongs to a different query (endpoint, key, filters or ids"
                " differ); use a new checkpoint for this one"
            )
            raise ConfigurationError(msg)
        try:
            chains = [
                ChainState(
                    ids=tuple(str(i) for i in c["ids"]),
                    url=str(c["url"]),
                    skip=int(c.get("skip", 0)),
                    counts={str(k): int(v) for k, v in c["counts"].items()}
                    if c.get("counts") is not None
                    else None,
                )
                for c in data.get("chains", [])
            ]
            return cls(
                fingerprint=fingerprint,
                complete=bool(data.get("complete", False)),
                done=[str(i) for i in data.get("done", [])],
                failed={str(k): dict(v) for k, v in data.get("failed", {}).items()},
                chains=chains,
                extra=dict(data.get("extra") or {}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            msg = f"malformed bulk checkpoint: {exc}"
            raise ConfigurationError(msg) from exc

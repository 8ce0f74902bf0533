"""What a pull to a file remembers so ``--resume`` can continue it exactly.

The bulk layer's checkpoint (``FILE.checkpoint.json``, next to the output)
holds each chain's position just after the last record *yielded*, plus an
``extra`` dict that belongs to the CLI. The CLI puts there the output's byte
length at the moment of the save (taken right after a flush, so every record
before it is on disk and none after it is) and the run's identity: endpoint,
format, fields, filters, the *resolved* time window (``--since 24h`` must not
move on resume), the ids themselves (``--all-routers`` must not pick up a router
added since) and, when simulating, the simulator's pinned ``now``. Resuming
cuts the output back to that length and asks the bulk layer to continue from
the saved positions: every record ends up in the file exactly once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

EXTRA_VERSION = 1
SUFFIX = ".checkpoint.json"


def checkpoint_path(out: str) -> str:
    """``samples.jsonl`` -> ``samples.jsonl.checkpoint.json``."""
    return out + SUFFIX


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


@attrs.frozen
class RunIdentity:
    """The parts of a pull that must not change between a run and its resumption."""

    endpoint: str
    format: str
    fields: tuple[str, ...] | None
    filters: tuple[tuple[str, str], ...]
    id_source: str | None
    since: datetime | None
    until: datetime | None
    sim: Mapping[str, Any] | None = None
    """Simulator routers/seed/now, when simulating."""
    window: tuple[str | None, str | None] = (None, None)
    """``--since``/``--until`` as typed; the resolved instants above are what is pulled."""

    def to_extra(
        self, *, output_bytes: int, records: int, ids: Sequence[str] = ()
    ) -> dict[str, Any]:
        """The checkpoint's ``extra`` for output ending at ``output_bytes``."""
        return {
            "version": EXTRA_VERSION,
            "output_bytes": output_bytes,
            "records": records,
            "ids": list(ids),
            "endpoint": self.endpoint,
            "format": self.format,
            "fields": list(self.fields) if self.fields else None,
            "filters": [list(f) for f in self.filters],
            "id_source": self.id_source,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "window": list(self.window),
            "sim": dict(self.sim) if self.sim is not None else None,
        }


@attrs.frozen
class ResumePoint:
    """Where an earlier run stopped, read back from its checkpoint's ``extra``."""

    output_bytes: int
    records: int
    ids: tuple[str, ...]
    since: datetime | None
    until: datetime | None
    sim_now: datetime | None


def read_extra(identity: RunIdentity, extra: Mapping[str, Any]) -> ResumePoint:
    """Check that ``extra`` belongs to the same pull and say where it stopped.

    The time window and simulator ``now`` come from the checkpoint, not from
    this invocation, so only the rest of the identity is compared.

    Raises:
        ValueError: A checkpoint of another pull (naming what differs), or one
            this version cannot read.
    """
    if extra.get("version") != EXTRA_VERSION or not isinstance(extra.get("output_bytes"), int):
        msg = "the checkpoint was not written by this version of ncm-async"
        raise ValueError(msg)
    mine = identity.to_extra(output_bytes=0, records=0)
    for key in ("endpoint", "format", "fields", "filters", "id_source"):
        if extra.get(key) != mine[key]:
            msg = (
                f"the checkpoint is for a different pull ({key}: {extra.get(key)!r}, "
                f"now {mine[key]!r}); rerun without --resume to start over"
            )
            raise ValueError(msg)
    _check_window(extra.get("window"), identity.window)
    sim = extra.get("sim")
    if (sim is None) != (identity.sim is None):
        msg = "the checkpoint was written with --simulate set differently; rerun as before"
        raise ValueError(msg)
    if sim is not None and identity.sim is not None:
        for key in ("routers", "seed"):
            if sim.get(key) != identity.sim.get(key):
                msg = f"the checkpoint is for a different simulator (--sim-{key}: {sim.get(key)})"
                raise ValueError(msg)
    return ResumePoint(
        output_bytes=int(extra["output_bytes"]),
        records=int(extra.get("records", 0)),
        ids=tuple(str(i) for i in extra.get("ids") or ()),
        since=_time(extra.get("since")),
        until=_time(extra.get("until")),
        sim_now=_time(sim.get("now")) if sim else None,
    )


def _check_window(saved: object, asked: tuple[str | None, str | None]) -> None:
    """Refuse a resume whose ``--since``/``--until`` differ from the checkpoint's.

    The window is pinned when a pull starts (``24h`` means the 24 h before the first
    run), so a different one on resume would silently be ignored.

    Raises:
        ValueError: Naming the window the checkpoint was made for.
    """
    if not isinstance(saved, list) or len(saved) != 2 or list(asked) == saved:
        return
    first = " ".join(
        f"{flag} {value}"
        for flag, value in zip(("--since", "--until"), saved, strict=True)
        if value
    )
    now = " ".join(
        f"{flag} {value}"
        for flag, value in zip(("--since", "--until"), asked, strict=True)
        if value
    )
    msg = (
        f"the checkpoint is for {first or 'no --since/--until'}, this run asks for "
        f"{now or 'none'}; rerun with the same window to continue, or without --resume "
        "to start over"
    )
    raise ValueError(msg)

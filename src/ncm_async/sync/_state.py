"""The run in progress, as stored with every page: what a killed run resumes from.

JSON form (one document per endpoint, in the target's ``_sync_runs`` table)::

    {"format": "ncm_async.sync/1", "fingerprint": "<ids, key, overlap>",
     "since": "2026-11-22T13:00:00+00:00", "run": 3,
     "done": ["123", ...],                          # ids whose chains finished
     "chains": [{"ids": [...], "url": "...", "skip": 0}],   # under way, after the last page written
     "uppers": {"456": ["<timeuuid>", "<created_at>"]}}     # newest record of chains under way

A run with another fingerprint (other ids, key or overlap) does not resume it:
it starts over from the positions, which only finished chains moved, so the
pages written by the abandoned run are merely re-read (and upserted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from ncm_async.bulk import _plan as bulk_plan
from ncm_async.bulk._checkpoint import ChainState
from ncm_async.bulk._engine import Engine
from ncm_async.sync._layout import Layout
from ncm_async.sync._positions import Position, Start, start_filter

FORMAT = "ncm_async.sync/1"
_NEVER = datetime.min.replace(tzinfo=UTC)


def fingerprint(layout: Layout, ids: Sequence[str], overlap: timedelta) -> str:
    """What a stored run must match to be resumed."""
    params = {"overlap": str(overlap.total_seconds())}
    return bulk_plan.fingerprint(layout.table, layout.key or "", params, ids, grouped=False)


def start_of(position: Position | None, since: datetime | None, overlap: timedelta) -> Start:
    """The starting filter of an id (``since`` may be None only for ids with a position)."""
    if position is None and since is None:
        msg = "an id without a position needs since"
        raise ValueError(msg)
    return start_filter(position, since=since or _NEVER, overlap=overlap)


@attrs.define
class RunState:
    """A run's identity; its progress is read from the engine when captured."""

    fingerprint: str
    since: str
    run: int
    done: list[str] = attrs.field(factory=list)
    chains: list[dict[str, Any]] = attrs.field(factory=list)
    uppers: dict[str, Position] = attrs.field(factory=dict)

    @classmethod
    def resume(cls, data: Mapping[str, Any] | None, fingerprint: str) -> RunState | None:
        """The stored run if it is this one, else None (start a new run)."""
        if not data or data.get("format") != FORMAT or data.get("fingerprint") != fingerprint:
            return None
        uppers = {str(k): Position(v[0], v[1]) for k, v in dict(data.get("uppers", {})).items()}
        return cls(
            fingerprint,
            str(data.get("since", "")),
            int(data["run"]),
            [str(i) for i in data.get("done", [])],
            [dict(c) for c in data.get("chains", [])],
            uppers,
        )

    def capture(self, engine: Engine, uppers: Mapping[str, Position]) -> dict[str, Any]:
        """The JSON to store now: after every page the engine has committed."""
        saved = engine.ledger.checkpoint(
            None, 0, fingerprint=self.fingerprint, complete=False, extra={}
        )
        return {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "since": self.since,
            "run": self.run,
            "done": list(saved.done),
            "chains": [c.to_json() for c in saved.chains],
            "uppers": {k: [p.timeuuid, p.created_at] for k, p in uppers.items()},
        }


def restore_chains(engine: Engine, state: RunState, rebase: Callable[[str], str]) -> set[str]:
    """Queue the stored run's chains at their positions; returns the ids already covered."""
    chains = [
        ChainState(
            tuple(str(i) for i in chain["ids"]),
            str(chain["url"]),
            int(chain.get("skip", 0)),
            {str(k): int(v) for k, v in chain["counts"].items()} if chain.get("counts") else None,
        )
        for chain in state.chains
    ]
    return engine.resume(done=state.done, chains=chains, rebase=rebase)

"""The exactly-once bookkeeping of a bulk pull: where each chain stands, which ids are
finished, how many records the consumer was given, and what a checkpoint saves.

Pure state, no I/O and no tasks: the engine's workers fetch pages, the consumer
commits each page it yields, and only a commit moves a chain on, so a checkpoint
taken between two items resumes just after the last one yielded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ncm_async.bulk._chains import Chain, Delivery, saved
from ncm_async.bulk._checkpoint import CheckpointState
from ncm_async.bulk._report import EarlierRunError
from ncm_async.errors import NcmError

__all__ = ["Ledger"]

Owner = Callable[[Any], "str | None"]


class Ledger:
    """Chains under way, ids done or failed, and records committed, for one pull.

    Args:
        owner: The id a record belongs to (its ``key`` field).
        keyset: The listing pages by timeuuid keyset (positions are records, not offsets).
        grouped: Each id's records are delivered together (checkpoints save finished ids only).
    """

    def __init__(self, *, owner: Owner, keyset: bool, grouped: bool) -> None:
        self.active: dict[Chain, None] = {}
        self._done: dict[str, None] = {}
        self._failed: dict[str, NcmError] = {}
        self._owner = owner
        self._keyset = keyset
        self._grouped = grouped
        self.records = 0

    @property
    def failed(self) -> Mapping[str, NcmError]:
        """Ids given up on, with their errors (a copy)."""
        return dict(self._failed)

    @property
    def failures(self) -> int:
        """How many ids were given up on."""
        return len(self._failed)

    @property
    def finished_ids(self) -> int:
        """Ids done or failed (their records all yielded, or given up on)."""
        return len(self._done) + len(self._failed)

    @property
    def done_ids(self) -> tuple[str, ...]:
        """Ids whose records were all yielded (or finished in an earlier run)."""
        return tuple(self._done)

    def finish_earlier(self, done: Iterable[str], failed: Mapping[str, NcmError]) -> set[str]:
        """Take up an earlier run's finished ids; returns every id finished so far."""
        self._done.update(dict.fromkeys(done))
        self._failed.update(failed)
        return set(self._done) | set(self._failed)

    def open(self, chain: Chain) -> None:
        """A chain is under way (fresh, resumed or a half of a failed one)."""
        self.active[chain] = None

    def give_up(self, chain: Chain, error: NcmError) -> None:
        """The chain's ids failed for good (a single id, or one that cannot be split)."""
        self.active.pop(chain, None)
        self._failed.update(dict.fromkeys(chain.ids, error))

    def close(self, chain: Chain) -> None:
        """The chain is replaced by its halves (or given up on)."""
        self.active.pop(chain, None)

    def commit(self, delivery: Delivery) -> bool:
        """Every item of ``delivery`` was yielded: move its chain on.

        Returns:
            Whether the chain failed and has no page left with the consumer: it is
            now to be resolved (split or given up on).
        """
        chain = delivery.chain
        self.records += delivery.size
        if chain.counts is not None and delivery.items:
            chain.counts.update(map(self._owner, delivery.items))
        chain.pending -= 1
        if delivery.after is None:
            self.active.pop(chain, None)
            self._done.update(dict.fromkeys(chain.ids))
        else:
            chain.pos = delivery.after
            chain.moved = True
        return chain.error is not None and chain.pending == 0

    def checkpoint(
        self,
        current: Delivery | None,
        index: int,
        *,
        fingerprint: str,
        complete: bool,
        extra: dict[str, Any],
    ) -> CheckpointState:
        """The checkpoint of a pull whose consumer was yielded ``index`` items of ``current``.

        Unfinished chains not at their fresh start are saved positioned just after
        the last record yielded (grouped pulls save finished ids only).
        """
        done = list(self._done)
        chains = []
        if self._grouped:
            if current is not None:
                done += [group.id for group in current.items[:index]]
        elif not complete:
            found = (
                saved(c, current, index, keyset=self._keyset, owner=self._owner)
                for c in self.active
            )
            chains = [state for state in found if state is not None]
        return CheckpointState(
            fingerprint=fingerprint,
            complete=complete,
            done=done,
            failed={k: EarlierRunError.from_error(v).to_json() for k, v in self._failed.items()},
            chains=chains,
            extra=extra,
        )

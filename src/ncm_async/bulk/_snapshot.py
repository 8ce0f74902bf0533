"""Between a pull and its checkpoint: planning from a saved state, saving the live one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ncm_async.bulk import _plan as plan
from ncm_async.bulk._chains import Delivery
from ncm_async.bulk._checkpoint import CheckpointState
from ncm_async.bulk._engine import Engine
from ncm_async.bulk._report import EarlierRunError


def restore(
    engine: Engine,
    state: CheckpointState | None,
    ids: Sequence[str],
    batch: int,
    rebase: Callable[[str], str],
) -> None:
    """Queue the pull's work: saved chains at their positions, then every id not covered.

    Ids finished (done or failed) in an earlier run are not queried again; a
    completed checkpoint leaves nothing to do.

    Args:
        rebase: Moves a saved URL onto this client's endpoint URL (same query).
    """
    covered: set[str] = set()
    if state is not None:
        engine.done.update(dict.fromkeys(state.done))
        engine.failed.update({k: EarlierRunError.from_json(v) for k, v in state.failed.items()})
        covered.update(engine.done, engine.failed)
        if state.complete:
            return
        for chain in state.chains:
            url = rebase(chain.url)
            engine.add(chain.ids, url=url, skip=chain.skip, counts=chain.counts, moved=True)
            covered.update(chain.ids)
    remaining = [i for i in ids if i not in covered]
    for ids_batch in plan.batches(remaining, batch):
        engine.add(ids_batch)


def snapshot(
    engine: Engine,
    current: Delivery | None,
    index: int,
    *,
    fingerprint: str,
    complete: bool,
    extra: dict[str, Any],
) -> CheckpointState:
    """The checkpoint of a pull whose consumer was yielded ``index`` items of ``current``."""
    done = list(engine.done)
    if current is not None and engine.grouped:
        done += [group.id for group in current.items[:index]]
    return CheckpointState(
        fingerprint=fingerprint,
        complete=complete,
        done=done,
        failed={k: EarlierRunError.from_error(v).to_json() for k, v in engine.failed.items()},
        chains=[] if complete else engine.saved_chains(current, index),
        extra=extra,
    )

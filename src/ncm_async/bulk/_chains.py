"""A chain's state and positions, and how a failed one splits (pure, no I/O).

A *chain* is one query (a batch of ids, or one id) followed page by page. It has
two positions: the producer's (``url``, the next page to fetch, and ``skip``,
records to drop from it) and the consumer's (``pos``: just after the last record
the stream yielded), which is what a checkpoint stores. Positions are URLs: on
keyset endpoints the query below the last record's ``created_at_timeuuid``,
elsewhere a page URL and how many of its records were already yielded.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ncm_async._endpoints.spec import Paging
from ncm_async._list_query import LoopGuard
from ncm_async.bulk import _plan as plan
from ncm_async.bulk._checkpoint import ChainState
from ncm_async.errors import NcmError

Owner = Callable[[Any], "str | None"]


@attrs.define(eq=False)
class Chain:
    """One query being followed; see the module docs for its two positions.

    Attributes:
        url: The next page to fetch; empty until the chain starts (then its first page).
        skip: Records to drop from the next page fetched.
        counts: Records yielded per id, kept for multi-id positional chains only:
            splitting one needs them (keyset chains split on the timeuuid instead).
        moved: ``pos`` is not a fresh start (only such chains are checkpointed).
        pos: The consumer's position ``(url, skip)``.
        pending: Deliveries fetched and not yet fully yielded.
        error: A per-id failure, waiting for ``pending`` to reach 0 before the split.
        groups: Records gathered per id so far (grouped pulls).
        guard: The positions this chain fetched (a repeat is a loop).
    """

    ids: tuple[str, ...]
    url: str
    skip: int = 0
    counts: collections.Counter[str | None] | None = None
    moved: bool = False
    pos: tuple[str, int] = ("", 0)
    pending: int = 0
    error: NcmError | None = None
    groups: dict[str, list[Any]] | None = None
    guard: LoopGuard = attrs.field(kw_only=True)


@attrs.define(eq=False, slots=True)
class Delivery:
    """Records of one page (or, grouped, every id's records) handed to the consumer.

    Attributes:
        url: The page's URL; ``skip`` of its records were dropped before ``items[0]``.
        after: The chain's position once all ``items`` are yielded; None on its last page.
        size: Records in ``items`` (groups count their records).
    """

    chain: Chain
    items: list[Any]
    url: str
    skip: int
    after: tuple[str, int] | None
    size: int


@attrs.frozen
class ChainStart:
    """Where a new chain (one half of a split) begins; see :func:`split`."""

    ids: tuple[str, ...]
    url: str
    skip: int = 0
    counts: dict[str, int] | None = None
    moved: bool = False


def field_of(record: Any, name: str) -> Any:
    """A field of a model, or of a raw record (the API's dict)."""
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def position(delivery: Delivery, index: int, *, keyset: bool) -> tuple[str, int]:
    """The chain's position once ``index`` items of ``delivery`` are yielded."""
    if index <= 0:
        return delivery.chain.pos
    if index >= len(delivery.items) and delivery.after is not None:
        return delivery.after
    if keyset:
        last = field_of(delivery.items[index - 1], "created_at_timeuuid")
        if isinstance(last, str) and last:
            return plan.keyset_position(delivery.url, last), 0
    return delivery.url, delivery.skip + index


def saved(
    chain: Chain, current: Delivery | None, index: int, *, keyset: bool, owner: Owner
) -> ChainState | None:
    """The checkpoint entry of an unfinished chain; None when it is at its fresh start.

    Args:
        current: The delivery the consumer is in, of which ``index`` items were yielded.
    """
    counts = chain.counts
    if current is not None and chain is current.chain and index > 0:
        url, skip = position(current, index, keyset=keyset)
        if counts is not None:
            counts = counts + collections.Counter(map(owner, current.items[:index]))
    elif chain.moved:
        url, skip = chain.pos
    else:
        return None
    tally = None if counts is None else {k or "": v for k, v in counts.items() if v}
    return ChainState(chain.ids, url, skip, tally)


def split(
    chain: Chain,
    paging: Paging,
    base_url: Callable[[Sequence[str]], str],
    *,
    grouped: bool,
) -> list[ChainStart] | None:
    """The two halves of a failed chain, each starting after what the chain delivered.

    Returns:
        None when the chain's ids cannot be split exactly: a single id, or records
        that did not say which id they belong to (every id then fails).
    """
    counts = chain.counts
    if len(chain.ids) == 1 or (counts is not None and None in counts):
        return None
    children = []
    for half in plan.halves(chain.ids):
        base = base_url(half)
        if grouped:
            children.append(ChainStart(half, base))
            continue
        tally = {i: counts[i] for i in half if counts[i]} if counts is not None else None
        delivered = sum(tally.values()) if tally else 0
        url, skip, moved = plan.child_start(paging, base, chain.url, delivered)
        children.append(ChainStart(half, url, skip, tally, moved))
    return children


def after_page(
    url: str, next_url: str, items: Sequence[Any], skip: int, *, keyset: bool
) -> tuple[str, int] | None:
    """The chain's position once every item of a page (not its last) is yielded.

    Returns:
        ``(url, skip)``, or None for a keyset record without ``created_at_timeuuid``.
    """
    if not keyset or not items:
        return next_url, skip
    last = field_of(items[-1], "created_at_timeuuid")
    if not isinstance(last, str) or not last:
        return None
    return plan.keyset_position(url, last), 0


def add_to_groups(
    groups: dict[str, list[Any]], ids: Sequence[str], items: Sequence[Any], owner: Owner
) -> Any:
    """File a page's records under their ids; returns a record of no id asked for, if any.

    A single-id query needs no lookup (``historical_locations`` records do not even
    name their router).
    """
    if len(ids) == 1:
        groups[ids[0]].extend(items)
        return None
    for record in items:
        bucket = groups.get(owner(record))  # type: ignore[arg-type]
        if bucket is None:
            return record
        bucket.append(record)
    return None

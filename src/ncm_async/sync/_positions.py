"""Where each id's sync stands, and which queries continue from there (pure).

Keyset order. The API pages time-series newest first (``meta.next`` carries
``created_at_timeuuid__lt``) and documents no ``order_by``, so a chain of pages
reaches the oldest new record last. A position is therefore only advanced when
a batch's whole chain is done: it becomes the chain's *upper* record, the newest
one, taken from the first page. Records created after that first page have a
newer timeuuid, so the next run's ``created_at_timeuuid__gt=<upper>`` finds
them; nothing between is skipped. While a chain is under way its next-page URL
(with ``__lt``) and its upper are kept in the run state, committed with each
page, so a killed run resumes mid-chain without fetching a finished page again.

Per id, a :class:`Position` is the upper of the last finished chain (its
``created_at_timeuuid`` and ``created_at``) or, before any record, the time the
sync started from (``since``). Ids whose next query is the same share a batch
(``router__in``, up to 100): after one run every id of a batch has its upper.

Late arrivals. A record that appears after its position was passed (its
timeuuid older than the position) is caught when ``overlap`` > 0: every run
re-reads ``created_at__gt = upper.created_at - overlap``, and the upsert keeps
re-read records single. Cost: the records of the overlap window, each run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import attrs

from ncm_async import _query as query

TIMEUUID_GT = "created_at_timeuuid__gt"
CREATED_GT = "created_at__gt"

Start = tuple[str, str]
"""A chain's starting filter as ``(name, value)``, e.g. ``("created_at_timeuuid__gt", "…")``."""


@attrs.frozen
class Position:
    """How far one id is synced.

    Attributes:
        timeuuid: ``created_at_timeuuid`` of the newest record covered, if any.
        created_at: That record's ``created_at`` (API text).
        since: Where the first run started, kept until a record arrives.
    """

    timeuuid: str | None = None
    created_at: str | None = None
    since: str | None = None


def start_filter(position: Position | None, *, since: datetime, overlap: timedelta) -> Start:
    """The filter a chain for an id at ``position`` starts from.

    Args:
        since: Where ids without a position start (the first run's ``--since``).
        overlap: How far before the position to re-read (late arrivals); 0 reads
            strictly after it.
    """
    if position is not None and position.timeuuid:
        if not overlap or not position.created_at:
            return TIMEUUID_GT, position.timeuuid
        moment = datetime.fromisoformat(position.created_at.replace("Z", "+00:00"))
        return CREATED_GT, query.format_value(moment - overlap, name=CREATED_GT)
    if position is not None and position.since:
        return CREATED_GT, position.since
    return CREATED_GT, query.format_value(since, name=CREATED_GT)


def plan_batches(
    ids: Sequence[str], starts: Mapping[str, Start], *, size: int
) -> list[tuple[Start, tuple[str, ...]]]:
    """Batches of at most ``size`` ids sharing a starting filter, in the ids' order."""
    groups: dict[Start, list[str]] = {}
    for rid in ids:
        groups.setdefault(starts[rid], []).append(rid)
    return [
        (start, tuple(chunk))
        for start, members in groups.items()
        for chunk in query.chunked(members, size)
    ]


def after_chain(old: Position | None, upper: Position | None, start: Start) -> Position:
    """An id's position once its chain from ``start`` is done.

    The chain's upper when it delivered records; else the old position, or (first
    run, nothing yet) the start itself, so the id keeps its batch next time.
    """
    if upper is not None and upper.timeuuid:
        return upper
    if old is not None:
        return old
    return Position(since=start[1])

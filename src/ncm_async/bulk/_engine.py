"""The I/O half of a bulk pull: chains of pages fetched concurrently for one consumer.

A fixed pool of workers, a little larger than the client's concurrency cap, each
follows one chain (:mod:`.chains`) at a time, so pages of different chains
interleave while every keyset chain waits on its previous page; the client's
limiter bounds what is actually in flight. Fetched pages wait in a small buffer
for the consumer (backpressure keeps memory flat). Workers run for the stream's
lifetime (``async with stream``) or in *rounds* driven by the consumer (plain
``async for``): a round ends once the buffer is full or nothing is left to start,
and waits for the requests it sent, so no task outlives a call. A chain that
fails for a per-id reason is bisected only once the consumer has taken all of its
pages, so both sides agree on where the halves resume; the bookkeeping half is
:mod:`.ledger`.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

import anyio

from ncm_async._endpoints.spec import Paging
from ncm_async._list_query import ListQuery
from ncm_async._paginator import Page
from ncm_async._stats import SCOPE, ClientStats
from ncm_async.bulk import _plan as plan
from ncm_async.bulk._chains import Chain, Delivery, add_to_groups, after_page, split
from ncm_async.bulk._checkpoint import ChainState, CheckpointState
from ncm_async.bulk._ledger import Ledger, Owner
from ncm_async.bulk._report import EarlierRunError, IdGroup
from ncm_async.bulk._signal import Signal
from ncm_async.errors import NcmError, PaginationError, ResponseValidationError

logger = logging.getLogger("ncm_async")

Fetch = Callable[[str], Awaitable[Page[Any]]]

__all__ = ["Chain", "Delivery", "Engine"]


class Engine:
    """The chains of one pull, their workers and the buffer between them and the consumer.

    The consumer's side (:class:`BulkStream`) calls :meth:`restore` once, then
    :meth:`next_delivery` and :meth:`commit` for each page it yields; what was
    yielded, where each chain stands and which ids are finished is the
    :attr:`ledger`'s (which also makes the checkpoints), changed only by the engine.

    Args:
        listing: The endpoint's list query: each chain follows its next-page rule
            under its own loop guard.
        first_url: The first-page URL of the query for some ids (for a bulk pull,
            ``listing`` with the ids changed: :meth:`ListQuery.first_url_with`).
        fetch: Fetches and parses any page of the listing (the paginator's ``fetch_page``).
        owner: The id a record belongs to (its ``key`` field), for grouping and bisection.
        grouped: Deliver each id's records together once its query is finished.
        workers: Chains followed at once.
        buffer: Pages fetched ahead of the consumer.
    """

    def __init__(
        self,
        *,
        listing: ListQuery,
        first_url: Callable[[Sequence[str]], str],
        fetch: Fetch,
        owner: Owner,
        grouped: bool,
        workers: int,
        buffer: int,
    ) -> None:
        self._stats = ClientStats()
        self._listing = listing
        self._first_url = first_url
        self._fetch = fetch
        self._paging = listing.spec.paging
        self._keyset = self._paging is Paging.TIMEUUID
        self._owner = owner
        self._grouped = grouped
        self._workers = workers
        self._buffer_max = buffer
        self._on_fetch: Callable[[], None] = lambda: None
        self._queue: collections.deque[Chain] = collections.deque()
        self._ledger = Ledger(owner=owner, keyset=self._keyset, grouped=grouped)
        self._buffer: collections.deque[Delivery] = collections.deque()
        self._pages = 0
        self._running = 0
        self._error: Exception | None = None
        self._on_delivery = Signal()
        self._on_room = Signal()
        self._on_work = Signal()
        self._scope: anyio.CancelScope | None = None

    @property
    def grouped(self) -> bool:
        """Whether each id's records are delivered together (``IdGroup``)."""
        return self._grouped

    @property
    def stats(self) -> ClientStats:
        """The pull's own request counters (workers count into them via ``SCOPE``)."""
        return self._stats

    @property
    def ledger(self) -> Ledger:
        """The pull's exactly-once bookkeeping: records committed, ids done or failed,
        checkpoints (the engine changes it; readers only read)."""
        return self._ledger

    @property
    def running(self) -> int:
        """Workers currently running (0 whenever no fetching is under way)."""
        return self._running

    def observe(self, on_fetch: Callable[[], None]) -> None:
        """Call ``on_fetch`` after every page or failure (the stream reports progress)."""
        self._on_fetch = on_fetch

    def resume(
        self,
        *,
        done: Iterable[str] = (),
        failed: Mapping[str, NcmError] | None = None,
        chains: Iterable[ChainState] = (),
        rebase: Callable[[str], str],
    ) -> set[str]:
        """Take up an earlier run: its finished ids, then its chains at their saved positions.

        Args:
            rebase: Moves a saved URL onto this client's endpoint URL (same query).

        Returns:
            Every id covered (finished, failed or under way): not to be queued again.
        """
        covered = self._ledger.finish_earlier(done, failed or {})
        for chain in chains:
            self._add(
                chain.ids, url=rebase(chain.url), skip=chain.skip, counts=chain.counts, moved=True
            )
            covered.update(chain.ids)
        return covered

    def queue(self, ids: Sequence[str]) -> None:
        """Queue one fresh query for ``ids`` (a batch)."""
        self._add(ids)

    def restore(
        self,
        state: CheckpointState | None,
        ids: Sequence[str],
        batch: int,
        rebase: Callable[[str], str],
    ) -> None:
        """Queue a bulk pull: a checkpoint's work first, then every id it does not cover.

        Ids finished (done or failed) in an earlier run are not queried again; a
        completed checkpoint leaves nothing to do.
        """
        covered: set[str] = set()
        if state is not None:
            failed = {k: EarlierRunError.from_json(v) for k, v in state.failed.items()}
            chains = () if state.complete else state.chains
            covered = self.resume(done=state.done, failed=failed, chains=chains, rebase=rebase)
            if state.complete:
                return
        for ids_batch in plan.batches([i for i in ids if i not in covered], batch):
            self.queue(ids_batch)

    async def next_delivery(self, *, background: bool) -> Delivery | None:
        """The next fetched page for the consumer; None once every chain is finished.

        With ``background`` the workers run in :meth:`run_background` and this
        waits for them; otherwise it runs fetching rounds itself.

        Raises:
            Exception: The error that stopped the pull (the consumer re-raises it).
        """
        while True:
            if self._buffer:
                delivery = self._buffer.popleft()
                self._on_room.fire()
                return delivery
            if self._error is not None:
                raise self._error
            if not self._ledger.active:
                return None
            if background:
                await self._on_delivery.wait()
            elif self._queue:
                await self.run_round()
            else:
                msg = "bulk stream stalled: unfinished chains but nothing to fetch"
                raise RuntimeError(msg)

    def commit(self, delivery: Delivery) -> None:
        """Record that every item of ``delivery`` was yielded to the consumer."""
        if self._ledger.commit(delivery):
            self._resolve(delivery.chain)
        if not self._ledger.active:
            self._on_work.fire()

    async def run_round(self) -> None:
        """Fetch until the buffer is full or no chain is left to start (plain iteration)."""
        async with anyio.create_task_group() as tg:
            self._scope = tg.cancel_scope
            for _ in range(min(self._workers, len(self._queue))):
                tg.start_soon(self._worker, False)
        self._scope = None

    async def run_background(self) -> None:
        """Fetch for as long as chains remain (inside ``async with stream``)."""
        async with anyio.create_task_group() as tg:
            self._scope = tg.cancel_scope
            for _ in range(self._workers):
                tg.start_soon(self._worker, True)

    def cancel(self) -> None:
        """Stop fetching now (requests in flight are abandoned)."""
        if self._scope is not None:
            self._scope.cancel()

    def abort(self, error: Exception) -> None:
        """Stop the pull: the consumer raises ``error`` at its next step."""
        if self._error is None:
            self._error = error
        for signal in (self._on_delivery, self._on_room, self._on_work):
            signal.fire()
        self.cancel()

    def _add(
        self,
        ids: Sequence[str],
        *,
        url: str | None = None,
        skip: int = 0,
        counts: dict[str, int] | None = None,
        moved: bool = False,
        front: bool = False,
    ) -> Chain:
        """Queue a chain for ``ids``: fresh, or at a saved position."""
        ids = tuple(ids)
        start = url or ""
        counted = not self._keyset and not self._grouped and len(ids) > 1
        tally: collections.Counter[str | None] | None = None
        if counted:
            tally = collections.Counter({k or None: v for k, v in (counts or {}).items()})
        chain = Chain(ids, start, skip, tally, moved, (start, skip), guard=self._listing.guard())
        self._ledger.open(chain)
        if front:
            self._queue.appendleft(chain)
        else:
            self._queue.append(chain)
        return chain

    async def _worker(self, background: bool) -> None:
        SCOPE.set(self._stats)
        self._running += 1
        try:
            await self._work(background)
        finally:
            self._running -= 1

    async def _work(self, background: bool) -> None:
        while self._error is None:
            if not background and len(self._buffer) >= self._buffer_max:
                return
            if self._queue:
                chain = self._queue.popleft()
                if self._grouped:
                    await self._follow_grouped(chain, background)
                else:
                    await self._follow(chain, background)
            elif background and self._ledger.active:
                await self._on_work.wait()
            else:
                return

    async def _room(self, chain: Chain, background: bool) -> bool:
        while len(self._buffer) >= self._buffer_max and self._error is None:
            if not background:
                self._queue.appendleft(chain)
                return False
            await self._on_room.wait()
        return self._error is None

    async def _page(self, chain: Chain) -> Page[Any] | None:
        if not chain.url:
            chain.url = self._first_url(chain.ids)
            chain.pos = (chain.url, chain.skip)
        try:
            chain.guard.visit(chain.url)
        except PaginationError as exc:
            self.abort(exc)
            return None
        try:
            page = await self._fetch(chain.url)
        except NcmError as exc:
            self._chain_failed(chain, exc)
            page = None
        else:
            self._pages += 1
        try:
            self._on_fetch()
        except Exception as exc:
            self.abort(exc)
            return None
        if page is None:
            return None
        try:
            chain.guard.check_progress(page.url, page.items)
            chain.guard.check(page.next)
        except PaginationError as exc:
            self.abort(exc)
            return None
        return page

    async def _follow(self, chain: Chain, background: bool) -> None:
        while await self._room(chain, background):
            page = await self._page(chain)
            if page is None:
                return
            items, dropped = page.items, 0
            if chain.skip:
                dropped = min(chain.skip, len(items))
                items = items[dropped:]
                chain.skip -= dropped
            after = None
            if page.next is not None:
                after = after_page(page.url, page.next, items, chain.skip, keyset=self._keyset)
                if after is None:
                    msg = f"GET {page.url}: a keyset record without created_at_timeuuid"
                    self.abort(ResponseValidationError(msg))
                    return
            self._buffer.append(Delivery(chain, items, page.url, dropped, after, len(items)))
            chain.pending += 1
            self._on_delivery.fire()
            if page.next is None:
                return
            chain.url = page.next

    async def _follow_grouped(self, chain: Chain, background: bool) -> None:
        if chain.groups is None:
            chain.groups = {i: [] for i in chain.ids}
        groups = chain.groups
        while await self._room(chain, background):
            page = await self._page(chain)
            if page is None:
                return
            stray = add_to_groups(groups, chain.ids, page.items, self._owner)
            if stray is not None:
                msg = f"GET {page.url}: a record of none of the ids asked for: {stray!r}"
                self.abort(ResponseValidationError(msg))
                return
            if page.next is None:
                items = [IdGroup(i, groups[i]) for i in chain.ids]
                size = sum(len(g) for g in groups.values())
                chain.groups = None
                self._buffer.append(Delivery(chain, items, page.url, 0, None, size))
                chain.pending += 1
                self._on_delivery.fire()
                return
            chain.url = page.next

    def _chain_failed(self, chain: Chain, error: NcmError) -> None:
        if not plan.is_per_id(error):
            self.abort(error)
            return
        chain.error = error
        if chain.pending == 0:
            self._resolve(chain)
        self._on_delivery.fire()

    def _resolve(self, chain: Chain) -> None:
        """Isolate a failed chain's ids: fail a single id, else queue both halves first."""
        assert chain.error is not None
        children = split(chain, self._paging, self._first_url, grouped=self._grouped)
        if children is None:
            self._ledger.give_up(chain, chain.error)
            if plan.endpoint_wide(self._ledger.failures, self._pages):
                logger.warning(
                    "%d ids failed one by one and no query succeeded: the credentials "
                    "cannot read this endpoint; stopping the pull",
                    self._ledger.failures,
                )
                self.abort(chain.error)
                return
        self._ledger.close(chain)
        for child in reversed(children or ()):
            self._add(
                child.ids,
                url=child.url,
                skip=child.skip,
                counts=child.counts,
                moved=child.moved,
                front=True,
            )
        self._on_work.fire()

"""The I/O half of a bulk pull: chains of pages fetched concurrently for one consumer.

A fixed pool of workers, a little larger than the client's concurrency cap, each
follows one chain (:mod:`.chains`) at a time, so pages of different chains
interleave while every keyset chain waits on its previous page; the client's
limiter bounds what is actually in flight. Fetched pages wait in a small buffer
for the consumer (backpressure keeps memory flat). Workers run either for the
stream's lifetime (inside ``async with stream``) or in *rounds* driven by the
consumer (plain ``async for``): a round ends once the buffer is full or nothing
is left to start, and waits for the requests it sent, so no task outlives a call.

A chain that fails for a per-id reason is bisected only once the consumer has
taken all of its pages, so the producer's and the consumer's positions agree and
the halves resume exactly after what was delivered.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio

from ncm_async._endpoints.spec import Paging
from ncm_async._paginator import Page
from ncm_async._stats import SCOPE, ClientStats
from ncm_async.bulk import _plan as plan
from ncm_async.bulk._chains import Chain, Delivery, add_to_groups, after_page, saved, split
from ncm_async.bulk._checkpoint import ChainState
from ncm_async.bulk._report import IdGroup
from ncm_async.errors import NcmError, PaginationError, ResponseValidationError

logger = logging.getLogger("ncm_async")

Fetch = Callable[[str], Awaitable[Page[Any]]]
Owner = Callable[[Any], "str | None"]

__all__ = ["Chain", "Delivery", "Engine"]


def _nothing() -> None:
    pass


class Signal:
    """A wake-up for whoever waits now (an :class:`anyio.Event` renewed on each fire)."""

    def __init__(self) -> None:
        self._event = anyio.Event()
        self._waiting = 0

    async def wait(self) -> None:
        """Wait for the next :meth:`fire`."""
        self._waiting += 1
        try:
            await self._event.wait()
        finally:
            self._waiting -= 1

    def fire(self) -> None:
        """Wake every current waiter (nothing to do when nobody waits)."""
        if self._waiting:
            self._event.set()
            self._event = anyio.Event()


class Engine:
    """The chains of one pull, their workers and the buffer between them and the consumer.

    Args:
        fetch: Fetches and parses one page (the endpoint paginator's ``fetch_page``).
        base_url: The first-page URL of a query for some ids.
        paging: The endpoint's paging scheme (decides how positions are expressed).
        owner: The id a record belongs to (its ``key`` field), for grouping and bisection.
        grouped: Deliver each id's records together once its query is finished.
        workers: Chains followed at once.
        buffer: Pages fetched ahead of the consumer.

    Attributes:
        on_fetch: Called after every page or failure (the stream reports progress).
        stats: The pull's own request counters (workers count into it through
            :data:`ncm_async._stats.SCOPE`).
    """

    def __init__(
        self,
        *,
        fetch: Fetch,
        base_url: Callable[[Sequence[str]], str],
        paging: Paging,
        owner: Owner,
        grouped: bool,
        workers: int,
        buffer: int,
    ) -> None:
        self.stats = ClientStats()
        self._fetch = fetch
        self._base_url = base_url
        self._paging = paging
        self._keyset = paging is Paging.TIMEUUID
        self._owner = owner
        self.grouped = grouped
        self._workers = workers
        self._buffer_max = buffer
        self.on_fetch: Callable[[], None] = _nothing
        self.queue: collections.deque[Chain] = collections.deque()
        self.active: dict[Chain, None] = {}
        self.buffer: collections.deque[Delivery] = collections.deque()
        self.done: dict[str, None] = {}
        self.failed: dict[str, NcmError] = {}
        self.records = 0
        self.pages = 0
        self.running = 0
        self.error: Exception | None = None
        self._on_delivery = Signal()
        self._on_room = Signal()
        self._on_work = Signal()
        self._scope: anyio.CancelScope | None = None

    def add(
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
        counted = not self._keyset and not self.grouped and len(ids) > 1
        tally: collections.Counter[str | None] | None = None
        if counted:
            tally = collections.Counter({k or None: v for k, v in (counts or {}).items()})
        chain = Chain(ids, start, skip, tally, moved, (start, skip))
        self.active[chain] = None
        if front:
            self.queue.appendleft(chain)
        else:
            self.queue.append(chain)
        return chain

    async def wait_for_delivery(self) -> None:
        """Wait until a page arrives, a chain ends or fails, or the pull stops."""
        await self._on_delivery.wait()

    def take(self) -> Delivery:
        """The oldest fetched delivery (the buffer must not be empty)."""
        delivery = self.buffer.popleft()
        self._on_room.fire()
        return delivery

    def commit(self, delivery: Delivery) -> None:
        """Record that every item of ``delivery`` was yielded to the consumer."""
        chain = delivery.chain
        self.records += delivery.size
        if chain.counts is not None and delivery.items:
            chain.counts.update(map(self._owner, delivery.items))
        chain.pending -= 1
        if delivery.after is None:
            self.active.pop(chain, None)
            self.done.update(dict.fromkeys(chain.ids))
        else:
            chain.pos = delivery.after
            chain.moved = True
        if chain.error is not None and chain.pending == 0:
            self._resolve(chain)
        if not self.active:
            self._on_work.fire()

    def saved_chains(self, current: Delivery | None, index: int) -> list[ChainState]:
        """Unfinished chains not at their fresh start, positioned after what was yielded."""
        if self.grouped:
            return []
        found = (
            saved(c, current, index, keyset=self._keyset, owner=self._owner) for c in self.active
        )
        return [state for state in found if state is not None]

    async def run_round(self) -> None:
        """Fetch until the buffer is full or no chain is left to start (plain iteration)."""
        async with anyio.create_task_group() as tg:
            self._scope = tg.cancel_scope
            for _ in range(min(self._workers, len(self.queue))):
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
        if self.error is None:
            self.error = error
        for signal in (self._on_delivery, self._on_room, self._on_work):
            signal.fire()
        self.cancel()

    async def _worker(self, background: bool) -> None:
        SCOPE.set(self.stats)
        self.running += 1
        try:
            await self._work(background)
        finally:
            self.running -= 1

    async def _work(self, background: bool) -> None:
        while self.error is None:
            if not background and len(self.buffer) >= self._buffer_max:
                return
            if self.queue:
                chain = self.queue.popleft()
                if self.grouped:
                    await self._follow_grouped(chain, background)
                else:
                    await self._follow(chain, background)
            elif background and self.active:
                await self._on_work.wait()
            else:
                return

    async def _room(self, chain: Chain, background: bool) -> bool:
        while len(self.buffer) >= self._buffer_max and self.error is None:
            if not background:
                self.queue.appendleft(chain)
                return False
            await self._on_room.wait()
        return self.error is None

    async def _page(self, chain: Chain) -> Page[Any] | None:
        if not chain.url:
            chain.url = self._base_url(chain.ids)
            chain.pos = (chain.url, chain.skip)
        try:
            page = await self._fetch(chain.url)
        except NcmError as exc:
            self._failed(chain, exc)
            page = None
        else:
            self.pages += 1
        try:
            self.on_fetch()
        except Exception as exc:
            self.abort(exc)
            return None
        if page is None:
            return None
        if page.next is not None and page.next == chain.url:
            self.abort(PaginationError(f"the server's next link does not advance: {page.next}"))
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
            self.buffer.append(Delivery(chain, items, page.url, dropped, after, len(items)))
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
                self.buffer.append(Delivery(chain, items, page.url, 0, None, size))
                chain.pending += 1
                self._on_delivery.fire()
                return
            chain.url = page.next

    def _failed(self, chain: Chain, error: NcmError) -> None:
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
        self.active.pop(chain, None)
        children = split(chain, self._paging, self._base_url, grouped=self.grouped)
        if children is None:
            self.failed.update(dict.fromkeys(chain.ids, chain.error))
            if plan.endpoint_wide(len(self.failed), self.pages):
                logger.warning(
                    "%d ids failed one by one and no query succeeded: the credentials "
                    "cannot read this endpoint; stopping the pull",
                    len(self.failed),
                )
                self.abort(chain.error)
                return
        for child in reversed(children or ()):
            self.add(
                child.ids,
                url=child.url,
                skip=child.skip,
                counts=child.counts,
                moved=child.moved,
                front=True,
            )
        self._on_work.fire()

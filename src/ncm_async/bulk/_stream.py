"""``BulkStream``: the consumer's side of a bulk pull.

Iterate it with ``async for`` (fetching happens in rounds inside each step, so
no task outlives a step), or inside ``async with stream:`` where fetching runs in
the background for the whole block (steadier use of the rate budget, and the
checkpoint is saved exactly where the block leaves off). Every record is yielded
once; a checkpoint makes that hold across runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import anyio
from anyio.abc import TaskGroup

from ncm_async._stats import ClientStats
from ncm_async.bulk._checkpoint import CheckpointState, CheckpointStore
from ncm_async.bulk._engine import Delivery, Engine
from ncm_async.bulk._report import PROGRESS_INTERVAL, BulkReport, IdGroup, ProgressHook
from ncm_async.errors import ConfigurationError

if TYPE_CHECKING:
    from ncm_async.clock import Clock

T = TypeVar("T")

_NEW, _RUNNING, _DONE, _CLOSED = "new", "running", "done", "closed"


class BulkStream(Generic[T]):
    """Records of many ids, streamed as they arrive; made by :meth:`Bulk.list`.

    Leaving a plain ``async for`` early: call :meth:`aclose` (or iterate inside
    ``async with``) so an autosaved checkpoint stands exactly where iteration
    stopped, not at the end of the last page finished.

    Attributes:
        checkpoint_extra: The caller's own JSON saved with every checkpoint (e.g.
            how far its output file got); filled from the checkpoint when the
            stream starts (``async with`` or the first step).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock,
        rate: Callable[[], float],
        parse: Callable[[list[Any]], list[Any]] | None = None,
        ids: Sequence[str],
        batch: int,
        rebase: Callable[[str], str],
        fingerprint: str,
        store: CheckpointStore | None,
        autosave: bool,
        on_progress: ProgressHook | None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._rate = rate
        self._parse = parse
        self._ids = ids
        self._batch = batch
        self._rebase = rebase
        self._fingerprint = fingerprint
        self._store = store
        self._autosave = autosave and store is not None
        self._hook = on_progress
        engine.observe(self._progress)
        self.checkpoint_extra: dict[str, Any] = {}
        self._items: list[Any] = []
        self._index = 0
        self._count = 0
        self._current: Delivery | None = None
        self._state = _NEW
        self._tg: TaskGroup | None = None
        self._started = 0.0
        self._final: tuple[ClientStats, float] | None = None
        self._last_progress = -math.inf

    def __repr__(self) -> str:
        return f"<BulkStream {self._state}: {len(self._ids)} ids>"

    @property
    def report(self) -> BulkReport:
        """Counts so far (a fresh snapshot each read); final once the stream ended."""
        engine = self._engine
        records, ids = self._partial()
        if self._final is not None:
            stats, elapsed = self._final
        elif self._state == _NEW:
            stats, elapsed = ClientStats(), 0.0
        else:
            stats = engine.stats
            elapsed = self._clock.now() - self._started
        return BulkReport(
            requests=stats.requests,
            records=engine.ledger.records + records,
            retries=stats.retries,
            throttles=stats.throttles,
            elapsed=elapsed,
            failed=dict(engine.ledger.failed),
            ids_total=len(self._ids),
            ids_done=engine.ledger.finished_ids + ids,
        )

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> T:
        index = self._index
        if index < self._count:
            self._index = index + 1
            item: T = self._items[index]
            return item
        return await self._step()

    def pages(self) -> _Pages[T]:
        """Iterate page by page: each step gives the records of one page not yet yielded.

        Cheaper per record than iterating records; a page given counts as yielded
        in full (for the report and the checkpoint).
        """
        return _Pages(self)

    async def __aenter__(self) -> Self:
        if self._state != _NEW:
            msg = "enter a BulkStream once, before iterating it"
            raise RuntimeError(msg)
        await self._start()
        self._tg = anyio.create_task_group()
        await self._tg.__aenter__()
        self._tg.start_soon(self._engine.run_background)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        tg, self._tg = self._tg, None
        try:
            if tg is None:
                return None
            tg.cancel_scope.cancel()
            if isinstance(exc, anyio.get_cancelled_exc_class()):
                return await tg.__aexit__(exc_type, exc, tb)
            # The body's own error passes through unwrapped (not in an ExceptionGroup).
            await tg.__aexit__(None, None, None)
            return None
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        """Stop: nothing more is fetched; with ``autosave``, save where the consumer is."""
        if self._state != _RUNNING:
            return
        self._engine.cancel()
        with anyio.CancelScope(shield=True):
            self._freeze()
            self._state = _CLOSED
            if self._autosave:
                await self._save()

    async def save_checkpoint(self) -> None:
        """Persist the checkpoint now: just after the last record yielded so far.

        With ``autosave=False`` this is the only way a checkpoint is written, so a
        caller can save right after flushing its own output (recording its offset
        in :attr:`checkpoint_extra`) and stay exact even if killed.

        Raises:
            ConfigurationError: The stream has no checkpoint.
        """
        if self._store is None:
            msg = "this bulk stream has no checkpoint (pass checkpoint= to bulk.list)"
            raise ConfigurationError(msg)
        if self._state != _NEW:
            await self._save()

    async def _start(self) -> None:
        self._started = self._clock.now()
        saved = await self._store.load() if self._store is not None else None
        state = None
        if saved is not None:
            state = CheckpointState.from_json(saved, fingerprint=self._fingerprint)
            self.checkpoint_extra.update(state.extra)
        self._state = _RUNNING
        self._engine.restore(state, self._ids, self._batch, self._rebase)

    async def _step(self) -> T:
        items = await self._advance()
        self._index = 1
        first: T = items[0]
        return first

    async def _next_page(self) -> list[T]:
        if self._index < self._count:
            rest = self._items[self._index :]
            self._index = self._count
            return rest
        items = await self._advance()
        self._index = self._count
        return items

    async def _advance(self) -> list[Any]:
        """Finish the current delivery and make the next non-empty one current."""
        while True:
            await self._commit()
            delivery = await self._next_delivery()
            if delivery is None:
                await self._finish()
                raise StopAsyncIteration
            self._current, self._count, self._index = delivery, len(delivery.items), 0
            if delivery.items:
                try:
                    self._items = self._models(delivery.items)
                except Exception:
                    await self.aclose()
                    raise
                return self._items

    def _models(self, items: list[Any]) -> list[Any]:
        """What the consumer gets of a delivery: the API's dicts become models only now."""
        parse = self._parse
        if parse is None:
            return items
        if self._engine.grouped:
            return [IdGroup(group.id, parse(group.records)) for group in items]
        return parse(items)

    async def _next_delivery(self) -> Delivery | None:
        if self._state == _NEW:
            await self._start()
        if self._state != _RUNNING:
            return None
        try:
            return await self._engine.next_delivery(background=self._tg is not None)
        except Exception:
            await self.aclose()
            raise

    async def _commit(self) -> None:
        delivery, self._current = self._current, None
        self._items, self._count, self._index = [], 0, 0
        if delivery is None:
            return
        self._engine.commit(delivery)
        if self._autosave:
            await self._save()
        self._progress()

    async def _finish(self) -> None:
        if self._state != _RUNNING:
            return
        self._freeze()
        self._state = _DONE
        if self._autosave:
            await self._save()
        self._progress(force=True)

    def _freeze(self) -> None:
        if self._final is None:
            stats = self._engine.stats.snapshot()
            self._final = (stats, self._clock.now() - self._started)

    def _partial(self) -> tuple[int, int]:
        """Records and (grouped) ids of the current delivery already yielded."""
        current, index = self._current, self._index
        if current is None or index == 0:
            return 0, 0
        grouped = self._engine.grouped
        if index >= self._count:
            return current.size, index if grouped else 0
        if grouped:
            return sum(len(g.records) for g in current.items[:index]), index
        return index, 0

    async def _save(self) -> None:
        assert self._store is not None
        if self._current is not None and self._index >= self._count:
            self._engine.commit(self._current)
            self._current, self._items, self._count, self._index = None, [], 0, 0
        state = self._engine.ledger.checkpoint(
            self._current,
            self._index,
            fingerprint=self._fingerprint,
            complete=self._state == _DONE,
            extra=self.checkpoint_extra,
        )
        await self._store.save(state.to_json())

    def _progress(self, *, force: bool = False) -> None:
        if self._hook is None:
            return
        now = self._clock.now()
        if not force and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._hook(self.report.progress(self._rate()))


class _Pages(Generic[T]):
    def __init__(self, stream: BulkStream[T]) -> None:
        self._stream = stream

    def __aiter__(self) -> _Pages[T]:
        return self

    async def __anext__(self) -> list[T]:
        return await self._stream._next_page()

"""One sync run: the bulk engine's chains of pages, each page committed with its positions.

The pages come from the same machinery as ``ncm.bulk.list`` (batched ``__in``
queries, concurrent chains through the shared limiter, bisection of ids that
fail). The consumer here writes each page in one transaction together with
what it moves: the run state (chains under way, their next-page URLs and
uppers, ids done) and, when a chain ends, its ids' positions. Killed anywhere,
the database holds a consistent prefix and the next run continues from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import anyio

from ncm_async._endpoints.spec import Paging
from ncm_async.bulk import _plan as bulk_plan
from ncm_async.bulk._api import _owner, _rebase, _workers
from ncm_async.bulk._chains import Delivery
from ncm_async.bulk._engine import Engine
from ncm_async.bulk._report import BulkProgress, ProgressHook
from ncm_async.errors import ConfigurationError
from ncm_async.models.base import id_from_url
from ncm_async.sync import _state as run_state
from ncm_async.sync._layout import Layout, rows_of
from ncm_async.sync._positions import Position, Start, after_chain, plan_batches
from ncm_async.sync._report import SyncReport
from ncm_async.sync._target import Change, Stored, SyncTarget

if TYPE_CHECKING:
    from ncm_async._client import AsyncNcmClient
    from ncm_async.bulk._api import ListEndpoint

ALL = ""
"""The one pseudo-id of a whole listing (a snapshot without a key)."""


def is_series(resource: ListEndpoint[Any]) -> bool:
    """Time-series endpoints are those that filter on ``created_at_timeuuid__gt``."""
    return "__gt" in resource.spec.filters.get("created_at_timeuuid", frozenset())


class SyncRun:
    """One run of one endpoint into one open target."""

    def __init__(
        self,
        client: AsyncNcmClient,
        resource: ListEndpoint[Any],
        layout: Layout,
        target: SyncTarget,
        *,
        ids: Sequence[str],
        since: datetime | None,
        overlap: timedelta,
        on_progress: ProgressHook | None,
    ) -> None:
        self._client = client
        self._resource = resource
        self._layout = layout
        self._target = target
        self._ids = ids
        self._since = since
        self._overlap = overlap
        self._hook = on_progress
        self._starts: dict[str, Start] = {}
        self._uppers: dict[str, Position] = {}
        self._positions: dict[str, Position] = {}
        self._new = self._received = self._deleted = 0
        self._last_progress = -1.0
        self._started = 0.0
        spec = resource.spec
        key = layout.key
        self._size = 1 if key is None else bulk_plan.batch_size(spec, key)
        probe = resource.list(raw=True, **self._query(("0",), None))
        self._listing = probe.query
        self.engine = Engine(
            listing=probe.query,
            first_url=self._first_url,
            fetch=probe.fetch_page,
            owner=_owner(key) if key is not None else _no_owner,
            grouped=False,
            workers=_workers(None, client.rate_limit.max_concurrency),
            buffer=max(2, client.rate_limit.max_concurrency // 2),
        )

    async def run(self) -> SyncReport:
        """Load, fetch and commit until every id is done; the last commit ends the run."""
        started = self._started = self._client.clock.now()
        stored = await self._target.load(self._layout)
        self._positions = dict(stored.positions)
        state, resumed = self._restore(stored)
        error: Exception | None = None
        async with anyio.create_task_group() as tg:
            tg.start_soon(self.engine.run_background)
            try:
                await self._consume(state)
            except Exception as exc:  # re-raised below, outside the task group (no ExceptionGroup)
                error = exc
            finally:
                tg.cancel_scope.cancel()
        if error is not None:
            raise error
        failed = dict(self.engine.ledger.failed)
        done = [i for i in self.engine.ledger.done_ids if i not in failed and i != ALL]
        finish = Change(
            self._layout,
            finished=True,
            run=state.run,
            scope=None if self._layout.key is None else done,
        )
        self._deleted += (await self._target.commit(finish)).deleted
        self._progress(force=True)
        stats = self.engine.stats
        return SyncReport(
            endpoint=self._layout.table,
            new_records=self._new,
            received=self._received,
            deleted=self._deleted,
            requests=stats.requests,
            retries=stats.retries,
            throttles=stats.throttles,
            elapsed=self._client.clock.now() - started,
            failed=failed,
            ids_total=0 if self._layout.key is None else len(self._ids),
            resumed=resumed,
            positions={i: p for i, p in self._positions.items() if i in set(self._ids)},
        )

    def _query(self, ids: Sequence[str], start: Start | None) -> dict[str, Any]:
        key = self._layout.key
        kwargs: dict[str, Any] = {}
        if key is not None:
            name, value = bulk_plan.key_param(self._resource.spec, key, ids)
            kwargs[name] = ",".join(value) if isinstance(value, list) else value
        if start is not None:
            kwargs[start[0]] = start[1]
        return kwargs

    def _first_url(self, ids: Sequence[str]) -> str:
        start = self._starts.get(ids[0]) if self._layout.series else None
        return self._listing.first_url_with(self._query(ids, start))

    def _restore(self, stored: Stored) -> tuple[run_state.RunState, bool]:
        fingerprint = run_state.fingerprint(self._layout, self._ids, self._overlap)
        state = run_state.RunState.resume(stored.state, fingerprint)
        resumed = state is not None
        if state is None:
            if (
                self._layout.series
                and self._since is None
                and any(i not in stored.positions for i in self._ids)
            ):
                msg = (
                    f"{self._layout.table}: the first sync of an id needs since= (--since on the "
                    "command line): where to start"
                )
                raise ConfigurationError(msg)
            since = self._since.isoformat() if self._since is not None else ""
            state = run_state.RunState(fingerprint, since, stored.runs + 1)
        rebase = _rebase(self._resource.url)
        covered = run_state.restore_chains(self.engine, state, rebase)
        self._uppers = {i: p for i, p in state.uppers.items() if i in covered}
        todo = [i for i in self._ids or [ALL] if i not in covered]
        if self._layout.series:
            begin = datetime.fromisoformat(state.since) if state.since else None
            for rid in self._ids:
                self._starts[rid] = run_state.start_of(
                    self._positions.get(rid), begin, self._overlap
                )
            for _, batch in plan_batches(todo, self._starts, size=self._size):
                self.engine.queue(batch)
        else:
            for batch in bulk_plan.batches(todo, self._size):
                self.engine.queue(batch)
        return state, resumed

    async def _consume(self, state: run_state.RunState) -> None:
        while (delivery := await self.engine.next_delivery(background=True)) is not None:
            await self._write(delivery, state)

    async def _write(self, delivery: Delivery, state: run_state.RunState) -> None:
        chain, layout = delivery.chain, self._layout
        records: list[dict[str, Any]] = delivery.items
        owners = [self._owner_of(chain.ids, r) for r in records]
        if layout.series and records:
            first = records[0]
            upper = Position(str(first.get("created_at_timeuuid")), first.get("created_at"))
            for rid in chain.ids:
                self._uppers.setdefault(rid, upper)
        self.engine.commit(delivery)
        moved: dict[str, Position] = {}
        if delivery.after is None and layout.series:
            for rid in chain.ids:
                moved[rid] = after_chain(
                    self._positions.get(rid), self._uppers.pop(rid, None), self._starts[rid]
                )
        self._positions.update(moved)
        snapshot = state.capture(self.engine, self._uppers)
        change = Change(
            layout, rows_of(layout, records, owners, state.run), moved, snapshot, run=state.run
        )
        applied = await self._target.commit(change)
        self._new += applied.new
        self._received += len(records)
        self._progress()

    def _owner_of(self, ids: Sequence[str], record: Mapping[str, Any]) -> str | None:
        key = self._layout.key
        if key is None:
            return None
        if len(ids) == 1:
            return ids[0]
        return id_from_url(record.get(key))

    def _progress(self, *, force: bool = False) -> None:
        if self._hook is None:
            return
        now = self._client.clock.now()
        if not force and now - self._last_progress < 0.2:
            return
        self._last_progress = now
        engine, stats = self.engine, self.engine.stats
        self._hook(
            BulkProgress(
                ids_total=len(self._ids),
                ids_done=engine.ledger.finished_ids,
                records=self._received,
                requests=stats.requests,
                retries=stats.retries,
                throttles=stats.throttles,
                failed=engine.ledger.failures,
                elapsed=now - self._started,
                current_rate=self._client.limiter.current_rate,
            )
        )


def _no_owner(record: Any) -> str | None:
    del record
    return None


def check_paging(resource: ListEndpoint[Any]) -> None:
    """Refuse endpoints a sync cannot list (actions, v3 cursors) before any I/O.

    Raises:
        ConfigurationError: Not a v2 list endpoint.
    """
    spec = resource.spec
    if spec.paging in (Paging.NONE, Paging.CURSOR) or spec.version != "v2":
        msg = f"{spec.name}: sync covers v2 list endpoints"
        raise ConfigurationError(msg)

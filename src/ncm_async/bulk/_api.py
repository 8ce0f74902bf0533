"""``ncm.bulk``: fan-out over many routers (net devices, ...) through one client's budget."""

from __future__ import annotations

import builtins
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, overload
from urllib.parse import urlsplit

from ncm_async import _query as query
from ncm_async._endpoints.spec import EndpointSpec, Method, Paging
from ncm_async._paginator import Paginator
from ncm_async.bulk import _plan as plan
from ncm_async.bulk._chains import field_of
from ncm_async.bulk._checkpoint import CheckpointStore, open_store
from ncm_async.bulk._engine import Engine
from ncm_async.bulk._mapping import run_map
from ncm_async.bulk._report import BulkResult, IdGroup, ProgressHook
from ncm_async.bulk._stream import BulkStream
from ncm_async.errors import ConfigurationError
from ncm_async.models.base import id_from_url

if TYPE_CHECKING:
    import os
    from datetime import datetime

    from ncm_async._client import AsyncNcmClient
    from ncm_async.sync import SyncReport, SyncTarget

M = TypeVar("M")
V = TypeVar("V")


class ListEndpoint(Protocol[M]):
    """What bulk needs of an endpoint: its description, URL and ``list()`` (v2 or v3)."""

    @property
    def spec(self) -> EndpointSpec:
        """The endpoint's description."""
        ...

    @property
    def url(self) -> str:
        """The collection URL."""
        ...

    def list(self, **kwargs: Any) -> Paginator[M]:
        """A paginator over the records matching ``kwargs``."""
        ...


_RESERVED = frozenset({"limit", "order_by", "expand", "extra_params"})


class Bulk:
    """Many queries at once, through the client's shared rate limiter (``ncm.bulk``)."""

    def __init__(self, client: AsyncNcmClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<Bulk of {self._client!r}>"

    @overload
    def list(
        self,
        resource: ListEndpoint[M],
        *,
        key: str,
        ids: Iterable[object],
        checkpoint: str | os.PathLike[str] | CheckpointStore | None = None,
        on_progress: ProgressHook | None = None,
        group_by_id: Literal[False] = False,
        autosave: bool = True,
        concurrency: int | None = None,
        fields: Sequence[str] | None = None,
        raw: Literal[False] = False,
        **filters: object,
    ) -> BulkStream[M]: ...

    @overload
    def list(
        self,
        resource: ListEndpoint[M],
        *,
        key: str,
        ids: Iterable[object],
        checkpoint: str | os.PathLike[str] | CheckpointStore | None = None,
        on_progress: ProgressHook | None = None,
        group_by_id: Literal[False] = False,
        autosave: bool = True,
        concurrency: int | None = None,
        fields: Sequence[str] | None = None,
        raw: Literal[True],
        **filters: object,
    ) -> BulkStream[dict[str, Any]]: ...

    @overload
    def list(
        self,
        resource: ListEndpoint[M],
        *,
        key: str,
        ids: Iterable[object],
        checkpoint: str | os.PathLike[str] | CheckpointStore | None = None,
        on_progress: ProgressHook | None = None,
        group_by_id: Literal[True],
        autosave: bool = True,
        concurrency: int | None = None,
        fields: Sequence[str] | None = None,
        raw: Literal[False] = False,
        **filters: object,
    ) -> BulkStream[IdGroup[M]]: ...

    @overload
    def list(
        self,
        resource: ListEndpoint[M],
        *,
        key: str,
        ids: Iterable[object],
        checkpoint: str | os.PathLike[str] | CheckpointStore | None = None,
        on_progress: ProgressHook | None = None,
        group_by_id: Literal[True],
        autosave: bool = True,
        concurrency: int | None = None,
        fields: Sequence[str] | None = None,
        raw: Literal[True],
        **filters: object,
    ) -> BulkStream[IdGroup[dict[str, Any]]]: ...

    def list(
        self,
        resource: ListEndpoint[M],
        *,
        key: str,
        ids: Iterable[object],
        checkpoint: str | os.PathLike[str] | CheckpointStore | None = None,
        on_progress: ProgressHook | None = None,
        group_by_id: bool = False,
        autosave: bool = True,
        concurrency: int | None = None,
        fields: Sequence[str] | None = None,
        raw: bool = False,
        **filters: object,
    ) -> (
        BulkStream[M]
        | BulkStream[IdGroup[M]]
        | BulkStream[dict[str, Any]]
        | BulkStream[IdGroup[dict[str, Any]]]
    ):
        """Records of every id in ``ids``, streamed as they arrive.

        Ids are batched into ``key__in`` queries of up to 100 where the endpoint
        documents ``key__in``, else queried one by one (decided by the endpoint's
        description); every query pages at the largest page size, and all of them
        share the client's limiter. An id whose query fails for a per-id reason
        (403, 404, 400 after bisecting its batch) ends in ``stream.report.failed``;
        errors that concern the whole pull (401, retries exhausted) end it.

        Args:
            resource: A list endpoint, e.g. ``ncm.v2.router_state_samples``.
            key: The filter naming an id (``"router"``, ``"net_device"``).
            ids: Ints, id strings or resource URLs; duplicates are dropped.
            checkpoint: A file path or a :class:`CheckpointStore`: resume from it
                and record progress in it (see :mod:`ncm_async.bulk._checkpoint`).
                A finished pull marks it complete; rerunning it sends nothing.
            on_progress: Called with a :class:`BulkProgress` at most every 0.2 s
                while pages arrive, and once at the end.
            group_by_id: Yield ``IdGroup(id, records)`` once each id's query is
                finished, instead of records as they arrive (memory: the records
                of the queries in progress).
            autosave: Save the checkpoint after each page the consumer finished
                and when the stream closes; with False only
                :meth:`BulkStream.save_checkpoint` saves.
            concurrency: Queries followed at once (default: a little above the
                client's ``max_concurrency``, which caps requests in flight).
            fields: Return only these fields (the key, and ``created_at_timeuuid``
                on keyset endpoints, are added: positions need them).
            raw: Yield the API's own dicts, unconverted (as ``list(raw=True)``).
                Either way pages wait for the consumer as the API's dicts and
                become models only when the consumer takes them: buffered
                models would outlive the collector's young generations and make
                its full collections, which stall the event loop, frequent.
            **filters: The endpoint's other documented filters
                (``created_at__gt=since``).

        Raises:
            ConfigurationError: Before any I/O: unknown filter, a filter on ``key``
                itself, an endpoint that cannot be filtered by ``key``, bad ids.
        """
        spec = resource.spec
        if not spec.allows(Method.LIST) or spec.paging is Paging.NONE:
            msg = f"{spec.name} is not a list endpoint"
            raise ConfigurationError(msg)
        size = plan.batch_size(spec, key)
        clash = sorted(f for f in filters if query.split_filter(f)[0] == key)
        if clash:
            msg = f"{spec.name}: {', '.join(clash)} is set from ids=; do not pass it as a filter"
            raise ConfigurationError(msg)
        reserved = sorted(_RESERVED.intersection(filters))
        if reserved:
            msg = f"bulk.list chooses {', '.join(reserved)} itself; pass filters only"
            raise ConfigurationError(msg)
        filters = {k: v for k, v in filters.items() if v is not None}
        wanted = _fields(fields, key, spec.paging)
        unique = plan.unique_ids(ids, name=key)
        workers = _workers(concurrency, self._client.rate_limit.max_concurrency)

        name, value = plan.key_param(spec, key, unique[:size] or ["0"])
        first = {**filters, name: value}
        fetcher = resource.list(fields=wanted, raw=True, **first)
        parse = None if raw else resource.list(fields=wanted, **first).parse
        params = {k: query.format_value(v, name=k) for k, v in filters.items()}
        if wanted:
            params["fields"] = ",".join(wanted)
        fingerprint = plan.fingerprint(
            f"{spec.version}:{spec.name}", key, params, unique, grouped=group_by_id
        )
        store = open_store(checkpoint)
        engine = Engine(
            listing=fetcher.query,
            first_url=lambda batch: fetcher.query.first_url_with({name: ",".join(batch)}),
            fetch=fetcher.fetch_page,
            owner=_owner(key),
            grouped=group_by_id,
            workers=workers,
            buffer=max(2, self._client.rate_limit.max_concurrency // 2),
        )
        client = self._client
        return BulkStream(
            engine,
            clock=client.clock,
            rate=lambda: client.limiter.current_rate,
            parse=parse,
            ids=unique,
            batch=size,
            rebase=_rebase(resource.url),
            fingerprint=fingerprint,
            store=store,
            autosave=autosave,
            on_progress=on_progress,
        )

    async def sync(
        self,
        resource: ListEndpoint[Any],
        *,
        into: str | os.PathLike[str] | SyncTarget,
        key: str | None = None,
        ids: Iterable[object] | None = None,
        since: datetime | timedelta | None = None,
        overlap: timedelta = timedelta(0),
        on_progress: ProgressHook | None = None,
    ) -> SyncReport:
        """Bring the records of ``ids`` into a database; each run fetches only what is new.

        Time-series endpoints (samples, alerts, logs) continue from each id's
        stored position (``created_at_timeuuid__gt``, ids batched by ``__in``);
        other endpoints are mirrored as snapshots (upserted, and rows the
        account no longer has are deleted). Every page is committed together with
        the positions it moves, so a run killed at any point and run again ends
        with every record exactly once. See the README, "Incremental sync".

        Args:
            resource: A v2 list endpoint, e.g. ``ncm.v2.router_state_samples``.
            into: ``sqlite:///ncm.db`` (or a path), ``postgresql://...`` (the
                ``postgres`` extra), or a :class:`~ncm_async.sync.SyncTarget`.
            key: The filter naming an id (``"router"``); None with ``ids=None``
                syncs a whole listing (``routers``).
            ids: Ints, id strings or resource URLs.
            since: Where ids without a position start (an aware datetime, or a
                timedelta before now); needed on the first sync of an id.
            overlap: Re-read this much before each position, for records that
                arrive late (upserts keep them single); 0 reads only newer ones.
            on_progress: Called with a :class:`BulkProgress` at most every 0.2 s.

        Returns:
            A :class:`~ncm_async.sync.SyncReport`.

        Raises:
            ConfigurationError: Bad arguments, before any I/O.
            SyncLockedError: Another sync runs on the same database.
            NcmError: The run failed; what was committed stays, the next run continues.
        """
        from ncm_async.sync._api import run_sync

        return await run_sync(
            self._client,
            resource,
            into=into,
            key=key,
            ids=ids,
            since=since,
            overlap=overlap,
            on_progress=on_progress,
        )

    async def map(
        self,
        ids: Iterable[object],
        fn: Callable[[str], Awaitable[V]],
        *,
        concurrency: int | None = None,
        fail_fast: bool = False,
    ) -> BulkResult[V]:
        """Run ``fn(id)`` for every id, a bounded number at once, through the shared limiter.

        Args:
            ids: Ints, id strings or resource URLs; duplicates are dropped and
                ``fn`` receives each as its id string.
            fn: The per-id coroutine (its requests go through this client's limiter).
            concurrency: Calls running at once (default: a little above the
                client's ``max_concurrency``).
            fail_fast: Stop at the first failing id and raise its error.

        Returns:
            ``BulkResult(ok, errors)``, both keyed by id string in input order.

        Raises:
            AuthenticationError: Always aborts (no id can succeed with bad keys).
            ConfigurationError: Likewise, and for bad ids or concurrency up front.
            NcmError: The first failure, with ``fail_fast=True``.
        """
        unique = plan.unique_ids(ids, name="id")
        workers = _workers(concurrency, self._client.rate_limit.max_concurrency)
        return await run_map(unique, fn, concurrency=workers, fail_fast=fail_fast)


def _workers(concurrency: int | None, max_concurrency: int) -> int:
    if concurrency is None:
        return max_concurrency + max(2, max_concurrency // 2)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        msg = f"concurrency must be a positive whole number, got {concurrency!r}"
        raise ConfigurationError(msg)
    return concurrency


def _fields(fields: Sequence[str] | None, key: str, paging: Paging) -> builtins.list[str] | None:
    if fields is None:
        return None
    chosen = [fields] if isinstance(fields, str) else builtins.list(fields)
    needed = [key] + (["created_at_timeuuid"] if paging is Paging.TIMEUUID else [])
    return chosen + [f for f in needed if f not in chosen]


def _owner(key: str) -> Callable[[Any], str | None]:
    def owner(record: Any) -> str | None:
        return id_from_url(field_of(record, key))

    return owner


def _rebase(endpoint_url: str) -> Callable[[str], str]:
    def rebase(url: str) -> str:
        return f"{endpoint_url}?{urlsplit(url).query}"

    return rebase

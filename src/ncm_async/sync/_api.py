"""``ncm.bulk.sync``: argument checks, then one run between opening and closing the target."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import anyio

from ncm_async.bulk import _plan as bulk_plan
from ncm_async.bulk._report import ProgressHook
from ncm_async.errors import ConfigurationError
from ncm_async.sync._layout import layout_for
from ncm_async.sync._report import SyncReport
from ncm_async.sync._runner import SyncRun, check_paging, is_series
from ncm_async.sync._target import SyncTarget, open_target

if TYPE_CHECKING:
    from ncm_async._client import AsyncNcmClient
    from ncm_async.bulk._api import ListEndpoint


async def run_sync(
    client: AsyncNcmClient,
    resource: ListEndpoint[Any],
    *,
    into: str | os.PathLike[str] | SyncTarget,
    key: str | None = None,
    ids: Iterable[object] | None = None,
    since: datetime | timedelta | None = None,
    overlap: timedelta = timedelta(0),
    on_progress: ProgressHook | None = None,
) -> SyncReport:
    """See :meth:`ncm_async.bulk.Bulk.sync`."""
    check_paging(resource)
    spec = resource.spec
    series = is_series(resource)
    if (key is None) != (ids is None):
        msg = "key= and ids= go together (both, or neither for a whole listing)"
        raise ConfigurationError(msg)
    if key is not None:
        bulk_plan.batch_size(spec, key)
    elif spec.required_any:
        need = " or ".join(spec.required_any)
        msg = f"{spec.name} needs a {need} filter: sync it with key= and ids="
        raise ConfigurationError(msg)
    unique = bulk_plan.unique_ids(ids, name=key or "id") if ids is not None else []
    layout = layout_for(spec.name, series=series, key=key, id_field=spec.id_field)
    start = _since(since)
    if not isinstance(overlap, timedelta) or overlap < timedelta(0):
        msg = f"overlap must be a timedelta >= 0, got {overlap!r}"
        raise ConfigurationError(msg)
    target = open_target(into)
    await target.open()
    try:
        run = SyncRun(
            client,
            resource,
            layout,
            target,
            ids=unique,
            since=start,
            overlap=overlap,
            on_progress=on_progress,
        )
        return await run.run()
    finally:
        with anyio.CancelScope(shield=True):
            await target.close()


def _since(since: datetime | timedelta | None) -> datetime | None:
    if since is None:
        return None
    if isinstance(since, timedelta):
        return datetime.now(UTC) - since
    if not isinstance(since, datetime) or since.tzinfo is None:
        msg = f"since must be an aware datetime or a timedelta, got {since!r}"
        raise ConfigurationError(msg)
    return since

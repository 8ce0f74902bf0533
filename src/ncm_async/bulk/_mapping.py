"""``bulk.map``: any per-id coroutine over many ids, a bounded number at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import anyio

from ncm_async.bulk._report import BulkResult
from ncm_async.errors import AuthenticationError, ConfigurationError, NcmError

V = TypeVar("V")

_ABORTS = (AuthenticationError, ConfigurationError)
"""Errors no other id can avoid: they end the whole map instead of one id."""


async def run_map(
    ids: Sequence[str],
    fn: Callable[[str], Awaitable[V]],
    *,
    concurrency: int,
    fail_fast: bool,
) -> BulkResult[V]:
    """See :meth:`ncm_async.bulk.Bulk.map` (``ids`` already normalised and unique)."""
    values: dict[str, V] = {}
    errors: dict[str, NcmError] = {}
    stopped: list[BaseException] = []
    pending = iter(ids)

    async def worker(scope: anyio.CancelScope) -> None:
        for rid in pending:
            if stopped:
                return
            try:
                values[rid] = await fn(rid)
            except NcmError as exc:
                if isinstance(exc, _ABORTS) or fail_fast:
                    stopped.append(exc)
                    scope.cancel()
                    return
                errors[rid] = exc
            except Exception as exc:
                stopped.append(exc)
                scope.cancel()
                return

    async with anyio.create_task_group() as tg:
        for _ in range(min(concurrency, len(ids))):
            tg.start_soon(worker, tg.cancel_scope)
    if stopped:
        raise stopped[0]
    return BulkResult(
        ok={rid: values[rid] for rid in ids if rid in values},
        errors={rid: errors[rid] for rid in ids if rid in errors},
    )

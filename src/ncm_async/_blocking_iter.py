"""The iterators of the blocking client: a listing and a bulk pull without ``await``.

Each step runs in the blocking client's background loop (:class:`~ncm_async._blocking.Loop`),
so iterating one is iterating the async object itself, page by page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

if TYPE_CHECKING:
    from ncm_async._blocking import Loop
    from ncm_async._paginator import Page, Paginator
    from ncm_async.bulk import BulkReport, BulkStream

__all__ = ["BlockingBulkStream", "BlockingPaginator"]

T = TypeVar("T")


class BlockingPaginator(Generic[T]):
    """A listing without ``await``: iterate it for every record, page by page underneath."""

    def __init__(self, paginator: Paginator[T], loop: Loop) -> None:
        self._paginator = paginator
        self._loop = loop

    @property
    def urls(self) -> tuple[str, ...]:
        """The first URL of each chained listing."""
        return self._paginator.urls

    def first_page(self) -> Page[T]:
        """The first page (what ``await paginator`` gives in the async API)."""
        return self._loop.run(self._paginator.first_page)

    def pages(self) -> Iterator[Page[T]]:
        """Every page, in order, across all chained listings."""
        pages = self._paginator.pages()
        while True:
            try:
                yield self._loop.run(pages.__anext__)
            except StopAsyncIteration:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def collect(self, max_items: int | None = None) -> list[T]:
        """Materialise the listing (``max_items`` stops early)."""
        return self._loop.run(self._paginator.collect, max_items)


class BlockingBulkStream(Generic[T]):
    """A bulk pull without ``await``: iterate it for records; ``.report`` as in the async API.

    Inside ``with stream:`` fetching runs in the background for the whole block,
    like ``async with``; leaving a loop early, call :meth:`close` (or use ``with``)
    so an autosaved checkpoint stands exactly where the loop stopped.
    """

    def __init__(self, stream: BulkStream[T], loop: Loop) -> None:
        self._stream = stream
        self._loop = loop
        self._cm: contextlib.AbstractContextManager[Any] | None = None

    def __repr__(self) -> str:
        return repr(self._stream)

    @property
    def report(self) -> BulkReport:
        """Counts so far; final once the stream ended."""
        return self._loop.call(lambda: self._stream.report)

    @property
    def checkpoint_extra(self) -> dict[str, Any]:
        """The caller's own JSON saved with every checkpoint."""
        return self._stream.checkpoint_extra

    def __iter__(self) -> Iterator[T]:
        call = self._loop.run
        anext = self._stream.__anext__
        while True:
            try:
                yield call(anext)
            except StopAsyncIteration:
                return

    def pages(self) -> Iterator[list[T]]:
        """Records page by page (a page given counts as yielded in full)."""
        pages = self._stream.pages()
        while True:
            try:
                yield self._loop.run(pages.__anext__)
            except StopAsyncIteration:
                return

    def save_checkpoint(self) -> None:
        """Persist the checkpoint just after the last record yielded so far."""
        self._loop.run(self._stream.save_checkpoint)

    def close(self) -> None:
        """Stop fetching; with ``autosave``, save where the consumer is."""
        self._loop.run(self._stream.aclose)

    def __enter__(self) -> Self:
        self._cm = self._loop.portal.wrap_async_context_manager(self._stream)
        self._cm.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        cm, self._cm = self._cm, None
        if cm is None:
            return None
        return cm.__exit__(exc_type, exc, tb)

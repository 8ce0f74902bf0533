"""Paginators: lazy async iterators over every record of a listing.

One engine for all schemes, driven by a :class:`~ncm_async._list_query.ListQuery`
(first URLs, next-page rule, origin, loop guard: the same one the bulk engine
follows). A paginator is awaitable (the first :class:`Page`) and async-iterable
(every item), holds one page at a time, follows next links only to the
configured origin and refuses links that go back to a page already fetched. A page that
still fails after the transport's retries raises; records already yielded stay
yielded, none is dropped silently.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Generic, TypeVar

import attrs

from ncm_async._list_query import ListQuery
from ncm_async.errors import ConfigurationError

T = TypeVar("T")
Fetch = Callable[[str], Awaitable[Any]]
Parse = Callable[[Sequence[Mapping[str, Any]]], list[T]]


@attrs.frozen
class Page(Generic[T]):
    """One page of a listing.

    Attributes:
        items: The page's records as models.
        next: URL of the next page, or None on the last page of the listing.
        url: URL this page was fetched from.
    """

    items: list[T]
    next: str | None
    url: str

    @property
    def has_next(self) -> bool:
        """Whether another page follows."""
        return self.next is not None


class Paginator(Generic[T]):
    """All records of one listing, fetched page by page as they are consumed.

    Several start URLs (an ``__in`` filter split into chunks of 100) are listed
    one after the other as a single stream.
    """

    def __init__(self, query: ListQuery, *, fetch: Fetch, parse: Parse[T]) -> None:
        self.query = query
        self._fetch = fetch
        self._parse = parse
        self.page_size = query.page_size

    @property
    def urls(self) -> tuple[str, ...]:
        """The first URL of each chained listing (one per ``__in`` chunk)."""
        return self.query.urls

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self.first_page().__await__()

    async def first_page(self) -> Page[T]:
        """The first page of the (first) listing."""
        return await self.fetch_page(self.query.urls[0])

    def parse(self, records: Sequence[Mapping[str, Any]]) -> list[T]:
        """The models of a page's records (the bulk engine fetches raw, converts when taken)."""
        return self._parse(records)

    async def fetch_page(self, url: str) -> Page[T]:
        """Fetch one page by URL and compute its successor.

        Raises:
            PaginationError: ``url`` is outside the configured origin (nothing sent).
        """
        self.query.check_link(url)
        body = await self._fetch(url)
        records, nxt = self.query.next_page(url, body)
        return Page(items=self._parse(records), next=nxt, url=url)

    def pages(self) -> AsyncIterator[Page[T]]:
        """Every page, in order, across all chained listings."""
        return _PageIterator(self)

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemIterator(_PageIterator(self))

    async def collect(self, max_items: int | None = None) -> list[T]:
        """Materialise the listing (explicitly: a listing can be millions of records).

        Args:
            max_items: Stop after this many items (no further page is fetched).
        """
        if max_items is not None and max_items < 0:
            msg = f"max_items must be zero or more, got {max_items}"
            raise ConfigurationError(msg)
        out: list[T] = []
        if max_items == 0:
            return out
        async for page in self.pages():
            out.extend(page.items)
            if max_items is not None and len(out) >= max_items:
                return out[:max_items]
        return out


class _PageIterator(Generic[T]):
    """Walks the chained listings; a class, not an async generator, so an
    abandoned iteration holds nothing that needs finalising."""

    def __init__(self, paginator: Paginator[T]) -> None:
        self._paginator = paginator
        self._starts = list(reversed(paginator.urls))
        self._next: str | None = self._starts.pop()
        self._guard = paginator.query.guard()

    def __aiter__(self) -> _PageIterator[T]:
        return self

    async def __anext__(self) -> Page[T]:
        if self._next is None:
            if not self._starts:
                raise StopAsyncIteration
            self._next = self._starts.pop()
            self._guard = self._paginator.query.guard()
        url = self._next
        self._guard.visit(url)
        page = await self._paginator.fetch_page(url)
        fresh = self._guard.check_progress(url, page.items)
        if len(fresh) != len(page.items):
            page = attrs.evolve(page, items=fresh)
        self._guard.check(page.next)
        self._next = page.next
        return page


class _ItemIterator(Generic[T]):
    """Every item of every page; between pages it costs one ``next()`` per item."""

    def __init__(self, pages: _PageIterator[T]) -> None:
        self._pages = pages
        self._items: Iterator[T] = iter(())

    def __aiter__(self) -> _ItemIterator[T]:
        return self

    async def __anext__(self) -> T:
        for item in self._items:
            return item
        while True:
            page = await self._pages.__anext__()
            self._items = iter(page.items)
            for item in self._items:
                return item

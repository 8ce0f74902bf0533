"""One listing as data: where it starts, how it advances, and when it goes round in circles.

Both the paginator (``ncm.v2.<name>.list()``) and the bulk engine follow
listings through a :class:`ListQuery`: the endpoint, the first URL of each
chained listing (an ``__in`` filter too long for one query is several), the
page size, the next-page rule of the endpoint's paging scheme, and the origin
next links must stay on. Each walk of one chain carries a :class:`LoopGuard`
that remembers every position it fetched, so a server whose links go round
(A -> A, A -> B -> A, a longer cycle, a repeated cursor, offset or keyset
position) is a :class:`PaginationError` after at most one lap, not an endless
stream of duplicates. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

import attrs

from ncm_async import _query as query
from ncm_async._endpoints.spec import EndpointSpec, Paging
from ncm_async._page_rules import NEXT_RULES, Records
from ncm_async._protocol import same_origin
from ncm_async.errors import ConfigurationError, PaginationError

T = TypeVar("T")

POSITION_PARAMS: Mapping[Paging, str] = {
    Paging.OFFSET: "offset",
    Paging.TIMEUUID: "created_at_timeuuid__lt",
    Paging.CURSOR: "page[after]",
}
"""The query parameter that says where a page starts, per paging scheme
(NEXT_LINK endpoints page on varying parameters: their whole query is the position)."""


def position(paging: Paging, url: str) -> tuple[str, str]:
    """Where the page at ``url`` starts in its listing, comparable across spellings.

    ``offset`` absent is offset 0 and ``offset=0500`` is 500; a missing keyset or
    cursor parameter is the listing's start. NEXT_LINK listings (and anything
    unparseable) compare by path and sorted query.
    """
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    name = POSITION_PARAMS.get(paging)
    if name is not None:
        value = next((v for k, v in params if k == name), "")
        if paging is Paging.OFFSET:
            value = str(int(value)) if value.strip().isdigit() else value or "0"
        return name, value
    return "query", f"{parts.path.rstrip('/')}?{sorted(params)}"


class LoopGuard:
    """The positions one chain has fetched; a repeat is a :class:`PaginationError`.

    Offset listings get one more check: a server that ignores ``offset`` serves
    the same page at every position, which no link check sees (each offset is
    new). A non-empty page made only of the previous page's records is such a
    server, and a :class:`PaginationError` too.
    """

    def __init__(self, paging: Paging) -> None:
        self._paging = paging
        self._seen: set[tuple[str, str]] = set()
        self._previous: frozenset[object] = frozenset()

    def visit(self, url: str) -> None:
        """Note that ``url`` is about to be fetched.

        Raises:
            PaginationError: This chain fetched the same position before.
        """
        self.check(url)
        self._seen.add(position(self._paging, url))

    def check_progress(self, url: str, items: Sequence[T]) -> list[T]:
        """The page's records that were not on the previous page of an offset listing.

        Records inserted ahead of the position while a listing is paged shift the
        next page back: its first records repeat the previous page's last ones, so
        they are dropped here (by ``resource_url`` or ``id``) to keep each record
        once. The bulk engine only uses the refusal: its positions count records
        as served.

        Raises:
            PaginationError: Every record of the non-empty page at ``url`` was on the
                page before it (the server ignores ``offset``).
        """
        if self._paging is not Paging.OFFSET:
            return list(items)
        keys = [record_key(item) for item in items]
        fresh = [
            item
            for item, key in zip(items, keys, strict=True)
            if key is None or key not in self._previous
        ]
        self._previous = frozenset(k for k in keys if k is not None)
        if items and not fresh:
            msg = f"the server serves the previous page again (it ignores offset): {url}"
            raise PaginationError(msg)
        return fresh

    def check(self, url: str | None) -> None:
        """Refuse a next link back to a position this chain fetched (None: the end).

        Raises:
            PaginationError: ``url`` repeats a position.
        """
        if url is None:
            return
        key = position(self._paging, url)
        if key in self._seen:
            name, value = key
            where = f"{name}={value}" if name != "query" else "the same query"
            msg = f"the server's next link does not advance (back to {where}): {url}"
            raise PaginationError(msg)


def record_key(item: object) -> object:
    """What identifies a record (model or the API's dict): its ``resource_url``, else ``id``."""
    if isinstance(item, Mapping):
        return item.get("resource_url") or item.get("id")
    return getattr(item, "resource_url", None) or getattr(item, "id", None)


@attrs.frozen
class ListQuery:
    """One listing: its endpoint, first URLs, page size and origin.

    Attributes:
        spec: The endpoint listed.
        urls: The first page of each chained listing, in order.
        page_size: Records asked per page.
        origin: The configured base URL; next links elsewhere are refused.
    """

    spec: EndpointSpec
    urls: tuple[str, ...]
    page_size: int
    origin: str

    def __attrs_post_init__(self) -> None:
        if not self.urls:
            msg = "a listing needs at least one URL"
            raise ConfigurationError(msg)

    def guard(self) -> LoopGuard:
        """A fresh loop guard for one chain of this listing."""
        return LoopGuard(self.spec.paging)

    def check_link(self, url: str) -> None:
        """Refuse a page URL outside the configured origin (before anything is sent).

        Raises:
            PaginationError: ``url`` leaves the origin.
        """
        if not same_origin(url, self.origin):
            msg = f"refusing to follow a page link outside {self.origin}: {url}"
            raise PaginationError(msg)

    def next_page(self, url: str, body: Any) -> tuple[Records, str | None]:
        """The records of the page fetched from ``url`` and the next page's URL (None: done)."""
        return NEXT_RULES[self.spec.paging](url, body, self.page_size)

    def param_name(self, filter_name: str) -> str:
        """The query parameter a keyword filter is sent as (v3: ``filter[...]``)."""
        if self.spec.version == "v2" or filter_name in self.spec.plain_filters:
            return filter_name
        return query.v3_filter_key(filter_name)

    def first_url_with(self, filters: Mapping[str, str]) -> str:
        """The first URL with each keyword filter set to its (encoded) value, in its place.

        The bulk engine asks this for each batch of ids: the query stays the one
        the endpoint validated and encoded, with only the ids (and, for a sync,
        the starting point) changed.
        """
        values = {self.param_name(k): v for k, v in filters.items()}
        parts = urlsplit(self.urls[0])
        pairs = [
            (k, values.pop(k) if k in values else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
        pairs += values.items()
        return parts._replace(query=query.encode_query(pairs)).geturl()

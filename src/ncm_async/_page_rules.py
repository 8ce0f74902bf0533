"""Next-page rules of the three paging schemes, as pure functions.

Each takes the URL just fetched, its parsed body and the page size asked for,
and returns the page's records and the next URL (None at the end). They never
do I/O, so every rule is table-tested (API docs "Paging"; conventions section 5;
v3-and-limits "Cursor paging").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from ncm_async._endpoints.spec import Paging
from ncm_async._query import encode_query
from ncm_async.errors import ResponseValidationError

Records = list[Mapping[str, Any]]
NextRule = Callable[[str, Any, int], tuple[Records, str | None]]


_RECORD_MARKERS = ("resource_url", "id", "created_at_timeuuid")
"""Every documented v2 record carries one of these; an error or maintenance body
(``{"detail": "scheduled maintenance"}``) carries none."""


def records_of(body: Any, url: str) -> tuple[Records, Mapping[str, Any]]:
    """The records and ``meta`` of a v2 list body.

    Collections are ``{"data": [...], "meta": {...}}`` with every record an
    object; the docs also show a bare record where a list was asked for
    (historical_locations), taken as one record when it looks like one (it has
    one of ``resource_url``, ``id``, ``created_at_timeuuid``).

    Raises:
        ResponseValidationError: Any other shape: never a record made of nothing.
    """
    if isinstance(body, Mapping):
        data = body.get("data")
        meta = body.get("meta")
        if isinstance(data, list):
            _check_objects(data, url)
            return data, meta if isinstance(meta, Mapping) else {}
        if data is None and "meta" not in body and any(k in body for k in _RECORD_MARKERS):
            return [body], {}
    msg = f"GET {url}: expected a list body {{'data': [...], 'meta': {{...}}}}, got {_kind(body)}"
    raise ResponseValidationError(msg)


def _check_objects(data: list[Any], url: str) -> None:
    if all(type(record) is dict for record in data):
        return
    for index, record in enumerate(data):
        if not isinstance(record, Mapping):
            msg = f"GET {url}: record {index} of the page is {type(record).__name__}, not an object"
            raise ResponseValidationError(msg)


def _kind(body: Any) -> str:
    if isinstance(body, Mapping):
        return f"an object with keys {sorted(body)[:8]}"
    return type(body).__name__


def replace_param(url: str, name: str, value: str) -> str:
    """``url`` with query parameter ``name`` set to ``value`` (others kept, in order)."""
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    params.append((name, value))
    return urlunsplit(parts._replace(query=encode_query(params)))


def query_value(url: str, name: str) -> str | None:
    """The (decoded) value of query parameter ``name`` in ``url``."""
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key == name:
            return value
    return None


def _page_size(meta: Mapping[str, Any], asked: int) -> int:
    limit = meta.get("limit")
    return limit if isinstance(limit, int) and limit > 0 else asked


def _link(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _meta_or_own(
    url: str, body: Any, limit: int, own: Callable[[str, Records], str | None]
) -> tuple[Records, str | None]:
    """Follow ``meta.next`` when the server gives it; else, after a full page, ``own``.

    An empty page, or a short one (fewer records than the page size the server
    reports in ``meta.limit``), ends the listing. Without ``meta`` a short page
    proves nothing (the server may serve fewer than asked), so only an empty
    page ends it: one more request, never a silently short listing.
    """
    data, meta = records_of(body, url)
    if not data:
        return data, None
    if "next" in meta:
        return data, _link(meta["next"])
    if "limit" in meta and len(data) < _page_size(meta, limit):
        return data, None
    return data, own(url, data)


def offset_next(url: str, body: Any, limit: int) -> tuple[Records, str | None]:
    """Offset paging: follow ``meta.next``; without ``meta``, advance ``offset``."""

    def advance(url: str, data: Records) -> str:
        offset = int(query_value(url, "offset") or 0)
        return replace_param(url, "offset", str(offset + len(data)))

    return _meta_or_own(url, body, limit, advance)


def timeuuid_next(url: str, body: Any, limit: int) -> tuple[Records, str | None]:
    """Keyset paging newest first: follow ``meta.next`` (``created_at_timeuuid__lt``).

    Without ``meta.next`` but with a full page, continue below the last record's
    ``created_at_timeuuid``: the same rule the server's links follow.
    """

    def below_last(url: str, data: Records) -> str | None:
        last = data[-1].get("created_at_timeuuid") if isinstance(data[-1], Mapping) else None
        if not isinstance(last, str) or not last:
            return None
        return replace_param(url, "created_at_timeuuid__lt", last)

    return _meta_or_own(url, body, limit, below_last)


def link_next(url: str, body: Any, limit: int) -> tuple[Records, str | None]:
    """Endpoints that page only by ``meta.next`` (activity_logs, alert rules/destinations)."""
    del limit
    data, meta = records_of(body, url)
    return data, _link(meta.get("next")) if data else None


def cursor_next(url: str, body: Any, limit: int) -> tuple[Records, str | None]:
    """v3 JSON:API cursor paging: records in ``data``, follow absolute ``links.next``.

    Raises:
        ResponseValidationError: No ``data`` list.
    """
    del limit
    if not isinstance(body, Mapping) or not isinstance(body.get("data"), list):
        msg = f"GET {url}: expected a JSON:API document with a data list, got {_kind(body)}"
        raise ResponseValidationError(msg)
    data: Records = body["data"]
    _check_objects(data, url)
    links = body.get("links")
    nxt = links.get("next") if isinstance(links, Mapping) else None
    return data, _link(nxt) if data else None


NEXT_RULES: Mapping[Paging, NextRule] = {
    Paging.OFFSET: offset_next,
    Paging.TIMEUUID: timeuuid_next,
    Paging.NEXT_LINK: link_next,
    Paging.CURSOR: cursor_next,
}

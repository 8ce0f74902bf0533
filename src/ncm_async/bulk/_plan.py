"""The pure part of a bulk pull: which queries to send, how to split a failed one.

Nothing here does I/O, so every rule is table-tested:

- ids are normalised and de-duplicated (a duplicate would only cost requests);
- ids are batched into ``key__in`` queries where the endpoint documents the
  operator (at most ``in_limit`` values, API conventions section 7), one query
  per id otherwise (``router_logs``, ``historical_locations``);
- a batch that fails for a per-id reason is bisected, and each half resumes
  where the batch stopped: below the same ``created_at_timeuuid`` on keyset
  endpoints, or after the records of its ids already delivered on positional
  ones, so nothing is delivered twice;
- a checkpoint is tied to its query by a fingerprint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

import orjson

from ncm_async import _query as query
from ncm_async._endpoints.spec import EndpointSpec, Paging
from ncm_async._page_rules import query_value, replace_param
from ncm_async.errors import APIStatusError, ConfigurationError

KEYSET_PARAM = "created_at_timeuuid__lt"
"""Where a timeuuid keyset chain stands: below this record (API docs, "Paging")."""

DEFAULT_BATCH = 100
"""Batch size where ``__in`` has no documented limit (``alerts``): URLs stay short."""

_NOT_PER_ID = frozenset({401, 408, 409, 429})
"""4xx that say nothing about the ids in the query: bad keys, timeouts, a missing
required filter (v2 409), throttling. They abort a pull instead of isolating ids."""


def unique_ids(ids: Iterable[object], *, name: str) -> list[str]:
    """Ids as API strings (ints, strings, resource URLs accepted), first occurrence kept.

    A set has no order of its own (it iterates by hash, which differs between
    processes), so its ids come sorted: batches, URLs and checkpoints are the same
    in every run.

    Raises:
        ConfigurationError: ``ids`` is a plain string, or one value is not id-like.
    """
    if isinstance(ids, str | bytes):
        msg = f"ids must be a collection of {name} ids, not a single string"
        raise ConfigurationError(msg)
    seen: dict[str, None] = {}
    for value in ids:
        seen.setdefault(query.id_of(value, name=name), None)
    return sorted(seen) if isinstance(ids, set | frozenset) else list(seen)


def batch_size(spec: EndpointSpec, key: str) -> int:
    """Ids per query: the ``__in`` limit where ``key__in`` is documented, else 1.

    Raises:
        ConfigurationError: The endpoint cannot be filtered by ``key`` at all.
    """
    allowed = spec.filters.get(key, frozenset())
    if spec.batch_key(key):
        return spec.in_limit or DEFAULT_BATCH
    if "" in allowed:
        return 1
    keys = sorted(k for k, ops in spec.filters.items() if {"", "__in"} & ops)
    msg = f"{spec.name} cannot be filtered by {key!r}; keys it takes: {', '.join(keys) or 'none'}"
    raise ConfigurationError(msg)


def key_param(spec: EndpointSpec, key: str, ids: Sequence[str]) -> tuple[str, object]:
    """The filter naming ``ids``: ``key__in=[...]`` where batching applies, else ``key=id``."""
    if spec.batch_key(key):
        return f"{key}__in", list(ids)
    if len(ids) != 1:
        msg = f"{spec.name}: {key} takes one id per query, got {len(ids)}"
        raise ConfigurationError(msg)
    return key, ids[0]


def batches(ids: Sequence[str], size: int) -> list[tuple[str, ...]]:
    """Consecutive batches of at most ``size`` ids, in input order."""
    return [tuple(chunk) for chunk in query.chunked(ids, size)] if ids else []


def halves(ids: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a failing batch in two (the first half gets the odd one out).

    Raises:
        ValueError: Fewer than two ids: a single id is isolated already.
    """
    if len(ids) < 2:
        msg = "a batch of one id cannot be bisected"
        raise ValueError(msg)
    middle = (len(ids) + 1) // 2
    return tuple(ids[:middle]), tuple(ids[middle:])


def is_per_id(error: BaseException) -> bool:
    """Whether ``error`` may be caused by one id in the query (403, 404, 400, ...).

    Such a batch is bisected until the failing ids are isolated. Anything else
    (401, throttling or server errors left after the transport's retries,
    unparseable bodies) is not about ids and aborts the pull.
    """
    if not isinstance(error, APIStatusError):
        return False
    return 400 <= error.status_code < 500 and error.status_code not in _NOT_PER_ID


ENDPOINT_WIDE_AFTER = 8
"""Single ids failing with no successful page anywhere before the pull stops.

A key that may not read an endpoint at all fails every batch; bisecting each down
to single ids would spend about two requests per id before saying so.
"""


def endpoint_wide(failed_ids: int, pages_ok: int) -> bool:
    """Whether per-id failures so far say the whole endpoint is refused."""
    return pages_ok == 0 and failed_ids >= ENDPOINT_WIDE_AFTER


def keyset_position(url: str, last_timeuuid: str) -> str:
    """``url`` continued below ``last_timeuuid`` (the last record already delivered)."""
    return replace_param(url, KEYSET_PARAM, last_timeuuid)


def child_start(
    paging: Paging, base_url: str, parent_url: str, delivered: int
) -> tuple[str, int, bool]:
    """Where one half of a bisected batch starts, as ``(url, skip, moved)``.

    Args:
        paging: The endpoint's paging scheme.
        base_url: The half's own first-page URL.
        parent_url: The next URL the failed batch would have fetched.
        delivered: Records of the half's ids the batch (and its ancestors) delivered;
            used by positional paging only, where sub-queries keep the union's order.

    Returns:
        The URL to fetch first, records to drop from what it returns (paging
        schemes without ``offset``), and whether this differs from a fresh start.
    """
    if paging is Paging.TIMEUUID:
        below = query_value(parent_url, KEYSET_PARAM)
        url = base_url if below is None else replace_param(base_url, KEYSET_PARAM, below)
        return url, 0, url != base_url
    if delivered == 0:
        return base_url, 0, False
    if paging is Paging.OFFSET:
        return replace_param(base_url, "offset", str(delivered)), 0, True
    return base_url, delivered, True


def fingerprint(
    endpoint: str,
    key: str,
    params: Mapping[str, str],
    ids: Iterable[str],
    *,
    grouped: bool,
) -> str:
    """A digest of the query a checkpoint belongs to (filters encoded as sent, ids sorted)."""
    text = orjson.dumps(
        {
            "endpoint": endpoint,
            "key": key,
            "params": sorted(params.items()),
            "ids": sorted(ids),
            "grouped": grouped,
        }
    )
    return hashlib.sha256(text).hexdigest()

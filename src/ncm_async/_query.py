"""Query building for v2 and v3 as pure functions.

Filter keyword arguments are validated against the endpoint's documented filters
*before* any request, values are encoded by the API's rules (conventions
section 7), and the query string is built here rather than by httpx so that the
encoding is exactly what the docs ask for (``+`` as ``%2b``).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar
from urllib.parse import quote

from ncm_async._endpoints.spec import OPERATORS, EndpointSpec
from ncm_async.errors import ConfigurationError
from ncm_async.models.base import id_from_url

T = TypeVar("T")

RESERVED_V2 = frozenset({"limit", "offset", "fields", "expand", "order_by"})
_SUFFIXES = sorted((op for op in OPERATORS if op), key=len, reverse=True)
_V3_OPERATORS = frozenset({"gt", "gte", "lt", "lte", "ne", "not"})


def split_filter(key: str) -> tuple[str, str]:
    """Split ``created_at__gt`` into ``("created_at", "__gt")``; plain fields get ``""``.

    Field names may contain ``__`` themselves (``action__id__lt``), so only a known
    operator suffix is split off.
    """
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)], suffix
    return key, ""


_SAFE_ID = re.compile(r"[A-Za-z0-9_.:~-]{1,200}")
"""An id becomes a URL path segment: unreserved characters only (RFC 3986), so an
id can never change the path (``..``, ``/``), add a query (``?``) or a fragment
(``#``), or split the request line (CR/LF)."""

_FORBIDDEN_IN_VALUES = frozenset("\r\n\x00")


def id_of(value: object, *, name: str = "id") -> str:
    """An id from an int, a numeric or timeuuid string, or a record's resource URL.

    Raises:
        ConfigurationError: Empty, a bool, not an id-like value, or one that is not
            a safe path segment (``".."``, ``"1?expand=x"``, ``"1#x"``, CR/LF,
            non-ASCII, over 200 characters).
    """
    found = _raw_id(value, name=name)
    if not _SAFE_ID.fullmatch(found) or found in {".", ".."}:
        msg = (
            f"{name}: {found!r:.80} is not a valid id (ids are letters, digits and _ . : ~ -, "
            "at most 200 characters)"
        )
        raise ConfigurationError(msg)
    return found


def _raw_id(value: object, *, name: str) -> str:
    if isinstance(value, bool):
        msg = f"{name}: expected an id, got {value!r}"
        raise ConfigurationError(msg)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and value.strip():
        text = value.strip()
        resource_url = "/api/v" in text or "/beta/" in text
        found = id_from_url(text) if resource_url or "/" not in text else None
        if found is not None:
            return found
    record_id = getattr(value, "id", None)
    if record_id is not None and not isinstance(record_id, bool):
        return id_of(record_id, name=name)
    msg = f"{name}: expected an int id, an id string or a resource URL, got {value!r:.80}"
    raise ConfigurationError(msg)


def format_value(value: object, *, name: str) -> str:
    """Encode one filter value as the API expects (before percent-encoding).

    datetimes: ISO 8601 (timezone-aware required: a naive one is ambiguous);
    bools: ``true``/``false``; lists and tuples: comma-joined in order; sets:
    comma-joined *sorted* (a set iterates in hash order, which differs between
    processes, and URLs and bulk checkpoint fingerprints must not); resource URLs
    and records: their id.

    Raises:
        ConfigurationError: A naive datetime, NaN or infinity, a string with CR,
            LF or NUL, None, or an unsupported type.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            msg = f"{name}: datetime must be timezone-aware (e.g. tzinfo=datetime.UTC)"
            raise ConfigurationError(msg)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | uuid.UUID | str):
        return _scalar(value, name=name)
    if isinstance(value, set | frozenset):
        return ",".join(sorted(format_value(v, name=name) for v in value))
    if isinstance(value, list | tuple):
        return ",".join(format_value(v, name=name) for v in value)
    if getattr(value, "id", None) is not None:
        return id_of(value, name=name)
    msg = f"{name}: unsupported filter value {value!r}"
    raise ConfigurationError(msg)


def _scalar(value: float | uuid.UUID | str, *, name: str) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        msg = f"{name}: {value!r} is not a value the API can filter on (NaN or infinity)"
        raise ConfigurationError(msg)
    if isinstance(value, str):
        if not _FORBIDDEN_IN_VALUES.isdisjoint(value):
            msg = f"{name}: filter values must not contain CR, LF or NUL characters"
            raise ConfigurationError(msg)
        return id_of(value, name=name) if "/api/v" in value else value
    return str(value)


def in_values(value: object, *, name: str) -> list[str]:
    """The distinct values of an ``__in`` filter, in order (duplicates would only cost requests)."""
    items: Iterable[object] = (
        value if isinstance(value, list | tuple | set | frozenset) else str(value).split(",")
    )
    if isinstance(value, set | frozenset):
        items = sorted(value, key=lambda v: format_value(v, name=name))
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(format_value(item, name=name), None)
    return list(seen)


def chunked(values: Sequence[T], size: int) -> list[Sequence[T]]:
    """Split ``values`` into consecutive chunks of at most ``size``."""
    if size < 1:
        msg = f"chunk size must be positive, got {size}"
        raise ValueError(msg)
    return [values[i : i + size] for i in range(0, len(values), size)]


def validate_filters(spec: EndpointSpec, filters: Mapping[str, object]) -> None:
    """Check filter names and operators against the docs, and the required filters.

    Raises:
        ConfigurationError: An unknown field or operator (naming the valid ones), or
            a required filter missing.
    """
    for key in filters:
        field, op = split_filter(key)
        allowed = spec.filters.get(field)
        if allowed is None or op not in allowed:
            msg = (
                f"{spec.name}: unknown filter {key!r}; documented filters: "
                f"{describe_filters(spec) or 'none'} (use extra_params= for undocumented ones)"
            )
            raise ConfigurationError(msg)
    if spec.required_any and not any(split_filter(k)[0] in spec.required_any for k in filters):
        need = " or ".join(spec.required_any)
        msg = f"{spec.name}: a {need} filter is required (the API answers 409 without it)"
        raise ConfigurationError(msg)
    missing = [f for f in spec.required_all if f not in {split_filter(k)[0] for k in filters}]
    if missing:
        need = " and ".join(missing)
        verb = "filter is" if len(missing) == 1 else "filters are"
        msg = f"{spec.name}: the {need} {verb} required (the API rejects lists without)"
        raise ConfigurationError(msg)


def describe_filters(spec: EndpointSpec) -> str:
    """The documented filters as ``field[__op, ...]`` text for error messages."""
    out = []
    for field, allowed in sorted(spec.filters.items()):
        ops = sorted(op for op in allowed if op)
        out.append(f"{field}" + (f" ({', '.join(ops)})" if ops else ""))
    return ", ".join(out)


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """Percent-encode a query, writing ``+`` as ``%2b`` as the v2 docs require."""
    return "&".join(
        f"{quote(k, safe='[]_')}={quote(v, safe=',:').replace('%2B', '%2b')}" for k, v in params
    )


def v3_filter_key(key: str) -> str:
    """Map ``end_time__gt`` to ``filter[end_time][gt]`` and ``name`` to ``filter[name]``."""
    field, _, op = key.rpartition("__")
    if field and op in _V3_OPERATORS:
        return f"filter[{field}][{op}]"
    return f"filter[{key}]"


def relative_path(path: object) -> str:
    """A path below the base URL: no ``..`` segment, query, fragment or control character.

    Raises:
        ConfigurationError: Naming ``path`` (use ``params=`` for a query).
    """
    if not isinstance(path, str):
        msg = f"path must be a string, got {type(path).__name__}"
        raise ConfigurationError(msg)
    text = path.lstrip("/")
    segments = text.split("/")
    if (
        any(s in {".", ".."} for s in segments)
        or any(c in text for c in "?#\\")
        or not text.isascii()
        or not text.isprintable()
    ):
        msg = (
            f"path must be a relative path below the base URL (no '..', '?', '#', "
            f"backslash, control or non-ASCII character; use params= for a query), got {path!r:.80}"
        )
        raise ConfigurationError(msg)
    return text


def with_slash(path: str) -> str:
    """A v2 path with exactly one trailing slash (v2 redirects otherwise: two calls)."""
    return path.rstrip("/") + "/"


def join_url(base: str, path: str, query: str = "") -> str:
    """``base`` (ending in ``/``) + relative ``path`` + optional query."""
    url = base + path.lstrip("/")
    return f"{url}?{query}" if query else url

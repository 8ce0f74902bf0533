"""What every model shares: the record base class, id and time helpers, descriptors.

Model modules only *declare* fields; everything a record does beyond holding
values lives here, once:

- :class:`Record` keeps unknown keys in ``extra`` and remembers which known keys
  the API left out, so ``unstructure`` gives back the shape it was given.
- :class:`LinkId` turns a related-record URL field into its id on access.
- :class:`Deprecated` warns when a field the docs deprecate is read.
- :func:`id_from_url`, :func:`parse_datetime`, :func:`timeuuid_time` are pure
  functions with table tests.
"""

from __future__ import annotations

import functools
import uuid
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar, overload

import attrs

__all__ = [
    "Deprecated",
    "LinkId",
    "Record",
    "TimeSeriesRecord",
    "id_from_url",
    "parse_datetime",
    "parse_timeuuid",
    "timeuuid_time",
]

T = TypeVar("T")

_GREGORIAN_EPOCH = datetime(1582, 10, 15, tzinfo=UTC)
_URL_ESCAPES = (("%2B", "+"), ("%2b", "+"), ("%3A", ":"), ("%3a", ":"), ("%20", " "))


def id_from_url(url: str | int | None) -> str | None:
    """Return the id of the record a v2 link field points to.

    The API returns related records as URLs (``.../api/v2/routers/2162719/``,
    sometimes ``/api/v1/``) and ids as strings. The id is the path segment after
    the endpoint name (v3 ``/api/v3/beta/<endpoint>/<id>`` too); a value without
    ``/`` is a bare id (locations' ``router``); ints (ids given by callers) become
    strings. Cached: the same few router URLs recur across millions of samples.

    Args:
        url: A resource URL, a bare id, or None.

    Returns:
        The id as a string, or None when absent or empty (``.../accounts//``, a
        collection URL such as a POST response's ``resource_url``).
    """
    if url is None or isinstance(url, bool):
        return None
    return _id_from_url(str(url))


@functools.lru_cache(maxsize=4096)
def _id_from_url(url: str) -> str | None:
    text = url.strip()
    if "/" not in text:
        return text or None
    path = text.split("?", 1)[0].split("#", 1)[0]
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    segments = [s.strip() for s in path.split("/")]
    for i in range(len(segments) - 1):
        version = segments[i + 1]
        if segments[i] == "api" and version[:1] == "v" and version[1:].isdigit():
            rest = segments[i + 2 :]
            if rest[:1] == ["beta"]:
                rest = rest[1:]
            return (rest[1] or None) if len(rest) > 1 else None
    nonempty = [s for s in segments if s]
    return nonempty[-1] if nonempty else None


def parse_datetime(value: str | datetime | None) -> datetime | None:
    """Parse an API timestamp into an aware datetime.

    Accepts every form the docs show: ``+00:00`` and ``Z`` offsets, a space
    instead of ``T`` (speed_test results, alerts ``info.time``), values already
    URL-encoded for filters (``%2B00:00`` in alert_push_destinations, ``%3A``),
    and naive values, which are taken as UTC (the API's only zone).

    Args:
        value: An ISO 8601 string, a datetime, or None.

    Returns:
        An aware datetime, or None for None.

    Raises:
        ValueError: The value is not a timestamp.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        for escaped, plain in _URL_ESCAPES:
            text = text.replace(escaped, plain)
        parsed = datetime.fromisoformat(text)
    else:
        raise ValueError(f"not a timestamp: {value!r}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_timeuuid(value: str | uuid.UUID | None) -> uuid.UUID | None:
    """Return ``value`` as a UUID, or None when it is absent or not a UUID.

    Records keep ``created_at_timeuuid`` as the API's string because building a
    UUID costs more than parsing the record's JSON; this is the opt-in parse.
    """
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


def timeuuid_time(value: str | uuid.UUID | None) -> datetime | None:
    """Return the creation time encoded in a time-based key.

    A version-1 UUID counts 100 ns intervals since 1582-10-15 UTC; the time is
    rounded to the microsecond, which makes it equal the record's ``created_at``
    in every documented example. router_logs' keys are not UUIDs but
    ``<timestamp>_<n>`` (``2021-02-09T22:37:07.590858_0``); their timestamp part
    is returned.

    Args:
        value: A ``created_at_timeuuid`` value (string or UUID), or None.

    Returns:
        The aware UTC time, or None when the value carries none (absent, not v1,
        not parseable).
    """
    parsed = parse_timeuuid(value)
    if parsed is not None:
        if parsed.version != 1:
            return None
        return _GREGORIAN_EPOCH + timedelta(microseconds=(parsed.time + 5) // 10)
    if not isinstance(value, str) or "_" not in value:
        return None
    try:
        return parse_datetime(value.rpartition("_")[0])
    except ValueError:
        return None


@attrs.define(kw_only=True)
class Record:
    """Base of every API record.

    Records are mutable (cheap to build; edit one and send it back). Equality
    compares fields and ``extra``, not which keys the API left out.

    Attributes:
        extra: Keys the API sent that the model does not declare, kept so nothing
            is lost and written back by ``unstructure``. A timestamp that cannot
            be parsed also lands here under its own name (its field stays None).
    """

    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] | None = attrs.field(default=None, init=False, eq=False, repr=False)


@attrs.define(kw_only=True)
class TimeSeriesRecord(Record):
    """A record keyed by ``created_at_timeuuid`` (samples, alerts, logs, locations).

    The key stays the API's string (router_logs' values are not UUIDs); the
    properties parse it on demand.
    """

    created_at: datetime | None = None
    created_at_timeuuid: str | None = None

    @property
    def timeuuid(self) -> uuid.UUID | None:
        """``created_at_timeuuid`` as a UUID, or None when it is not one."""
        return parse_timeuuid(self.created_at_timeuuid)

    @property
    def created_at_from_uuid(self) -> datetime | None:
        """The time encoded in ``created_at_timeuuid`` (see :func:`timeuuid_time`)."""
        return timeuuid_time(self.created_at_timeuuid)


class LinkId:
    """Class attribute giving the id behind a link field: ``router_id = LinkId("router")``.

    The field keeps the API's URL; the id is computed on access (cached per URL).
    """

    __slots__ = ("_source",)

    def __init__(self, source: str) -> None:
        self._source = source

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> LinkId: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> str | None: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> LinkId | str | None:
        if obj is None:
            return self
        return id_from_url(getattr(obj, self._source))


class Deprecated(Generic[T]):
    """Public name of a deprecated field, stored in a private slot; reading it warns.

    The value still structures from and unstructures to the API's key (the
    slot's attrs alias), and repr/eq read the slot, so only user code that reads
    the field sees the :class:`DeprecationWarning`.
    """

    __slots__ = ("_message", "_slot")

    def __init__(self, slot: str, message: str) -> None:
        self._slot = slot
        self._message = message

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Deprecated[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> Deprecated[T] | T:
        if obj is None:
            return self
        warnings.warn(self._message, DeprecationWarning, stacklevel=2)
        value: T = getattr(obj, self._slot)
        return value

    def __set__(self, obj: object, value: T) -> None:
        setattr(obj, self._slot, value)

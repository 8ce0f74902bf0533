"""How a filterable v2 field compares: the value kinds and their parsers.

The docs type filter inputs loosely ("in: int, out: url": filter with the
integer id, read back a resource URL), so each filterable field gets a kind
that says how a record's value and a query-string value become comparable.
Pure functions only; ValueError means "the server rejects this value".
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ncm_async.testing.timeuuid import key_of, log_key, ticks


class Kind(enum.Enum):
    """Comparison rule of one filterable field."""

    STR = "str"
    ID = "id"
    """Integer id sent as a JSON string (``"id": "241"``); filtered with the integer."""
    REF = "ref"
    """Related record: a resource URL out, the integer id in (conventions section 7)."""
    TIME = "time"
    TIMEUUID = "timeuuid"
    LOGUUID = "loguuid"
    """router_logs' pseudo timeuuid ``<iso time>_<sequence>``."""
    BOOL = "bool"
    INT = "int"
    TYPECODE = "typecode"
    """activity_logs ``{"type": 5, "type_name": "sso_user"}``: matches either form."""


_REFS = frozenset({"account", "router", "group", "net_device", "app_version", "app", "product"})
_TIMEUUIDS = frozenset({"created_at_timeuuid", "destination_config_id", "alert_config_id"})
_BOOLS = frozenset({"enabled", "suspended", "synched", "is_asset", "bmask_applied"})
_BOOLS |= {"reboot_required"}
_INTS = frozenset({"account_id", "group_id", "router_id", "version_number"})
_TIMES = frozenset({"update_ts", "action__timestamp"})
_SPECIAL: Mapping[tuple[str, str], Kind] = {
    ("router_logs", "created_at_timeuuid"): Kind.LOGUUID,
    ("activity_logs", "action__id"): Kind.TIMEUUID,
    ("activity_logs", "account"): Kind.INT,
    ("activity_logs", "actor__id"): Kind.STR,
    ("activity_logs", "object__id"): Kind.STR,
    ("historical_locations", "router"): Kind.ID,
}
_INT_TEXT = re.compile(r"\d+")


def kind_of(endpoint: str, field: str) -> Kind:
    """The comparison kind of ``field`` on ``endpoint`` (decided by name)."""
    special = _SPECIAL.get((endpoint, field))
    if special is not None:
        return special
    if field.endswith("__type"):
        return Kind.TYPECODE
    if field == "id":
        return Kind.ID
    if field in _REFS:
        return Kind.REF
    if field in _TIMEUUIDS:
        return Kind.TIMEUUID
    if field in _BOOLS:
        return Kind.BOOL
    if field in _INTS:
        return Kind.INT
    if field in _TIMES or field.endswith("_at"):
        return Kind.TIME
    return Kind.STR


def parse_time(text: str) -> int:
    """Ticks of an ISO 8601 filter value; naive values are UTC.

    A space is rejected: it is what a ``+`` offset becomes when the client did not
    encode it as ``%2b`` (form decoding), and the docs say such a value "will not
    work as expected".
    """
    if " " in text:
        msg = f"unencoded '+' or space in datetime {text!r}"
        raise ValueError(msg)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return ticks(moment)


def id_text(value: object) -> str | None:
    """The id in an integer, an id string or a resource URL (last path segment)."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    text = str(value).rstrip("/")
    return text.rsplit("/", 1)[-1]


def comparable(kind: Kind, value: Any) -> Any:
    """The comparable form of a record's value (None stays None)."""
    if value is None:
        return None
    match kind:
        case Kind.ID | Kind.REF:
            return id_text(value)
        case Kind.TIME:
            return parse_time(str(value).replace("%2B", "+"))
        case Kind.TIMEUUID:
            return key_of(str(value))
        case Kind.LOGUUID:
            return log_key(str(value))
        case Kind.TYPECODE:
            return frozenset({str(value.get("type")), str(value.get("type_name"))})
        case _:
            return value


def parse_value(kind: Kind, text: str) -> Any:
    """The comparable form of a query-string value; ValueError if invalid."""
    match kind:
        case Kind.ID | Kind.REF:
            if not _INT_TEXT.fullmatch(text):
                msg = f"not an integer id: {text!r}"
                raise ValueError(msg)
            return str(int(text))
        case Kind.TIME:
            return parse_time(text)
        case Kind.TIMEUUID:
            return key_of(text)
        case Kind.LOGUUID:
            return log_key(text)
        case Kind.BOOL:
            return parse_bool(text)
        case Kind.INT:
            return int(text)
        case _:
            return text


def parse_bool(text: str) -> bool:
    """``true``/``false`` (any case) or ``1``/``0``."""
    lowered = text.lower()
    if lowered in {"true", "1"}:
        return True
    if lowered in {"false", "0"}:
        return False
    msg = f"not a boolean: {text!r}"
    raise ValueError(msg)


def lookup(record: Mapping[str, Any], hidden: Mapping[str, Any], field: str) -> Any:
    """A field's value: top-level key, ``a__b`` nested path, or a filter-only value."""
    if field in record:
        return record[field]
    if field in hidden:
        return hidden[field]
    value: Any = record
    for part in field.split("__"):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    if field.endswith("__type"):
        parent = lookup(record, hidden, field.rsplit("__", 1)[0])
        return parent if isinstance(parent, Mapping) else None
    return value

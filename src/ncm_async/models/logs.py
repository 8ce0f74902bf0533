"""Logs (v2 ``router_logs``, ``activity_logs``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ncm_async.models.base import LinkId, Record, TimeSeriesRecord, parse_datetime

__all__ = ["ActivityLog", "RouterLog"]


@attrs.define(kw_only=True)
class RouterLog(TimeSeriesRecord):
    """A router's log line (``router_logs``). Its ``created_at_timeuuid`` is
    ``<timestamp>_<n>``, not a UUID; its ``router`` links use ``/api/v1/``."""

    exception: str | None = None
    level: str | None = None
    message: str | None = None
    reported_at: datetime | None = None
    router: str | None = None
    sequence: int | None = None
    source: str | None = None

    router_id = LinkId("router")


def _nested(obj: dict[str, Any] | None, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


def _nested_id(obj: dict[str, Any] | None, key: str) -> str | None:
    value = _nested(obj, key)
    return None if value is None else str(value)


@attrs.define(kw_only=True)
class ActivityLog(Record):
    """Who did what to which object (``activity_logs``).

    Records carry nested ``actor``, ``action`` and ``object`` objects. The
    catalog's ``action__id``-style names are filter paths into them, exposed
    here as read-only properties so ``log.action__timestamp`` reads what the
    filter of that name matches.
    """

    account: str | None = None
    action: dict[str, Any] | None = None
    actor: dict[str, Any] | None = None
    created_at: datetime | None = None
    object: dict[str, Any] | None = None

    @property
    def action__id(self) -> str | None:
        """``action.id`` (the key ``meta.next`` pages on)."""
        return _nested_id(self.action, "id")

    @property
    def action__timestamp(self) -> datetime | None:
        """``action.timestamp`` as an aware datetime (None when absent or unparseable)."""
        try:
            return parse_datetime(_nested(self.action, "timestamp"))
        except ValueError:
            return None

    @property
    def action__type(self) -> Any:
        """``action.type`` (an int code; ``action["type_name"]`` is its name)."""
        return _nested(self.action, "type")

    @property
    def actor__id(self) -> str | None:
        """``actor.id``."""
        return _nested_id(self.actor, "id")

    @property
    def actor__type(self) -> Any:
        """``actor.type`` (an int code; ``actor["type_name"]`` is its name)."""
        return _nested(self.actor, "type")

    @property
    def object__id(self) -> str | None:
        """``object.id``: the object acted upon."""
        return _nested_id(self.object, "id")

    @property
    def object__type(self) -> Any:
        """``object.type`` (an int code; ``object["type_name"]`` is its name)."""
        return _nested(self.object, "type")

    account_id = LinkId("account")

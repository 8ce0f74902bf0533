"""Version-1 (time-based) UUIDs whose embedded time is exactly a record's ``created_at``.

NCM time-series records carry ``created_at_timeuuid``: "Ordering by the ID is
equivalent to time ordering" (API docs, field tables). The simulator builds real
v1 UUIDs from the record's timestamp so a client may decode the time from them,
and orders records by ``(ticks, uuid string)``: time first, the UUID text breaking
ties between records created in the same microsecond.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_GREGORIAN_OFFSET = 0x01B21DD213814000
"""100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch."""

TimeKey = tuple[int, str]
"""Sort key of a time-series record: (100-ns ticks since the Unix epoch, id text)."""


def ticks(moment: datetime) -> int:
    """100-ns ticks since the Unix epoch of an aware datetime (microsecond exact)."""
    return ((moment - EPOCH) // timedelta(microseconds=1)) * 10


def from_ticks(value: int) -> datetime:
    """The aware UTC datetime of ``value`` ticks (truncated to microseconds)."""
    return EPOCH + timedelta(microseconds=value // 10)


def timeuuid(moment: datetime, clock_seq: int, node: int) -> uuid.UUID:
    """A version-1 UUID carrying ``moment`` as its timestamp.

    Args:
        moment: Aware datetime; its microseconds are kept exactly.
        clock_seq: 14-bit clock sequence (makes same-instant UUIDs distinct).
        node: 48-bit node id.
    """
    count = ticks(moment) + _GREGORIAN_OFFSET
    return uuid.UUID(
        fields=(
            count & 0xFFFFFFFF,
            (count >> 32) & 0xFFFF,
            ((count >> 48) & 0x0FFF) | 0x1000,
            ((clock_seq >> 8) & 0x3F) | 0x80,
            clock_seq & 0xFF,
            node & 0xFFFFFFFFFFFF,
        )
    )


def uuid_ticks(value: uuid.UUID) -> int:
    """Ticks since the Unix epoch embedded in a version-1 UUID."""
    return value.time - _GREGORIAN_OFFSET


def key_of(text: str) -> TimeKey:
    """Sort key of a ``created_at_timeuuid`` text; ValueError if it is not a v1 UUID."""
    value = uuid.UUID(text)
    if value.version != 1:
        msg = f"not a time-based UUID: {text}"
        raise ValueError(msg)
    return (uuid_ticks(value), str(value))


def log_key(text: str) -> TimeKey:
    """Sort key of a router_logs ``created_at_timeuuid`` (``2021-02-09T22:37:07.590858_0``).

    Newest-first serving reverses the key, and log lines of one instant are shown
    in ``sequence`` order (docs example), so the sequence is stored reversed.
    """
    stamp, _, seq = text.rpartition("_")
    moment = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
    return (ticks(moment), f"{10**7 - int(seq):08d}")

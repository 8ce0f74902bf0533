"""Pure parsing of time and rate words: ``24h``, ``2024-05-01``, ``50ms``, ``500/min``.

Kept free of I/O and of the clock (``now`` is an argument) so every form is a
table test. Each parser raises ``ValueError`` with a message that can be shown
to the user as is; ``main`` turns it into a usage error (exit 2).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_UNITS = {
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
_AGO = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|min|m|h|d|w)$")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$")
_RATE = re.compile(r"^(\d+(?:\.\d+)?)\s*/\s*(s|sec|m|min|h|hour)$")
_PER_MINUTE = {"s": 60.0, "sec": 60.0, "m": 1.0, "min": 1.0, "h": 1 / 60, "hour": 1 / 60}
_OFF = frozenset({"off", "none", "0", "unlimited"})

MAX_LOOKBACK = timedelta(days=3650)
"""Longest ``--since``/``--until`` duration: ten years back (beyond any NCM retention),
so a typo such as ``99999999d`` is a usage error rather than a date overflow."""
MAX_DURATION = 3600.0
"""Longest ``--latency``/``slow=`` duration in seconds (an hour)."""
MAX_RATE_PER_MINUTE = 6_000_000.0
"""Largest rate accepted (100,000 requests a second, far beyond any account)."""

TimeSpec = timedelta | datetime
"""A ``--since``/``--until`` value: how long ago (relative) or an instant (absolute)."""


def parse_time_spec(text: str) -> TimeSpec:
    """Parse ``24h``, ``7d``, ``30m``, ``2w``, ``now`` or an ISO 8601 date/time.

    Relative forms stay relative (a ``timedelta``) until :func:`resolve_time`
    pins them, so a resumed pull can reuse the instant its first run chose.
    Naive ISO values are UTC, the API's only zone.

    Raises:
        ValueError: Neither a duration nor an ISO 8601 time.
    """
    word = text.strip().lower()
    if word == "now":
        return timedelta(0)
    match = _AGO.match(word)
    if match:
        amount = float(match.group(1))
        unit = _UNITS[match.group(2)]
        if amount * unit.total_seconds() > MAX_LOOKBACK.total_seconds():
            msg = f"{text.strip()!r} is too far back (at most {MAX_LOOKBACK.days:,}d)"
            raise ValueError(msg)
        return amount * unit
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        msg = (
            f"not a time: {text!r} (use a duration back from now such as 24h, 7d, 30m, "
            "or an ISO 8601 time such as 2024-05-01T00:00:00Z)"
        )
        raise ValueError(msg) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def format_time_spec(spec: TimeSpec | None) -> str | None:
    """A spec written back as the user would type it (``24h``, ``7d``, an ISO time).

    A resumed pull compares it with the spec its checkpoint was made for.
    """
    if spec is None:
        return None
    if isinstance(spec, datetime):
        return spec.isoformat()
    seconds = spec.total_seconds()
    if seconds == 0:
        return "now"
    units = ("d", "h", "m", "s") if seconds >= _UNITS["w"].total_seconds() else ("h", "m", "s")
    for unit in units:
        size = _UNITS[unit].total_seconds()
        if seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def resolve_time(spec: TimeSpec, now: datetime) -> datetime:
    """The instant ``spec`` names, relative forms counted back from ``now``.

    Raises:
        ValueError: The instant is outside the dates Python can represent.
    """
    if isinstance(spec, datetime):
        return spec
    try:
        return now - spec
    except OverflowError:
        msg = f"{format_time_spec(spec)} back from now is before the year 1"
        raise ValueError(msg) from None


def check_window(since: datetime | None, until: datetime | None) -> None:
    """Refuse an empty window, which would silently pull nothing.

    Raises:
        ValueError: ``since`` is not before ``until``.
    """
    if since is not None and until is not None and since >= until:
        msg = f"--since ({since.isoformat()}) must be before --until ({until.isoformat()})"
        raise ValueError(msg)


def parse_duration(text: str) -> float:
    """Parse ``50ms``, ``1.5s``, ``2m`` or a bare number of seconds into seconds.

    Raises:
        ValueError: Not a non-negative duration.
    """
    word = text.strip().lower()
    match = _DURATION.match(word)
    if not match:
        msg = f"not a duration: {text!r} (use e.g. 50ms, 1.5s, 0)"
        raise ValueError(msg)
    value = float(match.group(1))
    unit = match.group(2) or "s"
    if unit == "ms":
        value /= 1000
    elif unit in {"m", "min"}:
        value *= 60
    if value > MAX_DURATION:
        msg = f"{text.strip()!r} is too long (at most {MAX_DURATION:g}s)"
        raise ValueError(msg)
    return value


def parse_interval(text: str) -> float:
    """``1h``, ``30m``, ``7d``, ``90s`` (or ``0``) as seconds.

    Raises:
        ValueError: Not a duration.
    """
    if text.strip() == "0":
        return 0.0
    spec = parse_time_spec(text)
    if not isinstance(spec, timedelta):
        msg = f"not a duration: {text!r} (use e.g. 1h, 30m, 90s)"
        raise ValueError(msg)
    return spec.total_seconds()


def parse_rate(text: str) -> float | None:
    """Parse ``500/min``, ``10/s``, ``20000/h`` into requests per minute; ``off`` gives None.

    Raises:
        ValueError: Not a positive rate nor ``off``.
    """
    word = text.strip().lower()
    if word in _OFF:
        return None
    match = _RATE.match(word)
    if not match or float(match.group(1)) <= 0:
        msg = f"not a rate: {text!r} (use e.g. 500/min, 10/s, or off)"
        raise ValueError(msg)
    per_minute = float(match.group(1)) * _PER_MINUTE[match.group(2)]
    if per_minute > MAX_RATE_PER_MINUTE:
        msg = f"{text.strip()!r} is too fast (at most {MAX_RATE_PER_MINUTE:,.0f}/min)"
        raise ValueError(msg)
    return per_minute


def format_rate(per_minute: float | None) -> str:
    """``500/min`` or ``off``: how a rate is echoed back to the user."""
    if per_minute is None:
        return "off"
    return f"{per_minute:g}/min"

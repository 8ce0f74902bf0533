"""Time, duration and rate words: every accepted form and the refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ncm_async.cli.timespec import (
    check_window,
    format_rate,
    parse_duration,
    parse_rate,
    parse_time_spec,
    resolve_time,
)

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", datetime(2024, 5, 9, 12, 0, tzinfo=UTC)),
        ("7d", datetime(2024, 5, 3, 12, 0, tzinfo=UTC)),
        ("30m", datetime(2024, 5, 10, 11, 30, tzinfo=UTC)),
        ("30min", datetime(2024, 5, 10, 11, 30, tzinfo=UTC)),
        ("90s", datetime(2024, 5, 10, 11, 58, 30, tzinfo=UTC)),
        ("2w", datetime(2024, 4, 26, 12, 0, tzinfo=UTC)),
        ("1.5h", datetime(2024, 5, 10, 10, 30, tzinfo=UTC)),
        (" 24H ", datetime(2024, 5, 9, 12, 0, tzinfo=UTC)),
        ("now", NOW),
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05-01T06:30:00Z", datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        ("2024-05-01T06:30:00", datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        (
            "2024-05-01T06:30:00+02:00",
            datetime(2024, 5, 1, 6, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
    ],
)
def test_time_specs_resolve_against_now(text: str, expected: datetime) -> None:
    assert resolve_time(parse_time_spec(text), NOW) == expected


def test_relative_specs_stay_relative_until_resolved() -> None:
    assert parse_time_spec("24h") == timedelta(hours=24)


@pytest.mark.parametrize("text", ["", "yesterday", "24", "24x", "-1d", "2024-13-01", "h"])
def test_bad_time_specs_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="24h, 7d"):
        parse_time_spec(text)


def test_empty_window_is_refused() -> None:
    check_window(NOW - timedelta(hours=1), NOW)
    check_window(None, NOW)
    with pytest.raises(ValueError, match=r"--since .* must be before --until"):
        check_window(NOW, NOW)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("50ms", 0.05), ("1.5s", 1.5), ("0", 0.0), ("2", 2.0), ("2m", 120.0), (" 10 MS", 0.01)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "fast", "-5ms", "5h", "ms"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "per_minute"),
    [
        ("500/min", 500.0),
        ("500/m", 500.0),
        ("10/s", 600.0),
        ("10 / sec", 600.0),
        ("6000/h", 100.0),
        ("off", None),
        ("none", None),
        ("0", None),
    ],
)
def test_rates(text: str, per_minute: float | None) -> None:
    assert parse_rate(text) == per_minute


@pytest.mark.parametrize("text", ["", "500", "0/min", "fast", "500/day", "-1/s"])
def test_bad_rates(text: str) -> None:
    with pytest.raises(ValueError, match="not a rate"):
        parse_rate(text)


def test_rate_echo() -> None:
    assert format_rate(500.0) == "500/min"
    assert format_rate(None) == "off"

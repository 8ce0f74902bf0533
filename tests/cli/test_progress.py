"""Progress and summary text, and when the display writes (driven by a fake clock)."""

from __future__ import annotations

import io
import logging

import pytest

from ncm_async.cli.progress import (
    ProgressDisplay,
    Snapshot,
    bar,
    eta_seconds,
    format_duration,
    sdk_logs,
    status_line,
    summary_lines,
)


def test_durations_and_bar() -> None:
    assert format_duration(7.4) == "0:07"
    assert format_duration(725) == "12:05"
    assert format_duration(3723) == "1:02:03"
    assert bar(0, 10, width=10) == "[>         ]   0%"
    assert bar(5, 10, width=10) == "[=====>    ]  50%"
    assert bar(10, 10, width=10) == "[==========] 100%"


def test_eta_extrapolates_from_ids_done() -> None:
    assert eta_seconds(Snapshot(elapsed=10, ids_done=250, ids_total=1000)) == 30
    assert eta_seconds(Snapshot(elapsed=10)) is None
    assert eta_seconds(Snapshot(elapsed=10, ids_done=0, ids_total=1000)) is None


def test_status_line_names_every_count() -> None:
    snap = Snapshot(
        records=12345, requests=87, throttles=2, failed=1, elapsed=10, ids_done=500, ids_total=2000
    )
    line = status_line(snap, 480.0)
    for part in (
        "ids 500/2,000",
        "12,345 records",
        "87 requests",
        "480 req/min",
        "2 throttled",
        "1 failed",
        "ETA 0:30",
        " 25%",
    ):
        assert part in line
    assert "ids" not in status_line(Snapshot(records=1), 0.0)
    assert "- req/min" in status_line(Snapshot(records=1), None)


def test_summary_lists_the_first_failures() -> None:
    snap = Snapshot(records=1000, requests=10, retries=2, throttles=1, failed=7, elapsed=4.0)
    failures = {str(i): f"403 forbidden {i}" for i in range(7)}
    lines = summary_lines(snap, failures, show=3)
    assert lines[0] == "records   1,000"
    assert lines[1] == "requests  10 (2 retries, 1 throttled)"
    assert lines[2] == "failures  7"
    assert lines[3] == "elapsed   4.0 s (250 records/s)"
    assert lines[4:] == [
        "  failed 0: 403 forbidden 0",
        "  failed 1: 403 forbidden 1",
        "  failed 2: 403 forbidden 2",
        "  ... and 4 more",
    ]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_terminal_display_redraws_one_line_at_most_five_times_a_second() -> None:
    out, clock = io.StringIO(), FakeClock()
    display = ProgressDisplay(out, tty=True, clock=clock)
    display.update(Snapshot(records=1, elapsed=0.1))
    clock.now = 0.1
    display.update(Snapshot(records=2, elapsed=0.2))
    clock.now = 0.3
    display.update(Snapshot(records=3, elapsed=0.4))
    display.finish(["records   3"])
    text = out.getvalue()
    assert text.count("\r") == 2
    assert "2 records" not in text
    assert text.endswith("\nrecords   3\n")


def test_plain_display_writes_whole_lines_every_few_seconds() -> None:
    out, clock = io.StringIO(), FakeClock()
    display = ProgressDisplay(out, tty=False, clock=clock)
    display.update(Snapshot(records=1, elapsed=1))
    clock.now = 5.0
    display.update(Snapshot(records=2, elapsed=5))
    clock.now = 6.0
    display.update(Snapshot(records=3, elapsed=6))
    display.finish(["done"])
    assert "\r" not in out.getvalue()
    assert out.getvalue().splitlines()[0].startswith("[0:05] 2 records")
    assert out.getvalue().splitlines()[1:] == ["done"]


def test_quiet_display_prints_only_the_summary() -> None:
    out = io.StringIO()
    display = ProgressDisplay(out, tty=True, clock=FakeClock(), enabled=False)
    display.update(Snapshot(records=1, elapsed=1))
    display.finish(["summary"])
    assert out.getvalue() == "summary\n"


def test_rate_is_measured_over_a_recent_window() -> None:
    display = ProgressDisplay(io.StringIO(), tty=False, clock=FakeClock())
    assert display.rate(Snapshot(requests=1, elapsed=0.5)) is None
    display = ProgressDisplay(io.StringIO(), tty=False, clock=FakeClock())
    assert display.rate(Snapshot(requests=10, elapsed=1)) == 600
    display.rate(Snapshot(requests=10, elapsed=20))
    assert display.rate(Snapshot(requests=20, elapsed=25)) == 120


def test_log_lines_go_above_the_progress_line() -> None:
    out, clock = io.StringIO(), FakeClock()
    display = ProgressDisplay(out, tty=True, clock=clock)
    display.update(Snapshot(records=1, elapsed=0.1))
    display.log("warning: retrying")
    display.update(Snapshot(records=2, elapsed=0.1))
    assert out.getvalue().endswith(
        "\r\x1b[Kwarning: retrying\n\r"
        + status_line(
            Snapshot(records=2, elapsed=0.1), display.rate(Snapshot(records=2, elapsed=0.1))
        )
        + "\x1b[K"
    )


@pytest.mark.parametrize(("verbose", "shown"), [(False, False), (True, True)])
def test_sdk_warnings_show_only_when_verbose(verbose: bool, shown: bool) -> None:
    out = io.StringIO()
    display = ProgressDisplay(out, tty=False, clock=FakeClock())
    logger = logging.getLogger("ncm_async")
    before = list(logger.handlers)
    with sdk_logs(display, verbose=verbose):
        logger.warning("retrying GET x after HTTP 503")
        logger.error("gave up")
    assert ("warning: retrying GET x after HTTP 503" in out.getvalue()) is shown
    assert "error: gave up" in out.getvalue()
    assert logger.handlers == before


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120])
def test_the_progress_line_fits_the_terminal(width: int) -> None:
    snap = Snapshot(
        records=1_234_567,
        requests=45_678,
        throttles=3,
        failed=2,
        elapsed=65.0,
        ids_done=1_500,
        ids_total=20_000,
    )
    line = status_line(snap, 512.0, width)
    assert len(line) < width
    assert "records" in line or width < 30
    full = status_line(snap, 512.0)
    assert len(full) > 100
    if width >= len(full) + 1:
        assert line == full


def test_a_narrow_terminal_keeps_records_ids_and_eta_first() -> None:
    snap = Snapshot(records=20_666, requests=52, elapsed=5.0, ids_done=1_500, ids_total=2_000)
    line = status_line(snap, 563.0, 72)
    assert len(line) < 72
    assert "ids 1,500/2,000" in line
    assert "20,666 records" in line
    assert "ETA 0:02" in line
    assert "req/min" not in line


def test_the_display_asks_the_width_at_every_redraw() -> None:
    stream = io.StringIO()
    widths = iter([200, 50])
    clock = iter([0.0, 1.0, 2.0, 3.0, 4.0])
    display = ProgressDisplay(
        stream, tty=True, clock=lambda: next(clock), width=lambda: next(widths)
    )
    snap = Snapshot(records=10, requests=2, elapsed=2.0, ids_done=1, ids_total=4)
    display.update(snap)
    display.update(snap)
    first, second = stream.getvalue().split("\r")[1:]
    assert len(first.removesuffix("\x1b[K")) > 50
    assert len(second.removesuffix("\x1b[K")) < 50

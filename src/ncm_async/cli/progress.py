"""What a long pull shows while it runs, and the summary it ends with.

On a terminal: one line redrawn in place with ``\\r`` (a bar when the number of
ids is known, records, requests, request rate, throttles, ETA). Elsewhere (CI
logs, ``2> file``): a plain line every few seconds, since carriage returns make
logs unreadable. Formatting is pure (:func:`status_line`, :func:`summary_lines`);
:class:`ProgressDisplay` only decides when to write. No rich/tqdm dependency.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

import attrs

BAR_WIDTH = 24
MIN_BAR_WIDTH = 8
PLAIN_INTERVAL = 5.0
TTY_INTERVAL = 0.2
RATE_WINDOW = 10.0
MIN_RATE_SPAN = 1.0


@attrs.frozen
class Snapshot:
    """The state of a pull at one instant (what the display and the summary read)."""

    records: int = 0
    requests: int = 0
    retries: int = 0
    throttles: int = 0
    failed: int = 0
    elapsed: float = 0.0
    ids_done: int | None = None
    ids_total: int | None = None


def _count(n: int) -> str:
    return f"{n:,}"


def format_duration(seconds: float) -> str:
    """``0:07``, ``12:05``, ``1:02:03``: short and unambiguous."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def eta_seconds(snap: Snapshot) -> float | None:
    """Time left, extrapolated from the share of ids done; None while unknowable."""
    if not snap.ids_total or not snap.ids_done or snap.elapsed <= 0:
        return None
    left = snap.ids_total - snap.ids_done
    return snap.elapsed * left / snap.ids_done


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """``[=======>      ]  48%``."""
    share = 1.0 if total <= 0 else min(1.0, done / total)
    filled = int(share * width)
    body = "=" * filled + (">" if filled < width else "") + " " * (width - filled - 1)
    return f"[{body[:width]}] {share:4.0%}"


def status_line(snap: Snapshot, rate_per_minute: float | None, width: int | None = None) -> str:
    """One line of progress: counts, rate, throttles, ids and ETA.

    With ``width`` (the terminal's columns) the line stays shorter than it, so it is
    redrawn in place instead of wrapping: the bar narrows first, then the least
    useful parts go (rate, requests, a zero throttle count), then the line is cut.
    """
    bar_width = BAR_WIDTH
    parts = _parts(snap, rate_per_minute, bar_width)
    line = " | ".join(text for _, text in parts)
    if width is None or len(line) < width:
        return line
    if snap.ids_total:
        bar_width = max(MIN_BAR_WIDTH, bar_width - (len(line) - width + 1))
        parts = _parts(snap, rate_per_minute, bar_width)
    while len(parts) > 1 and len(" | ".join(text for _, text in parts)) >= width:
        parts.remove(min(parts, key=lambda part: part[0]))
    return " | ".join(text for _, text in parts)[: max(1, width - 1)]


def _parts(snap: Snapshot, rate_per_minute: float | None, bar_width: int) -> list[tuple[int, str]]:
    """The line's parts in display order, each with how long it survives a narrow terminal."""
    parts = []
    if snap.ids_total:
        done = snap.ids_done or 0
        shown = (
            f"{bar(done, snap.ids_total, bar_width)} ids {_count(done)}/{_count(snap.ids_total)}"
        )
        parts.append((6, shown))
    parts.append((7, f"{_count(snap.records)} records"))
    parts.append((1, f"{_count(snap.requests)} requests"))
    rate = "- req/min" if rate_per_minute is None else f"{rate_per_minute:,.0f} req/min"
    parts.append((0, rate))
    parts.append((3 if snap.throttles else 2, f"{_count(snap.throttles)} throttled"))
    if snap.failed:
        parts.append((4, f"{_count(snap.failed)} failed"))
    eta = eta_seconds(snap)
    parts.append((5, f"ETA {format_duration(eta)}" if eta is not None else "ETA -"))
    return parts


def terminal_width(stream: TextIO) -> int:
    """Columns of the terminal ``stream`` writes to (``COLUMNS``, else 80 when unknown)."""
    fallback = shutil.get_terminal_size((80, 24)).columns
    try:
        return os.get_terminal_size(stream.fileno()).columns or fallback
    except (AttributeError, OSError, ValueError):
        return fallback


def summary_lines(
    snap: Snapshot, failures: Mapping[str, str] | None = None, *, show: int = 5
) -> list[str]:
    """The final report: totals, throughput and the first few failed ids with their errors."""
    per_second = snap.records / snap.elapsed if snap.elapsed > 0 else 0.0
    lines = [
        f"records   {_count(snap.records)}",
        f"requests  {_count(snap.requests)} ({_count(snap.retries)} retries, "
        f"{_count(snap.throttles)} throttled)",
        f"failures  {_count(snap.failed)}",
        f"elapsed   {snap.elapsed:.1f} s ({per_second:,.0f} records/s)",
    ]
    for key, error in list((failures or {}).items())[:show]:
        lines.append(f"  failed {key}: {error}")
    if failures and len(failures) > show:
        lines.append(f"  ... and {_count(len(failures) - show)} more")
    return lines


class ProgressDisplay:
    """Writes progress to ``stream`` at a pace that suits it (terminal or log).

    Args:
        stream: Usually stderr, so stdout stays the data.
        tty: Redraw one line in place; else write plain lines.
        clock: Monotonic seconds (injected so tests drive time).
        enabled: False shows nothing (``--quiet``).
        width: The terminal's columns, asked at every redraw so a resize is followed
            (default: :func:`terminal_width` of ``stream``).
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool,
        clock: Callable[[], float],
        enabled: bool = True,
        width: Callable[[], int] | None = None,
    ) -> None:
        self._stream = stream
        self._width = width or (lambda: terminal_width(stream))
        self._tty = tty
        self._clock = clock
        self._enabled = enabled
        self._interval = TTY_INTERVAL if tty else PLAIN_INTERVAL
        self._last_write: float | None = None if tty else clock()
        self._history: list[tuple[float, int]] = []
        self._drawn = False

    def rate(self, snap: Snapshot) -> float | None:
        """Requests per minute over the last few seconds; None in the first second (noise)."""
        self._history.append((snap.elapsed, snap.requests))
        while len(self._history) > 1 and snap.elapsed - self._history[0][0] > RATE_WINDOW:
            self._history.pop(0)
        start_t, start_n = self._history[0]
        span = snap.elapsed - start_t
        if span >= MIN_RATE_SPAN:
            return (snap.requests - start_n) * 60 / span
        if snap.elapsed >= MIN_RATE_SPAN:
            return snap.requests * 60 / snap.elapsed
        return None

    def update(self, snap: Snapshot) -> None:
        """Show ``snap`` if enough time passed since the last write."""
        rate = self.rate(snap)
        now = self._clock()
        if not self._enabled or (
            self._last_write is not None and now - self._last_write < self._interval
        ):
            return
        self._last_write = now
        if self._tty:
            line = status_line(snap, rate, self._width())
            self._stream.write(f"\r{line}\x1b[K")
            self._drawn = True
        else:
            self._stream.write(f"[{format_duration(snap.elapsed)}] {status_line(snap, rate)}\n")
        self._stream.flush()

    def log(self, message: str) -> None:
        """Print a log line above the progress line (which the next update redraws)."""
        if self._drawn:
            self._stream.write("\r\x1b[K")
            self._last_write = None
        self._stream.write(message + "\n")
        self._stream.flush()

    def finish(self, lines: list[str], last: Snapshot | None = None) -> None:
        """End the progress line (redrawn with ``last``) and print the summary, even when quiet."""
        if self._drawn:
            if last is not None:
                line = status_line(last, self.rate(last), self._width())
                self._stream.write(f"\r{line}\x1b[K")
            self._stream.write("\n")
        for line in lines:
            self._stream.write(line + "\n")
        self._stream.flush()


class _DisplayHandler(logging.Handler):
    def __init__(self, display: ProgressDisplay, level: int) -> None:
        super().__init__(level)
        self._display = display

    def emit(self, record: logging.LogRecord) -> None:
        self._display.log(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def sdk_logs(display: ProgressDisplay, *, verbose: bool) -> Iterator[None]:
    """Route the SDK's log lines (retries, throttling) through the display.

    Without ``--verbose`` only errors show: retries and throttles are counted in
    the progress line and the summary, and a line per retry would bury the bar.
    """
    logger = logging.getLogger("ncm_async")
    handler = _DisplayHandler(display, logging.INFO if verbose else logging.ERROR)
    level = logger.level
    logger.addHandler(handler)
    if verbose:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

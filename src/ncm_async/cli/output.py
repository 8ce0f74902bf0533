"""Streaming record writers: one JSON line or one CSV row per record, nothing held back.

Writers count the bytes they hand to the stream themselves (stdout cannot
``tell()``), so a checkpoint can record exactly where the output ends and a
resumed pull can cut the file back to that point. A record is always written
whole by one synchronous ``write``: a cancellation (Ctrl-C) can only land
between records, so a flushed file never ends in half a line.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO, Protocol

import orjson


class RecordWriter(Protocol):
    """What the pull loop needs from an output format."""

    records: int
    """Records written by this writer (not counting those kept from an earlier run)."""

    @property
    def offset(self) -> int:
        """Bytes in the output after everything written so far."""

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record (the API's JSON shape)."""

    def flush(self) -> None:
        """Push buffered bytes to the OS, so the file holds every written record."""


class JsonlWriter:
    """JSON Lines: each record as compact JSON on its own line, in the API's shape."""

    def __init__(self, stream: BinaryIO, *, offset: int = 0) -> None:
        self._stream = stream
        self._offset = offset
        self.records = 0

    @property
    def offset(self) -> int:
        return self._offset

    def write(self, record: Mapping[str, Any]) -> None:
        line = orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
        self._stream.write(line)
        self._offset += len(line)
        self.records += 1

    def flush(self) -> None:
        self._stream.flush()


class CsvWriter:
    """CSV with a header row; nested values (objects, lists) are JSON in their cell.

    Keys outside ``columns`` are left out, missing ones are empty cells, so rows
    always line up with the header.
    """

    def __init__(
        self, stream: BinaryIO, columns: Sequence[str], *, offset: int = 0, header: bool = True
    ) -> None:
        self._stream = stream
        self._columns = tuple(columns)
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")
        self._offset = offset
        self.records = 0
        if header:
            self._emit(self._columns)

    @property
    def offset(self) -> int:
        return self._offset

    def write(self, record: Mapping[str, Any]) -> None:
        self._emit([csv_cell(lookup(record, c)) for c in self._columns])
        self.records += 1

    def flush(self) -> None:
        self._stream.flush()

    def _emit(self, row: Sequence[str]) -> None:
        self._csv.writerow(row)
        data = self._buffer.getvalue().encode()
        self._buffer.seek(0)
        self._buffer.truncate()
        self._stream.write(data)
        self._offset += len(data)


def lookup(record: Mapping[str, Any], column: str) -> Any:
    """``record[column]``, or a nested value for a dotted column (``attributes.email``)."""
    if column in record or "." not in column:
        return record.get(column)
    value: Any = record
    for part in column.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def csv_cell(value: object) -> str:
    """One cell: empty for null, JSON spelling for booleans and nested values."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return orjson.dumps(value).decode()
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def open_output(
    path: str, *, keep_bytes: int | None = None, stdout: BinaryIO | None = None
) -> BinaryIO:
    """The output stream: stdout for ``-``, else the file, created or cut back.

    Args:
        path: ``-`` or a file path.
        stdout: The stream ``-`` means (default: the process's binary stdout).
        keep_bytes: When resuming, keep this many bytes of the existing file and
            append after them; None starts the file afresh.

    Raises:
        OSError: The file cannot be opened, or is shorter than ``keep_bytes``
            (it was changed since the checkpoint, so resuming would corrupt it).
    """
    if path == "-":
        return stdout if stdout is not None else sys.stdout.buffer
    if keep_bytes is None:
        return open(path, "wb")
    size = os.path.getsize(path)
    if size < keep_bytes:
        msg = f"{path} is shorter ({size} bytes) than its checkpoint says ({keep_bytes} bytes)"
        raise OSError(msg)
    stream = open(path, "r+b")  # noqa: SIM115 - the pull owns and closes it
    stream.truncate(keep_bytes)
    stream.seek(keep_bytes)
    return stream

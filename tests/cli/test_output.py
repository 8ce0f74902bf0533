"""Writers: exact bytes, their own byte count, and cutting a file back for a resume."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest

from ncm_async.cli.output import CsvWriter, JsonlWriter, csv_cell, open_output

RECORDS = [
    {"id": "1", "state": "online", "info": {"b": 2, "a": [1, None]}, "ok": True, "n": 1.5},
    {"id": "2", "name": 'quote " and, comma\nnewline', "ok": False, "n": None},
]


def test_jsonl_writes_one_compact_line_per_record_and_counts_bytes() -> None:
    out = io.BytesIO()
    writer = JsonlWriter(out)
    for record in RECORDS:
        writer.write(record)
    writer.flush()
    data = out.getvalue()
    assert [orjson.loads(line) for line in data.splitlines()] == RECORDS
    assert data.count(b"\n") == 2
    assert writer.offset == len(data)
    assert writer.records == 2


def test_jsonl_offset_starts_after_kept_bytes() -> None:
    writer = JsonlWriter(io.BytesIO(), offset=100)
    writer.write({"id": "1"})
    assert writer.offset == 100 + len(b'{"id":"1"}\n')


def test_csv_header_missing_and_unknown_keys_and_nested_json() -> None:
    out = io.BytesIO()
    writer = CsvWriter(out, ["id", "name", "info", "ok", "n"])
    for record in RECORDS:
        writer.write(record)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode())))
    assert rows[0] == ["id", "name", "info", "ok", "n"]
    assert rows[1] == ["1", "", '{"a":[1,null],"b":2}', "true", "1.5"]
    assert rows[2] == ["2", 'quote " and, comma\nnewline', "", "false", ""]
    assert writer.offset == len(out.getvalue())
    assert writer.records == 2


def test_csv_without_header_when_resuming() -> None:
    out = io.BytesIO()
    CsvWriter(out, ["id"], offset=3, header=False).write({"id": "9"})
    assert out.getvalue() == b"9\n"


@pytest.mark.parametrize(
    ("value", "cell"),
    [(None, ""), ("x", "x"), (True, "true"), (3, "3"), ([1, "a"], '[1,"a"]'), ({}, "{}")],
)
def test_csv_cells(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def test_open_output_fresh_and_cut_back(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"old content\n")
    with open_output(str(path)) as f:
        f.write(b"a\n")
    assert path.read_bytes() == b"a\n"
    path.write_bytes(b"line1\nline2\npartial")
    with open_output(str(path), keep_bytes=12) as f:
        f.write(b"line3\n")
    assert path.read_bytes() == b"line1\nline2\nline3\n"


def test_open_output_refuses_a_file_shorter_than_its_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"abc")
    with pytest.raises(OSError, match="shorter"):
        open_output(str(path), keep_bytes=10)


def test_open_output_dash_is_stdout() -> None:
    sink = io.BytesIO()
    assert open_output("-", stdout=sink) is sink

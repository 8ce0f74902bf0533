"""Helpers of the sync tests: the database's rows against the simulator's ground truth."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from ncm_async import RateLimit
from ncm_async.models.base import id_from_url
from ncm_async.testing import NcmSimulator

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(days=7)
FAST = RateLimit(requests_per_minute=1e9, burst=1000, max_concurrency=8)
"""A client budget that never waits: these tests are about data, not pacing."""

Row = tuple[str, str, str]


def truth_rows(
    sim: NcmSimulator, endpoint: str, ids: Sequence[int], **filters: Any
) -> dict[tuple[str, str], dict[str, Any]]:
    """``(router id, created_at_timeuuid) -> record`` over every batch of 100 ids."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for start in range(0, len(ids), 100):
        chunk = list(ids[start : start + 100])
        for record in sim.ground_truth(endpoint, router__in=chunk, **filters):
            owner = id_from_url(record["router"])
            assert owner is not None
            out[owner, record["created_at_timeuuid"]] = record
    return out


def pages_per_batch(
    sim: NcmSimulator, endpoint: str, ids: Sequence[int], **filters: Any
) -> list[int]:
    """Requests a batch query needs: ceil(records / 500), one for an empty answer."""
    counts = []
    for start in range(0, len(ids), 100):
        chunk = list(ids[start : start + 100])
        n = len(sim.ground_truth(endpoint, router__in=chunk, **filters))
        counts.append(max(1, math.ceil(n / 500)))
    return counts


def db_rows(path: Path, table: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The table's rows by ``(router_id, created_at_timeuuid)``, as the API's JSON again."""
    db = sqlite3.connect(path)
    try:
        cursor = db.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        out = {}
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            key = (row.pop("router_id"), row["created_at_timeuuid"])
            assert key not in out, f"duplicate row {key}"
            out[key] = {k: _json(v) for k, v in row.items() if v is not None}
        return out
    finally:
        db.close()


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        return orjson.loads(value)
    return value


def dump(path: Path) -> list[Any]:
    """Every table's content but the run counter (to prove a run changed nothing)."""
    db = sqlite3.connect(path)
    try:
        found = db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        tables = [r[0] for r in found if r[0] != "_sync_runs"]
        return [(t, sorted(map(repr, db.execute(f'SELECT * FROM "{t}"')))) for t in sorted(tables)]
    finally:
        db.close()

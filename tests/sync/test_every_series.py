"""Every time-series endpoint syncs exactly: keyset, offset (router_logs), one id per query
(historical_locations, whose records do not name their router), per net_device."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sync_support import FAST, NOW, SINCE

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

CASES = [
    ("router_logs", "router"),
    ("historical_locations", "router"),
    ("alerts", "router"),
    ("router_alerts", "router"),
    ("router_stream_usage_samples", "router"),
    ("net_device_usage_samples", "net_device"),
    ("net_device_signal_samples", "net_device"),
]


@pytest.mark.parametrize(("endpoint", "key"), CASES)
async def test_first_sync_then_only_the_new_records(
    endpoint: str, key: str, tmp_path: Path
) -> None:
    sim = NcmSimulator(routers=20, seed=4, now=NOW)
    ids = sim.fleet.router_ids if key == "router" else sim.fleet.net_device_ids
    db = tmp_path / "ncm.db"

    async def sync() -> int:
        async with sim.client(rate_limit=FAST) as ncm:
            report = await ncm.bulk.sync(
                getattr(ncm.v2, endpoint), key=key, ids=ids, into=db, since=SINCE
            )
        return report.new_records

    def truth() -> set[tuple[str, str]]:
        return {
            (str(i), r["created_at_timeuuid"])
            for i in ids
            for r in sim.ground_truth(endpoint, **{key: i}, created_at__gt=SINCE)
        }

    def rows() -> set[tuple[str, str]]:
        conn = sqlite3.connect(db)
        try:
            return set(conn.execute(f"SELECT {key}_id, created_at_timeuuid FROM {endpoint}"))
        finally:
            conn.close()

    first = truth()
    assert await sync() == len(first) > 0
    assert rows() == first
    assert sim.advance(timedelta(hours=6)) > 0
    second = truth()
    assert await sync() == len(second - first) > 0
    assert rows() == second
    assert await sync() == 0

"""Non-time-series endpoints are mirrored: upserts, and deletions detected."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sync_support import FAST, NOW

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


def _table(db: Path, table: str, key: str) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(db)
    try:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor]
    finally:
        conn.close()
    return {str(r[key]): r for r in rows}


async def test_routers_mirror_the_account(tmp_path: Path) -> None:
    sim = NcmSimulator(routers=40, seed=8, now=NOW)
    db = tmp_path / "ncm.db"
    async with sim.client(rate_limit=FAST) as ncm:
        first = await ncm.bulk.sync(ncm.v2.routers, into=db)
        truth = {r["id"]: r for r in sim.ground_truth("routers")}
        rows = _table(db, "routers", "id")
        assert set(rows) == set(truth)
        assert first.new_records == 40
        assert first.deleted == 0
        gone = str(sim.fleet.router_ids[3])
        renamed = str(sim.fleet.router_ids[5])
        await ncm.v2.routers.delete(gone)
        await ncm.v2.routers.update(renamed, name="renamed")
        second = await ncm.bulk.sync(ncm.v2.routers, into=db)
    rows = _table(db, "routers", "id")
    assert set(rows) == {r["id"] for r in sim.ground_truth("routers")}
    assert gone not in rows
    assert rows[renamed]["name"] == "renamed"
    assert (second.new_records, second.deleted) == (0, 1)
    assert rows[renamed]["_sync_run"] == 2


async def test_net_devices_per_router_delete_only_within_the_ids(tmp_path: Path) -> None:
    sim = NcmSimulator(routers=30, seed=9, now=NOW)
    db = tmp_path / "ncm.db"
    ids = sim.fleet.router_ids
    async with sim.client(rate_limit=FAST) as ncm:
        await ncm.bulk.sync(ncm.v2.net_devices, key="router", ids=ids, into=db)
        before = _table(db, "net_devices", "id")
        assert set(before) == {r["id"] for r in sim.ground_truth("net_devices", router__in=ids)}
        assert {r["router_id"] for r in before.values()} <= {str(i) for i in ids}
        sim.fleet.delete_router(str(ids[0]))
        report = await ncm.bulk.sync(ncm.v2.net_devices, key="router", ids=ids[:10], into=db)
    after = _table(db, "net_devices", "id")
    lost = {k for k, r in before.items() if r["router_id"] == str(ids[0])}
    assert lost
    assert report.deleted == len(lost)
    assert set(after) == set(before) - lost

"""Incremental sync into SQLite against the simulator: exact records, exact request counts.

A 7-day first sync equals the ground truth; after the simulator advances 6 hours
the second adds exactly the new records, one query per batch (far under half a
full re-pull); a third with nothing new sends one request per batch and changes
nothing.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sync_support import FAST, NOW, SINCE, db_rows, dump, pages_per_batch, truth_rows

from ncm_async.sync import SyncReport
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

ROUTERS = 250
ENDPOINT = "router_state_samples"


async def _sync(sim: NcmSimulator, db: Path, **kwargs: object) -> SyncReport:
    async with sim.client(rate_limit=FAST) as ncm:
        sim.reset_requests()
        report = await ncm.bulk.sync(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            into=f"sqlite:///{db}",
            since=SINCE,
            **kwargs,  # type: ignore[arg-type]
        )
    assert report.requests == len(sim.requests)
    return report


async def test_first_second_third_run(tmp_path: Path) -> None:
    sim = NcmSimulator(routers=ROUTERS, seed=5, now=NOW)
    ids = sim.fleet.router_ids
    db = tmp_path / "ncm.db"

    first = await _sync(sim, db)
    truth = truth_rows(sim, ENDPOINT, ids, created_at__gt=SINCE)
    assert db_rows(db, ENDPOINT) == truth
    assert first.new_records == first.received == len(truth)
    assert first.requests == sum(pages_per_batch(sim, ENDPOINT, ids, created_at__gt=SINCE))

    added = sim.advance(timedelta(hours=6))
    assert added > 0
    second = await _sync(sim, db)
    truth_after = truth_rows(sim, ENDPOINT, ids, created_at__gt=SINCE)
    assert db_rows(db, ENDPOINT) == truth_after
    new = {k: v for k, v in truth_after.items() if k not in truth}
    assert second.new_records == second.received == len(new) == added
    batches = (ROUTERS + 99) // 100
    full = sum(pages_per_batch(sim, ENDPOINT, ids, created_at__gt=SINCE))
    assert second.requests == batches  # every batch's 6 hours fit one page
    assert second.requests * 2 <= full

    before = dump(db)
    third = await _sync(sim, db)
    assert third.requests == batches
    assert third.new_records == third.received == 0
    assert dump(db) == before


async def test_positions_are_the_newest_record_of_each_batch(tmp_path: Path) -> None:
    sim = NcmSimulator(routers=120, seed=6, now=NOW)
    db = tmp_path / "ncm.db"
    report = await _sync(sim, db)
    ids = sim.fleet.router_ids
    for start in (0, 100):
        batch = [str(i) for i in ids[start : start + 100]]
        newest = sim.ground_truth(ENDPOINT, router__in=batch, created_at__gt=SINCE)[0]
        assert {report.positions[i].timeuuid for i in batch} == {newest["created_at_timeuuid"]}
    sent = [dict(r.query) for r in sim.requests]
    second = await _sync(sim, db)
    assert second.requests == 2
    firsts = [dict(r.query) for r in sim.requests]
    assert {q["created_at_timeuuid__gt"] for q in firsts} == {
        report.positions[str(ids[0])].timeuuid,
        report.positions[str(ids[100])].timeuuid,
    }
    assert all("created_at__gt" in q for q in sent)


async def test_late_arrivals_are_caught_by_the_overlap_window(tmp_path: Path) -> None:
    sim = NcmSimulator(routers=60, seed=7, now=NOW)
    db = tmp_path / "ncm.db"
    await _sync(sim, db)
    router = sim.fleet.busy_router_ids[0]
    late = sim.add_samples(ENDPOINT, router, [NOW - timedelta(minutes=30)])
    key = (str(router), late[0]["created_at_timeuuid"])

    strict = await _sync(sim, db)
    assert strict.new_records == 0
    assert key not in db_rows(db, ENDPOINT)

    caught = await _sync(sim, db, overlap=timedelta(hours=1))
    assert caught.new_records == 1
    assert caught.requests == 1
    assert db_rows(db, ENDPOINT) == truth_rows(
        sim, ENDPOINT, sim.fleet.router_ids, created_at__gt=SINCE
    )

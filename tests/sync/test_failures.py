"""Ids that fail for good keep their positions, so the next run retries them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sync_support import FAST, NOW, SINCE, db_rows, truth_rows

from ncm_async.testing import FaultPlan, NcmSimulator

pytestmark = pytest.mark.anyio
ENDPOINT = "router_state_samples"


async def test_forbidden_routers_fail_alone_and_keep_no_position(tmp_path: Path) -> None:
    base = NcmSimulator(routers=120, seed=13, now=NOW)
    forbidden = [str(r) for r in base.fleet.busy_router_ids[:2]]
    plan = FaultPlan(permanent={"routers": dict.fromkeys(forbidden, 403)})
    sim = NcmSimulator(routers=120, seed=13, now=NOW, faults=plan)
    ids = sim.fleet.router_ids
    db = tmp_path / "ncm.db"
    async with sim.client(rate_limit=FAST) as ncm:
        report = await ncm.bulk.sync(
            ncm.v2.router_state_samples, key="router", ids=ids, into=db, since=SINCE
        )
    assert sorted(report.failed) == sorted(forbidden)
    assert all(report.failed[r].status_code == 403 for r in forbidden)  # type: ignore[attr-defined]
    others = [i for i in ids if str(i) not in forbidden]
    assert db_rows(db, ENDPOINT) == truth_rows(sim, ENDPOINT, others, created_at__gt=SINCE)
    assert not set(forbidden) & set(report.positions)

    sim.advance(timedelta(hours=1))
    sim.reset_requests()
    async with sim.client(rate_limit=FAST) as ncm:
        again = await ncm.bulk.sync(
            ncm.v2.router_state_samples, key="router", ids=ids, into=db, since=SINCE
        )
    assert sorted(again.failed) == sorted(forbidden)
    assert db_rows(db, ENDPOINT) == truth_rows(sim, ENDPOINT, others, created_at__gt=SINCE)
    queries = [dict(r.query) for r in sim.requests]
    alone = [q for q in queries if q.get("router__in", q.get("router")) in forbidden]
    assert {q.get("router__in", q.get("router")) for q in alone} == set(forbidden)
    assert all(q["created_at__gt"] == SINCE.isoformat() for q in alone)

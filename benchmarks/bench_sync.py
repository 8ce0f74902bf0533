"""Incremental sync into SQLite against the in-process simulator, measured in one run.

2,000 routers' state samples (by default):

1. first sync of a 7-day window: records, requests (against the minimum: the sum
   over ``router__in`` batches of ``ceil(records / 500)``), exactness against the
   ground truth, records/s including the SQLite writes;
2. the simulator advances 6 hours, second sync: new records (exactly the ground
   truth's new ones?), requests, against what a full re-pull of the window costs;
3. a third sync with nothing new: requests (one per batch) and rows changed.

At the account budget (500 requests/minute) requests are wall time, so the
request ratio of step 2 is the time ratio of an hourly job. Run:
``python benchmarks/bench_sync.py [--routers N]``.
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio

from ncm_async import RateLimit
from ncm_async.models.base import id_from_url
from ncm_async.sync import SyncReport
from ncm_async.testing import NcmSimulator

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(days=7)
UNLIMITED = RateLimit(requests_per_minute=1e9, burst=1000, max_concurrency=8)
ENDPOINT = "router_state_samples"


def truth(sim: NcmSimulator, ids: list[int]) -> tuple[set[tuple[str, str]], int]:
    keys: set[tuple[str, str]] = set()
    pages = 0
    for start in range(0, len(ids), 100):
        rows = sim.ground_truth(ENDPOINT, router__in=ids[start : start + 100], created_at__gt=SINCE)
        pages += max(1, math.ceil(len(rows) / 500))
        keys.update((str(id_from_url(r["router"])), r["created_at_timeuuid"]) for r in rows)
    return keys, pages


def stored(db: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        query = f"SELECT router_id, created_at_timeuuid FROM {ENDPOINT}"
        return set(conn.execute(query))
    finally:
        conn.close()


async def main(routers: int) -> None:
    sim = NcmSimulator(routers=routers, seed=0, now=NOW)
    ids = sim.fleet.router_ids
    batches = math.ceil(len(ids) / 100)
    expected, minimum = truth(sim, ids)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ncm.db"
        async with sim.client(rate_limit=UNLIMITED) as ncm:

            async def run() -> tuple[SyncReport, float]:
                started = time.perf_counter()
                report = await ncm.bulk.sync(
                    ncm.v2.router_state_samples, key="router", ids=ids, into=db, since=SINCE
                )
                return report, time.perf_counter() - started

            first, seconds = await run()
            print(f"sync of {routers:,} routers' {ENDPOINT}, 7-day window, into SQLite")
            print(
                f"1st run   {first.new_records:,} records, {first.requests} requests "
                f"(minimum {minimum}), exact: {stored(db) == expected}, "
                f"{first.received / seconds:,.0f} records/s with the writes"
            )
            added = sim.advance(timedelta(hours=6))
            expected_after, full = truth(sim, ids)
            second, _ = await run()
            ratio = second.requests / full
            print(
                f"+6 hours  {second.new_records:,} new records (simulator added {added:,}), "
                f"{second.requests} requests vs {full} for a full re-pull = {ratio:.3f}, "
                f"exact: {stored(db) == expected_after}"
            )
            before = stored(db)
            third, _ = await run()
            print(
                f"no change {third.requests} requests for {batches} batches, "
                f"{third.new_records} new, rows unchanged: {stored(db) == before}"
            )
            budget = 500
            print(
                f"at {budget}/min: hourly job {second.requests / budget * 60:.1f} s "
                f"instead of {full / budget * 60:.1f} s for a re-pull"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=2000)
    anyio.run(main, parser.parse_args().routers)

"""Bulk pulls against the in-process simulator, measured in one run.

A fleet of 2,000 routers' state samples over 24 hours (the simulator's
``density`` raises the sample rate so there are a few hundred pages):

1. unthrottled: records, requests against the minimum possible (sum over
   ``router__in`` batches of ``ceil(records / 500)``, one for an empty batch),
   exactness against the ground truth, records/s, and the client's CPU (the
   in-process simulator's own time is measured and left out), also against one
   plain paginator listing the same batches sequentially (the floor);
2. the simulator throttling at R requests/minute, the client configured to R:
   wall time / (requests / R) and the share of throttled responses;
3. the client configured to 2 x R (budget unknown to it): exactness, throttled share;
4. 3% transient faults and 5 routers answering 403: the others exact, those 5 failed;
5. a naive sequential loop (one ``router=`` listing per router, one at a time):
   requests and time against the bulk pull, unthrottled.

Unthrottled figures are the best of three runs (noise only ever adds), with the
simulator's warmed-up data frozen out of the garbage collector (a real client's
heap does not hold the server's rows). Run:
``python benchmarks/bench_bulk.py [--routers N] [--rate R] [--density D]``.
"""

from __future__ import annotations

import argparse
import collections
import gc
import logging
import math
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx

from ncm_async import RateLimit
from ncm_async.testing import FaultPlan, NcmSimulator, SimRateLimit

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
REPEATS = 3
UNLIMITED = RateLimit(requests_per_minute=1e9, burst=1000, max_concurrency=8)


def key_of(record: Any) -> tuple[str | None, str | None]:
    return record.router_id, record.created_at_timeuuid


def truth_of(sim: NcmSimulator, ids: list[int]) -> tuple[collections.Counter[Any], int]:
    """The exact multiset a pull must yield, and the fewest requests that can yield it."""
    expected: collections.Counter[Any] = collections.Counter()
    minimum = 0
    for start in range(0, len(ids), 100):
        batch = ids[start : start + 100]
        rows = sim.ground_truth("router_state_samples", router__in=batch, created_at__gt=SINCE)
        expected.update(
            (r["router"].rstrip("/").rsplit("/", 1)[1], r["created_at_timeuuid"]) for r in rows
        )
        minimum += max(1, math.ceil(len(rows) / 500))
    return expected, minimum


class TimedApp:
    """The simulator's ASGI app, timing itself: the rest of the CPU is the client's."""

    def __init__(self, sim: NcmSimulator) -> None:
        self.sim = sim
        self.seconds = 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started = time.process_time()
        try:
            await self.sim.app(scope, receive, send)
        finally:
            self.seconds += time.process_time() - started


async def bulk_pull(sim: NcmSimulator, rate: RateLimit, ids: list[int]) -> dict[str, Any]:
    got: collections.Counter[Any] = collections.Counter()
    sim.reset_requests()
    app = TimedApp(sim)
    wall, cpu = time.perf_counter(), time.process_time()
    async with sim.client(rate_limit=rate, transport=httpx.ASGITransport(app=app)) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
        )
        async with stream:
            async for page in stream.pages():
                got.update(map(key_of, page))
    return {
        "got": got,
        "report": stream.report,
        "wall": time.perf_counter() - wall,
        "client_cpu": time.process_time() - cpu - app.seconds,
        "throttled": sim.counters.throttled,
        "sent": sim.counters.requests,
    }


async def paginator_pull(sim: NcmSimulator, ids: list[int]) -> dict[str, Any]:
    """The same router__in batches listed one after the other: the CPU floor of bulk."""
    got: collections.Counter[Any] = collections.Counter()
    app = TimedApp(sim)
    cpu = time.process_time()
    async with sim.client(rate_limit=UNLIMITED, transport=httpx.ASGITransport(app=app)) as ncm:
        listing = ncm.v2.router_state_samples.list(router__in=ids, created_at__gt=SINCE)
        async for page in listing.pages():
            got.update(map(key_of, page.items))
    return {"got": got, "client_cpu": time.process_time() - cpu - app.seconds}


async def naive_pull(sim: NcmSimulator, ids: list[int]) -> dict[str, Any]:
    got: collections.Counter[Any] = collections.Counter()
    sim.reset_requests()
    app = TimedApp(sim)
    wall, cpu = time.perf_counter(), time.process_time()
    async with sim.client(rate_limit=UNLIMITED, transport=httpx.ASGITransport(app=app)) as ncm:
        for rid in ids:
            async for page in ncm.v2.router_state_samples.list(
                router=rid, created_at__gt=SINCE
            ).pages():
                got.update(map(key_of, page.items))
    return {
        "got": got,
        "wall": time.perf_counter() - wall,
        "client_cpu": time.process_time() - cpu - app.seconds,
        "sent": sim.counters.requests,
    }


async def best_of(repeats: int, run: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """The run with the least client CPU: noise on a shared machine only ever adds."""
    runs = [await run() for _ in range(repeats)]
    return min(runs, key=lambda r: r["client_cpu"])


def row(name: str, value: str, note: str = "") -> None:
    print(f"  {name:<44} {value:>16}  {note}")


def ratio(name: str, numerator: float, denominator: float, unit: str = "", digits: int = 3) -> None:
    value = f"{numerator:,.{2 if unit else 0}f} / {denominator:,.{2 if unit else 0}f}{unit}"
    row(name, value, f"ratio {numerator / denominator:.{digits}f}")


async def main(routers: int, rate: float, density: float) -> None:
    window = timedelta(days=1)
    sim = NcmSimulator(routers=routers, seed=7, now=NOW, window=window, density=density)
    ids = sim.fleet.router_ids
    expected, minimum = truth_of(sim, ids)
    records = sum(expected.values())
    print(f"bulk: {routers} routers, router_state_samples over 24 h, {records:,} records")

    await bulk_pull(sim, UNLIMITED, ids)  # warms the simulator's caches; not measured
    gc.collect()
    gc.freeze()  # the in-process server's millions of rows are no part of a client's heap
    free = await best_of(REPEATS, lambda: bulk_pull(sim, UNLIMITED, ids))
    print("\n1. unthrottled")
    row("exact (multiset == ground truth)", str(free["got"] == expected))
    ratio("requests / minimum", free["sent"], minimum)
    row("records/s (wall, client + in-process simulator)", f"{records / free['wall']:,.0f}")
    cpu = free["client_cpu"]
    row("records/s of client CPU", f"{records / cpu:,.0f}", f"{cpu / records * 1e6:.2f} us/record")
    floor = await best_of(REPEATS, lambda: paginator_pull(sim, ids))
    ratio("client CPU bulk / one paginator, same batches", cpu, floor["client_cpu"], " s", 2)

    budget = SimRateLimit(requests_per_minute=rate)  # the client's burst, never a larger one
    for section, label, client_rate in ((2, "R", rate), (3, "2 x R", 2 * rate)):
        limited = NcmSimulator(
            routers=routers, seed=7, now=NOW, window=window, density=density, rate_limit=budget
        )
        truth_of(limited, ids)
        run = await bulk_pull(limited, RateLimit(requests_per_minute=client_rate), ids)
        print(f"\n{section}. simulator at R={rate:.0f}/min, client configured at {label}")
        row("exact", str(run["got"] == expected))
        ratio("wall / (requests / R)", run["wall"], run["sent"] / (rate / 60), " s")
        share = run["throttled"] / run["sent"]
        row("throttled responses", f"{run['throttled']} / {run['sent']}", f"{share:.1%}")
        ratio("requests / minimum", run["sent"], minimum)

    bad = [ids[i] for i in (3, 250, 251, 1200, len(ids) - 1)]
    faults = FaultPlan(transient_rate=0.03, seed=1, permanent={"routers": dict.fromkeys(bad, 403)})
    faulty = NcmSimulator(
        routers=routers, seed=7, now=NOW, window=window, density=density, faults=faults
    )
    run = await bulk_pull(faulty, UNLIMITED, ids)
    healthy = collections.Counter({k: n for k, n in expected.items() if int(k[0]) not in bad})
    failed = sorted(run["report"].failed) == sorted(map(str, bad))
    print("\n4. 3% transient faults and 5 routers answering 403 (unthrottled)")
    row("exact for every other router", str(run["got"] == healthy))
    row("report.failed == the 5 routers", str(failed))
    row("transient faults met / retries", f"{faulty.counters.faults} / {run['report'].retries}")
    ratio("requests / minimum", run["sent"], minimum)

    naive = await best_of(REPEATS, lambda: naive_pull(sim, ids))
    print("\n5. naive sequential loop, one router= listing per router (unthrottled)")
    row("exact", str(naive["got"] == expected))
    ratio("requests naive / bulk (= time at the budget)", naive["sent"], free["sent"], digits=2)
    ratio("wall naive / bulk", naive["wall"], free["wall"], " s", digits=2)
    ratio("client CPU naive / bulk", naive["client_cpu"], free["client_cpu"], " s", digits=2)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=3000.0, help="R, requests/minute")
    parser.add_argument("--density", type=float, default=12.0)
    args = parser.parse_args()
    logging.getLogger("ncm_async").addHandler(logging.NullHandler())  # retries are expected here
    anyio.run(main, args.routers, args.rate, args.density)

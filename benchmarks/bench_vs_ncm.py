"""ncm_async against Cradlepoint's own `ncm` package, over real HTTP, in one run.

Both clients talk to the same simulator served by uvicorn on 127.0.0.1 with a
per-request latency (a WAN round trip to NCM is tens of milliseconds), through
their own configuration variables (``CP_BASE_URL`` for `ncm`). Measured:

1. listing every router;
2. the state samples of N routers over 24 hours: `ncm`'s ``router__in`` listing
   (it chunks by 100 and pages sequentially) against ``ncm.bulk.list``;
3. what each returns when one page fails for good: `ncm` returns a partial list
   without an error, ncm_async raises after its retries.

Both clients are warmed up once first (imports, the simulator's lazily built data).
Prints requests, wall time and the ratios. Run:
``python benchmarks/bench_vs_ncm.py [--routers N] [--latency SECONDS]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio

from ncm_async import AsyncNcmClient, RateLimit, V2Keys
from ncm_async.testing import FaultPlan, NcmSimulator
from ncm_async.testing.server import RunningServer, running

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
KEYS = {"X-CP-API-ID": "b1", "X-CP-API-KEY": "b2", "X-ECM-API-ID": "b3", "X-ECM-API-KEY": "b4"}


@contextmanager
def served(sim: NcmSimulator) -> Iterator[RunningServer]:
    """The simulator on 127.0.0.1 in a background thread for the duration of the block."""
    ready = threading.Event()
    box: dict[str, Any] = {}

    async def main() -> None:
        box["stop"] = asyncio.Event()
        async with running(sim, "127.0.0.1", 0) as server:
            box["server"] = server
            ready.set()
            await box["stop"].wait()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    if not ready.wait(30):
        raise RuntimeError("simulator did not start")
    try:
        yield box["server"]
    finally:
        loop.call_soon_threadsafe(box["stop"].set)
        thread.join(30)
        loop.close()


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def ours(server: RunningServer, job: Callable[[AsyncNcmClient], Any]) -> tuple[Any, float]:
    """Run ``job`` on a fresh client; the time covers the job, as for `ncm`'s calls."""

    async def run() -> tuple[Any, float]:
        client = AsyncNcmClient(
            v2_keys=V2Keys("b1", "b2", "b3", "b4"),
            base_url_v2=server.base_url_v2,
            rate_limit=RateLimit(requests_per_minute=1e9, burst=10_000, max_concurrency=8),
        )
        async with client as ncm:
            start = time.perf_counter()
            result = await job(ncm)
            return result, time.perf_counter() - start

    return anyio.run(run)


def row(name: str, theirs: tuple[int, float], mine: tuple[int, float]) -> None:
    (r1, t1), (r2, t2) = theirs, mine
    print(f"{name:<34} {r1:>9} {r2:>9} {t1:>9.2f} {t2:>9.2f} {t1 / t2:>8.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.03)
    args = parser.parse_args()
    try:
        import ncm as official
    except ImportError:
        print("the official `ncm` package is not installed: pip install ncm")
        return

    sim = NcmSimulator(routers=args.routers, seed=7, now=NOW, latency=args.latency)
    ids = sim.fleet.router_ids
    print(f"{args.routers} routers, {args.latency * 1000:.0f} ms latency per request, over HTTP")
    print(f"{'':<34} {'ncm reqs':>9} {'ours':>9} {'ncm s':>9} {'ours s':>9} {'speedup':>9}")
    with served(sim) as server:
        os.environ["CP_BASE_URL"] = server.base_url_v2.rstrip("/")
        theirs = official.ncm.NcmClientv2(api_keys=KEYS, log_events=False, retries=0)

        theirs.get_routers(limit="all")
        ours(server, lambda n: n.v2.routers.list().collect())
        sim.reset_requests()
        routers, t_theirs = timed(lambda: theirs.get_routers(limit="all"))
        n_theirs = len(sim.requests)
        sim.reset_requests()
        mine, t_mine = ours(server, lambda n: n.v2.routers.list().collect())
        assert sorted(r["id"] for r in routers) == sorted(str(r.id) for r in mine)
        row("all routers", (n_theirs, t_theirs), (len(sim.requests), t_mine))

        sim.reset_requests()
        samples, t_theirs = timed(
            lambda: theirs.get_router_state_samples(
                router__in=ids, created_at__gt=SINCE.isoformat(), limit="all"
            )
        )
        n_theirs = len(sim.requests)
        sim.reset_requests()

        async def bulk(n: AsyncNcmClient) -> list[Any]:
            stream = n.bulk.list(
                n.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
            )
            records = [s async for s in stream]
            if stream.report.retries:
                print(f"(ncm_async retried {stream.report.retries} requests)")
            return records

        mine, t_mine = ours(server, bulk)
        assert sorted(s["created_at_timeuuid"] for s in samples) == sorted(
            str(s.created_at_timeuuid) for s in mine
        )
        row(
            f"state samples, {len(mine)} records", (n_theirs, t_theirs), (len(sim.requests), t_mine)
        )
    del os.environ["CP_BASE_URL"]
    failures(args.routers, official)


def failures(routers: int, official: Any) -> None:
    """One forbidden router among many: what does each client hand back?"""
    probe = NcmSimulator(routers=routers, seed=7, now=NOW)
    forbidden = probe.fleet.router_ids[len(probe.fleet.router_ids) // 2]
    sim = NcmSimulator(
        routers=routers, seed=7, now=NOW, faults=FaultPlan(permanent={"routers": {forbidden: 403}})
    )
    ids = sim.fleet.router_ids
    expected = sum(
        len(sim.ground_truth("router_state_samples", router=r, created_at__gt=SINCE))
        for r in ids
        if r != forbidden
    )
    with served(sim) as server:
        os.environ["CP_BASE_URL"] = server.base_url_v2.rstrip("/")
        theirs = official.ncm.NcmClientv2(api_keys=KEYS, log_events=False, retries=0)
        try:
            got = theirs.get_router_state_samples(
                router__in=ids, created_at__gt=SINCE.isoformat(), limit="all"
            )
            verdict = f"returned {len(got)} of {expected} records, no error"
        except Exception as exc:
            verdict = f"raised {type(exc).__name__}"

        async def bulk(n: AsyncNcmClient) -> tuple[int, dict[str, Any]]:
            stream = n.bulk.list(
                n.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
            )
            count = sum([1 async for _ in stream])
            return count, dict(stream.report.failed)

        (count, failed), _ = ours(server, bulk)
    del os.environ["CP_BASE_URL"]
    print(f"\none router of {routers} forbidden (403):")
    print(f"  ncm:       {verdict}")
    print(f"  ncm_async: {count} of {expected} records, failed ids {sorted(failed)}")


if __name__ == "__main__":
    main()

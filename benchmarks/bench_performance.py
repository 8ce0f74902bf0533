"""Issue 9's figures, each beside its target, measured in one run: ``nox -s bench``.

Every figure talks to the simulator in a separate process (``simserver.py``,
uvicorn on 127.0.0.1) over real sockets: no in-process transport, no
``gc.freeze``, and a server token bucket never larger than the client's burst.

1. budget: a bulk pull of router state samples (2,000 routers, 24 h, 20 ms
   latency per request) against a server throttling at R = 600/min (10/s) with
   bursts of 2, 10 and 20, the client configured at R; at 2 x R (the budget unknown
   to it); and with default settings against a 500/min server (burst 10). Wall time
   / (minimum requests / server rate), throttled share, requests / minimum, exact.
2. cpu: client CPU per record (the server's CPU is in its own process), typed,
   raw, hand-written httpx + json and httpx + orjson loops, the official ``ncm``
   package; narrow records (state samples) and wide ones (routers).
3. requests/s of ``client.request`` against hand-written httpx at concurrency 1, 8, 50.
4. memory: the client process's peak RSS (``VmHWM``, a fresh process per pull:
   ``memory_probe.py``) while ``ncm.bulk.list`` streams ~100k and ~1M state samples
   (the same 2,000 routers, 10 x the history), typed and raw, each page counted
   and dropped. Streaming must not grow with the record count.
5. event-loop lag (p50/p99/max) of a 5 ms ticker while a typed bulk pull runs
   unthrottled, with the garbage collector's full collections and longest pause
   (on this workload the longest stalls are full collections, not page conversion:
   a 500-record page of state samples parses in ~0.2 ms and converts in ~0.3 ms).

Run: ``python benchmarks/bench_performance.py [--only budget,cpu,rps,memory,lag]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio

import client_cost
from harness import HERE, KEYS, Server, Table, served
from ncm_async import AsyncNcmClient, RateLimit, V2Keys

R = 600.0
LATENCY = 0.02
ROUTERS = 2000
DENSITY = 4.0
NOW = datetime(2024, 5, 1, tzinfo=UTC)
CPU_ROUTERS, CPU_DENSITY = 10_000, 20.0
RPS_TOTAL = 2000
CASE = ""
UNLIMITED = RateLimit(requests_per_minute=1e9, burst=10_000, max_concurrency=8, adaptive=False)


def client(server: Server, rate_limit: RateLimit | None = None, **kwargs: Any) -> AsyncNcmClient:
    if rate_limit is not None:
        kwargs["rate_limit"] = rate_limit
    return AsyncNcmClient(v2_keys=V2Keys(*KEYS), base_url_v2=server.base_url_v2, **kwargs)


async def bulk_pull(
    server: Server, rate_limit: RateLimit | None, raw: bool = False
) -> dict[str, Any]:
    """Pull the truth's bulk query; wall time covers the client's whole life."""
    truth = server.truth
    got: Counter[str] = Counter()
    start = time.perf_counter()
    async with client(server, rate_limit) as ncm:
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples,
            key="router",
            ids=truth["ids"],
            created_at__gt=truth["since"],
        )
        async with stream:
            async for page in stream.pages():
                got.update(f"{r.router_id} {r.created_at_timeuuid}" for r in page)
    wall = time.perf_counter() - start
    return {"got": got, "wall": wall, "report": stream.report, **server.counters()}


async def budget(table: Table) -> None:
    table.section(
        f"1. budget: bulk pull, {ROUTERS} routers x 24 h of state samples, "
        f"{LATENCY * 1000:.0f} ms latency, R = {R:.0f}/min"
    )
    cases = [
        (
            f"at R, server burst {b}",
            R,
            b,
            RateLimit(requests_per_minute=R, burst=max(10, b)),
            1.10,
            0.02,
        )
        for b in (2, 10, 20)
    ]
    cases.append(
        (
            "at 2 x R (budget unknown), server burst 10",
            R,
            10,
            RateLimit(requests_per_minute=2 * R),
            1.15,
            0.05,
        )
    )
    cases.append(("default settings, 500/min server, burst 10", 500.0, 10, None, 1.10, 0.02))
    for label, rate, burst, limit, wall_target, throttle_target in cases:
        if CASE and not label.endswith(CASE):
            continue
        with served(
            truth=True,
            routers=ROUTERS,
            density=DENSITY,
            rate=rate,
            burst=burst,
            latency=LATENCY,
        ) as server:
            run = await bulk_pull(server, limit)
            minimum = server.truth["minimum"]
            bound = minimum / (rate / 60)
            table.at_most(
                f"{label}: wall / bound ({run['wall']:.1f}/{bound:.1f} s)",
                run["wall"] / bound,
                wall_target,
            )
            table.below(
                f"{label}: throttled ({run['throttled']}/{run['requests']})",
                run["throttled"] / run["requests"],
                throttle_target,
            )
            table.info(f"{label}: requests / minimum", f"{run['requests']}/{minimum}")
            table.check(f"{label}: exact", run["got"] == server.expected())


async def cpu(table: Table) -> None:
    with served(routers=CPU_ROUTERS, density=CPU_DENSITY) as server:
        for shape, raw_target, typed_target in (("narrow", 1.0, 1.3), ("wide", 1.0, 1.5)):
            best = await client_cost.cpu_per_record(server, shape)
            counts = {count for _, count in best.values()}
            records = max(counts)
            table.section(
                f"2. cpu: client CPU per record, {shape} "
                f"({'state samples, 5' if shape == 'narrow' else 'routers, 27'} fields), "
                f"{records:,} records over real sockets, best of {client_cost.REPEATS}"
            )
            table.check(f"{shape}: every variant got every record", counts == {records})
            floor = best["httpx + json"][0]
            for name, (seconds, _) in best.items():
                table.info(f"{shape}: {name} (us/record)", f"{seconds / records * 1e6:.2f}")
            if "raw" in best:
                table.at_most(f"{shape}: raw / httpx + json", best["raw"][0] / floor, raw_target)
            else:
                table.row(f"{shape}: raw / httpx + json", "no raw mode", f"<= {raw_target}", False)
            table.at_most(f"{shape}: typed / httpx + json", best["typed"][0] / floor, typed_target)
            if "official ncm" in best:
                table.info(
                    f"{shape}: official ncm / typed",
                    f"{best['official ncm'][0] / best['typed'][0]:.2f}",
                )


async def rps(table: Table) -> None:
    levels = (1, 8, 50)
    with served(routers=100) as server:
        path = "routers/"
        best = await client_cost.requests_per_second(server, path, levels, RPS_TOTAL)
    table.section(
        f"3. requests/s: client.request() vs httpx + orjson, GET {path}?limit=1, "
        f"{RPS_TOTAL} requests per run, best of {client_cost.RPS_REPEATS}, interleaved"
    )
    for level in levels:
        table.info(
            f"c={level}: sdk / httpx requests/s",
            f"{best['sdk', level]:,.0f} / {best['httpx', level]:,.0f}",
        )
    for level in (1, 8):
        table.at_least(f"c={level}: sdk / httpx", best["sdk", level] / best["httpx", level], 0.90)
    table.at_least("sdk c=50 / sdk c=8", best["sdk", 50] / best["sdk", 8], 0.85)


MEMORY_SIZES = ((100_000, 4.6), (1_000_000, 46.0))
"""Nominal record counts and the simulator densities that give them (2,000 routers, 24 h)."""


async def probe_memory(server: Server, ids_file: str, mode: str) -> dict[str, int]:
    """One pull in a fresh process: ``records`` and ``before``/``peak`` RSS in kB."""
    since = server.truth["since"]
    args = [sys.executable, str(HERE / "memory_probe.py"), server.base_url_v2, since, mode]
    done = await anyio.run_process([*args, ids_file], check=True)
    figures: dict[str, int] = json.loads(done.stdout)
    return figures


async def memory(table: Table) -> None:
    table.section(
        f"4. memory: peak RSS of a fresh client process (VmHWM) streaming state samples of "
        f"{ROUTERS:,} routers through bulk.list, pages counted and dropped"
    )
    runs: dict[tuple[str, int], dict[str, int]] = {}
    for nominal, density in MEMORY_SIZES:
        with (
            served(truth=True, routers=ROUTERS, density=density) as server,
            tempfile.TemporaryDirectory() as tmp,
        ):
            ids_file = Path(tmp) / "ids"
            ids_file.write_text("\n".join(map(str, server.truth["ids"])))
            for mode in ("typed", "raw"):
                started = time.perf_counter()
                run = runs[mode, nominal] = await probe_memory(server, str(ids_file), mode)
                seconds = time.perf_counter() - started
                table.info(
                    f"{mode} {run['records']:,}: peak / before the pull (MB)",
                    f"{run['peak'] / 1024:.1f} / {run['before'] / 1024:.1f}",
                )
                table.check(
                    f"{mode} {run['records']:,}: every record ({seconds:.0f} s)",
                    run["records"] == len(server.truth["keys"]),
                )
    small, large = (size for size, _ in MEMORY_SIZES)
    for mode in ("typed", "raw"):
        a, b = runs[mode, small], runs[mode, large]
        table.at_most(f"{mode}: peak 1M / peak 100k", b["peak"] / a["peak"], 1.5)
        growth_a, growth_b = a["peak"] - a["before"], b["peak"] - b["before"]
        table.at_most(
            f"{mode}: growth 1M / 100k ({growth_b / 1024:.1f}/{growth_a / 1024:.1f} MB)",
            growth_b / max(growth_a, 1),
            1.5,
        )


class Collections:
    """The collector's pauses while installed: full (generation 2) ones and the longest."""

    def __init__(self) -> None:
        self.full = 0
        self.longest = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.longest = max(self.longest, time.perf_counter() - self._started)
        self.full += info["generation"] == 2


async def lag(table: Table) -> None:
    with served(truth=True, routers=ROUTERS, density=DENSITY, latency=LATENCY) as server:
        truth = server.truth
        lags: list[float] = []
        records = 0
        done = anyio.Event()
        collections = Collections()

        async def ticker() -> None:
            while not done.is_set():
                asked = time.perf_counter()
                await anyio.sleep(0.005)
                lags.append(time.perf_counter() - asked - 0.005)

        start = time.perf_counter()
        gc.callbacks.append(collections)
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(ticker)
                async with client(server, UNLIMITED) as ncm:
                    stream = ncm.bulk.list(
                        ncm.v2.router_state_samples,
                        key="router",
                        ids=truth["ids"],
                        created_at__gt=truth["since"],
                    )
                    async with stream:
                        async for page in stream.pages():
                            records += len(page)
                done.set()
        finally:
            gc.callbacks.remove(collections)
        wall = time.perf_counter() - start
    lags.sort()
    table.section(
        f"5. event-loop lag during an unthrottled bulk pull ({records:,} typed records, "
        f"{wall:.1f} s), a 5 ms ticker ({len(lags)} ticks)"
    )
    table.check("every record", records == len(truth["keys"]))
    p50, p99 = lags[len(lags) // 2], lags[int(len(lags) * 0.99)]
    table.at_most("lag p50 (ms)", p50 * 1000, 5.0, "{:.1f}")
    table.at_most("lag p99 (ms)", p99 * 1000, 50.0, "{:.1f}")
    table.info("lag max (ms)", f"{lags[-1] * 1000:.1f}")
    table.info(
        "full collections by the gc / longest gc pause (ms)",
        f"{collections.full} / {collections.longest * 1000:.1f}",
    )


SECTIONS = {"budget": budget, "cpu": cpu, "rps": rps, "memory": memory, "lag": lag}


async def main(only: list[str]) -> None:
    table = Table()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    for name in only:
        await SECTIONS[name](table)
    table.summary()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--case", default="", help="only the budget cases whose label has this")
    args = parser.parse_args()
    CASE = args.case
    logging.getLogger("ncm_async").addHandler(logging.NullHandler())
    anyio.run(main, args.only.split(","))

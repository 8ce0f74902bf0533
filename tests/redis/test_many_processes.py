"""Four ``ncm-async pull`` processes, one account budget in Redis, the simulator in its own process.

Each process is configured at the full account rate R; sharing one namespace
they must send R together, not 4 x R: the simulator (throttling at R) refuses
fewer than 2% of their requests, and the union of their outputs is exactly the
ground truth, without duplicates. R is low enough that four processes could
exceed it several times over even on a loaded machine. (The wall time against R,
beside the same four without the shared store, is a benchmark:
``benchmarks/bench_shared_budget.py``.)

The served simulator's burst is the client's (10), as a real account's may be.
"""

from __future__ import annotations

import collections
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis_support import RedisServer
from sim_process import SimProcess, expected_lines, finish_pull, start_pull

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.server

ROUTERS = 2000
SEED = 7
RATE = 300  # per minute: the account budget R, in the simulator and in each client
PROCESSES = 4
NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)


def test_four_processes_at_the_full_rate_share_one_budget(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    ids = NcmSimulator(routers=ROUTERS, seed=SEED).fleet.router_ids
    namespace = f"test-{uuid.uuid4().hex}"
    common = ["router_state_samples", "--since", SINCE.isoformat(), "--quiet"]
    common += ["--rate-limit", f"{RATE}/min", "--redis", redis_server.url]
    common += ["--redis-namespace", namespace]
    with SimProcess(
        "--routers", str(ROUTERS), "--seed", str(SEED), "--now", NOW.isoformat(),
        "--rate-limit", f"{RATE}/min", "--burst", "10",
    ) as sim:  # fmt: skip
        running = []
        for n in range(PROCESSES):
            quarter = tmp_path / f"ids{n}.txt"
            quarter.write_text("".join(f"{i}\n" for i in ids[n::PROCESSES]))
            out, err = tmp_path / f"part{n}.jsonl", tmp_path / f"part{n}.err"
            args = [*common, "--ids", str(quarter), "--out", str(out)]
            running.append((start_pull(args, sim.env(), err), out, err))
        parts = [finish_pull(*r) for r in running]
    for part in parts:
        assert part.status == 0, part.stderr
    union = collections.Counter(line for part in parts for line in part.lines)
    truth: collections.Counter[bytes] = collections.Counter()
    for n in range(PROCESSES):
        truth += expected_lines(ROUTERS, SEED, NOW, ids[n::PROCESSES], SINCE, sim.origin)
    assert union == truth
    assert max(union.values()) == 1
    assert len(union) > 15_000
    requests = sum(p.requests for p in parts)
    throttles = sum(p.throttles for p in parts)
    assert requests > 40
    assert throttles < 0.02 * requests, [p.stderr for p in parts]

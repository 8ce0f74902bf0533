"""Four ``ncm-async pull`` processes, one account budget in Redis, the simulator in its own process.

Each process is configured at the full account rate R; sharing one namespace
they must send R together, not 4 x R: the simulator (throttling at R) refuses
fewer than 2% of their requests, and the union of their outputs is exactly the
records of one pull over all routers. (The wall time against R is a benchmark:
``benchmarks/bench_shared_budget.py``.)
"""

from __future__ import annotations

import collections
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis_support import RedisServer
from sim_process import SimProcess, finish_pull, start_pull

from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.server

ROUTERS = 2000
SEED = 7
RATE = 1200  # per minute: the account budget R, in the simulator and in each client
PROCESSES = 4


def write_ids(path: Path, ids: list[int]) -> Path:
    path.write_text("".join(f"{i}\n" for i in ids))
    return path


def test_four_processes_at_the_full_rate_share_one_budget(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    ids = NcmSimulator(routers=ROUTERS, seed=SEED).fleet.router_ids
    since = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    namespace = f"test-{uuid.uuid4().hex}"
    common = ["router_state_samples", "--since", since, "--rate-limit", f"{RATE}/min", "--quiet"]
    with SimProcess(
        "--routers", str(ROUTERS), "--seed", str(SEED), "--rate-limit", f"{RATE}/min",
        "--burst", "60",
    ) as sim:  # fmt: skip
        env = sim.env()
        running = []
        for n in range(PROCESSES):
            quarter = write_ids(tmp_path / f"ids{n}.txt", ids[n::PROCESSES])
            out, err = tmp_path / f"part{n}.jsonl", tmp_path / f"part{n}.err"
            args = [*common, "--ids", str(quarter), "--out", str(out)]
            args += ["--redis", redis_server.url, "--redis-namespace", namespace]
            running.append((start_pull(args, env, err), out, err))
        parts = [finish_pull(*r) for r in running]
        whole_ids = write_ids(tmp_path / "all.txt", ids)
        out, err = tmp_path / "whole.jsonl", tmp_path / "whole.err"
        whole = finish_pull(
            start_pull([*common, "--ids", str(whole_ids), "--out", str(out)], env, err), out, err
        )
    for part in [*parts, whole]:
        assert part.status == 0, part.stderr
    union = collections.Counter(line for part in parts for line in part.lines)
    assert union == collections.Counter(whole.lines)
    assert max(union.values()) == 1
    assert len(union) > 10_000
    requests = sum(p.requests for p in parts)
    throttles = sum(p.throttles for p in parts)
    assert requests >= whole.requests > 50
    assert throttles < 0.02 * requests, [p.stderr for p in parts]

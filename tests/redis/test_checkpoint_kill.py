"""kill -9 a pull whose checkpoint is in Redis, resume it in another process: exact, no duplicates.

The simulator is served in its own process and paces the pull (600 requests a
minute), so the first process is killed with SIGKILL half-way through; the
second waits for the dead one's lease to lapse, cuts the file back to the
checkpoint and finishes.
"""

from __future__ import annotations

import collections
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from redis_support import RedisServer
from sim_process import SimProcess, expected_lines, ncm_async_command

import redis
from ncm_async.models.base import id_from_url
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.server

ROUTERS = 300
SEED = 31
NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(days=4)
SCRIPT = Path(__file__).with_name("checkpoint_pull.py")


def truth() -> collections.Counter[bytes]:
    sim = NcmSimulator(routers=ROUTERS, seed=SEED, now=NOW)
    ids = sim.fleet.router_ids
    lines: collections.Counter[bytes] = collections.Counter()
    for start in range(0, len(ids), 100):
        rows = sim.ground_truth(
            "router_state_samples", router__in=ids[start : start + 100], created_at__gt=SINCE
        )
        keys = ([id_from_url(r["router"]), r["created_at_timeuuid"]] for r in rows)
        lines.update(map(orjson.dumps, keys))
    return lines


def test_a_killed_pull_resumes_in_another_process_exactly(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    expected = truth()
    out = tmp_path / "samples.jsonl"
    args = [sys.executable, str(SCRIPT), str(out), redis_server.url, uuid.uuid4().hex]
    args.append(SINCE.isoformat())
    with SimProcess(
        "--routers", str(ROUTERS), "--seed", str(SEED), "--now", NOW.isoformat(),
        "--rate-limit", "600/min",
    ) as sim:  # fmt: skip
        first = subprocess.Popen(args, env=sim.env(), stderr=subprocess.PIPE)
        third = sum(expected.values()) // 3
        while not out.exists() or out.read_bytes().count(b"\n") < third:
            try:
                first.wait(0.05)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"the pull ended before it could be killed: {first.stderr!r}")
        first.send_signal(signal.SIGKILL)
        assert first.wait(10) == -signal.SIGKILL
        assert first.stderr is not None
        first.stderr.close()
        cut = out.read_bytes().count(b"\n")
        assert cut < sum(expected.values())
        second = subprocess.run(args, env=sim.env(), capture_output=True, timeout=120, check=False)
    assert second.returncode == 0, second.stderr.decode()
    resumed = orjson.loads(second.stdout)
    kept = out.read_bytes()[: resumed["kept_bytes"]].count(b"\n")
    assert 0 < kept <= cut
    assert kept + resumed["records"] == sum(expected.values())  # only the rest was fetched
    lines = collections.Counter(out.read_bytes().splitlines())
    assert lines == expected
    assert max(lines.values()) == 1


def test_the_command_line_keeps_its_checkpoint_in_redis_across_a_kill(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    ids = NcmSimulator(routers=ROUTERS, seed=SEED).fleet.router_ids
    id_file = tmp_path / "ids.txt"
    id_file.write_text("".join(f"{i}\n" for i in ids))
    out = tmp_path / "samples.jsonl"
    key = uuid.uuid4().hex
    args = [*ncm_async_command(), "pull", "router_state_samples", "--ids", str(id_file)]
    args += ["--since", SINCE.isoformat(), "--out", str(out), "--rate-limit", "600/min"]
    args += ["--redis", redis_server.url, "--checkpoint-key", key, "--quiet"]
    with SimProcess(
        "--routers", str(ROUTERS), "--seed", str(SEED), "--now", NOW.isoformat(),
        "--rate-limit", "600/min",
    ) as sim:  # fmt: skip
        expected = expected_lines(ROUTERS, SEED, NOW, ids, SINCE, sim.origin)
        first = subprocess.Popen(args, env=sim.env(), stderr=subprocess.DEVNULL)
        saved = redis.Redis.from_url(redis_server.url)
        state = f"ncm_async:checkpoint:{{{key}}}"
        while (
            not out.exists()
            or out.read_bytes().count(b"\n") < sum(expected.values()) // 3
            or not saved.hexists(state, "doc")
        ):
            try:
                first.wait(0.05)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail("the pull ended before it could be killed")
        first.send_signal(signal.SIGKILL)
        assert first.wait(10) == -signal.SIGKILL
        saved.close()
        assert not (tmp_path / "samples.jsonl.checkpoint.json").exists()
        second = subprocess.run(
            [*args, "--resume"], env=sim.env(), capture_output=True, timeout=120, check=False
        )
    assert second.returncode == 0, second.stderr.decode()
    assert "resumed   after" in second.stderr.decode()
    lines = collections.Counter(out.read_bytes().splitlines())
    assert lines == expected
    assert max(lines.values()) == 1

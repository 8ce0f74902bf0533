"""kill -9 in the middle of a sync (a real process), then run again: exact, no repeated work.

While the process runs, a second sync on its database is refused; once it is
killed, its lock is gone with it (no stale lock).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import anyio
import pytest
from kill_helper import ROUTERS, SEED
from sync_support import FAST, NOW, SINCE, db_rows, pages_per_batch, truth_rows

from ncm_async.sync import SyncLockedError
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio
HELPER = Path(__file__).with_name("kill_helper.py")
COMMITTED = 7


async def _refused_while_running(db: Path, pid: int) -> None:
    """A second sync, from this process, while the helper holds the database."""
    sim = NcmSimulator(routers=5, seed=1, now=NOW)
    async with sim.client(rate_limit=FAST) as ncm:
        with pytest.raises(SyncLockedError, match=rf"another sync is running on .*\(pid {pid},"):
            await ncm.bulk.sync(
                ncm.v2.router_state_samples,
                key="router",
                ids=sim.fleet.router_ids,
                into=db,
                since=SINCE,
            )
    assert sim.requests == []


async def test_killed_mid_run_then_run_again_is_exact(tmp_path: Path) -> None:
    db = tmp_path / "ncm.db"
    proc = await anyio.open_process([sys.executable, str(HELPER), str(db), str(COMMITTED)])
    try:
        assert proc.stdout is not None
        said = b""
        while b"\n" not in said:
            said += await proc.stdout.receive()
        assert said.strip() == b"ready"
        await _refused_while_running(db, proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        await proc.wait()
    finally:
        await proc.aclose()
    assert proc.returncode == -signal.SIGKILL

    sim = NcmSimulator(routers=ROUTERS, seed=SEED, now=NOW)
    ids = sim.fleet.router_ids
    truth = truth_rows(sim, "router_state_samples", ids, created_at__gt=SINCE)
    partial = db_rows(db, "router_state_samples")
    assert 0 < len(partial) < len(truth)
    assert partial.items() <= truth.items()

    async with sim.client(rate_limit=FAST) as ncm:
        report = await ncm.bulk.sync(
            ncm.v2.router_state_samples, key="router", ids=ids, into=db, since=SINCE
        )
    assert report.resumed
    assert db_rows(db, "router_state_samples") == truth
    assert report.new_records == len(truth) - len(partial)
    full = sum(pages_per_batch(sim, "router_state_samples", ids, created_at__gt=SINCE))
    assert report.requests == len(sim.requests) == full - COMMITTED

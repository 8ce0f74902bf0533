"""Two syncs on one database are refused, not interleaved."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_support import FAST, NOW, SINCE

from ncm_async.errors import ConfigurationError
from ncm_async.sync import SyncLockedError, open_target
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio


async def test_a_second_sync_on_the_same_database_is_refused(tmp_path: Path) -> None:
    sim = NcmSimulator(routers=5, seed=1, now=NOW)
    db = tmp_path / "ncm.db"
    holder = open_target(f"sqlite:///{db}")
    await holder.open()
    try:
        async with sim.client(rate_limit=FAST) as ncm:
            with pytest.raises(
                SyncLockedError, match=r"another sync is running on .*ncm\.db \(pid \d+"
            ):
                await ncm.bulk.sync(
                    ncm.v2.router_state_samples,
                    key="router",
                    ids=sim.fleet.router_ids,
                    into=db,
                    since=SINCE,
                )
        assert sim.requests == []
    finally:
        await holder.close()
    async with sim.client(rate_limit=FAST) as ncm:
        report = await ncm.bulk.sync(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            into=db,
            since=SINCE,
        )
    assert report.new_records == report.received > 0
    assert report.requests == len(sim.requests)


async def test_postgres_needs_asyncio(anyio_backend: str) -> None:
    target = open_target("postgresql://nobody@127.0.0.1:1/none")
    if anyio_backend == "trio":
        with pytest.raises(ConfigurationError, match="runs on asyncio"):
            await target.open()
    else:
        with pytest.raises(ConnectionRefusedError):
            await target.open()

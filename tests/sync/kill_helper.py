"""Run by ``test_kill``: a sync that stops moving after K commits, to be killed with -9.

Usage: python kill_helper.py DB K. Prints ``ready`` once K pages are committed,
then waits forever with more pages in flight (the test kills it there).
"""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
from sync_support import FAST, NOW, SINCE

from ncm_async.sync._sqlite import SqliteTarget
from ncm_async.sync._target import Applied, Change
from ncm_async.testing import NcmSimulator

ROUTERS, SEED = 150, 5


class Stalling(SqliteTarget):
    def __init__(self, path: Path, after: int) -> None:
        super().__init__(path)
        self.after = after
        self.commits = 0

    async def commit(self, change: Change) -> Applied:
        applied = await super().commit(change)
        self.commits += 1
        if self.commits == self.after:
            print("ready", flush=True)
            await anyio.sleep_forever()
        return applied


async def main(db: Path, after: int) -> None:
    sim = NcmSimulator(routers=ROUTERS, seed=SEED, now=NOW)
    async with sim.client(rate_limit=FAST) as ncm:
        await ncm.bulk.sync(
            ncm.v2.router_state_samples,
            key="router",
            ids=sim.fleet.router_ids,
            into=Stalling(db, after),
            since=SINCE,
        )


if __name__ == "__main__":
    anyio.run(main, Path(sys.argv[1]), int(sys.argv[2]))

"""A pull to a JSON-lines file with its checkpoint in Redis: run as a process and killed by tests.

``python checkpoint_pull.py OUT REDIS_URL KEY SINCE`` with the simulator's URL and
keys in the environment. Like the CLI, it saves the checkpoint right after each
flush with the file's length in it, and on start cuts the file back to the length
the checkpoint names, so a run killed at any instant and resumed by another
process leaves every record in the file exactly once.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import anyio
import orjson

from ncm_async import AsyncNcmClient, RateLimit
from ncm_async.bulk import RedisCheckpointStore


async def main(out: Path, redis_url: str, key: str, since: str) -> None:
    store = RedisCheckpointStore.from_url(redis_url, key=key, lease_seconds=2, wait_seconds=30)
    limit = RateLimit(requests_per_minute=600, max_concurrency=4)
    try:
        async with AsyncNcmClient.from_env(rate_limit=limit) as ncm:
            ids = [r.id async for r in ncm.v2.routers.list(fields=["id"])]
            stream = ncm.bulk.list(
                ncm.v2.router_state_samples,
                key="router",
                ids=ids,
                created_at__gt=datetime.fromisoformat(since),
                checkpoint=store,
                autosave=False,
            )
            async with stream:
                keep = int(stream.checkpoint_extra.get("bytes", 0))
                with out.open("ab") as f:
                    f.truncate(keep)
                    async for page in stream.pages():
                        for sample in page:
                            f.write(orjson.dumps([sample.router_id, sample.created_at_timeuuid]))
                            f.write(b"\n")
                        f.flush()
                        os.fsync(f.fileno())
                        stream.checkpoint_extra["bytes"] = f.tell()
                        await stream.save_checkpoint()
            report = {"kept_bytes": keep, "records": stream.report.records}
            sys.stdout.write(orjson.dumps(report).decode() + "\n")
    finally:
        await store.aclose()


if __name__ == "__main__":
    anyio.run(main, Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])

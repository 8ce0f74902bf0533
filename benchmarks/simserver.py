"""The simulator in its own process, over real sockets, for the benchmarks.

Run by :mod:`benchmarks.harness` as ``python benchmarks/simserver.py ...``: it
builds the simulator, writes the ground truth of the bulk query the benchmarks
pull (the exact multiset of ``(router id, created_at_timeuuid)`` and the fewest
requests that can fetch it) to ``--truth``, serves on 127.0.0.1 (uvicorn, a free
port) and prints ``READY <port>`` on stdout. The client never shares a heap, an
event loop or a CPU time counter with the server.

``GET /_bench/counters`` answers the server's own counts (requests, throttled),
so a benchmark reports what the server saw rather than what the client believes.
It goes around the simulator, so it is neither counted nor rate limited.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import orjson
import uvicorn

from ncm_async.testing import NcmSimulator, SimRateLimit

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
BATCH = 100
PAGE = 500


def truth(sim: NcmSimulator, days: float) -> dict[str, Any]:
    """The bulk query's exact result and the fewest requests that can fetch it."""
    ids = sim.fleet.router_ids
    since = NOW - timedelta(days=days)
    keys: list[str] = []
    minimum = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows = sim.ground_truth("router_state_samples", router__in=batch, created_at__gt=since)
        keys.extend(
            f"{r['router'].rstrip('/').rsplit('/', 1)[1]} {r['created_at_timeuuid']}" for r in rows
        )
        minimum += max(1, math.ceil(len(rows) / PAGE))
    return {"ids": ids, "keys": keys, "minimum": minimum, "since": since.isoformat()}


def with_counters(sim: NcmSimulator) -> Any:
    """The simulator's ASGI app plus ``/_bench/counters``."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/_bench/counters":
            body = json.dumps(
                {"requests": sim.counters.requests, "throttled": sim.counters.throttled}
            ).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await sim.app(scope, receive, send)

    return app


async def serve(sim: NcmSimulator) -> None:
    config = uvicorn.Config(
        with_counters(sim),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        interface="asgi3",
        access_log=False,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the simulator server did not start")
        await anyio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=2000)
    parser.add_argument("--density", type=float, default=1.0)
    parser.add_argument("--days", type=float, default=1.0, help="window of the bulk query")
    parser.add_argument("--rate", type=float, default=0.0, help="requests/minute; 0: none")
    parser.add_argument("--burst", type=int, default=None)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--truth", default="", help="write the bulk query's truth here")
    args = parser.parse_args()
    limit = SimRateLimit(args.rate, burst=args.burst) if args.rate > 0 else None
    sim = NcmSimulator(
        routers=args.routers,
        seed=7,
        now=NOW,
        window=timedelta(days=max(1.0, args.days)),
        density=args.density,
        rate_limit=limit,
        latency=args.latency,
    )
    if args.truth:
        with open(args.truth, "wb") as out:
            out.write(orjson.dumps(truth(sim, args.days)))
    sim.reset_requests()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(sim))
    sys.exit(0)


if __name__ == "__main__":
    main()

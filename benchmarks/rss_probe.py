"""Peak resident memory of one process streaming a listing: ``python rss_probe.py URL SINCE MODE``.

Run in a child process by ``bench_performance.py`` so the figure is this
stream's alone. Prints ``<records> <peak RSS in KiB>``.
"""

from __future__ import annotations

import resource
import sys

import anyio

from harness import KEYS
from ncm_async import AsyncNcmClient, RateLimit, V2Keys


async def main(base_url: str, since: str, mode: str) -> None:
    limit = RateLimit(requests_per_minute=1e9, burst=10_000, adaptive=False)
    count = 0
    async with AsyncNcmClient(v2_keys=V2Keys(*KEYS), base_url_v2=base_url, rate_limit=limit) as ncm:
        async for _ in ncm.v2.router_state_samples.list(created_at__gt=since, raw=mode == "raw"):
            count += 1
    print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], sys.argv[2], sys.argv[3])

"""One bulk pull in a fresh process, reporting the process's peak memory (run by the bench).

``python memory_probe.py URL SINCE MODE IDS_FILE`` streams every state sample of
the routers in ``IDS_FILE`` (one id a line) created after ``SINCE`` through
``ncm.bulk.list`` (``MODE`` is ``typed`` or ``raw``), counting the records and
keeping none, then prints one JSON line: ``records``, ``before`` (the peak RSS
once ``ncm_async`` is imported and the client open, kB) and ``peak`` (the peak RSS
of the whole run, kB), both from ``getrusage(RUSAGE_SELF).ru_maxrss``: what the
kernel saw, allocator and interpreter included, not just Python objects. A fresh
process per pull keeps one pull's high-water mark out of the next one's figure.
"""

from __future__ import annotations

import json
import resource
import sys

import anyio

from harness import KEYS
from ncm_async import AsyncNcmClient, RateLimit, V2Keys

UNLIMITED = RateLimit(requests_per_minute=1e9, burst=10_000, max_concurrency=8, adaptive=False)


def peak_kb() -> int:
    """This process's peak RSS in kB: ``VmHWM`` on Linux (``ru_maxrss`` survives ``exec``,
    so there it would still hold the parent's size at the fork)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def pull(url: str, since: str, raw: bool, ids: list[str]) -> dict[str, int]:
    async with AsyncNcmClient(v2_keys=V2Keys(*KEYS), base_url_v2=url, rate_limit=UNLIMITED) as ncm:
        before = peak_kb()
        records = 0
        stream = ncm.bulk.list(
            ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=since, raw=raw
        )
        async with stream:
            async for page in stream.pages():
                records += len(page)
    return {"records": records, "before": before, "peak": peak_kb()}


def main() -> None:
    url, since, mode, ids_file = sys.argv[1:5]
    with open(ids_file) as f:
        ids = f.read().split()
    print(json.dumps(anyio.run(pull, url, since, mode == "raw", ids)), flush=True)


if __name__ == "__main__":
    main()

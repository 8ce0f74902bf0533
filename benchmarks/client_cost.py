"""What the client itself costs: CPU per record and requests/s, against hand-written loops.

The server runs in its own process, so ``time.process_time()`` of this process is
the client's CPU alone. Variants run interleaved (A B C A B C ...) and each keeps
its best run: on a shared machine noise only ever adds.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
import orjson

from harness import HEADERS, KEYS, Server
from ncm_async import AsyncNcmClient, RateLimit, V2Keys

REPEATS = 3
RPS_REPEATS = 5
"""Requests/s runs are short (a second or two), so they take more rounds to shed noise."""
SINCE = "2024-04-30T00:00:00+00:00"


def open_client(server: Server, concurrency: int = 8) -> AsyncNcmClient:
    limit = RateLimit(
        requests_per_minute=1e9, burst=10_000, max_concurrency=concurrency, adaptive=False
    )
    return AsyncNcmClient(v2_keys=V2Keys(*KEYS), base_url_v2=server.base_url_v2, rate_limit=limit)


ROUTERS: list[str] = []
"""The 100 routers whose state samples make the narrow listing (set by ``cpu_per_record``)."""


def listing(shape: str) -> tuple[str, dict[str, Any]]:
    """The endpoint and filters of a shape: narrow state samples or wide routers."""
    if shape == "narrow":
        return "router_state_samples", {"router__in": ROUTERS, "created_at__gt": SINCE}
    return "routers", {}


async def sdk_list(server: Server, shape: str, raw: bool) -> int:
    endpoint, filters = listing(shape)
    count = 0
    async with open_client(server) as ncm:
        resource = getattr(ncm.v2, endpoint)
        kwargs = {"raw": True} if raw else {}
        async for _ in resource.list(**filters, **kwargs):
            count += 1
    return count


async def httpx_list(server: Server, shape: str, loads: Callable[[bytes], Any]) -> int:
    """The loop a user would write: GET, parse, follow ``meta.next``."""
    endpoint, filters = listing(shape)
    count = 0
    async with httpx.AsyncClient(headers=HEADERS) as http:
        url: str | None = f"{server.base_url_v2}{endpoint}/"
        params: dict[str, Any] | None = {
            **{k: ",".join(v) if isinstance(v, list) else v for k, v in filters.items()},
            "limit": 500,
        }
        while url:
            response = await http.get(url, params=params)
            response.raise_for_status()
            body = loads(response.content)
            for _ in body["data"]:
                count += 1
            url, params = body["meta"]["next"], None
    return count


def official_list(server: Server, shape: str) -> int:
    import ncm

    os.environ["CP_BASE_URL"] = server.base_url_v2.rstrip("/")
    client = ncm.ncm.NcmClientv2(api_keys=HEADERS, log_events=False, retries=0)
    if shape == "narrow":
        rows = client.get_router_state_samples(
            router__in=ROUTERS, created_at__gt=SINCE, limit="all"
        )
    else:
        rows = client.get_routers(limit="all")
    return len(rows)


async def cpu_of(run: Callable[[], Awaitable[int]]) -> tuple[float, int]:
    started = time.process_time()
    count = await run()
    return time.process_time() - started, count


async def cpu_per_record(server: Server, shape: str) -> dict[str, tuple[float, int]]:
    """Best client CPU seconds and the record count, per variant."""
    if not ROUTERS:
        params = {"limit": 100, "fields": "id"}
        ids = httpx.get(f"{server.base_url_v2}routers/", params=params, headers=HEADERS)  # noqa: ASYNC210
        ROUTERS.extend(str(r["id"]) for r in ids.json()["data"])
    variants: dict[str, Callable[[], Awaitable[int]]] = {
        "typed": lambda: sdk_list(server, shape, raw=False),
        "raw": lambda: sdk_list(server, shape, raw=True),
        "httpx + json": lambda: httpx_list(server, shape, json.loads),
        "httpx + orjson": lambda: httpx_list(server, shape, orjson.loads),
    }
    try:
        import ncm  # noqa: F401
    except ImportError:
        pass
    else:

        async def official() -> int:
            return official_list(server, shape)

        variants["official ncm"] = official
    try:
        await variants["raw"]()
    except Exception:  # raw mode not available in this version: reported as missed
        del variants["raw"]
    for run in variants.values():
        await run()  # warm-up: imports, the server's caches
    best: dict[str, tuple[float, int]] = {}
    for _ in range(REPEATS):
        for name, run in variants.items():
            cpu, count = await cpu_of(run)
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, count)
    return best


async def sdk_requests(server: Server, concurrency: int, total: int, path: str) -> float:
    async with open_client(server, concurrency) as ncm:

        async def worker(n: int) -> None:
            for _ in range(n):
                await ncm.request("GET", path, params={"limit": 1})

        return await _spread(worker, concurrency, total)


async def httpx_requests(server: Server, concurrency: int, total: int, path: str) -> float:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=HEADERS, limits=limits) as http:
        url = f"{server.base_url_v2}{path}?limit=1"

        async def worker(n: int) -> None:
            for _ in range(n):
                response = await http.get(url)
                response.raise_for_status()
                orjson.loads(response.content)

        return await _spread(worker, concurrency, total)


async def _spread(worker: Callable[[int], Awaitable[None]], concurrency: int, total: int) -> float:
    """Requests/s of ``total`` requests over ``concurrency`` tasks."""
    await worker(concurrency)  # warm the pool
    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for i in range(concurrency):
            tg.start_soon(worker, total // concurrency + (i < total % concurrency))
    return total / (time.perf_counter() - started)


async def requests_per_second(
    server: Server, path: str, levels: tuple[int, ...], total: int
) -> dict[tuple[str, int], float]:
    """Best requests/s per (variant, concurrency), interleaved."""
    best: dict[tuple[str, int], float] = {}
    for _ in range(RPS_REPEATS):
        for concurrency in levels:
            for name, run in (("sdk", sdk_requests), ("httpx", httpx_requests)):
                rate = await run(server, concurrency, total, path)
                best[name, concurrency] = max(best.get((name, concurrency), 0.0), rate)
    return best

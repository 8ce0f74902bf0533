"""The SDK against a hostile server: the simulator's adversarial knobs, measured in one run.

For each knob, what a listing of every router and a bulk pull of state samples end
with (the exact records, or which error) and what it cost in requests against the
minimum a well-behaved server needs:

1. a well-behaved server (the reference);
2. ``page_cap``: pages of at most 100 records without ``meta``;
3. ``offset_overlap``: each offset page starts 50 records early (records repeat);
4. ``next_link_cycle``: later pages link back to the first;
5. ``wrong_shape``: a 200 ``{"detail": "scheduled maintenance"}``;
6. ``trickle`` over a real socket: a body of 4 bytes every 0.25 s against a client
   ``timeout`` of 1 s: elapsed / timeout (1 means the timeout bounds the whole attempt).

Every run is bounded by a 20 s guard, so a client that loops shows as "no end".
Run: ``python benchmarks/bench_hostile.py [--routers N]``.
"""

from __future__ import annotations

import argparse
import math
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio

from ncm_async import RateLimit, RetryPolicy
from ncm_async.testing import AdversaryPlan, NcmSimulator, Trickle
from ncm_async.testing.server import running

NOW = datetime(2024, 5, 1, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
UNLIMITED = RateLimit(requests_per_minute=1e9, burst=1000, max_concurrency=8)
GUARD_SECONDS = 20.0


def row(name: str, value: str, note: str = "") -> None:
    print(f"  {name:<36} {value:>24}  {note}")


async def listing(sim: NcmSimulator) -> tuple[str, int]:
    """List every router: the outcome and the requests it took."""
    sim.reset_requests()
    expected = [str(r["id"]) for r in sim.fleet.routers]
    try:
        with anyio.fail_after(GUARD_SECONDS):
            async with sim.client(rate_limit=UNLIMITED) as ncm:
                got = [r.id for r in await ncm.v2.routers.list().collect()]
    except TimeoutError:
        return "no end", len(sim.requests)
    except Exception as error:
        return type(error).__name__, len(sim.requests)
    if got == expected:
        return "exact", len(sim.requests)
    return f"{len(got) - len(set(got))} dup, {len(set(expected) - set(got))} lost", len(
        sim.requests
    )


async def bulk(sim: NcmSimulator, ids: list[int]) -> tuple[str, int]:
    """Pull 24 h of state samples of ``ids``: the outcome and the requests it took."""
    expected = sorted(
        r["created_at_timeuuid"]
        for start in range(0, len(ids), 100)
        for r in sim.ground_truth(
            "router_state_samples", router__in=ids[start : start + 100], created_at__gt=SINCE
        )
    )
    sim.reset_requests()
    got: list[str] = []
    try:
        with anyio.fail_after(GUARD_SECONDS):
            async with sim.client(rate_limit=UNLIMITED) as ncm:
                stream = ncm.bulk.list(
                    ncm.v2.router_state_samples, key="router", ids=ids, created_at__gt=SINCE
                )
                got = [s.created_at_timeuuid or "" async for s in stream]
    except TimeoutError:
        return "no end", len(sim.requests)
    except Exception as error:
        return type(error).__name__, len(sim.requests)
    if sorted(got) == expected:
        return "exact", len(sim.requests)
    return f"{len(got) - len(set(got))} dup, {len(set(expected) - set(got))} lost", len(
        sim.requests
    )


async def trickled(client_timeout: float) -> tuple[str, float]:
    """One GET from a server trickling its body: the outcome and the seconds it took."""
    plan = AdversaryPlan(trickle=Trickle(chunk_bytes=4, pause_seconds=0.25))
    sim = NcmSimulator(routers=20, seed=7, now=NOW, adversary=plan)
    retry = RetryPolicy(max_attempts=1)
    async with running(sim, port=0) as server:
        client = sim.client(
            base_url_v2=server.base_url_v2, base_url_v3=server.base_url_v3, transport=None
        )
        started = time.perf_counter()
        try:
            with anyio.fail_after(GUARD_SECONDS):
                async with client.with_options(retry=retry, timeout=client_timeout) as ncm:
                    await ncm.v2.routers.list(limit=20).collect()
            outcome = "answered"
        except TimeoutError:
            outcome = "no end"
        except Exception as error:
            outcome = type(error).__name__
        finally:
            await client.aclose()
        return outcome, time.perf_counter() - started


async def main(routers: int) -> None:
    plans: list[tuple[str, AdversaryPlan | None]] = [
        ("well-behaved server", None),
        ("page_cap=100 (no meta)", AdversaryPlan(page_cap=100)),
        ("offset_overlap=50", AdversaryPlan(offset_overlap=50)),
        ("next_link_cycle", AdversaryPlan(next_link_cycle=True)),
        ("wrong_shape='detail'", AdversaryPlan(wrong_shape="detail")),
    ]
    minimum_list = math.ceil(routers / 500)
    print(f"hostile servers: {routers:,} routers; listing minimum {minimum_list} requests")
    for index, (label, plan) in enumerate(plans, start=1):
        sim = NcmSimulator(routers=routers, seed=7, now=NOW, adversary=plan)
        ids = sim.fleet.router_ids[:300]
        print(f"\n{index}. {label}")
        outcome, sent = await listing(sim)
        row("routers listing", outcome, f"{sent} requests ({sent / minimum_list:.2f} x minimum)")
        outcome, sent = await bulk(sim, ids)
        row("bulk state samples, 300 routers", outcome, f"{sent} requests")
    outcome, elapsed = await trickled(1.0)
    print("\n6. trickle: 4 bytes every 0.25 s, client timeout 1 s, one attempt")
    row("one listing page", outcome, f"elapsed / timeout {elapsed / 1.0:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--routers", type=int, default=2000)
    args: Any = parser.parse_args()
    anyio.run(main, args.routers)

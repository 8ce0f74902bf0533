"""A real client nobody here wrote (Cradlepoint's sync `ncm` package) agrees with the simulator.

The official package is pointed at a live ``ncm-async``-style server through its own
``CP_BASE_URL`` variable, exactly as a user would do. Skipped where `ncm` is absent.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from ncm_async.testing import NcmSimulator
from ncm_async.testing.server import RunningServer, running

ncm = pytest.importorskip("ncm")

pytestmark = [pytest.mark.official_ncm, pytest.mark.server]

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
KEYS = {
    "X-CP-API-ID": "placeholder-1",
    "X-CP-API-KEY": "placeholder-2",
    "X-ECM-API-ID": "placeholder-3",
    "X-ECM-API-KEY": "placeholder-4",
}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[NcmSimulator, RunningServer]]:
    """The simulator on 127.0.0.1 in a background thread, stopped at the end."""
    sim = NcmSimulator(routers=650, seed=21, now=NOW)
    ready = threading.Event()
    stop: asyncio.Event | None = None
    box: dict[str, object] = {}

    async def main() -> None:
        nonlocal stop
        stop = asyncio.Event()
        async with running(sim, "127.0.0.1", 0) as server:
            box["server"] = server
            ready.set()
            await stop.wait()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the simulator server did not start"
    try:
        server = box["server"]
        assert isinstance(server, RunningServer)
        yield sim, server
    finally:
        assert stop is not None
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()
    assert not thread.is_alive()


@pytest.fixture
def client(served: tuple[NcmSimulator, RunningServer], monkeypatch: pytest.MonkeyPatch) -> Any:
    _, server = served
    monkeypatch.setenv("CP_BASE_URL", server.base_url_v2.rstrip("/"))
    return ncm.ncm.NcmClientv2(api_keys=KEYS, log_events=False, retries=0)


def test_official_client_lists_all_routers(
    served: tuple[NcmSimulator, RunningServer], client: Any
) -> None:
    sim, _ = served
    routers = client.get_routers(limit="all")
    truth = sim.ground_truth("routers")
    assert len(truth) == 650
    assert sorted(r["id"] for r in routers) == sorted(t["id"] for t in truth)


def test_official_client_gets_one_routers_state_samples(
    served: tuple[NcmSimulator, RunningServer], client: Any
) -> None:
    sim, _ = served
    router = sim.fleet.busy_router_ids[0]
    samples = client.get_router_state_samples(router=router, limit="all")
    truth = sim.ground_truth("router_state_samples", router=router)
    assert len(truth) > 500
    assert [s["created_at_timeuuid"] for s in samples] == [t["created_at_timeuuid"] for t in truth]

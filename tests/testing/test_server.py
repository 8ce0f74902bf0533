"""The simulator over loopback HTTP (uvicorn): port 0, URLs on the served port, clean shutdown."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from ncm_async.testing import FaultPlan, NcmSimulator
from ncm_async.testing.server import check_loopback, running

KEYS = {"X-CP-API-ID": "a", "X-CP-API-KEY": "b", "X-ECM-API-ID": "c", "X-ECM-API-KEY": "d"}


@pytest.mark.asyncio
@pytest.mark.server
async def test_server_on_port_zero_answers_and_shuts_down() -> None:
    sim = NcmSimulator(routers=20, seed=0)
    async with running(sim, port=0) as server:
        assert server.port > 0
        async with httpx.AsyncClient(base_url=server.base_url_v2, headers=KEYS) as client:
            body = (await client.get("routers/", params={"limit": 5})).json()
            followed = (await client.get(body["meta"]["next"])).json()
        origin = f"http://127.0.0.1:{server.port}"
        assert body["meta"]["next"].startswith(f"{origin}/api/v2/routers/?")
        assert body["data"][0]["resource_url"].startswith(f"{origin}/api/v2/routers/")
        assert followed["meta"]["offset"] == 5
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as client:
            await client.get(f"{origin}/api/v2/routers/", headers=KEYS)
    assert [r.status for r in sim.requests] == [200, 200]


@pytest.mark.asyncio
@pytest.mark.server
async def test_server_drop_fault_is_a_client_error() -> None:
    sim = NcmSimulator(routers=5, faults=FaultPlan(transient_rate=1.0, kinds=("drop",)))
    async with (
        running(sim) as server,
        httpx.AsyncClient(base_url=server.base_url_v2, headers=KEYS) as client,
    ):
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("accounts/")
    assert sim.requests[0].fault == "drop"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_only_loopback_is_served(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        check_loopback(host)


def test_loopback_hosts_are_accepted() -> None:
    for host in ("127.0.0.1", "::1", "localhost"):
        check_loopback(host)


def test_simulate_without_uvicorn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn is the ``server`` extra: without it, starting a server says how to get it."""
    import io

    from ncm_async.cli.session import SimSettings
    from ncm_async.cli.simulate import ServeOptions, run_simulate

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    err = io.StringIO()
    status = run_simulate(ServeOptions(sim=SimSettings(routers=2), port=0), io.StringIO(), err)
    assert status == 1
    assert err.getvalue() == (
        "ncm-async simulate: serving the simulator over HTTP needs uvicorn: "
        "pip install 'ncm-async[server]'\n"
    )


def test_in_process_simulator_needs_no_uvicorn() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None; "
        "from ncm_async.testing import NcmSimulator; "
        "import ncm_async.testing.server, ncm_async.cli.simulate, ncm_async.cli.main; "
        "NcmSimulator(routers=2)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

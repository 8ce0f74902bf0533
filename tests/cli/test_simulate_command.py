"""``ncm-async simulate``: serves on loopback, answers a client, stops cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import signal
import subprocess
import sys

import httpx
import orjson
import pytest

from ncm_async.cli.session import SimSettings
from ncm_async.cli.simulate import ServeOptions, run_simulate, serve
from ncm_async.testing.server import RunningServer

pytestmark = pytest.mark.server

V2_HEADERS = dict.fromkeys(
    ("X-CP-API-ID", "X-CP-API-KEY", "X-ECM-API-ID", "X-ECM-API-KEY"), "placeholder"
)


@pytest.mark.asyncio
async def test_serves_the_fleet_on_a_free_loopback_port_and_stops_when_cancelled() -> None:
    ready: asyncio.Future[RunningServer] = asyncio.get_running_loop().create_future()
    out = io.StringIO()
    opts = ServeOptions(SimSettings(routers=4, seed=1), port=0)
    task = asyncio.create_task(serve(opts, out, on_ready=ready.set_result))
    try:
        server = await asyncio.wait_for(ready, 10)
        assert server.host == "127.0.0.1"
        assert server.port > 0
        async with httpx.AsyncClient() as http:
            response = await http.get(f"{server.base_url_v2}routers/", headers=V2_HEADERS)
        assert response.status_code == 200
        assert len(response.json()["data"]) == 4
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    banner = out.getvalue()
    assert f"listening on http://127.0.0.1:{server.port}" in banner
    assert f"CP_BASE_URL=http://127.0.0.1:{server.port}/api/v2" in banner


@pytest.mark.asyncio
async def test_enforced_keys_are_never_echoed() -> None:
    ready: asyncio.Future[RunningServer] = asyncio.get_running_loop().create_future()
    out = io.StringIO()
    keys = ("id-secret", "key-secret", "ecm-id-secret", "ecm-key-secret")
    opts = ServeOptions(SimSettings(routers=1), port=0, v2_keys=keys, v3_token="tok-secret")
    task = asyncio.create_task(serve(opts, out, on_ready=ready.set_result))
    try:
        server = await asyncio.wait_for(ready, 10)
        async with httpx.AsyncClient() as http:
            wrong = await http.get(f"{server.base_url_v2}routers/", headers=V2_HEADERS)
            right = await http.get(
                f"{server.base_url_v2}routers/", headers=dict(zip(V2_HEADERS, keys, strict=True))
            )
        assert (wrong.status_code, right.status_code) == (401, 200)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert "secret" not in out.getvalue()
    assert "<the --v2-keys values>" in out.getvalue()
    assert "secret" not in repr(opts)


def test_refuses_a_non_loopback_host() -> None:
    err = io.StringIO()
    opts = ServeOptions(SimSettings(routers=1), host="0.0.0.0", port=0)
    assert run_simulate(opts, io.StringIO(), err) == 1
    assert "loopback only" in err.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_command_serves_a_pull_and_exits_0_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "ncm_async.cli.main", "simulate", "--port", "0", "--routers", "6"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = None
        for _ in range(20):
            line = proc.stdout.readline()
            match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
            if match:
                url = match.group(1)
                break
        assert url is not None, "the server did not announce its URL"
        pull_env = {
            **env,
            "CP_BASE_URL": f"{url}/api/v2",
            **{k.replace("-", "_"): "sim" for k in V2_HEADERS},
        }
        pulled = subprocess.run(
            [sys.executable, "-m", "ncm_async", "pull", "routers", "--fields", "id", "--quiet"],
            env=pull_env,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert pulled.returncode == 0, pulled.stderr
        assert len([orjson.loads(line) for line in pulled.stdout.splitlines()]) == 6
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert proc.stderr is not None
        assert "simulator stopped" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

"""The README's FastAPI example, served by uvicorn, answers real HTTP requests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from markdown_blocks import python_blocks

from conftest import ROOT

README = ROOT / "README.md"


def fastapi_app() -> Any:
    """The ``app`` the README's FastAPI block defines, built exactly as written."""
    (block,) = [b for b in python_blocks(README.read_text()) if "FastAPI(" in b.code]
    namespace: dict[str, Any] = {"__name__": "readme_fastapi"}
    exec(compile(block.code, str(README), "exec"), namespace)
    return namespace["app"]


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="on", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "uvicorn did not start"
            await anyio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@pytest.mark.asyncio
@pytest.mark.server
@pytest.mark.usefixtures("simulated")
async def test_the_fastapi_example_answers_real_requests(simulated: dict[str, str]) -> None:
    app = fastapi_app()
    base = simulated["CP_BASE_URL"]
    async with httpx.AsyncClient() as plain:
        listing = await plain.get(
            f"{base}/routers/", params={"limit": 3}, headers=_v2_headers(simulated)
        )
        routers = listing.json()["data"]
        async with serving(app) as origin:
            answers = [(await plain.get(f"{origin}/routers/{r['id']}")) for r in routers]
            missing = await plain.get(f"{origin}/routers/999999999")
            bad = await plain.get(f"{origin}/routers/not-a-number")
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json() for a in answers] == [
        {"id": str(r["id"]), "name": r["name"], "state": r["state"]} for r in routers
    ]
    assert (missing.status_code, missing.json()) == (404, {"detail": "no such router"})
    assert bad.status_code == 422


def _v2_headers(env: dict[str, str]) -> dict[str, str]:
    names = ("X_CP_API_ID", "X_CP_API_KEY", "X_ECM_API_ID", "X_ECM_API_KEY")
    return {name.replace("_", "-"): env[name] for name in names}

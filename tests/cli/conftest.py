"""Helpers for the command-line tests: a pinned simulator and ground truth in output form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import orjson
import pytest

from ncm_async._client import AsyncNcmClient
from ncm_async._config import ENV_BASE_URL_V2, ENV_BASE_URL_V3, ENV_V2_KEYS, ENV_V3_TOKEN
from ncm_async.cli.session import SimSettings, client_rate_limit
from ncm_async.cli.targets import find_target
from ncm_async.converter import structure, unstructure
from ncm_async.testing import NcmSimulator

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


class StopAfter(httpx.AsyncBaseTransport):
    """Sets ``stop`` when the n-th request goes out and hangs it: a Ctrl-C mid-request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, n: int, stop: anyio.Event) -> None:
        self.inner, self.n, self.stop, self.count = inner, n, stop, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.count == self.n:
            self.stop.set()
            await anyio.sleep_forever()
        return await self.inner.handle_async_request(request)


def stopping_client(n: int, stop: anyio.Event) -> Callable[[SimSettings | None], AsyncNcmClient]:
    """A ``client_factory`` whose n-th request interrupts the pull."""

    def factory(settings: SimSettings | None) -> AsyncNcmClient:
        assert settings is not None
        sim = settings.build()
        transport = StopAfter(httpx.ASGITransport(app=sim.app), n, stop)
        return sim.client(transport=transport, rate_limit=client_rate_limit(None, 8))

    return factory


def expected_lines(sim: NcmSimulator, endpoint: str, **filters: Any) -> list[bytes]:
    """Ground truth as the JSON lines a correct pull writes, sorted for comparison.

    The converter's round trip normalises timestamps, so truth goes through it too.
    """
    model = find_target(endpoint).model
    truth = sim.ground_truth(endpoint, **filters)
    return sorted(orjson.dumps(unstructure(structure(r, model))) for r in truth)


def expected_per_router(
    sim: NcmSimulator, endpoint: str, ids: list[int], key: str = "router", **filters: Any
) -> list[bytes]:
    """Ground truth of a fan-out pull over ``ids`` (asked 100 ids at a time, as the API allows)."""
    lines: list[bytes] = []
    for start in range(0, len(ids), 100):
        chunk = {f"{key}__in": ids[start : start + 100]}
        lines += expected_lines(sim, endpoint, **chunk, **filters)
    return sorted(lines)


def written_lines(data: bytes) -> list[bytes]:
    """An output's lines, sorted; every line must be whole."""
    assert not data or data.endswith(b"\n"), "output ends in a partial line"
    return sorted(data.splitlines())


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment with none of the NCM variables."""
    for name in (*ENV_V2_KEYS, ENV_V3_TOKEN, ENV_BASE_URL_V2, ENV_BASE_URL_V3):
        monkeypatch.delenv(name, raising=False)

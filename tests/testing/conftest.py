"""Fixtures for the simulator's own tests: a small fleet and plain httpx clients.

The tests talk to the simulator with bare ``httpx`` on purpose: they prove what
the fake server does, independently of the SDK that is tested against it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
V2_HEADERS = {
    "X-CP-API-ID": "cp-id",
    "X-CP-API-KEY": "cp-key",
    "X-ECM-API-ID": "ecm-id",
    "X-ECM-API-KEY": "ecm-key",
}
JSONAPI = "application/vnd.api+json"
V3_HEADERS = {"Authorization": "Bearer token", "Accept": JSONAPI, "Content-Type": JSONAPI}

ClientFactory = Callable[..., httpx.AsyncClient]


@pytest.fixture
def sim() -> NcmSimulator:
    """A 120-router fleet at a fixed instant."""
    return NcmSimulator(routers=120, seed=7, now=NOW)


@pytest.fixture
def v2_client() -> ClientFactory:
    """``v2_client(sim, **headers)``: an in-process client with the four v2 keys."""

    def make(
        simulator: NcmSimulator, headers: dict[str, str] | None = None, **kw: Any
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=simulator.app),
            base_url=simulator.base_url_v2,
            headers=V2_HEADERS if headers is None else headers,
            **kw,
        )

    return make


@pytest.fixture
def v3_client() -> ClientFactory:
    """``v3_client(sim, **headers)``: an in-process JSON:API client with a bearer token."""

    def make(
        simulator: NcmSimulator, headers: dict[str, str] | None = None, **kw: Any
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=simulator.app),
            base_url=simulator.base_url_v3,
            headers=V3_HEADERS if headers is None else headers,
            **kw,
        )

    return make


async def collect_v2(
    client: httpx.AsyncClient, path: str, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Follow ``meta.next`` from a first page; returns (records, metas)."""
    records: list[dict[str, Any]] = []
    metas: list[dict[str, Any]] = []
    response = await client.get(path, params=params or None)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        records += body["data"]
        metas.append(body["meta"])
        if body["meta"]["next"] is None:
            return records, metas
        response = await client.get(body["meta"]["next"])


@pytest.fixture
def collect() -> Callable[..., Any]:
    """The :func:`collect_v2` helper, as a fixture (tests import nothing from here)."""
    return collect_v2

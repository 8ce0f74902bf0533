"""Fixtures for the v3 resource tests: a seeded simulator and a client wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from ncm_async import AsyncNcmClient, RateLimit
from ncm_async.testing import NcmSimulator

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
UNLIMITED = RateLimit(requests_per_minute=1_000_000, burst=100_000)


@pytest.fixture
def sim() -> NcmSimulator:
    """A fresh 120-router fleet per test (writes change it)."""
    return NcmSimulator(routers=120, seed=13, now=NOW)


@pytest.fixture
async def ncm(sim: NcmSimulator) -> AsyncIterator[AsyncNcmClient]:
    """A client on ``sim`` whose own limiter never waits."""
    async with sim.client(rate_limit=UNLIMITED) as client:
        yield client

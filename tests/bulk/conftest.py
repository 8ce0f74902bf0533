"""Fixtures for the bulk tests (helpers live in ``bulk_support``, importable from here)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bulk_support import NOW, ROUTERS, SINCE, MakeSim, Truth

from ncm_async.testing import NcmSimulator


@pytest.fixture(scope="session")
def shared_sim() -> NcmSimulator:
    """A fault-free, unthrottled simulator shared by tests that only read (reset its log)."""
    return NcmSimulator(routers=ROUTERS, seed=3, now=NOW)


@pytest.fixture(scope="session")
def samples_truth(shared_sim: NcmSimulator) -> Truth:
    return Truth(
        shared_sim, "router_state_samples", shared_sim.fleet.router_ids, 100, created_at__gt=SINCE
    )


@pytest.fixture
def sim(shared_sim: NcmSimulator) -> NcmSimulator:
    shared_sim.reset_requests()
    return shared_sim


@pytest.fixture
def make_sim() -> MakeSim:
    """A fresh simulator over the same fleet as ``shared_sim`` (for faults, budgets)."""

    def make(**kwargs: Any) -> NcmSimulator:
        kwargs.setdefault("routers", ROUTERS)
        kwargs.setdefault("seed", 3)
        return NcmSimulator(now=NOW, **kwargs)

    return make

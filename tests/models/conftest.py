"""Fixtures for the model tests: the documented API examples vendored with the simulator.

The data lives in ``ncm_async/testing/data`` (see its README for the source of each
fact), so a fresh clone runs every example test.
"""

from __future__ import annotations

from typing import Any

import pytest

from ncm_async.testing import v2_docs


@pytest.fixture(scope="session")
def v2_examples() -> dict[str, Any]:
    """The docs' example bodies by ``"<endpoint>:<description>"``."""
    return dict(v2_docs.examples())


@pytest.fixture(scope="session")
def v2_catalog() -> dict[str, Any]:
    """The docs' per-endpoint field tables."""
    return dict(v2_docs.catalog())

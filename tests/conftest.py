"""Suite-wide fixtures.

Async tests are marked ``@pytest.mark.anyio`` and run on both asyncio and trio
through the ``anyio_backend`` fixture below; tests that need asyncio only (uvicorn
servers) use ``@pytest.mark.asyncio`` from pytest-asyncio in strict mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Helpers shared by the test directories (``orphan_guard``), found after each
# directory's own helpers (appended, so a directory's ``conftest`` still wins).
sys.path.append(str(Path(__file__).parent))


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)

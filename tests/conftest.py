"""Suite-wide fixtures.

Async tests are marked ``@pytest.mark.anyio`` and run on both asyncio and trio
through the ``anyio_backend`` fixture below; tests that need asyncio only (uvicorn
servers) use ``@pytest.mark.asyncio`` from pytest-asyncio in strict mode.
"""

from __future__ import annotations

import pytest


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)

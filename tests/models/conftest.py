"""Fixtures for the model tests: the documented API examples from ``shared/ncm-api``.

CI keeps a copy of ``shared/`` beside the clone (``<repo>/../shared``); tests that
need it are skipped with a clear reason where it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NCM_API_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "ncm-api"


def _load(name: str) -> Any:
    path = NCM_API_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared NCM API docs are not beside the repo")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def v2_examples() -> dict[str, Any]:
    """``v2-examples.json``: documented bodies by ``"<endpoint>:<description>"``."""
    return dict(_load("v2-examples.json"))


@pytest.fixture(scope="session")
def v2_catalog() -> dict[str, Any]:
    """``v2-catalog.json``: every v2 endpoint's field table."""
    return dict(_load("v2-catalog.json"))

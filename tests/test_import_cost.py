"""``import ncm_async`` loads only the errors; every other name loads what it needs on first use.

Not a wall-clock test: it checks which modules an import brings in, in a fresh
interpreter (``benchmarks/bench_import.py`` prints the time ratio to httpx).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "ncm_async._blocking",
    "ncm_async._endpoints",
    "ncm_async._env",
    "ncm_async._list_query",
    "ncm_async._paginator",
    "ncm_async._query",
    "ncm_async._resources",
    "ncm_async._resources.v2",
    "ncm_async._resources.v3",
    "ncm_async._endpoints.v2",
    "ncm_async._endpoints.v3",
    "ncm_async.bulk",
    "ncm_async.cli",
    "ncm_async.converter",
    "ncm_async.models",
    "ncm_async.observe",
    "ncm_async.ratelimit._redis_store",
    "ncm_async.testing",
    "anyio.from_thread",
    "opentelemetry",
    "redis",
    "tenacity",
)


def modules_after(statement: str) -> set[str]:
    script = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout))


def loaded(modules: set[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("import ncm_async", ["ncm_async", "ncm_async.errors"]),
        # What pytest imports in every test run of an environment with the SDK installed.
        (
            "import ncm_async._pytest_entry",
            ["ncm_async", "ncm_async._pytest_entry", "ncm_async.errors"],
        ),
        ("from ncm_async import NcmError, errors", ["ncm_async", "ncm_async.errors"]),
    ],
)
def test_the_package_alone_loads_only_the_errors(statement: str, expected: list[str]) -> None:
    modules = modules_after(statement)
    assert sorted(m for m in modules if loaded({m}, "ncm_async")) == expected
    assert [p for p in ("httpx", "attr", "attrs", "anyio", "orjson") if loaded(modules, p)] == []


def test_the_client_is_imported_and_made_without_loading_endpoints_or_models() -> None:
    modules = modules_after(
        "from ncm_async import AsyncNcmClient, V2Keys\n"
        "AsyncNcmClient(v2_keys=V2Keys('a', 'b', 'c', 'd'))"
    )
    assert [m for m in HEAVY if loaded(modules, m)] == []


def test_importing_the_blocking_client_leaves_its_portal_and_resources_for_later() -> None:
    modules = modules_after("from ncm_async import NcmClient")
    assert [m for m in HEAVY if loaded(modules, m)] == ["ncm_async._blocking"]


def test_import_loads_no_part_of_anyio_that_anyio_itself_does_not() -> None:
    """Naming ``anyio.Event`` (or importing ``anyio.lowlevel``) at import loads anyio's
    task and synchronisation modules, ~10 ms that only the first request needs."""
    own = {m for m in modules_after("import anyio, sniffio, httpx") if loaded({m}, "anyio")}
    for statement in ("from ncm_async import AsyncNcmClient", "from ncm_async import NcmClient"):
        extra = {m for m in modules_after(statement) if loaded({m}, "anyio")} - own
        assert sorted(extra) == [], statement


@pytest.mark.parametrize(
    ("statement", "module"),
    [
        ("from ncm_async import NcmClient", "ncm_async._blocking"),
        ("from ncm_async import Paginator", "ncm_async._paginator"),
        ("from ncm_async.models import Router", "ncm_async.models.routers"),
        ("from ncm_async.ratelimit import RedisLimiterStore", "ncm_async.ratelimit._redis_store"),
    ],
)
def test_lazy_names_load_their_module_on_first_use(statement: str, module: str) -> None:
    assert module in modules_after(statement)


def test_every_public_name_resolves() -> None:
    import ncm_async
    import ncm_async.models
    import ncm_async.ratelimit

    for package in (ncm_async, ncm_async.models, ncm_async.ratelimit):
        missing = [n for n in package.__all__ if getattr(package, n, None) is None]
        assert missing == [], package.__name__
    assert "Router" in dir(ncm_async.models)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        ncm_async.Nope  # noqa: B018


def test_every_name_and_public_submodule_resolves_in_a_fresh_interpreter() -> None:
    """In-process the suite has imported everything already; here nothing is loaded."""
    code = (
        "import ncm_async\n"
        "names = {n: getattr(ncm_async, n) for n in ncm_async.__all__}\n"
        "assert all(v is not None for v in names.values())\n"
        "from ncm_async import *\n"
        "assert AsyncNcmClient is names['AsyncNcmClient'] and Router is names['Router']\n"
        "assert ncm_async.ratelimit.RateLimiter and ncm_async.clock.FakeClock\n"
        "assert ncm_async.models.Router is Router and ncm_async.errors.NcmError is NcmError\n"
        "assert {'AsyncNcmClient', 'bulk', 'errors'} <= set(dir(ncm_async))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

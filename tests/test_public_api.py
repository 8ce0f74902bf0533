"""The public surface and the plan of the house, pinned.

- ``ncm_async.__all__`` is exactly the list below, every name resolves, and the
  types users annotate with are in it.
- Every module of ``src/ncm_async`` imports on its own in a fresh package state
  (no import cycle at import time, whichever module is imported first).
- The endpoint descriptions (``_endpoints``) import only errors, models and each
  other at run time; the library core never imports ``testing`` or ``cli``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ncm_async

SRC = Path(ncm_async.__file__).parent

PUBLIC = {
    # clients and their policies
    "AsyncNcmClient",
    "NcmClient",
    "RateLimit",
    "RetryPolicy",
    "V2Keys",
    "Secret",
    "ClientState",
    # listing and bulk results
    "Paginator",
    "Page",
    "BulkStream",
    "BulkReport",
    "BulkResult",
    "BulkProgress",
    "IdGroup",
    # errors
    "NcmError",
    "ConfigurationError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "ServerError",
    "ResponseValidationError",
    "PaginationError",
    "ClientClosedError",
    "SharedStoreError",
    "CheckpointLockedError",
    # models
    "Record",
    "TimeSeriesRecord",
    "LinkId",
    "Deprecated",
    "Account",
    "User",
    "ActivityLog",
    "RouterLog",
    "Alert",
    "AlertPushDestination",
    "AlertRule",
    "RouterAlert",
    "Battery",
    "ConfigurationManager",
    "HistoricalLocation",
    "Location",
    "Router",
    "RouterLan",
    "DeviceApp",
    "DeviceAppBinding",
    "DeviceAppState",
    "DeviceAppVersion",
    "Failover",
    "Firmware",
    "Group",
    "NetDeviceHealth",
    "NetDeviceMetrics",
    "Product",
    "SpeedTest",
    "NetDevice",
    "NetDeviceSignalSample",
    "NetDeviceUsageSample",
    "RouterStateSample",
    "RouterStreamUsageSample",
    "RebootActivity",
    "TestAlertPushDestination",
    "V3Resource",
    "UserAttributes",
    "SubscriptionAttributes",
    "AssetEndpointAttributes",
    "RegradeAttributes",
    "TenantAttributes",
    "ExchangeSiteAttributes",
    "ExchangeResourceAttributes",
}


def test_all_is_pinned_and_resolves() -> None:
    assert len(ncm_async.__all__) == len(set(ncm_async.__all__))
    assert set(ncm_async.__all__) == PUBLIC
    for name in ncm_async.__all__:
        assert getattr(ncm_async, name) is not None, name


def _modules() -> list[str]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append(".".join(parts))
    return out


def test_every_module_imports_first_without_a_cycle() -> None:
    """Each module imported first, right after the package itself.

    ``import ncm_async.x`` always runs ``ncm_async/__init__`` first, so what it
    loads is the fixed base; every other module is imported from a state where
    nothing beyond that base is loaded, so a cycle among them would show.
    """
    modules = [m for m in _modules() if m != "ncm_async.__main__"]
    code = (
        "import importlib, sys\n"
        "import ncm_async\n"
        "base = {m for m in sys.modules if m.startswith('ncm_async')}\n"
        f"for name in {modules!r}:\n"
        "    for loaded in {m for m in sys.modules if m.startswith('ncm_async')} - base:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as exc:\n"
        "        sys.exit(f'{name}: {exc}')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def _runtime_imports(path: Path) -> set[str]:
    """Modules of the package a file imports when it runs (``TYPE_CHECKING`` blocks excluded)."""
    tree = ast.parse(path.read_text())
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for b in node.body for n in ast.walk(b))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            found.update(n for n in names if n.startswith("ncm_async"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ncm_async"))
    return found


def test_endpoint_descriptions_import_nothing_above_them() -> None:
    allowed = ("ncm_async._endpoints", "ncm_async.errors", "ncm_async.models")
    for path in (SRC / "_endpoints").glob("*.py"):
        above = {
            m for m in _runtime_imports(path) if not m.startswith(allowed) and m != "ncm_async"
        }
        assert not above, f"{path.name} imports {sorted(above)}"


def test_the_library_core_never_imports_testing_or_cli() -> None:
    outer = ("ncm_async.testing", "ncm_async.cli")
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).parts
        if relative[0] in ("testing", "cli") or relative == ("__main__.py",):
            continue
        reached = {m for m in _runtime_imports(path) if m.startswith(outer)}
        assert not reached, f"{'/'.join(relative)} imports {sorted(reached)}"

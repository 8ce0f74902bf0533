"""pytest fixtures for testing your own code against the simulator.

Enable it in a test module or your top-level ``conftest.py``::

    pytest_plugins = ["ncm_async.testing.pytest_plugin"]

Fixtures:
    ``ncm_simulator``: a fresh :class:`~ncm_async.testing.NcmSimulator` per test.
    ``ncm_client``: an :class:`~ncm_async.AsyncNcmClient` wired to it in-process,
    closed after the test. It is an async fixture for anyio's pytest plugin, so it
    runs on asyncio and trio: mark the test ``@pytest.mark.anyio``.

Configure the simulator with a marker, or by indirect parametrisation with the
same keywords as a dict::

    @pytest.mark.ncm_simulator(routers=50, seed=3, rate_limit=500,
                               faults=FaultPlan(transient_rate=0.05), fake_clock=True)

    @pytest.mark.parametrize("ncm_simulator", [{"routers": 5}, {"routers": 500}],
                             indirect=True)

Keywords are :class:`NcmSimulator`'s (``routers``, ``seed``, ``now``, ``latency``,
``faults``, ``rate_limit``, ``v2_keys``, ``v3_token``, ...), where ``rate_limit``
may be a number of requests per minute and ``faults`` a dict of
:class:`FaultPlan` fields; plus ``fake_clock=True`` (the simulator and the client
share a :class:`~ncm_async.clock.FakeClock` that jumps ahead whenever every task
waits, so throttling and retries take no real time; it is the ``ncm_clock``
fixture) and ``client={...}`` (keyword arguments for the client, e.g. ``retry=``).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest

from ncm_async._pytest_entry import MARKER_LINE
from ncm_async.clock import FakeClock
from ncm_async.testing.faults import FaultPlan
from ncm_async.testing.ratelimit import SimRateLimit
from ncm_async.testing.simulator import NcmSimulator

if TYPE_CHECKING:
    from ncm_async import AsyncNcmClient

MARKER = "ncm_simulator"
DEFAULT_ROUTERS = 100
"""Fleet size when a test does not say: small enough to build in milliseconds."""

_OWN_OPTIONS = frozenset({"fake_clock", "client"})


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``ncm_simulator`` marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line("markers", MARKER_LINE)


def simulator_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """This test's options: the marker's keywords, then an indirect parameter's."""
    options: dict[str, Any] = {}
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if marker.args:
            msg = f"@pytest.mark.{MARKER} takes keyword arguments only, got {marker.args!r}"
            raise pytest.UsageError(msg)
        options.update(marker.kwargs)
    callspec = getattr(request.node, "callspec", None)
    param = callspec.params.get(MARKER) if callspec is not None else None
    if param is not None:
        if not isinstance(param, Mapping):
            msg = f"indirect parameters of {MARKER} must be dicts of options, got {param!r}"
            raise pytest.UsageError(msg)
        options.update(param)
    valid = set(inspect.signature(NcmSimulator).parameters) | _OWN_OPTIONS
    unknown = sorted(set(options) - valid)
    if unknown:
        msg = f"unknown {MARKER} option(s) {', '.join(unknown)}; valid: {', '.join(sorted(valid))}"
        raise pytest.UsageError(msg)
    return options


def build_simulator(options: Mapping[str, Any], clock: FakeClock | None = None) -> NcmSimulator:
    """An :class:`NcmSimulator` from this plugin's options (see the module docstring)."""
    kwargs = {k: v for k, v in options.items() if k not in _OWN_OPTIONS}
    kwargs.setdefault("routers", DEFAULT_ROUTERS)
    rate = kwargs.get("rate_limit")
    if isinstance(rate, int | float) and not isinstance(rate, bool):
        kwargs["rate_limit"] = SimRateLimit(requests_per_minute=float(rate))
    faults = kwargs.get("faults")
    if isinstance(faults, Mapping):
        kwargs["faults"] = FaultPlan(**faults)
    if clock is not None:
        kwargs.setdefault("clock", clock.now)
        kwargs.setdefault("sleep", clock.sleep)
    return NcmSimulator(**kwargs)


@pytest.fixture
def ncm_clock(request: pytest.FixtureRequest) -> FakeClock | None:
    """The :class:`FakeClock` shared by the simulator and the client with ``fake_clock=True``."""
    return FakeClock() if simulator_options(request).get("fake_clock") else None


@pytest.fixture
def ncm_simulator(request: pytest.FixtureRequest, ncm_clock: FakeClock | None) -> NcmSimulator:
    """A fresh simulator, configured by ``@pytest.mark.ncm_simulator(...)`` or a parameter."""
    return build_simulator(simulator_options(request), ncm_clock)


@pytest.fixture
async def ncm_client(
    request: pytest.FixtureRequest, ncm_simulator: NcmSimulator, ncm_clock: FakeClock | None
) -> AsyncIterator[AsyncNcmClient]:
    """An ``AsyncNcmClient`` wired in-process to ``ncm_simulator``, closed after the test."""
    options: dict[str, Any] = dict(simulator_options(request).get("client") or {})
    if ncm_clock is None:
        async with ncm_simulator.client(**options) as client:
            yield client
        return
    options.setdefault("clock", ncm_clock)
    async with ncm_clock.autojump(), ncm_simulator.client(**options) as client:
        yield client

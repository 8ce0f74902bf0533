"""Registered with pytest through the ``pytest11`` entry point: declares the marker only.

A test module that says ``pytest_plugins = ["ncm_async.testing.pytest_plugin"]``
is imported (and its ``@pytest.mark.ncm_simulator`` decorators evaluated) before
that plugin loads, so under ``--strict-markers`` the marker must already be known.
This module makes it so at no cost: it imports nothing of the SDK, and the
fixtures still come only from the plugin a test suite asks for.
"""

from __future__ import annotations

from typing import Any

MARKER_LINE = (
    "ncm_simulator(**options): configure the ncm_simulator fixture of "
    "ncm_async.testing.pytest_plugin (routers=, seed=, faults=, rate_limit=, latency=, "
    "fake_clock=, client=, ...)"
)


def pytest_configure(config: Any) -> None:
    """Declare the ``ncm_simulator`` marker."""
    config.addinivalue_line("markers", MARKER_LINE)

"""A simulator served by ``ncm-async simulate`` on 127.0.0.1, and the environment it prints."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from orphan_guard import dies_with_us

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).parents[2]


def parse_exports(lines: list[str]) -> dict[str, str]:
    """``export A=1 B=2`` lines of the banner -> {"A": "1", "B": "2"}."""
    env: dict[str, str] = {}
    for line in lines:
        words = line.split()
        if words[:1] == ["export"]:
            env.update(word.split("=", 1) for word in words[1:])  # type: ignore[misc]
    return env


@pytest.fixture(scope="session")
def simulate_env() -> Iterator[dict[str, str]]:
    """Start ``ncm-async simulate --port 0``; yield what it says to export; stop it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_CP_", "X_ECM_", "CP_"))}
    env.pop("NCM_API_TOKEN", None)
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "ncm_async", "simulate"),
            *("--port", "0", "--routers", "200", "--rate-limit", "off"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=dies_with_us(),  # noqa: PLW1509 - a single-threaded test process
    )
    try:
        assert server.stdout is not None
        banner: list[str] = []
        for line in server.stdout:
            banner.append(line)
            if "ncm-async pull" in line:
                break
        exports = parse_exports(banner)
        assert {"CP_BASE_URL", "X_CP_API_ID", "NCM_API_TOKEN"} <= set(exports), banner
        yield exports
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def simulated(simulate_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The process environment pointed at the served simulator, as a reader would export it."""
    for name in ("X_CP_API_ID", "X_CP_API_KEY", "X_ECM_API_ID", "X_ECM_API_KEY", "TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in simulate_env.items():
        monkeypatch.setenv(name, value)
    return simulate_env

"""The simulator served in its own process (``ncm-async simulate``), and pulls as processes.

Shared by the multi-process tests and ``benchmarks/bench_shared_budget.py``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import attrs
import orjson
from redis_support import wait_for_output

from orphan_guard import dies_with_us

START_TIMEOUT = 60.0


def ncm_async_command() -> list[str]:
    """How to run the ``ncm-async`` command with this interpreter."""
    return [sys.executable, "-m", "ncm_async.cli.main"]


class SimProcess:
    """``ncm-async simulate`` on a free loopback port, stopped (SIGTERM) on exit."""

    def __init__(self, *args: str) -> None:
        self.args = ["simulate", "--port", "0", *args]
        self.process: subprocess.Popen[bytes] | None = None
        self.origin = ""

    def __enter__(self) -> SimProcess:
        self.process = subprocess.Popen(
            [*ncm_async_command(), *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=dies_with_us(),  # noqa: PLW1509 - a single-threaded test process
        )
        try:
            found = wait_for_output(self.process, rb"listening on (http://\S+)", START_TIMEOUT)
        except RuntimeError:
            self.__exit__()
            raise
        self.origin = found.group(1).decode()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def env(self) -> dict[str, str]:
        """An environment pointing a client (or the CLI) at this server."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "NCM_", "CP_"))}
        env.update(
            dict.fromkeys(("X_CP_API_ID", "X_CP_API_KEY", "X_ECM_API_ID", "X_ECM_API_KEY"), "sim")
        )
        env["CP_BASE_URL"] = f"{self.origin}/api/v2"
        env["CP_BASE_URL_V3"] = f"{self.origin}/api/v3"
        return env


@attrs.frozen
class PullResult:
    """What one ``ncm-async pull`` process reported."""

    status: int
    lines: list[bytes]
    requests: int
    throttles: int
    stderr: str


def start_pull(
    args: Sequence[str], env: Mapping[str, str], stderr: Path
) -> subprocess.Popen[bytes]:
    """Start ``ncm-async pull ARGS`` with its stderr going to a file."""
    with stderr.open("wb") as err:
        return subprocess.Popen(
            [*ncm_async_command(), "pull", *args],
            env=dict(env),
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=dies_with_us(),  # noqa: PLW1509 - a single-threaded test process
        )


def finish_pull(process: subprocess.Popen[bytes], out: Path, stderr: Path) -> PullResult:
    """Wait for a pull started by :func:`start_pull` and read what it wrote."""
    status = process.wait(300)
    text = stderr.read_text()
    found = re.search(r"requests\s+([\d,]+) \(([\d,]+) retries, ([\d,]+) throttled\)", text)
    requests = int(found.group(1).replace(",", "")) if found else -1
    throttles = int(found.group(3).replace(",", "")) if found else -1
    lines = out.read_bytes().splitlines() if out.exists() else []
    return PullResult(status, lines, requests, throttles, text)


def expected_lines(
    routers: int, seed: int, now: datetime, ids: Sequence[int], since: datetime, origin: str
) -> Counter[bytes]:
    """The JSON lines a correct ``pull router_state_samples --since`` over ``ids`` writes.

    Computed in-process from a simulator pinned to the same ``now`` as the served
    one (``simulate --now``), 100 ids per query as the API allows; resource URLs
    are moved to the served ``origin``.
    """
    from ncm_async.cli.targets import find_target
    from ncm_async.converter import structure, unstructure
    from ncm_async.testing import NcmSimulator

    sim = NcmSimulator(routers=routers, seed=seed, now=now)
    model = find_target("router_state_samples").model
    here = sim.base_url_v2.removesuffix("/api/v2/").encode()
    lines: Counter[bytes] = Counter()
    for start in range(0, len(ids), 100):
        rows = sim.ground_truth(
            "router_state_samples", router__in=list(ids[start : start + 100]), created_at__gt=since
        )
        lines.update(
            orjson.dumps(unstructure(structure(r, model))).replace(here, origin.encode())
            for r in rows
        )
    return lines

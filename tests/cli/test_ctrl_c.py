"""A real SIGINT/SIGTERM to a running ``ncm-async pull``: whole records, summary, exit 130."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import orjson
import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_pull_leaves_whole_records_and_exits_130(sig: signal.Signals) -> None:
    cmd = [
        sys.executable, "-m", "ncm_async", "pull", "router_state_samples", "--all-routers",
        "--since", "7d", "--simulate", "--sim-routers", "1000", "--sim-latency", "20ms",
        "--rate-limit", "1200/min",  # the pull outlasts the first flush by seconds
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        assert proc.stdout is not None
        assert proc.stderr is not None
        first = proc.stdout.readline()
        assert first.endswith(b"\n")
        proc.send_signal(sig)
        rest = proc.stdout.read()
        err = proc.stderr.read()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    data = first + rest
    assert data.endswith(b"\n")
    records = [orjson.loads(line) for line in data.splitlines()]
    assert records
    text = err.decode()
    assert "interrupted; the output holds every record written so far" in text
    summary = re.search(r"^records   ([\d,]+)$", text, re.MULTILINE)
    assert summary is not None
    assert int(summary.group(1).replace(",", "")) == len(records)
    assert "Traceback" not in text

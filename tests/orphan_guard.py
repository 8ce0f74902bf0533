"""Processes the tests start die with the test process, even when it is killed (-9).

Every server a test starts is stopped by that test, but a test run killed outright
(a CI timeout, ``kill -9``) runs no cleanup. On Linux the child asks the kernel
for a signal when the process that started it exits, however it exits
(``PR_SET_PDEATHSIG``); elsewhere nothing is set.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def dies_with_us(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets ``sig`` when we exit.

    Set after ``Popen(user=...)`` changes the child's user (Python runs
    ``preexec_fn`` last), so the kernel keeps it across the ``exec``.
    """
    if sys.platform != "linux":
        return None
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, int(sig))
        if os.getppid() != parent:  # we died between fork and prctl
            os._exit(1)

    return preexec

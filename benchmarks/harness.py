"""Shared pieces of the benchmarks: the out-of-process server and the printed table.

:func:`served` starts ``simserver.py`` in a child process, waits for its port and
stops it (SIGINT, then SIGKILL if it hangs) when the block ends, whatever happens.
:class:`Table` prints each figure with its target beside it and ``MISSED`` when
the target is not met, so a regression cannot hide in a column of numbers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson

HERE = Path(__file__).resolve().parent
KEYS = ("bench-cp-id", "bench-cp-key", "bench-ecm-id", "bench-ecm-key")
HEADERS = {
    "X-CP-API-ID": KEYS[0],
    "X-CP-API-KEY": KEYS[1],
    "X-ECM-API-ID": KEYS[2],
    "X-ECM-API-KEY": KEYS[3],
}


class Server:
    """A running ``simserver.py``: its base URL, its ground truth and its own counters."""

    def __init__(self, port: int, truth_path: str | None) -> None:
        self.origin = f"http://127.0.0.1:{port}"
        self.base_url_v2 = f"{self.origin}/api/v2/"
        self._truth_path = truth_path
        self._truth: dict[str, Any] | None = None

    @property
    def truth(self) -> dict[str, Any]:
        """``ids``, ``keys`` (``"id timeuuid"``), ``minimum`` and ``since`` of the bulk query."""
        if self._truth is None:
            if self._truth_path is None:
                raise RuntimeError("this server was started without --truth")
            self._truth = orjson.loads(Path(self._truth_path).read_bytes())
        return self._truth

    def expected(self) -> Counter[str]:
        """The exact multiset a correct bulk pull yields."""
        return Counter(self.truth["keys"])

    def counters(self) -> dict[str, int]:
        """What the server itself counted: ``requests`` and ``throttled``."""
        response = httpx.get(f"{self.origin}/_bench/counters", timeout=30)
        response.raise_for_status()
        counts: dict[str, int] = response.json()
        return counts


@contextmanager
def served(*, truth: bool = False, **options: object) -> Iterator[Server]:
    """Run ``simserver.py --<option> value ...`` in a child process for the block."""
    args = [sys.executable, str(HERE / "simserver.py")]
    for name, value in options.items():
        if value is not None:
            args += [f"--{name}", str(value)]
    with tempfile.TemporaryDirectory() as tmp:
        truth_path = os.path.join(tmp, "truth.json") if truth else None
        if truth_path:
            args += ["--truth", truth_path]
        child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            line = child.stdout.readline().strip()
            if not line.startswith("READY "):
                raise RuntimeError(f"simserver did not start: {line!r}")
            yield Server(int(line.split()[1]), truth_path)
        finally:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


class Table:
    """Rows of ``figure | value | target | verdict``, printed as they come."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def section(self, title: str) -> None:
        print(f"\n{title}", flush=True)
        print(f"  {'figure':<52} {'value':>12}  {'target':<14} verdict", flush=True)

    def row(self, name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("ok" if ok else "MISSED")
        if ok is False:
            self.missed.append(name)
        print(f"  {name:<52} {value:>12}  {target:<14} {verdict}", flush=True)

    def at_most(self, name: str, value: float, target: float, fmt: str = "{:.3f}") -> None:
        self.row(name, fmt.format(value), "<= " + fmt.format(target), value <= target)

    def at_least(self, name: str, value: float, target: float, fmt: str = "{:.3f}") -> None:
        self.row(name, fmt.format(value), ">= " + fmt.format(target), value >= target)

    def below(self, name: str, value: float, target: float, fmt: str = "{:.1%}") -> None:
        self.row(name, fmt.format(value), "< " + fmt.format(target), value < target)

    def check(self, name: str, ok: bool) -> None:
        self.row(name, str(ok), "True", ok)

    def info(self, name: str, value: str) -> None:
        self.row(name, value)

    def summary(self) -> None:
        if self.missed:
            print(f"\nMISSED {len(self.missed)} target(s): " + "; ".join(self.missed))
        else:
            print("\nevery target met")

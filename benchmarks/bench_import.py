"""What ``import ncm_async`` costs, as a ratio to ``import httpx`` (which it needs anyway).

Each import runs in a fresh interpreter, alternating, many times; the interpreter's
own start-up (``python -c pass``) is subtracted and the medians compared. The
target is at most 1.3 x ``import httpx``: the SDK's own modules (and attrs, anyio,
orjson) should cost less than a third of its HTTP library.

Every interpreter reads cached bytecode, as one importing an installed wheel does
(pip compiles it at install): the children get a private ``PYTHONPYCACHEPREFIX``
filled by a warm-up run, whatever ``PYTHONDONTWRITEBYTECODE`` says. An editable
checkout under ``PYTHONDONTWRITEBYTECODE=1`` compiles every module of the package
on each start instead; ``--no-bytecode`` measures that (about 30 ms more).
Run: ``python benchmarks/bench_import.py [--runs N] [--no-bytecode]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.3
"""At most this many times ``import httpx``."""

STATEMENTS = {
    "bare interpreter": "pass",
    "import httpx": "import httpx",
    "import ncm_async": "import ncm_async",
    "from ncm_async import AsyncNcmClient": "from ncm_async import AsyncNcmClient",
    "from ncm_async import NcmClient": "from ncm_async import NcmClient",
}
TARGETED = {"import ncm_async", "from ncm_async import AsyncNcmClient"}
"""The lines held to :data:`TARGET`; the others are reported only."""


def once(statement: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, env=env)
    return time.perf_counter() - started


def child_env(cache_dir: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if cache_dir is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def verdict(name: str, ratio: float) -> str:
    if name not in TARGETED:
        return ""
    return f"  target <= {TARGET:.1f} x: {'ok' if ratio <= TARGET else 'MISSED'}"


def measure(runs: int, env: dict[str, str]) -> dict[str, float]:
    for statement in STATEMENTS.values():
        once(statement, env)
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(runs):
        for name, statement in STATEMENTS.items():
            samples[name].append(once(statement, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile every module on each start"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ncm-bench-pyc-") as cache_dir:
        medians = measure(args.runs, child_env(None if args.no_bytecode else cache_dir))
    base = medians["bare interpreter"]
    httpx_cost = medians["import httpx"] - base
    source = "compiled from source" if args.no_bytecode else "from cached bytecode"
    print(f"median over {args.runs} fresh interpreters ({source}), start-up subtracted:")
    for name, value in medians.items():
        if name == "bare interpreter":
            print(f"  {name:38} {value * 1000:7.1f} ms (subtracted)")
            continue
        cost = value - base
        ratio = cost / httpx_cost
        line = f"  {name:38} {cost * 1000:7.1f} ms  {ratio:5.2f} x import httpx"
        print(line + verdict(name, ratio))


if __name__ == "__main__":
    main()

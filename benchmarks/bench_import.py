"""What ``import ncm_async`` costs, as a ratio to ``import httpx`` (which it needs anyway).

Each import runs in a fresh interpreter, alternating, many times; the interpreter's
own start-up (``python -c pass``) is subtracted and the medians compared. The
target is at most 1.3 x ``import httpx``: the SDK's own modules should cost
less than a third of its HTTP library. Run: ``python benchmarks/bench_import.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "bare interpreter": "pass",
    "import httpx": "import httpx",
    "import ncm_async": "import ncm_async",
    "from ncm_async import NcmClient": "from ncm_async import NcmClient",
}


def once(statement: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(runs):
        for name, statement in STATEMENTS.items():
            samples[name].append(once(statement))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["bare interpreter"]
    httpx_cost = medians["import httpx"] - base
    print(f"median over {runs} fresh interpreters, interpreter start-up subtracted:")
    for name, value in medians.items():
        if name == "bare interpreter":
            print(f"  {name:34} {value * 1000:7.1f} ms (subtracted)")
            continue
        cost = value - base
        print(f"  {name:34} {cost * 1000:7.1f} ms  {cost / httpx_cost:5.2f} x import httpx")


if __name__ == "__main__":
    main()

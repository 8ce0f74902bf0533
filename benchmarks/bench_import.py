"""What ``import ncm_async`` costs, as a ratio to ``import httpx`` (which it needs anyway).

Each import runs in a fresh interpreter, alternating, many times; the interpreter's
own start-up (``python -c pass``) is subtracted and the medians compared. The
target is at most 1.3 x ``import httpx``: the SDK's own modules (and attrs, anyio,
orjson) should cost less than a third of its HTTP library. ``import ncm_async``
alone loads only the errors; ``from ncm_async import AsyncNcmClient`` is what a
script pays before its first request, so both are held to the target.

httpx imports its command line (click, rich, pygments) when they are installed, as
in this project's test environment; that doubles ``import httpx``. The second block
therefore blocks click and rich in both interpreters, as on a machine without them,
and prints the same ratio against the smaller denominator (for information).

Every interpreter reads cached bytecode, as one importing an installed wheel does
(pip compiles it at install): the children get a private ``PYTHONPYCACHEPREFIX``
filled by a warm-up run, whatever ``PYTHONDONTWRITEBYTECODE`` says. An editable
checkout under ``PYTHONDONTWRITEBYTECODE=1`` compiles every module of the package
on each start instead; ``--no-bytecode`` measures that.
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

NO_CLI = "import sys; sys.modules['click'] = sys.modules['rich'] = None; "
"""Makes ``import click``/``import rich`` fail, so httpx skips its command line."""

BASELINE = "import httpx"
SECTIONS = {
    "as installed": {
        "import ncm_async": "import ncm_async",
        "from ncm_async import AsyncNcmClient": "from ncm_async import AsyncNcmClient",
        "from ncm_async import NcmClient": "from ncm_async import NcmClient",
    },
    "click and rich blocked (httpx without its command line)": {
        "from ncm_async import AsyncNcmClient": "from ncm_async import AsyncNcmClient",
    },
}
TARGETED = {
    ("as installed", "import ncm_async"),
    ("as installed", "from ncm_async import AsyncNcmClient"),
}
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


def statements() -> dict[tuple[str, str], str]:
    """Every interpreter to time, keyed by (section, line); each section has its baseline."""
    out = {("", "bare interpreter"): "pass"}
    for section, lines in SECTIONS.items():
        prefix = NO_CLI if section != "as installed" else ""
        out[section, BASELINE] = prefix + BASELINE
        out.update({(section, name): prefix + code for name, code in lines.items()})
    return out


def measure(runs: int, env: dict[str, str]) -> dict[tuple[str, str], float]:
    todo = statements()
    for statement in todo.values():
        once(statement, env)
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in todo}
    for _ in range(runs):
        for key, statement in todo.items():
            samples[key].append(once(statement, env))
    return {key: statistics.median(values) for key, values in samples.items()}


def report(medians: dict[tuple[str, str], float]) -> None:
    base = medians["", "bare interpreter"]
    print(f"  {'bare interpreter':38} {base * 1000:7.1f} ms (subtracted)")
    for section, lines in SECTIONS.items():
        httpx_cost = medians[section, BASELINE] - base
        print(f" {section}:")
        print(f"  {BASELINE:38} {httpx_cost * 1000:7.1f} ms   1.00 x import httpx")
        for name in lines:
            cost = medians[section, name] - base
            ratio = cost / httpx_cost
            line = f"  {name:38} {cost * 1000:7.1f} ms  {ratio:5.2f} x import httpx"
            if (section, name) in TARGETED:
                line += f"  target <= {TARGET:.1f} x: {'ok' if ratio <= TARGET else 'MISSED'}"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile every module on each start"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ncm-bench-pyc-") as cache_dir:
        medians = measure(args.runs, child_env(None if args.no_bytecode else cache_dir))
    source = "compiled from source" if args.no_bytecode else "from cached bytecode"
    print(f"median over {args.runs} fresh interpreters ({source}), start-up subtracted:")
    report(medians)


if __name__ == "__main__":
    main()

"""No test or benchmark runs the simulator more generously than a real account.

A server burst above the client's (``RateLimit.burst``, 10 by default) lets a
client that bursts too much pass unthrottled, so every ``SimRateLimit(...)`` in
``tests/`` and ``benchmarks/`` keeps the default burst, names one no larger than
the client's default, or derives it from the client's own setting.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ncm_async import RateLimit
from ncm_async.testing.ratelimit import DEFAULT_BURST

ROOT = Path(__file__).resolve().parents[2]
_CLI_BURST = re.compile(r'"--burst",\s*(?:"(\d+)"|type=int,\s*default=(\d+))')
ALLOWED = {
    ("tests/testing/test_adversary.py", 25): "proves the bucket size is the burst, not the rate",
}
"""(file, burst) pairs above the client's default, with the reason."""


def literal_bursts(source: str) -> list[int]:
    """The literal bursts of ``SimRateLimit(...)`` calls and ``--burst`` arguments in ``source``."""
    found = [int(a or b) for a, b in _CLI_BURST.findall(source)]
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else None
        name = node.func.id if isinstance(node.func, ast.Name) else name
        if name != "SimRateLimit":
            continue
        values = [k.value for k in node.keywords if k.arg == "burst"] + node.args[1:2]
        found += [
            v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, int)
        ]
    return found


def test_the_default_server_burst_is_the_clients() -> None:
    assert RateLimit().burst == DEFAULT_BURST


def test_no_server_burst_above_the_clients() -> None:
    paths = [*ROOT.joinpath("tests").rglob("*.py"), *ROOT.joinpath("benchmarks").rglob("*.py")]
    above: set[tuple[str, int]] = set()
    for path in sorted(p for p in paths if p != Path(__file__).resolve()):
        where = str(path.relative_to(ROOT))
        above |= {(where, b) for b in literal_bursts(path.read_text("utf-8")) if b > DEFAULT_BURST}
    assert len(paths) > 50
    assert sorted(above - ALLOWED.keys()) == []
    assert sorted(ALLOWED.keys() - above) == [], "allowed but gone: remove the entry"


def test_the_scan_reads_every_spelling() -> None:
    source = """
SimRateLimit(requests_per_minute=500, burst=20)
testing.SimRateLimit(500, burst=11)
SimRateLimit(500)
SimRateLimit(500, burst=RateLimit(500).burst)
SimRateLimit(500, burst=None)
SimRateLimit(500, 30)
cmd = ["ncm-async", "simulate", "--burst", "40"]
parser.add_argument("--burst", type=int, default=50)
"""
    assert sorted(literal_bursts(source)) == [11, 20, 30, 40, 50]

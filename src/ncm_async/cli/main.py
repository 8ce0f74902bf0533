"""``ncm-async``: pull any list endpoint to JSONL/CSV, or serve the simulator.

Exit status: 0 done; 1 an error (credentials, API, file), nothing or only part
written; 2 bad arguments (with usage); 3 finished, but some ids failed (their
records are missing: partial data never looks like success); 130 interrupted
(Ctrl-C/SIGTERM; the output holds whole records and ``--resume`` continues);
141 the reader of ``--out -`` closed the pipe (``| head``), as a shell reports SIGPIPE.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import NoReturn, TypeVar

from ncm_async.cli import targets as plans
from ncm_async.cli.session import SimSettings
from ncm_async.cli.simulate import ServeOptions, parse_v2_keys
from ncm_async.cli.specs import parse_faults, parse_fields, parse_filter
from ncm_async.cli.timespec import (
    parse_duration,
    parse_interval,
    parse_rate,
    parse_time_spec,
    resolve_time,
)

T = TypeVar("T")

EPILOG = r"""examples:
  ncm-async pull router_state_samples --all-routers --since 24h \
      --simulate --sim-routers 2000 --out samples.jsonl
  ncm-async pull routers --fields id,name,state --format csv --out routers.csv
  ncm-async pull net_device_usage_samples --ids net_devices.txt \
      --since 2024-05-01 --until 2024-05-02 --out usage.jsonl
  ncm-async pull router_logs --all-routers --since 7d --out logs.jsonl --resume
  ncm-async simulate --port 8484 --routers 500 --rate-limit 500/min --faults transient=0.03

credentials come from X_CP_API_ID X_CP_API_KEY X_ECM_API_ID X_ECM_API_KEY (v2) and
NCM_API_TOKEN (v3); CP_BASE_URL / CP_BASE_URL_V3 point elsewhere (e.g. `ncm-async simulate`).
exit status: 0 ok, 1 error, 2 bad arguments, 3 finished with failed ids, 130 interrupted,
141 the reader of --out - went away (e.g. | head)."""


FAULTS_HELP = """\
fault SPEC, comma-separated:
  transient=0.03          share of requests meeting a transient fault (or 3%)
  kinds=500+502+503+drop+slow   which transient faults (default: all)
  slow=5s                 delay of a "slow" fault
  seed=1                  seed of the faults and of the failing-router pick
  permanent=403:5         5 routers always answer 403 (repeatable)"""


def _typed(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse ``type=`` that shows a parser's ValueError text as the usage error."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__.removeprefix("parse_").replace("_", " ")
    return convert


MAX_CONCURRENCY = 100
"""Most requests in flight: beyond this a pull only queues in the rate limiter."""
MAX_SIM_ROUTERS = 50_000
"""Largest simulated fleet: the simulator holds its fleet in memory."""
MAX_PORT = 65_535
MAX_SEED = 2**32 - 1


def _count(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse_count(text: str) -> int:
        word = text.strip()
        if not word.isascii() or not word.isdigit() or not minimum <= int(word) <= maximum:
            msg = f"expected a whole number from {minimum:,} to {maximum:,}, got {text!r}"
            raise ValueError(msg)
        return int(word)

    return _typed(parse_count)


def _version() -> str:
    try:
        return version("ncm-async")
    except PackageNotFoundError:
        return "unknown"


def _add_pull(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``pull``'s options; the subparser rides along in the namespace for usage errors."""
    p = sub.add_parser(
        "pull",
        help="stream every record of a list endpoint to JSONL or CSV",
        description="Stream every record of a list endpoint to JSONL or CSV. Per-router "
        "endpoints fan out over --ids/--all-routers through the bulk layer.",
        epilog="`ncm-async endpoints` lists the endpoint names.",
    )
    p.set_defaults(pull_parser=p)
    p.add_argument("endpoint", metavar="ENDPOINT", help="e.g. router_state_samples, routers")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--ids", metavar="FILE", help="device ids, one per line ('-': stdin)")
    who.add_argument("--all-routers", action="store_true", help="every router (or net_device)")
    p.add_argument(
        "--since", type=_typed(parse_time_spec), metavar="TIME", help="24h, 7d or an ISO time"
    )
    p.add_argument(
        "--until", type=_typed(parse_time_spec), metavar="TIME", help="24h, 7d or an ISO time"
    )
    p.add_argument("--fields", type=_typed(parse_fields), metavar="A,B", help="only these fields")
    p.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=[],
        type=_typed(parse_filter),
        metavar="FIELD=VALUE",
        help="a documented filter, e.g. state=online (repeatable)",
    )
    p.add_argument("--out", default="-", metavar="FILE", help="output file ('-': stdout)")
    p.add_argument("--format", choices=("jsonl", "csv"), help="default: from --out, else jsonl")
    p.add_argument("--resume", action="store_true", help="continue an interrupted pull to FILE")
    p.add_argument(
        "--rate-limit",
        type=_typed(parse_rate),
        metavar="RATE",
        help="the account budget (500/min; with --simulate: as --sim-rate-limit)",
    )
    p.add_argument(
        "--concurrency",
        type=_count(1, MAX_CONCURRENCY),
        default=8,
        metavar="N",
        help=f"requests in flight (8; at most {MAX_CONCURRENCY})",
    )
    p.add_argument("--quiet", action="store_true", help="no progress, only the summary")
    p.add_argument("-v", "--verbose", action="store_true", help="log retries and throttling")
    _add_redis_options(p)
    _add_sim_options(p)


def _add_redis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--redis",
        metavar="URL",
        help="share the account budget with other processes via Redis (default: $NCM_REDIS_URL)",
    )
    p.add_argument(
        "--redis-namespace", metavar="NAME", help="the shared budget (default: from the keys)"
    )
    p.add_argument(
        "--checkpoint-key",
        metavar="KEY",
        help="keep the checkpoint in Redis under KEY (resume on any host), not next to FILE",
    )


def _add_sim_options(p: argparse.ArgumentParser) -> None:
    sim = p.add_argument_group("simulation (no account needed)")
    sim.add_argument("--simulate", action="store_true", help="use a built-in simulator")
    sim.add_argument(
        "--sim-routers",
        type=_count(0, MAX_SIM_ROUTERS),
        metavar="N",
        help=f"fleet size (1000; at most {MAX_SIM_ROUTERS:,})",
    )
    sim.add_argument("--sim-seed", type=_count(0, MAX_SEED), metavar="S", help="data seed (0)")
    sim.add_argument(
        "--sim-rate-limit", type=_typed(parse_rate), metavar="RATE", help="e.g. 500/min (off)"
    )
    sim.add_argument("--sim-latency", type=_typed(parse_duration), metavar="D", help="e.g. 50ms")
    sim.add_argument(
        "--sim-faults",
        type=_typed(parse_faults),
        metavar="SPEC",
        help="e.g. transient=0.05,permanent=403:3 (see simulate --help)",
    )


def _add_sync(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sync",
        help="bring only what is new into SQLite or PostgreSQL",
        description="Incremental sync: one table per endpoint, positions kept in the same "
        "database; each run fetches only what is new (time-series) or mirrors the account "
        "(other endpoints). Runs on one database never interleave.",
        epilog="README, 'Incremental sync': the table layout and a SQL example.",
    )
    p.set_defaults(sync_parser=p)
    p.add_argument("endpoint", metavar="ENDPOINT", help="e.g. router_state_samples, routers")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--ids", metavar="FILE", help="device ids, one per line ('-': stdin)")
    who.add_argument("--all-routers", action="store_true", help="every router (or net_device)")
    p.add_argument(
        "--into", required=True, metavar="URL", help="sqlite:///ncm.db or postgresql://..."
    )
    p.add_argument(
        "--since",
        type=_typed(parse_time_spec),
        metavar="TIME",
        help="where ids new to the database start: 7d, 24h or an ISO time",
    )
    p.add_argument(
        "--overlap",
        type=_typed(parse_interval),
        metavar="D",
        help="re-read this much before each position, for late records (0)",
    )
    p.add_argument(
        "--every", type=_typed(parse_interval), metavar="D", help="keep running: sync every D (1h)"
    )
    p.add_argument(
        "--runs", type=_count(1, 10**9), metavar="N", help="with --every: stop after N runs"
    )
    p.add_argument("--rate-limit", type=_typed(parse_rate), metavar="RATE", help="500/min")
    p.add_argument(
        "--concurrency",
        type=_count(1, MAX_CONCURRENCY),
        default=8,
        metavar="N",
        help="requests in flight (8)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress, only the summary")
    p.add_argument("-v", "--verbose", action="store_true", help="log retries and throttling")
    _add_redis_options(p)
    _add_sim_options(p)


def _add_simulate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "simulate",
        help="serve the NCM simulator on loopback",
        description="Serve a seeded fake NCM (API v2 + v3) on 127.0.0.1 until Ctrl-C.",
        epilog=FAULTS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="loopback address (127.0.0.1, ::1)")
    p.add_argument("--port", type=_count(0, MAX_PORT), default=8484, help="0 picks a free port")
    p.add_argument(
        "--routers",
        type=_count(0, MAX_SIM_ROUTERS),
        default=1000,
        metavar="N",
        help=f"fleet size (1000; at most {MAX_SIM_ROUTERS:,})",
    )
    p.add_argument("--seed", type=_count(0, MAX_SEED), default=0, metavar="S", help="data seed (0)")
    p.add_argument(
        "--rate-limit", type=_typed(parse_rate), default=500.0, metavar="RATE", help="500/min"
    )
    p.add_argument(
        "--burst",
        type=_count(1, 1_000_000),
        metavar="N",
        help="throttle bucket size (10)",
    )
    p.add_argument(
        "--now",
        type=_typed(parse_time_spec),
        metavar="TIME",
        help="pin the simulator's clock (ISO time or 24h ago): the same data every run",
    )
    p.add_argument(
        "--latency", type=_typed(parse_duration), default=0.0, metavar="D", help="e.g. 50ms"
    )
    p.add_argument("--faults", type=_typed(parse_faults), metavar="SPEC")
    p.add_argument("--v2-keys", type=_typed(parse_v2_keys), metavar="ID,KEY,ID,KEY")
    p.add_argument("--v3-token", metavar="TOKEN", help="require this bearer token")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="ncm-async",
        description="Bulk pulls from Cradlepoint NetCloud Manager, and a simulator to try them on.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_pull(sub)
    _add_sync(sub)
    _add_simulate(sub)
    sub.add_parser("endpoints", help="list the endpoints `pull` accepts")
    return parser


def _sim_settings(ns: argparse.Namespace) -> SimSettings:
    base = SimSettings()
    return SimSettings(
        routers=base.routers if ns.sim_routers is None else ns.sim_routers,
        seed=base.seed if ns.sim_seed is None else ns.sim_seed,
        rate_limit=ns.sim_rate_limit,
        latency=ns.sim_latency or 0.0,
        faults=ns.sim_faults or base.faults,
    )


def _serve_options(ns: argparse.Namespace) -> ServeOptions:
    sim = SimSettings(
        routers=ns.routers,
        seed=ns.seed,
        rate_limit=ns.rate_limit,
        burst=ns.burst,
        now=resolve_time(ns.now, datetime.now(UTC)) if ns.now is not None else None,
        latency=ns.latency,
        faults=ns.faults or SimSettings().faults,
    )
    return ServeOptions(sim, ns.host, ns.port, ns.v2_keys, ns.v3_token)


def _endpoints() -> list[str]:
    lines = []
    for name, target in sorted(plans.targets().items()):
        if name != target.label:
            continue
        spec = target.spec
        keyed = ",".join(k for k in spec.required_any if k in plans.DEVICE_KEYS)
        time = "--since/--until" if "__gt" in spec.filters.get(plans.TIME_FIELD, ()) else ""
        lines.append(f"{name:32} {('per ' + keyed) if keyed else '':16} {time}".rstrip())
    return lines


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit status.

    Raises:
        SystemExit: From argparse (status 2 on bad arguments, 0 for --help/--version).
    """
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.command == "endpoints":
        print("\n".join(_endpoints()))
        return 0
    if ns.command == "simulate":
        from ncm_async.cli.simulate import run_simulate

        return run_simulate(_serve_options(ns), sys.stdout, sys.stderr)
    if ns.command == "sync":
        from ncm_async.cli.sync import SyncOptions, run_sync_command

        try:
            sync_opts = SyncOptions.from_namespace(ns, _sim_settings(ns) if ns.simulate else None)
        except ValueError as exc:
            ns.sync_parser.error(str(exc))
        return run_sync_command(sync_opts)
    from ncm_async.cli.pull import PullOptions
    from ncm_async.cli.transfer import run_pull_command

    try:
        opts = PullOptions.from_namespace(ns, _sim_settings(ns) if ns.simulate else None)
    except ValueError as exc:
        ns.pull_parser.error(str(exc))
    return run_pull_command(opts)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console entry point: run and exit with the status."""
    sys.exit(run(argv))


if __name__ == "__main__":
    main()

"""``ncm-async sync``: incremental sync into SQLite/PostgreSQL, once or ``--every`` interval.

Same progress line and summary as ``pull``; the summary adds what the run
changed (new rows, deleted rows) and where. With ``--simulate`` the simulator
is built once (its clock pinned to the start of the current hour, so two runs
within the hour see the same data) and, with ``--every``, advanced by the
interval before each later run, so every scheduled run finds new records.
Ctrl-C/SIGTERM stop after the transaction under way commits (exit 130).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TextIO

import anyio
import attrs

from ncm_async._client import AsyncNcmClient
from ncm_async.bulk._report import BulkProgress
from ncm_async.cli import shared
from ncm_async.cli import targets as plans
from ncm_async.cli.progress import ProgressDisplay, Snapshot, sdk_logs, summary_lines
from ncm_async.cli.pull import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, isatty
from ncm_async.cli.session import CliError, SimSettings, build_client
from ncm_async.cli.sources import describe_error, read_ids
from ncm_async.cli.timespec import resolve_time
from ncm_async.cli.transfer import _watch_signals
from ncm_async.clock import SystemClock
from ncm_async.errors import NcmError
from ncm_async.ratelimit import LimiterStore
from ncm_async.sync import SyncReport
from ncm_async.sync._schedule import every as run_every


@attrs.frozen
class SyncOptions:
    """A validated ``sync`` command line."""

    endpoint: str
    into: str
    key: str | None
    id_file: str | None = None
    since: datetime | None = None
    overlap: timedelta = timedelta(0)
    every: float | None = None
    runs: int | None = None
    rate_limit: float | None = 500.0
    concurrency: int = 8
    quiet: bool = False
    verbose: bool = False
    sim: SimSettings | None = None
    redis_url: str | None = attrs.field(default=None, repr=False)
    redis_namespace: str | None = None

    @classmethod
    def from_namespace(cls, ns: argparse.Namespace, sim: SimSettings | None) -> SyncOptions:
        """Validate ``main``'s parsed arguments.

        Raises:
            ValueError: A usage error, in words the user can act on.
        """
        target = plans.find_target(ns.endpoint)
        if target.api != "v2":
            msg = f"sync covers v2 list endpoints, not {target.label}"
            raise ValueError(msg)
        key = plans.fan_out_key(target.spec, ids_given=bool(ns.ids or ns.all_routers))
        now = datetime.now(UTC)
        since = resolve_time(ns.since, now) if ns.since is not None else None
        if getattr(ns, "checkpoint_key", None):
            msg = "--checkpoint-key is for pull; sync keeps its positions in the database"
            raise ValueError(msg)
        if ns.every is not None and ns.every <= 0:
            msg = "--every needs a positive interval, e.g. 1h"
            raise ValueError(msg)
        rate = ns.rate_limit if ns.rate_limit is not None else 500.0
        if sim is not None and ns.rate_limit is None:
            rate = sim.rate_limit
        return cls(
            endpoint=target.name,
            into=ns.into,
            key=key,
            id_file=ns.ids,
            since=since,
            overlap=timedelta(seconds=ns.overlap or 0.0),
            every=ns.every,
            runs=ns.runs,
            rate_limit=rate,
            concurrency=ns.concurrency,
            quiet=ns.quiet,
            verbose=ns.verbose,
            sim=sim,
            redis_url=ns.redis,
            redis_namespace=ns.redis_namespace,
        )


def run_sync_command(opts: SyncOptions, environ: Mapping[str, str] | None = None) -> int:
    """Run ``sync`` in the foreground (asyncio) and return the exit status."""
    err = sys.stderr
    try:
        return anyio.run(_guarded, opts, err, environ, backend="asyncio")
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return EXIT_INTERRUPTED


async def _guarded(opts: SyncOptions, err: TextIO, environ: Mapping[str, str] | None) -> int:
    try:
        return await sync(opts, err=err, environ=environ, signals=True)
    except CliError as exc:
        print(f"ncm-async sync: {exc}", file=err)
        return exc.status


async def sync(
    opts: SyncOptions,
    *,
    err: TextIO,
    environ: Mapping[str, str] | None = None,
    signals: bool = False,
    stop: anyio.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
    tty: bool | None = None,
) -> int:
    """Run one sync, or one every ``opts.every`` seconds; returns the exit status.

    Raises:
        CliError: No credentials, an unreadable ids file.
    """
    stop = stop or anyio.Event()
    sim = opts.sim
    if sim is not None and sim.now is None:
        hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        sim = attrs.evolve(sim, now=hour)
    store = shared.limiter_store(
        opts.redis_url, opts.redis_namespace, environ, simulated=sim is not None
    )
    try:
        return await _sync(
            opts,
            sim=sim,
            store=store,
            err=err,
            environ=environ,
            signals=signals,
            stop=stop,
            clock=clock,
            tty=tty,
        )
    finally:
        if store is not None:
            await store.aclose()


async def _sync(
    opts: SyncOptions,
    *,
    sim: SimSettings | None,
    store: LimiterStore | None,
    err: TextIO,
    environ: Mapping[str, str] | None,
    signals: bool,
    stop: anyio.Event,
    clock: Callable[[], float],
    tty: bool | None,
) -> int:
    try:
        client, simulator = build_client(
            sim=sim,
            rate_limit=opts.rate_limit,
            concurrency=opts.concurrency,
            environ=environ,
            limiter_store=store,
        )
    except NcmError as exc:
        raise CliError(str(exc)) from None
    if sim is not None and not opts.quiet:
        print(sim.describe(), file=err)
    display = ProgressDisplay(
        err, tty=isatty(err) if tty is None else tty, clock=clock, enabled=not opts.quiet
    )
    status = EXIT_OK

    async def once(n: int) -> None:
        nonlocal status
        if n and simulator is not None and opts.every:
            simulator.advance(timedelta(seconds=opts.every))
        status = max(status, await _run_once(opts, client, display, clock, err))

    with sdk_logs(display, verbose=opts.verbose):
        async with client, anyio.create_task_group() as tg:
            if signals:
                tg.start_soon(_watch_signals, stop)
            try:
                interval = opts.every or 1.0
                runs = opts.runs if opts.every else 1
                await run_every(interval, once, clock=SystemClock(), stop=stop, runs=runs)
            finally:
                tg.cancel_scope.cancel()
    if stop.is_set():
        print("interrupted; committed work is kept, the next run continues", file=err)
        return EXIT_INTERRUPTED
    return status


async def _run_once(
    opts: SyncOptions,
    client: AsyncNcmClient,
    display: ProgressDisplay,
    clock: Callable[[], float],
    err: TextIO,
) -> int:
    started = clock()
    last = Snapshot()

    def on_progress(p: BulkProgress) -> None:
        nonlocal last
        last = Snapshot(
            records=p.records,
            requests=p.requests,
            retries=p.retries,
            throttles=p.throttles,
            failed=p.failed,
            elapsed=clock() - started,
            ids_done=p.ids_done if p.ids_total else None,
            ids_total=p.ids_total or None,
        )
        display.update(last)

    ids = await _ids(client, opts)
    resource = getattr(client.v2, opts.endpoint)
    try:
        report = await client.bulk.sync(
            resource,
            key=opts.key,
            ids=ids,
            into=opts.into,
            since=opts.since,
            overlap=opts.overlap,
            on_progress=on_progress,
        )
    except NcmError as exc:
        display.finish([], last)
        print(f"ncm-async sync: {' '.join(str(exc).split())}", file=err)
        return EXIT_ERROR
    snap = attrs.evolve(last, elapsed=clock() - started, records=report.received)
    failures = {k: describe_error(v) for k, v in report.failed.items()}
    display.finish(summary_lines(snap, failures) + _changes(report, opts), snap)
    if report.failed:
        print(f"{len(report.failed):,} ids failed: their positions did not move", file=err)
        return EXIT_PARTIAL
    return EXIT_OK


def _changes(report: SyncReport, opts: SyncOptions) -> list[str]:
    lines = [f"new       {report.new_records:,} rows in {report.endpoint}"]
    if report.deleted:
        lines.append(f"deleted   {report.deleted:,} rows the account no longer has")
    if report.resumed:
        lines.append("resumed   an interrupted run, from where it stopped")
    lines.append(f"database  {opts.into}")
    return lines


async def _ids(client: AsyncNcmClient, opts: SyncOptions) -> list[str] | None:
    if opts.key is None:
        return None
    if opts.id_file is not None:
        return read_ids(opts.id_file)
    listing = client.v2.net_devices if opts.key == "net_device" else client.v2.routers
    return [str(r.id) async for r in listing.list(fields=["id"])]

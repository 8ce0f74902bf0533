"""The pull itself: records from the API to the output, one at a time, interruptible.

Memory stays flat: each record is converted back to the API's JSON shape and
written as it arrives, and the output is flushed about once a second. For
fan-out pulls to a file, every flush is followed by a checkpoint save carrying
the output's length, so the checkpoint never points past what is on disk.

Interruption (Ctrl-C, SIGTERM, or a test's ``stop`` event) cancels the pull;
the cleanup runs shielded from that cancellation: flush, save the checkpoint,
print the summary. Records are written whole between awaits, so the file ends
on a record boundary.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import BinaryIO, TextIO

import anyio
import attrs

from ncm_async._client import AsyncNcmClient
from ncm_async.bulk import CheckpointStore
from ncm_async.cli import bulkrun, shared
from ncm_async.cli.bulkrun import failed_ids_path
from ncm_async.cli.output import open_output
from ncm_async.cli.progress import ProgressDisplay, sdk_logs, summary_lines
from ncm_async.cli.pull import (
    EXIT_CLOSED_OUTPUT,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    PullOptions,
    isatty,
)
from ncm_async.cli.resume import ResumePoint, RunIdentity
from ncm_async.cli.session import CliError, SimSettings, build_client
from ncm_async.cli.sources import PullRun, device_ids, make_writer, pull_listing
from ncm_async.errors import NcmError
from ncm_async.ratelimit import LimiterStore, RedisLimiterStore

TICK = 0.2

ClientFactory = Callable[[SimSettings | None], AsyncNcmClient]


async def pull(
    opts: PullOptions,
    *,
    err: TextIO,
    environ: Mapping[str, str] | None = None,
    signals: bool = False,
    stop: anyio.Event | None = None,
    stdout: BinaryIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    tty: bool | None = None,
    client_factory: ClientFactory | None = None,
) -> int:
    """Run one pull and return its exit status.

    Args:
        opts: The validated command line.
        err: Where progress, the summary and messages go.
        environ: Environment to read credentials from (default: the process's).
        signals: Treat SIGINT/SIGTERM as ``stop`` (the command line does; tests
            set ``stop`` themselves).
        stop: Set to interrupt the pull as Ctrl-C would.
        stdout: The stream ``--out -`` writes to.
        clock: Monotonic seconds, for elapsed time and flush pacing.
        tty: Force the progress style (default: whether ``err`` is a terminal).
        client_factory: Builds the client from the (pinned) simulator settings
            instead of the environment or ``--simulate`` (tests wrap the transport).

    Raises:
        CliError: No credentials, an unreadable ids file or checkpoint.
    """
    stop = stop or anyio.Event()
    checkpoint = shared.checkpoint_store(opts.redis_url, opts.checkpoint_key, environ)
    store: RedisLimiterStore | None = None
    try:
        opts, point = await bulkrun.prepare_resume(opts, err, checkpoint)
        sim = opts.sim
        if sim is not None:
            pinned = point.sim_now if point is not None else None
            sim = attrs.evolve(sim, now=pinned or sim.now or datetime.now(UTC))
        store = shared.limiter_store(
            opts.redis_url, opts.redis_namespace, environ, simulated=sim is not None
        )
        client = _client(opts, sim, environ, client_factory, store)
        return await _run(
            opts,
            client,
            point=point,
            sim=sim,
            err=err,
            signals=signals,
            stop=stop,
            stdout=stdout,
            clock=clock,
            tty=tty,
            checkpoint=checkpoint,
        )
    finally:
        with anyio.CancelScope(shield=True):
            await shared.close(store, checkpoint)


async def _run(
    opts: PullOptions,
    client: AsyncNcmClient,
    *,
    point: ResumePoint | None,
    sim: SimSettings | None,
    err: TextIO,
    signals: bool,
    stop: anyio.Event,
    stdout: BinaryIO | None,
    clock: Callable[[], float],
    tty: bool | None,
    checkpoint: CheckpointStore | None,
) -> int:
    if sim is not None and not opts.quiet:
        print(sim.describe(), file=err)
    display = ProgressDisplay(
        err, tty=isatty(err) if tty is None else tty, clock=clock, enabled=not opts.quiet
    )
    failure: CliError | None = None
    with sdk_logs(display, verbose=opts.verbose):
        async with client:
            run = PullRun(client=client, clock=clock, started=clock(), checkpoint=checkpoint)
            run.kept_records = point.records if point is not None else 0
            identity = opts.identity(sim.now if sim is not None else None)
            async with anyio.create_task_group() as tg:
                tg.start_soon(_watch_stop, stop, tg.cancel_scope, run)
                if signals:
                    tg.start_soon(_watch_signals, stop)
                tg.start_soon(_tick, run, display)
                try:
                    await _transfer(opts, run, point, identity, stdout)
                except NcmError as exc:
                    run.error = exc
                except CliError as exc:
                    failure = exc
                finally:
                    tg.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return _finish(opts, run, display, err)


async def _transfer(
    opts: PullOptions,
    run: PullRun,
    point: ResumePoint | None,
    identity: RunIdentity,
    stdout: BinaryIO | None,
) -> None:
    """Ids, then output, then records: everything that can be interrupted."""
    ids = None
    if opts.plan.key is not None:
        ids = list(point.ids) if point and point.ids else await device_ids(run.client, opts)
    keep = point.output_bytes if point is not None else None
    try:
        output = open_output(opts.out, keep_bytes=keep, stdout=stdout)
        try:
            run.writer = make_writer(opts, output, keep)
            if ids is None:
                await pull_listing(run.client, opts, run)
            else:
                await bulkrun.pull_bulk(run.client, opts, run, ids, identity)
        finally:
            _close(output, stdout)
    except BrokenPipeError:
        run.reader_gone = True
        if opts.out == "-" and stdout is None:
            _silence_stdout()
    except OSError as exc:
        raise CliError(f"{exc.filename or opts.out}: {exc.strerror or exc}") from None


def _client(
    opts: PullOptions,
    sim: SimSettings | None,
    environ: Mapping[str, str] | None,
    factory: ClientFactory | None,
    store: LimiterStore | None,
) -> AsyncNcmClient:
    if factory is not None:
        return factory(sim)
    try:
        client, _ = build_client(
            sim=sim,
            rate_limit=opts.rate_limit,
            concurrency=opts.concurrency,
            environ=environ,
            limiter_store=store,
        )
    except NcmError as exc:
        raise CliError(str(exc)) from None
    return client


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's last flush cannot fail on the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _close(output: BinaryIO, stdout: BinaryIO | None) -> None:
    output.flush()
    if output is not stdout and output is not sys.stdout.buffer:
        output.close()


async def _watch_stop(stop: anyio.Event, scope: anyio.CancelScope, run: PullRun) -> None:
    await stop.wait()
    run.interrupted = True
    scope.cancel()


async def _watch_signals(stop: anyio.Event) -> None:
    """SIGINT/SIGTERM become ``stop`` (where the platform lets us listen)."""
    try:
        with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as received:
            async for _ in received:
                stop.set()
    except (NotImplementedError, ValueError, RuntimeError):
        return


async def _tick(run: PullRun, display: ProgressDisplay) -> None:
    while True:
        display.update(run.snapshot())
        await anyio.sleep(TICK)


def _finish(opts: PullOptions, run: PullRun, display: ProgressDisplay, err: TextIO) -> int:
    snap = run.snapshot()
    if run.reader_gone:
        display.finish([], snap)
        return EXIT_CLOSED_OUTPUT
    lines = summary_lines(snap, run.failed)
    if opts.out != "-":
        size = os.path.getsize(opts.out) if os.path.exists(opts.out) else 0
        lines.append(f"output    {opts.out} ({size:,} bytes)")
    if run.kept_records:
        lines.append(f"resumed   after {run.kept_records:,} records kept from the earlier run")
    display.finish(lines, snap)
    if run.interrupted:
        if opts.checkpoint is not None or opts.checkpoint_key is not None:
            print("interrupted; rerun with --resume to continue", file=err)
        else:
            print("interrupted; the output holds every record written so far", file=err)
        return EXIT_INTERRUPTED
    if run.error is not None:
        hint = ""
        saved = opts.checkpoint is not None and os.path.exists(opts.checkpoint)
        if saved or opts.checkpoint_key is not None:
            hint = "; once fixed, rerun with --resume to continue"
        print(f"ncm-async pull: {_one_line(run.error)}{hint}", file=err)
        return EXIT_ERROR
    if run.failed:
        retry = ""
        if opts.out != "-":
            retry = f"; retry them with --ids {failed_ids_path(opts.out)}"
        print(f"{len(run.failed):,} ids failed: their records are missing{retry}", file=err)
        return EXIT_PARTIAL
    return EXIT_OK


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def run_pull_command(opts: PullOptions, environ: Mapping[str, str] | None = None) -> int:
    """Run a pull in the foreground (asyncio) and return the exit status."""
    err = sys.stderr
    try:
        return anyio.run(_guarded, opts, err, environ, backend="asyncio")
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return EXIT_INTERRUPTED


async def _guarded(opts: PullOptions, err: TextIO, environ: Mapping[str, str] | None) -> int:
    try:
        return await pull(opts, err=err, environ=environ, signals=True)
    except CliError as exc:
        print(f"ncm-async pull: {exc}", file=err)
        return exc.status

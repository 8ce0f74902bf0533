"""Fan-out pulls through ``ncm.bulk``, with checkpoints that ``--resume`` continues.

The CLI saves the checkpoint itself (``autosave=False``) right after each flush
of the output, with the output's length in the checkpoint's ``extra``; see
:mod:`ncm_async.cli.resume` for why that makes a resumed file exact.

Checkpoint lifetime: written next to the output for every fan-out pull to a
file; **removed** when the pull finishes (every id done or failed); kept when
it is interrupted or stopped by an error, so ``--resume`` continues. A pull
started without ``--resume`` deletes any old checkpoint first. Ids that failed
(403/404 for that id, after bisecting their batch) are written to
``FILE.failed-ids.txt``, an ``--ids`` file to retry them with.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import anyio
import attrs

from ncm_async._client import AsyncNcmClient
from ncm_async.bulk import RedisCheckpointStore
from ncm_async.bulk._report import BulkProgress
from ncm_async.cli import targets as plans
from ncm_async.cli.resume import ResumePoint, RunIdentity, read_extra
from ncm_async.cli.session import CliError
from ncm_async.cli.sources import (
    FLUSH_INTERVAL,
    PullRun,
    describe_error,
    endpoint_of,
    record_shaper,
)
from ncm_async.errors import NcmError

if TYPE_CHECKING:
    from ncm_async.cli.pull import PullOptions


def load_extra(path: str) -> dict[str, Any] | None:
    """The CLI's ``extra`` from a checkpoint file, or None when there is none.

    Raises:
        CliError: The file exists but cannot be read as a checkpoint.
    """
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read the checkpoint {path}: {exc}") from None
    extra = data.get("extra") if isinstance(data, dict) else None
    return extra if isinstance(extra, dict) else {}


async def prepare_resume(
    opts: PullOptions, err: TextIO, store: RedisCheckpointStore | None = None
) -> tuple[PullOptions, ResumePoint | None]:
    """Read the checkpoint for ``--resume`` (or clear a stale one) before anything is sent.

    Args:
        store: The checkpoint in Redis (``--checkpoint-key``); else the file
            next to the output.

    Returns:
        The options with the earlier run's time window, and where it stopped
        (None when starting afresh).

    Raises:
        CliError: ``--resume`` without a checkpoint for a non-empty output, a
            checkpoint of a different pull (status 2), or one another pull holds.
    """
    if store is None:
        return _prepare_file(opts, err)
    try:
        if not opts.resume:
            await store.reset()
            return opts, None
        state = await store.load()
    except NcmError as exc:
        raise CliError(f"--checkpoint-key: {exc}") from None
    extra = state.get("extra") if state is not None else None
    name = f"{store.key!r} in Redis"
    return _resume(opts, err, extra if isinstance(extra, dict) or state is None else {}, name)


def _prepare_file(opts: PullOptions, err: TextIO) -> tuple[PullOptions, ResumePoint | None]:
    path = opts.checkpoint
    if path is None:
        return opts, None
    if not opts.resume:
        if os.path.exists(path):
            os.remove(path)
        return opts, None
    return _resume(opts, err, load_extra(path), path)


def _resume(
    opts: PullOptions, err: TextIO, extra: dict[str, Any] | None, name: str
) -> tuple[PullOptions, ResumePoint | None]:
    if extra is None:
        if os.path.exists(opts.out) and os.path.getsize(opts.out) > 0:
            msg = (
                f"no checkpoint {name} to resume from (a finished pull removes it); "
                "rerun without --resume to start over"
            )
            raise CliError(msg, status=2)
        print(f"no checkpoint {name}: starting from the beginning", file=err)
        return opts, None
    try:
        point = read_extra(opts.identity(None), extra)
    except ValueError as exc:
        raise CliError(str(exc), status=2) from None
    new_plan = plans.plan_pull(
        opts.plan.target,
        id_source=opts.plan.id_source,
        since=point.since,
        until=point.until,
        fields=opts.plan.fields,
        extra_filters=dict(opts.raw_filters),
    )
    resumed = attrs.evolve(opts, plan=new_plan, since=point.since, until=point.until)
    return resumed, point


async def pull_bulk(
    client: AsyncNcmClient,
    opts: PullOptions,
    run: PullRun,
    ids: Sequence[str],
    identity: RunIdentity,
) -> None:
    """Stream the records of every id to ``run.writer``, saving checkpoints as it flushes.

    Pages are written whole between awaits, and the bulk layer counts a page
    handed over as yielded in full, so a checkpoint taken after a flush sits
    exactly at the end of the file.
    """
    writer = run.writer
    assert writer is not None
    plan = opts.plan
    assert plan.key is not None
    run.ids_total = len(ids)
    kept = run.kept_records
    shape = record_shaper(opts)
    filters: dict[str, Any] = dict(plan.filters)

    def on_progress(progress: BulkProgress) -> None:
        run.ids_done = progress.ids_done
        run.ids_total = progress.ids_total

    stream = client.bulk.list(
        endpoint_of(client, opts),
        key=plan.key,
        ids=ids,
        checkpoint=run.checkpoint or opts.checkpoint,
        autosave=False,
        on_progress=on_progress,
        group_by_id=False,
        fields=list(plan.fields) if plan.fields else None,
        **filters,
    )

    async def save() -> None:
        writer.flush()
        if opts.checkpoint is None and run.checkpoint is None:
            return
        stream.checkpoint_extra = identity.to_extra(
            output_bytes=writer.offset, records=kept + writer.records, ids=ids
        )
        await stream.save_checkpoint()

    async with stream:
        last = run.clock()
        try:
            async for page in stream.pages():
                for record in page:
                    writer.write(shape(record))
                if run.clock() - last >= FLUSH_INTERVAL:
                    await save()
                    last = run.clock()
        finally:
            with anyio.CancelScope(shield=True):
                await save()
        report = stream.report
    run.ids_done = report.ids_done
    run.failed = {str(k): describe_error(v) for k, v in report.failed.items()}
    if opts.checkpoint is not None:
        await anyio.Path(opts.checkpoint).unlink(missing_ok=True)
    if isinstance(run.checkpoint, RedisCheckpointStore):
        await run.checkpoint.delete()
    if run.failed and opts.out != "-":
        failed_ids_file(opts.out, run.failed)


def failed_ids_path(out: str) -> str:
    """``samples.jsonl`` -> ``samples.jsonl.failed-ids.txt``."""
    return out + ".failed-ids.txt"


def failed_ids_file(out: str, failed: Mapping[str, str]) -> str:
    """Write the failed ids with their errors as an ``--ids`` file, to retry them later."""
    path = failed_ids_path(out)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# ids whose records are missing from " + out + "; retry with --ids this-file\n")
        for key, error in failed.items():
            f.write(f"{key}  # {error}\n")
    return path

"""Where a pull's records come from and how each one is written.

Each record is turned back into the API's JSON shape (``converter.unstructure``,
cut to ``--fields``) and written at once, so memory holds one page at most.
The output is flushed about once a second; :mod:`ncm_async.cli.bulkrun` adds a
checkpoint save after each flush.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from typing import Any, BinaryIO

import attrs

from ncm_async._client import AsyncNcmClient
from ncm_async.bulk import CheckpointStore
from ncm_async.cli.output import CsvWriter, JsonlWriter, RecordWriter
from ncm_async.cli.progress import Snapshot
from ncm_async.cli.pull import PullOptions
from ncm_async.cli.session import CliError
from ncm_async.cli.specs import parse_ids
from ncm_async.converter import unstructure
from ncm_async.errors import NcmError

FLUSH_INTERVAL = 1.0
"""Seconds between flushes (and checkpoint saves): at most this much work is redone."""


@attrs.define
class PullRun:
    """The live state of one pull, read by the progress ticker and the summary."""

    client: AsyncNcmClient
    clock: Callable[[], float]
    started: float
    writer: RecordWriter | None = None
    ids_total: int | None = None
    ids_done: int | None = None
    failed: Mapping[str, str] = attrs.field(factory=dict)
    kept_records: int = 0
    interrupted: bool = False
    reader_gone: bool = False
    """``--out -`` was closed by its reader (``| head``)."""
    error: NcmError | None = None
    checkpoint: CheckpointStore | None = None
    """Where the checkpoint is kept when not in a file beside the output (Redis)."""

    def snapshot(self) -> Snapshot:
        """Counts so far: records from the writer, requests from the client's stats."""
        stats = self.client.stats
        return Snapshot(
            records=self.writer.records if self.writer is not None else 0,
            requests=stats.requests,
            retries=stats.retries,
            throttles=stats.throttles,
            failed=len(self.failed),
            elapsed=self.clock() - self.started,
            ids_done=self.ids_done,
            ids_total=self.ids_total,
        )


def make_writer(opts: PullOptions, output: BinaryIO, keep: int | None) -> RecordWriter:
    """The ``--format`` writer; a resumed CSV gets no second header."""
    if opts.format == "csv":
        columns = opts.plan.target.output_columns(opts.plan.fields)
        return CsvWriter(output, columns, offset=keep or 0, header=not keep)
    return JsonlWriter(output, offset=keep or 0)


def read_ids(path: str) -> list[str]:
    """The ids of an ``--ids`` file (``-``: stdin); small, so read at once.

    Raises:
        CliError: Unreadable, or a line that is not an id (named in the message).
    """
    name = "stdin" if path == "-" else path
    try:
        if path == "-":
            return parse_ids(sys.stdin, source=name)
        with open(path, encoding="utf-8") as lines:
            return parse_ids(lines, source=name)
    except OSError as exc:
        raise CliError(f"{name}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CliError(str(exc)) from None


async def device_ids(client: AsyncNcmClient, opts: PullOptions) -> list[str]:
    """The ids to fan out over: from ``--ids`` (a file or stdin), or every router/net_device.

    Raises:
        CliError: The ids file cannot be read or holds something that is not an id.
    """
    plan = opts.plan
    if plan.id_source == "file" and opts.id_file is not None:
        return read_ids(opts.id_file)
    listing = client.v2.net_devices if plan.listing_endpoint == "net_devices" else client.v2.routers
    return [str(r.id) async for r in listing.list(fields=["id"])]


def endpoint_of(client: AsyncNcmClient, opts: PullOptions) -> Any:
    """The resource object (``ncm.v2.routers``) the plan names."""
    target = opts.plan.target
    return getattr(getattr(client, target.api), target.name)


def record_shaper(opts: PullOptions) -> Callable[[Any], dict[str, Any]]:
    """Model -> the API's JSON shape, cut to ``--fields`` (bulk adds the fields it pages by)."""
    fields = opts.plan.fields
    if not fields:
        return unstructure
    if opts.plan.target.api == "v3":
        return _v3_shaper(fields)

    def shape(record: Any) -> dict[str, Any]:
        data = unstructure(record)
        return {k: data[k] for k in fields if k in data}

    return shape


def _v3_shaper(fields: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """A JSON:API resource cut to ``id``, ``type`` and the chosen attributes."""

    def shape(record: Any) -> dict[str, Any]:
        data = unstructure(record)
        attributes = data.get("attributes") or {}
        kept = {k: attributes[k] for k in fields if k in attributes}
        return {"id": data.get("id"), "type": data.get("type"), "attributes": kept}

    return shape


async def pull_listing(client: AsyncNcmClient, opts: PullOptions, run: PullRun) -> None:
    """Write every record of a single listing (no fan-out, so no checkpoint)."""
    writer = run.writer
    assert writer is not None
    fields = list(opts.plan.fields) if opts.plan.fields else None
    listing = endpoint_of(client, opts).list(fields=fields, **opts.plan.filters)
    shape = record_shaper(opts)
    last = run.clock()
    try:
        async for record in listing:
            writer.write(shape(record))
            if run.clock() - last >= FLUSH_INTERVAL:
                writer.flush()
                last = run.clock()
    finally:
        writer.flush()


_REQUEST_PREFIX = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) \S+: ")


def describe_error(error: BaseException) -> str:
    """One short line for a summary: the error without the request URL it starts with.

    A failed id's URL repeats the whole query (all its filters); the id is
    already printed next to it, so ``HTTP 403: forbidden`` says what matters.
    """
    text = " ".join(str(error).split())
    return _REQUEST_PREFIX.sub("", text) or type(error).__name__

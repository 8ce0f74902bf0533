"""``ncm-async pull``: its validated options.

Every usage rule that can be checked before any I/O is checked here (and shown
by ``main`` as a usage error, exit 2). The run itself, from credentials to
summary and exit status, is :func:`ncm_async.cli.transfer.run_pull_command`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

import attrs

from ncm_async.cli import targets as plans
from ncm_async.cli.resume import RunIdentity, checkpoint_path
from ncm_async.cli.session import SimSettings
from ncm_async.cli.timespec import TimeSpec, check_window, format_time_spec, resolve_time

DEFAULT_RATE = 500.0

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_INTERRUPTED = 130
EXIT_CLOSED_OUTPUT = 141
"""The reader of ``--out -`` went away (``| head``): stop quietly, as a shell reports SIGPIPE."""


@attrs.frozen
class PullOptions:
    """A validated ``pull`` command line (times already resolved against ``now``)."""

    plan: plans.PullPlan
    out: str = "-"
    format: str = "jsonl"
    id_file: str | None = None
    resume: bool = False
    since: datetime | None = None
    until: datetime | None = None
    window: tuple[str | None, str | None] = (None, None)
    """``--since``/``--until`` as typed (``24h``): a resumed pull must ask for the same."""
    raw_filters: tuple[tuple[str, str], ...] = ()
    rate_limit: float | None = DEFAULT_RATE
    concurrency: int = 8
    quiet: bool = False
    verbose: bool = False
    sim: SimSettings | None = None
    redis_url: str | None = attrs.field(default=None, repr=False)
    redis_namespace: str | None = None
    checkpoint_key: str | None = None

    @classmethod
    def build(
        cls,
        endpoint: str,
        *,
        ids: str | None = None,
        all_routers: bool = False,
        since: TimeSpec | None = None,
        until: TimeSpec | None = None,
        fields: tuple[str, ...] | None = None,
        filters: tuple[tuple[str, str], ...] = (),
        out: str = "-",
        format: str | None = None,
        resume: bool = False,
        rate_limit: float | str | None = "default",
        concurrency: int = 8,
        quiet: bool = False,
        verbose: bool = False,
        sim: SimSettings | None = None,
        now: datetime | None = None,
        redis_url: str | None = None,
        redis_namespace: str | None = None,
        checkpoint_key: str | None = None,
    ) -> PullOptions:
        """Validate a pull's arguments (what ``main`` and tests call).

        Raises:
            ValueError: A usage error, in words the user can act on.
        """
        now = now or datetime.now(UTC)
        since_at = resolve_time(since, now) if since is not None else None
        until_at = resolve_time(until, now) if until is not None else None
        check_window(since_at, until_at)
        target = plans.find_target(endpoint)
        source: plans.IdSource | None = "file" if ids else ("all" if all_routers else None)
        plan = plans.plan_pull(
            target,
            id_source=source,
            since=since_at,
            until=until_at,
            fields=fields,
            extra_filters=dict(filters),
        )
        if resume and out == "-":
            msg = "--resume needs --out FILE (a pull to stdout cannot be continued)"
            raise ValueError(msg)
        if resume and plan.key is None:
            msg = (
                f"--resume continues per-router pulls; {target.label} is a single listing, "
                "so rerun it without --resume"
            )
            raise ValueError(msg)
        if rate_limit == "default":
            rate_limit = sim.rate_limit if sim is not None else DEFAULT_RATE
        fmt = format or ("csv" if out.lower().endswith(".csv") else "jsonl")
        return cls(
            plan=plan,
            out=out,
            format=fmt,
            id_file=ids,
            resume=resume,
            since=since_at,
            until=until_at,
            window=(format_time_spec(since), format_time_spec(until)),
            raw_filters=tuple(filters),
            rate_limit=rate_limit if not isinstance(rate_limit, str) else DEFAULT_RATE,
            concurrency=concurrency,
            quiet=quiet,
            verbose=verbose,
            sim=sim,
            redis_url=redis_url,
            redis_namespace=redis_namespace,
            checkpoint_key=_checked_key(checkpoint_key, out, plan.key),
        )

    @classmethod
    def from_namespace(cls, ns: argparse.Namespace, sim: SimSettings | None) -> PullOptions:
        """Options from ``main``'s parsed arguments.

        Raises:
            ValueError: A usage error.
        """
        sim_given = [
            f"--sim-{n.replace('_', '-')}"
            for n in ("routers", "seed", "rate_limit", "latency", "faults")
            if getattr(ns, f"sim_{n}") is not None
        ]
        if sim_given and sim is None:
            msg = f"{', '.join(sim_given)} only apply with --simulate"
            raise ValueError(msg)
        return cls.build(
            ns.endpoint,
            ids=ns.ids,
            all_routers=ns.all_routers,
            since=ns.since,
            until=ns.until,
            fields=ns.fields,
            filters=tuple(ns.filters),
            out=ns.out,
            format=ns.format,
            resume=ns.resume,
            rate_limit=ns.rate_limit if ns.rate_limit is not None else "default",
            concurrency=ns.concurrency,
            quiet=ns.quiet,
            verbose=ns.verbose,
            sim=sim,
            redis_url=ns.redis,
            redis_namespace=ns.redis_namespace,
            checkpoint_key=ns.checkpoint_key,
        )

    @property
    def checkpoint(self) -> str | None:
        """The checkpoint file, for fan-out pulls to a file (None when it is in Redis)."""
        if self.out == "-" or self.plan.key is None or self.checkpoint_key is not None:
            return None
        return checkpoint_path(self.out)

    def identity(self, sim_now: datetime | None) -> RunIdentity:
        """What a checkpoint of this pull must match."""
        sim: Mapping[str, Any] | None = None
        if self.sim is not None:
            sim = {
                "routers": self.sim.routers,
                "seed": self.sim.seed,
                "now": sim_now.isoformat() if sim_now else None,
            }
        return RunIdentity(
            endpoint=self.plan.target.label,
            format=self.format,
            fields=self.plan.fields,
            filters=self.raw_filters,
            id_source=self.plan.id_source,
            since=self.since,
            until=self.until,
            window=self.window,
            sim=sim,
        )


def isatty(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal (progress redraws in place)."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _checked_key(key: str | None, out: str, fan_out: str | None) -> str | None:
    """``--checkpoint-key``, if it applies to this pull.

    Raises:
        ValueError: An empty key, or a pull that keeps no checkpoint.
    """
    if key is None:
        return None
    if not key.strip():
        msg = "--checkpoint-key needs a non-empty name"
        raise ValueError(msg)
    if out == "-" or fan_out is None:
        msg = "--checkpoint-key applies to per-router pulls to a file (--out FILE)"
        raise ValueError(msg)
    return key

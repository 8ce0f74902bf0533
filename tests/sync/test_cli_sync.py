"""``ncm-async sync``: the summary says what changed; a locked database is a clear error."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest
from sync_support import NOW

from ncm_async.cli.main import build_parser, run
from ncm_async.cli.session import SimSettings
from ncm_async.cli.sync import SyncOptions, sync
from ncm_async.sync import open_target

pytestmark = pytest.mark.anyio


def _opts(db: Path, *extra: str) -> SyncOptions:
    ns = build_parser().parse_args(
        [
            "sync",
            "router_state_samples",
            "--all-routers",
            "--into",
            f"sqlite:///{db}",
            "--since",
            "2024-04-24",
            "--simulate",
            *extra,
        ]
    )
    return SyncOptions.from_namespace(ns, SimSettings(routers=60, seed=2, now=NOW))


async def test_two_runs_then_a_locked_database(tmp_path: Path) -> None:
    db = tmp_path / "ncm.db"
    err = io.StringIO()
    assert await sync(_opts(db), err=err, tty=False) == 0
    text = err.getvalue()
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM router_state_samples").fetchone()[0]
    assert stored > 0
    assert f"new       {stored:,} rows in router_state_samples" in text
    assert re.search(r"^requests  \d+ \(0 retries, 0 throttled\)$", text, re.M)

    again = io.StringIO()
    assert await sync(_opts(db), err=again, tty=False) == 0
    assert "new       0 rows in router_state_samples" in again.getvalue()
    assert "requests  1 (0 retries, 0 throttled)" in again.getvalue()

    holder = open_target(db)
    await holder.open()
    try:
        locked = io.StringIO()
        assert await sync(_opts(db), err=locked, tty=False) == 1
    finally:
        await holder.close()
    assert re.search(
        r"ncm-async sync: another sync is running on .*ncm\.db \(pid \d+", locked.getvalue()
    )


async def test_a_first_sync_without_since_says_so(tmp_path: Path) -> None:
    ns = build_parser().parse_args(
        [
            "sync",
            "router_state_samples",
            "--all-routers",
            "--into",
            str(tmp_path / "x.db"),
            "--simulate",
            "--quiet",
        ]
    )
    opts = SyncOptions.from_namespace(ns, SimSettings(routers=5, seed=2, now=NOW))
    err = io.StringIO()
    assert await sync(opts, err=err, tty=False) == 1
    assert "the first sync of an id needs since= (--since on the command line)" in err.getvalue()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["sync", "router_state_samples", "--into", f"sqlite:///{tmp_path}/x.db"])
    assert exited.value.code == 2
    assert "give --ids FILE or --all-routers" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(["sync", "routers", "--into", "x.db", "--every", "soon"])
    assert "not a time" in capsys.readouterr().err

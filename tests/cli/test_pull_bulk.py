"""Fan-out pulls through the bulk layer: exact output, failures, interruption and resume."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import anyio
import orjson
import pytest

from ncm_async.cli.main import run
from ncm_async.cli.pull import PullOptions
from ncm_async.cli.resume import checkpoint_path
from ncm_async.cli.session import SimSettings
from ncm_async.cli.specs import parse_faults
from ncm_async.cli.transfer import pull

from .conftest import NOW, expected_per_router, stopping_client, written_lines

DAY = timedelta(hours=24)


def settings(routers: int, **kw: object) -> SimSettings:
    return SimSettings(routers=routers, seed=2, now=NOW, **kw)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_all_routers_state_samples_equal_the_ground_truth(tmp_path: Path) -> None:
    out = tmp_path / "samples.jsonl"
    sim = settings(150)
    opts = PullOptions.build(
        "router_state_samples", all_routers=True, since=DAY, out=str(out), sim=sim, now=NOW
    )
    err = io.StringIO()
    assert await pull(opts, err=err) == 0
    built = sim.build()
    truth = expected_per_router(
        built, "router_state_samples", built.fleet.router_ids, created_at__gt=NOW - DAY
    )
    assert len(truth) > 500
    assert written_lines(out.read_bytes()) == truth
    assert f"records   {len(truth):,}" in err.getvalue()
    assert not await anyio.Path(checkpoint_path(str(out))).exists(), "a finished pull cleans up"


@pytest.mark.anyio
async def test_ids_file_window_and_csv(tmp_path: Path) -> None:
    built = settings(30).build()
    chosen = built.fleet.router_ids[3:8]
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("# five routers\n" + "\n".join(map(str, chosen)) + "\n\n")
    out = tmp_path / "samples.csv"
    opts = PullOptions.build(
        "router_stream_usage_samples",
        ids=str(ids_file),
        since=timedelta(days=3),
        until=DAY,
        fields=("router", "bytes_in", "created_at"),
        out=str(out),
        sim=settings(30),
        now=NOW,
    )
    assert await pull(opts, err=io.StringIO()) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    truth = [
        orjson.loads(line)
        for line in expected_per_router(
            built,
            "router_stream_usage_samples",
            chosen,
            created_at__gt=NOW - timedelta(days=3),
            created_at__lt=NOW - DAY,
        )
    ]
    assert rows
    assert list(rows[0]) == ["router", "bytes_in", "created_at"]
    key = ("router", "bytes_in", "created_at")
    assert sorted(tuple(r[k] for k in key) for r in rows) == sorted(
        tuple(str(t[k]) for k in key) for t in truth
    )


@pytest.mark.anyio
async def test_failed_routers_exit_3_and_are_listed_for_a_retry(tmp_path: Path) -> None:
    sim = settings(40, faults=parse_faults("permanent=403:3,seed=1"))
    out = tmp_path / "samples.jsonl"
    opts = PullOptions.build(
        "router_state_samples", all_routers=True, since=DAY, out=str(out), sim=sim, now=NOW
    )
    err = io.StringIO()
    assert await pull(opts, err=err) == 3
    built = sim.build()
    failing = sorted(int(r) for r in built.fault_plan.permanent["routers"])  # type: ignore[union-attr]
    healthy = [r for r in built.fleet.router_ids if r not in failing]
    truth = expected_per_router(built, "router_state_samples", healthy, created_at__gt=NOW - DAY)
    assert written_lines(out.read_bytes()) == truth
    text = err.getvalue()
    assert "failures  3" in text
    assert text.count("  failed ") == 3
    assert "3 ids failed: their records are missing; retry them with --ids" in text
    retry = await anyio.Path(f"{out}.failed-ids.txt").read_text()
    assert sorted(int(line.split()[0]) for line in retry.splitlines()[1:]) == failing


@pytest.mark.parametrize("fast_clock", [False, True], ids=["final-save", "save-every-page"])
def test_interrupted_pull_resumes_to_an_exact_file(tmp_path: Path, fast_clock: bool) -> None:
    out = tmp_path / "samples.jsonl"
    stop = anyio.Event()
    ticks = iter(range(10**6))
    opts = PullOptions.build(
        "router_state_samples",
        all_routers=True,
        since=DAY,
        out=str(out),
        sim=SimSettings(routers=300, seed=5),
    )
    err = io.StringIO()

    async def first_run() -> int:
        return await pull(
            opts,
            err=err,
            stop=stop,
            client_factory=stopping_client(6, stop),
            clock=(lambda: float(next(ticks))) if fast_clock else time.monotonic,
        )

    assert anyio.run(first_run) == 130
    assert "interrupted; rerun with --resume to continue" in err.getvalue()
    saved = json.loads(Path(checkpoint_path(str(out))).read_text())["extra"]
    partial = out.read_bytes()
    assert 0 < saved["output_bytes"] <= len(partial)
    assert partial.endswith(b"\n")
    with out.open("ab") as f:
        f.write(b'{"written after the last checkpoint, then killed": ')
    code = run(
        [
            "pull",
            "router_state_samples",
            "--all-routers",
            "--since",
            "24h",
            "--out",
            str(out),
            "--simulate",
            "--sim-routers",
            "300",
            "--sim-seed",
            "5",
            "--resume",
            "--quiet",
        ]
    )
    assert code == 0
    sim = SimSettings(routers=300, seed=5, now=_time(saved["sim"]["now"])).build()
    truth = expected_per_router(
        sim, "router_state_samples", sim.fleet.router_ids, created_at__gt=_time(saved["since"])
    )
    written = written_lines(out.read_bytes())
    assert len(written) == len(set(written)), "a record was written twice"
    assert written == truth
    assert 0 < saved["records"] < len(truth), "the first run stopped part way"
    assert set(written_lines(partial[: saved["output_bytes"]])) < set(truth)
    assert not Path(checkpoint_path(str(out))).exists()


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_resume_refuses_a_different_pull_and_a_missing_checkpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "samples.jsonl"
    stop = anyio.Event()
    opts = PullOptions.build(
        "router_state_samples", all_routers=True, out=str(out), sim=SimSettings(routers=120)
    )

    async def first_run() -> int:
        return await pull(
            opts, err=io.StringIO(), stop=stop, client_factory=stopping_client(3, stop)
        )

    assert anyio.run(first_run) == 130
    base = ["pull", "router_state_samples", "--all-routers", "--out", str(out), "--resume"]
    assert run([*base, "--simulate", "--sim-routers", "120", "--fields", "state"]) == 2
    assert "different pull (fields" in capsys.readouterr().err
    Path(checkpoint_path(str(out))).unlink()
    assert run([*base, "--simulate", "--sim-routers", "120"]) == 2
    assert "no checkpoint" in capsys.readouterr().err


@pytest.mark.anyio
async def test_bulk_pull_to_stdout_needs_no_checkpoint() -> None:
    sink = io.BytesIO()
    opts = PullOptions.build(
        "net_device_signal_samples",
        all_routers=True,
        since=DAY,
        fields=("net_device", "dbm"),
        sim=settings(8),
        now=NOW,
    )
    assert await pull(opts, err=io.StringIO(), stdout=sink) == 0
    built = settings(8).build()
    truth = [
        orjson.loads(line)
        for line in expected_per_router(
            built,
            "net_device_signal_samples",
            built.fleet.net_device_ids,
            key="net_device",
            created_at__gt=NOW - DAY,
        )
    ]
    records = [orjson.loads(line) for line in sink.getvalue().splitlines()]
    assert records
    assert all(set(r) <= {"net_device", "dbm"} for r in records)
    want = sorted((t["net_device"], t.get("dbm")) for t in truth)
    assert sorted((r["net_device"], r.get("dbm")) for r in records) == want

"""Single-listing pulls (no fan-out) against the simulator: exact output in every format."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import anyio
import httpx
import orjson
import pytest

from ncm_async._client import AsyncNcmClient
from ncm_async.cli.pull import PullOptions
from ncm_async.cli.session import SimSettings, client_rate_limit
from ncm_async.cli.transfer import pull

from .conftest import NOW, StopAfter, expected_lines, written_lines

pytestmark = pytest.mark.anyio


def sim_settings(routers: int) -> SimSettings:
    return SimSettings(routers=routers, seed=4, now=NOW)


async def test_routers_to_a_file_equal_the_ground_truth(tmp_path: Path) -> None:
    out = tmp_path / "routers.jsonl"
    opts = PullOptions.build("routers", out=str(out), sim=sim_settings(30), now=NOW)
    err = io.StringIO()
    assert await pull(opts, err=err) == 0
    truth = expected_lines(sim_settings(30).build(), "routers")
    assert written_lines(out.read_bytes()) == truth
    assert len(truth) == 30
    assert "records   30" in err.getvalue()
    assert "failures  0" in err.getvalue()


async def test_filters_and_fields_reach_the_server(tmp_path: Path) -> None:
    sink = io.BytesIO()
    opts = PullOptions.build(
        "routers",
        fields=("id", "state"),
        filters=(("state", "online"),),
        sim=sim_settings(40),
        now=NOW,
    )
    assert await pull(opts, err=io.StringIO(), stdout=sink) == 0
    records = [orjson.loads(line) for line in sink.getvalue().splitlines()]
    truth = sim_settings(40).build().ground_truth("routers", state="online")
    assert records == [{"id": t["id"], "state": t["state"]} for t in truth]
    assert records
    assert all(r["state"] == "online" for r in records)


async def test_csv_output_has_the_model_columns(tmp_path: Path) -> None:
    out = tmp_path / "net_devices.csv"
    opts = PullOptions.build("net_devices", out=str(out), sim=sim_settings(10), now=NOW)
    assert opts.format == "csv"
    assert await pull(opts, err=io.StringIO()) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    truth = sim_settings(10).build().ground_truth("net_devices")
    assert [r["id"] for r in rows] == [t["id"] for t in truth]
    assert list(rows[0]) == list(opts.plan.target.columns)


async def test_interrupted_listing_keeps_whole_records(tmp_path: Path) -> None:
    settings = sim_settings(1200)
    sim = settings.build()
    stop = anyio.Event()

    def client(_: SimSettings | None) -> AsyncNcmClient:
        transport = StopAfter(httpx.ASGITransport(app=sim.app), 2, stop)
        return sim.client(transport=transport, rate_limit=client_rate_limit(None, 4))

    out = tmp_path / "routers.jsonl"
    opts = PullOptions.build("routers", out=str(out), sim=settings, now=NOW)
    err = io.StringIO()
    assert await pull(opts, err=err, stop=stop, client_factory=client) == 130
    lines = written_lines(out.read_bytes())
    assert 0 < len(lines) < 1200
    assert set(lines) <= set(expected_lines(sim, "routers"))
    assert "interrupted; the output holds every record written so far" in err.getvalue()


async def test_v3_endpoint_to_jsonl_and_csv(tmp_path: Path) -> None:
    settings = sim_settings(5)
    truth = settings.build().ground_truth("users", api="v3")
    sink = io.BytesIO()
    opts = PullOptions.build("v3.users", sim=settings, now=NOW)
    assert await pull(opts, err=io.StringIO(), stdout=sink) == 0
    assert sorted(r["id"] for r in map(orjson.loads, sink.getvalue().splitlines())) == sorted(
        t["id"] for t in truth
    )
    out = tmp_path / "users.csv"
    opts = PullOptions.build("v3.users", out=str(out), sim=settings, now=NOW)
    assert await pull(opts, err=io.StringIO()) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert sorted((r["id"], r["attributes.email"]) for r in rows) == sorted(
        (t["id"], t["attributes"]["email"]) for t in truth
    )


async def test_an_api_error_is_one_line_and_exit_1() -> None:
    settings = sim_settings(3)

    def client(_: SimSettings | None) -> AsyncNcmClient:
        sim = settings.build(v2_keys=("a", "b", "c", "d"))
        return sim.client()

    opts = PullOptions.build("routers", sim=settings, now=NOW)
    err = io.StringIO()
    assert await pull(opts, err=err, stdout=io.BytesIO(), client_factory=client) == 1
    last = err.getvalue().splitlines()[-1]
    assert last.startswith("ncm-async pull: ")
    assert "401" in last
    assert "sim-cp-key" not in err.getvalue()

"""What a user meets when something is off: one line, the right exit status, no traceback.

Each case is a mistake or situation from the field (issue reports): unknown fields and
filters, sizes past their documented bounds, a taken port, a reader that closes the pipe,
a resume that asks for another time window, v3 sparse fieldsets.
"""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
from pathlib import Path

import attrs
import orjson
import pytest

from ncm_async.cli.main import MAX_CONCURRENCY, MAX_SIM_ROUTERS, run
from ncm_async.cli.pull import EXIT_CLOSED_OUTPUT, PullOptions
from ncm_async.cli.resume import RunIdentity, read_extra
from ncm_async.cli.session import SimSettings
from ncm_async.cli.timespec import format_time_spec, parse_time_spec
from ncm_async.cli.transfer import pull

from .conftest import NOW


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["pull", "routers", "--filter", "colour=red"], "--filter colour: not a documented"),
        (["pull", "routers", "--filter", "bogus=1"], "choose from account (__in), asset_id"),
        (["pull", "routers", "--filter", "state__gt=online"], "--filter state__gt: not a"),
        (["pull", "v3.users", "--filter", "colour=red"], "not a documented filter of v3.users"),
        (["pull", "routers", "--fields", "id,colour"], "'colour' not a field of routers"),
        (["pull", "routers", "--fields", "id,colour"], "choose from account, actual_firmware"),
        (["pull", "v3.users", "--fields", "email,shoe_size"], "'shoe_size' not a field of v3"),
        (
            ["pull", "router_state_samples", "--all-routers", "--since", "99999999d"],
            "argument --since: '99999999d' is too far back (at most 3,650d)",
        ),
        (["pull", "routers", "--until", "1000000w"], "argument --until: '1000000w' is too far"),
        (
            ["pull", "routers", "--simulate", "--sim-routers", "10000000"],
            f"argument --sim-routers: expected a whole number from 0 to {MAX_SIM_ROUTERS:,}",
        ),
        (["simulate", "--routers", "10000000"], "argument --routers: expected a whole number"),
        (["simulate", "--port", "70000"], "argument --port: expected a whole number from 0"),
        (
            ["pull", "routers", "--concurrency", "5000"],
            f"argument --concurrency: expected a whole number from 1 to {MAX_CONCURRENCY}",
        ),
        (["pull", "routers", "--concurrency", "٣"], "argument --concurrency: expected"),
        (["simulate", "--latency", "2h"], "argument --latency: not a duration"),
        (["simulate", "--latency", "90m"], "argument --latency: '90m' is too long"),
        (["pull", "routers", "--rate-limit", "99999999/s"], "'99999999/s' is too fast"),
    ],
)
def test_user_mistakes_are_one_usage_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert err.count("error:") == 1


def test_a_huge_since_never_overflows_the_date() -> None:
    with pytest.raises(ValueError, match="too far back"):
        parse_time_spec("99999999d")
    assert format_time_spec(parse_time_spec("3650d")) == "3650d"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("24h", "24h"), ("48h", "48h"), ("7d", "7d"), ("2w", "14d"), ("30m", "30m"), ("now", "now")],
)
def test_a_window_is_shown_back_as_typed(typed: str, shown: str) -> None:
    assert format_time_spec(parse_time_spec(typed)) == shown


@pytest.mark.anyio
async def test_v3_fields_write_the_chosen_attributes(tmp_path: Path) -> None:
    sim = SimSettings(routers=5, seed=2, now=NOW)
    truth = sim.build().ground_truth("users", api="v3")
    assert truth
    sink = io.BytesIO()
    opts = PullOptions.build("v3.users", fields=("email", "first_name"), sim=sim, now=NOW)
    assert await pull(opts, err=io.StringIO(), stdout=sink) == 0
    written = [orjson.loads(line) for line in sink.getvalue().splitlines()]
    assert written == [
        {
            "id": t["id"],
            "type": "users",
            "attributes": {
                "email": t["attributes"]["email"],
                "first_name": t["attributes"]["first_name"],
            },
        }
        for t in truth
    ]

    out = tmp_path / "users.csv"
    opts = PullOptions.build(
        "v3.users", fields=("email", "first_name"), out=str(out), sim=sim, now=NOW
    )
    assert await pull(opts, err=io.StringIO()) == 0
    rows = list(csv.reader(out.read_text().splitlines()))
    assert rows[0] == ["id", "attributes.email", "attributes.first_name"]
    assert rows[1:] == [
        [t["id"], t["attributes"]["email"], t["attributes"]["first_name"]] for t in truth
    ]


def test_simulate_on_a_taken_port_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run(["simulate", "--port", str(port), "--routers", "3"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"ncm-async simulate: cannot listen on 127.0.0.1:{port}: address already in use "
        "(choose another --port, or 0 for a free one)\n"
    )


class _ClosedPipe(io.BytesIO):
    """A stdout whose reader went away after the first write (``| head -1``)."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(data)

    def flush(self) -> None:
        if self.tell():
            raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.anyio
async def test_a_closed_pipe_stops_the_pull_quietly() -> None:
    opts = PullOptions.build("routers", sim=SimSettings(routers=600, seed=1, now=NOW), now=NOW)
    err = io.StringIO()
    assert await pull(opts, err=err, stdout=_ClosedPipe(), tty=False) == EXIT_CLOSED_OUTPUT
    assert "Broken pipe" not in err.getvalue()
    assert "ncm-async pull:" not in err.getvalue()


def test_pull_into_head_exits_141_without_a_message() -> None:
    command = [sys.executable, "-m", "ncm_async", "pull", "routers", "--simulate"]
    command += ["--sim-routers", "3000", "--quiet", "--out", "-"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert orjson.loads(first)["id"]
    assert proc.returncode == EXIT_CLOSED_OUTPUT
    assert b"Broken pipe" not in err
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err


IDENTITY = RunIdentity(
    endpoint="router_logs",
    format="jsonl",
    fields=None,
    filters=(),
    id_source="all",
    since=NOW,
    until=None,
    window=("24h", None),
)


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (("48h", None), "the checkpoint is for --since 24h, this run asks for --since 48h"),
        ((None, None), "the checkpoint is for --since 24h, this run asks for none"),
        (("24h", "1h"), "this run asks for --since 24h --until 1h"),
    ],
)
def test_resume_with_another_window_is_refused(
    window: tuple[str | None, str | None], message: str
) -> None:
    extra = IDENTITY.to_extra(output_bytes=0, records=0)
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        read_extra(attrs.evolve(IDENTITY, window=window), extra)
    assert read_extra(IDENTITY, extra).since == NOW


def test_resume_with_another_since_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "logs.jsonl"
    base = ["pull", "router_logs", "--all-routers", "--simulate", "--sim-routers", "4"]
    base += ["--out", str(out), "--quiet"]
    checkpoint = Path(f"{out}.checkpoint.json")
    extra = IDENTITY.to_extra(output_bytes=0, records=0)
    extra.update(endpoint="router_logs", sim={"routers": 4, "seed": 0, "now": NOW.isoformat()})
    checkpoint.write_bytes(orjson.dumps({"extra": extra}))
    out.write_bytes(b"")
    assert run([*base, "--since", "48h", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "the checkpoint is for --since 24h, this run asks for --since 48h" in err
    assert "Traceback" not in err

"""The command line as a user meets it: exit codes, usage errors, messages, help."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

from ncm_async.cli.main import build_parser, run
from ncm_async.cli.session import NO_CREDENTIALS, SimSettings


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("ncm-async ")


@pytest.mark.parametrize("argv", [["--help"], ["pull", "--help"], ["simulate", "--help"]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(argv)
    assert exit_info.value.code == 0
    assert "usage: ncm-async" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["pull"], "the following arguments are required: ENDPOINT"),
        (["pull", "routers", "--since", "yesterday"], "argument --since: not a time"),
        (["pull", "routers", "--format", "xml"], "invalid choice: 'xml'"),
        (["pull", "routers", "--ids", "f", "--all-routers"], "not allowed with argument"),
        (["pull", "zzz", "--simulate"], "unknown endpoint 'zzz'"),
        (["pull", "router_state_samples", "--simulate"], "give --ids FILE or --all-routers"),
        (["pull", "routers", "--since", "24h", "--simulate"], "no documented created_at__gt"),
        (["pull", "router_logs", "--all-routers", "--resume"], "--resume needs --out FILE"),
        (["pull", "routers", "--resume", "--out", "r.jsonl"], "routers is a single listing"),
        (["pull", "routers", "--sim-routers", "5"], "--sim-routers only apply with --simulate"),
        (
            ["pull", "router_logs", "--all-routers", "--since", "1h", "--until", "2h"],
            "must be before --until",
        ),
        (["pull", "routers", "--concurrency", "0"], "argument --concurrency: expected a whole"),
        (["simulate", "--rate-limit", "fast"], "argument --rate-limit: not a rate"),
        (["simulate", "--faults", "chaos=1"], "unknown fault key"),
        (["simulate", "--v2-keys", "a,b"], "four comma-separated values"),
    ],
)
def test_bad_arguments_exit_2_with_usage_and_no_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: ncm-async" in err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("no_credentials")
def test_without_credentials_pull_says_which_variables_and_simulate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["pull", "routers"]) == 1
    err = capsys.readouterr().err
    assert err == f"ncm-async pull: {NO_CREDENTIALS}\n"
    for name in ("X_CP_API_ID", "X_CP_API_KEY", "X_ECM_API_ID", "X_ECM_API_KEY", "--simulate"):
        assert name in err


def test_pull_to_stdout_through_the_real_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["pull", "routers", "--simulate", "--sim-routers", "7", "--fields", "id,state"])
    captured = capsys.readouterr()
    assert code == 0
    records = [orjson.loads(line) for line in captured.out.splitlines()]
    assert len(records) == 7
    assert all(set(r) == {"id", "state"} for r in records)
    assert "records   7" in captured.err


def test_ids_from_stdin_for_a_one_query_per_router_endpoint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = SimSettings(routers=6, seed=3).build()
    chosen = sim.fleet.router_ids[1:4]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(map(str, chosen)) + "\n"))
    argv = ["pull", "router_logs", "--ids", "-", "--simulate", "--sim-routers", "6"]
    assert run([*argv, "--sim-seed", "3", "--fields", "router,message"]) == 0
    captured = capsys.readouterr()
    records = [orjson.loads(line) for line in captured.out.splitlines()]
    assert records
    assert {r["router"].rstrip("/").rsplit("/", 1)[1] for r in records} <= set(map(str, chosen))
    assert f"records   {len(records):,}" in captured.err


def test_endpoints_lists_pullable_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["endpoints"]) == 0
    out = capsys.readouterr().out
    assert "router_state_samples" in out
    assert "per router" in out
    assert "reboot_activity" not in out


def test_parser_is_documented_with_the_exit_statuses() -> None:
    assert "130 interrupted" in build_parser().format_help()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--ids", "{bad_ids}"], "ids.txt, line 2: 'router-9' is not an id"),
        (["--all-routers", "--out", "{missing_dir}/x.jsonl"], "x.jsonl: No such file"),
    ],
)
def test_io_problems_are_one_line_and_exit_1(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_ids = tmp_path / "ids.txt"
    bad_ids.write_text("1\nrouter-9\n")
    paths = {"bad_ids": str(bad_ids), "missing_dir": str(tmp_path / "missing")}
    argv = ["pull", "router_logs", "--simulate", "--sim-routers", "3", "--quiet"]
    assert run(argv + [a.format(**paths) for a in extra]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.splitlines()[-1].startswith("ncm-async pull: ")
    assert "Traceback" not in err

"""Id files and fault specs: parsed purely, refused with the line or item at fault."""

from __future__ import annotations

import pytest

from ncm_async.cli.specs import FaultSpec, parse_faults, parse_ids
from ncm_async.testing.faults import ALL_KINDS


def test_ids_file_with_comments_blank_lines_urls_and_duplicates() -> None:
    lines = [
        "# routers of the east region\n",
        "\n",
        "123\n",
        "  456  # the lab router\n",
        "https://www.cradlepointecm.com/api/v2/routers/789/\n",
        "123, 1000 ; 1001\n",
    ]
    assert parse_ids(lines) == ["123", "456", "789", "1000", "1001"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["12\n", "router-7\n"], "ids, line 2: 'router-7' is not an id"),
        (["# nothing\n", "\n"], "ids: no ids found"),
        (["https://x/api/v2/routers//\n"], "line 1"),
    ],
)
def test_bad_ids_files_name_the_line(lines: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ids(lines)


def test_fault_spec_all_keys() -> None:
    spec = parse_faults(
        "transient=3%,kinds=503+drop,slow=250ms,seed=7,permanent=403:2,permanent=404:1"
    )
    assert spec == FaultSpec(
        transient=0.03,
        kinds=("503", "drop"),
        slow_seconds=0.25,
        seed=7,
        permanent=((403, 2), (404, 1)),
    )


@pytest.mark.parametrize("text", ["", "none", "off"])
def test_no_faults(text: str) -> None:
    assert parse_faults(text) == FaultSpec()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("transient", "must be key=value"),
        ("transient=2", "fraction 0..1"),
        ("transient=abc", "fraction 0..1"),
        ("kinds=500+teapot", "choose from"),
        ("permanent=403", "STATUS:COUNT"),
        ("permanent=200:3", "permanent status"),
        ("permanent=403:0", "permanent count"),
        ("chaos=1", "unknown fault key 'chaos'"),
    ],
)
def test_bad_fault_specs(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_faults(text)


def test_fault_plan_picks_distinct_routers_reproducibly() -> None:
    spec = parse_faults("permanent=403:3,permanent=404:2,seed=5,transient=0.1")
    routers = list(range(100, 120))
    plan = spec.plan(routers)
    failing = plan.permanent["routers"]
    assert sorted(failing.values()) == [403, 403, 403, 404, 404]
    assert set(failing) <= {str(r) for r in routers}
    assert spec.plan(routers).permanent == plan.permanent
    assert plan.transient_rate == 0.1
    assert plan.kinds == ALL_KINDS
    assert "3 routers answer 403" in spec.describe()


def test_fault_plan_without_permanent_faults() -> None:
    assert parse_faults("transient=0.5").plan([1, 2]).permanent == {}

"""A checkpoint's CLI part: written and read back, and refused for a different pull."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from ncm_async.cli.resume import RunIdentity, checkpoint_path, read_extra

SINCE = datetime(2024, 5, 1, tzinfo=UTC)
NOW = datetime(2024, 5, 2, tzinfo=UTC)
IDENTITY = RunIdentity(
    endpoint="router_state_samples",
    format="jsonl",
    fields=("state",),
    filters=(("state", "online"),),
    id_source="all",
    since=SINCE,
    until=None,
    sim={"routers": 20, "seed": 3, "now": NOW.isoformat()},
)


def test_checkpoint_sits_next_to_the_output() -> None:
    assert checkpoint_path("out/s.jsonl") == "out/s.jsonl.checkpoint.json"


def test_extra_round_trip_keeps_window_ids_and_simulator_time() -> None:
    extra = IDENTITY.to_extra(output_bytes=1234, records=10, ids=["1", "2"])
    later = attrs.evolve(IDENTITY, since=None, sim={"routers": 20, "seed": 3, "now": None})
    point = read_extra(later, extra)
    assert (point.output_bytes, point.records, point.ids) == (1234, 10, ("1", "2"))
    assert (point.since, point.until, point.sim_now) == (SINCE, None, NOW)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"endpoint": "router_logs"}, "different pull \\(endpoint"),
        ({"format": "csv"}, "different pull \\(format"),
        ({"fields": None}, "different pull \\(fields"),
        ({"filters": ()}, "different pull \\(filters"),
        ({"id_source": "file"}, "different pull \\(id_source"),
        ({"sim": None}, "--simulate set differently"),
        ({"sim": {"routers": 21, "seed": 3}}, "different simulator \\(--sim-routers: 20\\)"),
    ],
)
def test_a_different_pull_is_refused(change: dict[str, object], message: str) -> None:
    extra = IDENTITY.to_extra(output_bytes=0, records=0)
    with pytest.raises(ValueError, match=message):
        read_extra(attrs.evolve(IDENTITY, **change), extra)


def test_foreign_extra_is_refused() -> None:
    with pytest.raises(ValueError, match="not written by this version"):
        read_extra(IDENTITY, {})

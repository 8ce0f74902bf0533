"""Table tests of the pure helpers in ``ncm_async.models.base``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ncm_async.models import id_from_url, parse_datetime, parse_timeuuid, timeuuid_time

V2 = "https://www.cradlepointecm.com/api/v2"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{V2}/routers/2162719/", "2162719"),
        (f"{V2}/routers/2162719", "2162719"),
        ("https://www.cradlepointecm.com/api/v1/routers/2162719/", "2162719"),
        (f"{V2}/routers/861605/configuration_manager/", "861605"),
        (f"{V2}/firmwares/1/default_configuration/", "1"),
        (f"{V2}/routers/42/?fields=id", "42"),
        (f"{V2}/routers/42/#frag", "42"),
        ("/api/v2/groups/85136/", "85136"),
        (f"{V2}/accounts/<account number>/", "<account number>"),
        (f"{V2}/accounts//", None),
        (f"{V2}/accounts/ /", None),
        (f"{V2}/accounts/", None),
        (f"{V2}/alert_rules/", None),
        ("https://api.cradlepointecm.com/api/v3/users/01HABC", "01HABC"),
        ("https://api.cradlepointecm.com/api/v3/beta/exchange_sites/01HH5", "01HH5"),
        ("https://api.cradlepointecm.com/beta/exchange_resources/01HH6", "01HH6"),
        ("routers/77/", "77"),
        ("2162719", "2162719"),
        (" 2162719 ", "2162719"),
        ("<router id>", "<router id>"),
        (2162719, "2162719"),
        ("", None),
        ("   ", None),
        ("/", None),
        (None, None),
    ],
)
def test_id_from_url(url: str | int | None, expected: str | None) -> None:
    assert id_from_url(url) == expected


UTC_T = datetime(2021, 2, 5, 2, 49, 46, 696383, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-02-05T02:49:46.696383+00:00", UTC_T),
        ("2021-02-05T02:49:46.696383Z", UTC_T),
        ("2021-02-05 02:49:46.696383+00:00", UTC_T),
        ("2021-02-05T02:49:46.696383%2B00:00", UTC_T),
        ("2021-02-05T02:49:46.696383%2b00:00", UTC_T),
        ("2021-02-05T02%3A49%3A46.696383Z", UTC_T),
        ("2021-02-05T02:49:46.696383", UTC_T),
        ("2021-02-05 02:49:46.696383", UTC_T),
        (" 2021-02-05T02:49:46.696383Z ", UTC_T),
        ("2021-02-05T02:49:46+00:00", UTC_T.replace(microsecond=0)),
        ("2021-02-05T02:49:46.696+00:00", UTC_T.replace(microsecond=696000)),
        ("2021-02-05", datetime(2021, 2, 5, tzinfo=UTC)),
        (
            "2021-02-04T19:49:46.696383-07:00",
            datetime(2021, 2, 4, 19, 49, 46, 696383, tzinfo=timezone(timedelta(hours=-7))),
        ),
        (UTC_T.replace(tzinfo=None), UTC_T),
        (UTC_T, UTC_T),
        (None, None),
    ],
)
def test_parse_datetime(value: str | datetime | None, expected: datetime | None) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None
        assert parsed.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["daily", "", "2021-13-01T00:00:00Z", "yesterday", 12, [1]])
def test_parse_datetime_rejects_non_timestamps(value: object) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_datetime(value)  # type: ignore[arg-type]


def v1_uuid(when: datetime, clock_seq: int = 0x1234, node: int = 0x32D40D962D51) -> uuid.UUID:
    """A version-1 UUID whose timestamp is ``when`` (100 ns ticks since 1582-10-15)."""
    ticks = (when - datetime(1582, 10, 15, tzinfo=UTC)) // timedelta(microseconds=1) * 10
    return uuid.UUID(
        fields=(
            ticks & 0xFFFFFFFF,
            (ticks >> 32) & 0xFFFF,
            ((ticks >> 48) & 0x0FFF) | 0x1000,
            0x80 | (clock_seq >> 8) & 0x3F,
            clock_seq & 0xFF,
            node,
        )
    )


def test_timeuuid_time_of_a_built_v1_uuid() -> None:
    when = datetime(2020, 12, 4, 9, 20, 24, 40723, tzinfo=UTC)
    built = v1_uuid(when)
    assert built.version == 1
    assert timeuuid_time(built) == when
    assert timeuuid_time(str(built)) == when


@pytest.mark.parametrize(
    ("value", "created_at"),
    [
        # (created_at_timeuuid, created_at) pairs from the documented examples
        ("f064b2c0-3611-11eb-9034-32d40d962d51", "2020-12-04T09:20:24.040723+00:00"),
        ("f221d310-3243-11eb-827b-daedcb174526", "2020-11-29T13:08:17.143272+00:00"),
        ("d554418c-38b3-11eb-acd7-32b969db3e3f", "2020-12-07T17:44:19.430235+00:00"),
        ("964d01fa-68c3-11eb-8000-000000000000", "2021-02-06T21:38:01.447270Z"),
        # router_logs: not a UUID but "<timestamp>_<n>"
        ("2021-02-09T22:37:07.590858_0", "2021-02-09T22:37:07.590858+00:00"),
    ],
)
def test_timeuuid_time_matches_documented_created_at(value: str, created_at: str) -> None:
    assert timeuuid_time(value) == parse_datetime(created_at)


@pytest.mark.parametrize(
    "value",
    [None, "", "not-a-uuid", "dfc1a1fe-8394-418a-904b-ae246cceedb5", "x_y", "ceac0376-675c"],
)
def test_timeuuid_time_is_none_without_a_time(value: str | None) -> None:
    assert timeuuid_time(value) is None


def test_parse_timeuuid() -> None:
    text = "f064b2c0-3611-11eb-9034-32d40d962d51"
    assert parse_timeuuid(text) == uuid.UUID(text)
    assert parse_timeuuid(uuid.UUID(text)) == uuid.UUID(text)
    assert parse_timeuuid("2021-02-09T22:37:07.590858_0") is None
    assert parse_timeuuid(None) is None

"""Property tests: id extraction, timeuuid time, and the structure/unstructure round trip."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ncm_async.converter import structure, structure_many, unstructure
from ncm_async.models import NetDevice, RouterStateSample, id_from_url, timeuuid_time

ids = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.text(alphabet="0123456789abcdefABCDEF-_", min_size=1, max_size=40),
)
endpoints = st.sampled_from(["routers", "accounts", "net_devices", "groups", "firmwares"])
hosts = st.sampled_from(["https://www.cradlepointecm.com", "http://127.0.0.1:8484", ""])


@given(host=hosts, version=st.integers(1, 3), endpoint=endpoints, rid=ids, slash=st.booleans())
def test_id_from_url_finds_the_id(
    host: str, version: int, endpoint: str, rid: str, slash: bool
) -> None:
    url = f"{host}/api/v{version}/{endpoint}/{rid}" + ("/" if slash else "")
    assert id_from_url(url) == rid
    assert id_from_url(url + "?fields=id,name") == rid
    assert id_from_url(f"{host}/api/v{version}/{endpoint}/{rid}/sub_resource/") == rid


@given(rid=st.integers(min_value=0))
def test_bare_ids_and_ints(rid: int) -> None:
    assert id_from_url(rid) == str(rid)
    assert id_from_url(str(rid)) == str(rid)


times = st.datetimes(
    min_value=datetime(1583, 1, 1), max_value=datetime(5000, 1, 1), timezones=st.just(UTC)
)


@given(when=times, clock_seq=st.integers(0, 0x3FFF), node=st.integers(0, 2**48 - 1))
def test_timeuuid_time_round_trips(when: datetime, clock_seq: int, node: int) -> None:
    ticks = (when - datetime(1582, 10, 15, tzinfo=UTC)) // timedelta(microseconds=1) * 10
    value = uuid.UUID(
        fields=(
            ticks & 0xFFFFFFFF,
            (ticks >> 32) & 0xFFFF,
            ((ticks >> 48) & 0x0FFF) | 0x1000,
            0x80 | (clock_seq >> 8),
            clock_seq & 0xFF,
            node,
        )
    )
    assert value.version == 1
    assert timeuuid_time(str(value)) == when


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
aware = st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat())


def records(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    fields = [a for a in attrs.fields(cls) if a.init and a.name != "extra"]
    known = {a.alias for a in fields}
    dt_keys = {"created_at", "updated_at"}
    values = {
        a.alias: (st.one_of(st.none(), aware) if a.alias in dt_keys else json_values)
        for a in fields
    }
    return st.fixed_dictionaries({}, optional=values).flatmap(
        lambda known_part: st.dictionaries(
            st.text(min_size=1, max_size=12).filter(lambda k: k not in known),
            json_values,
            max_size=3,
        ).map(lambda unknown: {**known_part, **unknown})
    )


@given(record=records(RouterStateSample))
def test_state_sample_round_trip(record: dict[str, Any]) -> None:
    model = structure(record, RouterStateSample)
    assert unstructure(model) == record
    assert structure_many([record, record], RouterStateSample) == [model, model]


@given(record=records(NetDevice))
def test_net_device_round_trip(record: dict[str, Any]) -> None:
    assert unstructure(structure(record, NetDevice)) == record

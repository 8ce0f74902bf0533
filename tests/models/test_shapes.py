"""Wrong-shaped input raises ResponseValidationError (the transport reports it as such)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from ncm_async.converter import structure, structure_many, unstructure
from ncm_async.errors import NcmError, ResponseValidationError
from ncm_async.models import NetDevice, RouterStateSample


@pytest.mark.parametrize("data", [[], [{"state": "online"}], "online", None, 42, b"{}"])
def test_structure_rejects_non_objects(data: Any) -> None:
    with pytest.raises(
        ResponseValidationError, match="expected a JSON object for RouterStateSample"
    ):
        structure(data, RouterStateSample)


@pytest.mark.parametrize(
    ("items", "where"),
    [
        ([{"state": "online"}, None], "at index 1"),
        ([{"state": "online"}, ["a", "b", "c", "d", "e"]], "at index 1"),
        (["abcde"], "at index 0"),
        ([{}, {}, 3], "at index 2"),
    ],
)
def test_structure_many_names_the_bad_item(items: list[Any], where: str) -> None:
    with pytest.raises(ResponseValidationError, match=where):
        structure_many(items, RouterStateSample)


@pytest.mark.parametrize("items", [{"state": "online"}, "records", None, 7])
def test_structure_many_rejects_non_arrays(items: Any) -> None:
    with pytest.raises(ResponseValidationError, match="expected a JSON array of NetDevice"):
        structure_many(items, NetDevice)


def test_shape_errors_are_ncm_errors() -> None:
    assert issubclass(ResponseValidationError, NcmError)


def test_any_mapping_and_any_sequence_are_accepted() -> None:
    record = MappingProxyType({"state": "online", "period": 1.0})
    assert structure(record, RouterStateSample).state == "online"
    models = structure_many(iter([record, {"state": "offline"}]), RouterStateSample)  # type: ignore[arg-type]
    assert [m.state for m in models] == ["online", "offline"]
    assert structure_many((), RouterStateSample) == []


def test_unstructure_rejects_non_models() -> None:
    with pytest.raises(TypeError, match="not a model"):
        unstructure({"state": "online"})  # type: ignore[arg-type]

"""Every documented v2 example body structures into its model and round-trips."""

from __future__ import annotations

import typing
from datetime import datetime
from typing import Any

import attrs
import pytest

from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async.converter import structure, structure_many, unstructure
from ncm_async.models import Record, TimeSeriesRecord, parse_datetime
from ncm_async.testing import v2_docs

V2_MODELS = {name: spec.model for name, spec in V2_ENDPOINTS.items()}


def _example_keys() -> list[str]:
    """Example names for parametrisation: every documented body of a v2 endpoint."""
    return [key for key, ex in v2_docs.examples().items() if ex["endpoint"] in V2_ENDPOINTS]


def _records(body: Any) -> list[Any]:
    if isinstance(body, dict) and "data" in body:
        return list(body["data"])
    return [body]


def _datetime_keys(cls: type[Record]) -> set[str]:
    hints = typing.get_type_hints(cls)
    return {
        a.alias
        for a in attrs.fields(cls)
        if a.init and datetime in (typing.get_args(hints[a.name]) or (hints[a.name],))
    }


def _canonical(record: dict[str, Any], cls: type[Record]) -> tuple[dict[str, Any], list[str]]:
    """The record as unstructure writes it, and the raw timestamps it normalised."""
    expected = dict(record)
    normalised = []
    for key in _datetime_keys(cls) & record.keys():
        raw = record[key]
        if isinstance(raw, str):
            parsed = parse_datetime(raw)
            assert parsed is not None
            expected[key] = parsed.isoformat()
            if expected[key] != raw:
                normalised.append(raw)
    return expected, normalised


def test_every_v2_endpoint_has_a_model() -> None:
    assert all(issubclass(cls, Record) for cls in V2_MODELS.values())


@pytest.mark.parametrize("example_key", _example_keys())
def test_example_round_trips(example_key: str, v2_examples: dict[str, Any]) -> None:
    example = v2_examples[example_key]
    cls = V2_MODELS[example["endpoint"]]
    bodies = [example["body"]]
    if isinstance(example.get("request_body"), dict):
        bodies.append(example["request_body"])
    for body in bodies:
        records = _records(body)
        models = structure_many(records, cls)
        for record, model in zip(records, models, strict=True):
            assert isinstance(model, cls)
            assert model == structure(record, cls)
            expected, normalised = _canonical(record, cls)
            assert unstructure(model) == expected
            # The only documented normalisations: `Z` and an encoded `%2B` offset.
            assert all(raw.endswith("Z") or "%2B" in raw for raw in normalised)
            assert model.extra == {}


def test_normalised_examples_are_exactly_the_known_quirks(v2_examples: dict[str, Any]) -> None:
    quirks = set()
    for key, example in v2_examples.items():
        cls = V2_MODELS.get(example["endpoint"])
        if cls is None:
            continue
        for record in _records(example["body"]):
            if _canonical(record, cls)[1]:
                quirks.add(key.split(":")[0])
    assert quirks == {"alert_push_destinations", "historical_locations"}


@pytest.mark.parametrize("endpoint", sorted(V2_ENDPOINTS))
def test_model_has_every_catalog_and_example_field(
    endpoint: str, v2_catalog: dict[str, Any]
) -> None:
    entry = v2_catalog[endpoint]
    names = {f["name"] for f in entry["fields"]} | set(entry["fields_in_examples_not_in_table"])
    cls = V2_MODELS[endpoint]
    aliases = {a.alias for a in attrs.fields(cls)}
    missing = {name for name in names if name not in aliases and not hasattr(cls, name)}
    assert not missing


def test_created_at_from_uuid_matches_created_at_in_every_example(
    v2_examples: dict[str, Any],
) -> None:
    checked = 0
    for example in v2_examples.values():
        cls = V2_MODELS.get(example["endpoint"])
        if cls is None:
            continue
        for model in structure_many(_records(example["body"]), cls):
            if isinstance(model, TimeSeriesRecord) and model.created_at_timeuuid:
                assert model.created_at_from_uuid == model.created_at
                checked += 1
    assert checked >= 20

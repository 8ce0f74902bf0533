"""The simulator answers in the shapes the docs' examples show (vendored docs data).

Independent of the client: the expectations come from ``testing/data`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator, write_rules
from ncm_async.testing.endpoint import Operation
from ncm_async.testing.kinds import Kind, kind_of
from ncm_async.testing.v2_docs import V2_DOCS, catalog

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SIM = NcmSimulator(routers=40, seed=5, now=NOW)


def documented_meta_keys(endpoint: str) -> set[str] | None:
    """The ``meta`` keys the endpoint's example responses show (None: no example has meta)."""
    shapes = {frozenset(m["meta"] or ()) for m in catalog()[endpoint]["example_meta"]}
    shapes.discard(frozenset())
    assert len(shapes) <= 1, shapes
    return set(next(iter(shapes))) if shapes else None


def required_params(endpoint: str) -> dict[str, str]:
    owner = {
        "router": SIM.fleet.busy_router_ids[0],
        "net_device": SIM.fleet.router_net_devices[str(SIM.fleet.busy_router_ids[0])][0],
    }
    return {field: str(owner[field]) for field in V2_DOCS[endpoint].required_any[:1]}


LISTED = sorted(
    name for name, e in V2_DOCS.items() if e.allows(Operation.LIST) and documented_meta_keys(name)
)


@pytest.mark.anyio
@pytest.mark.parametrize("endpoint", LISTED)
async def test_list_meta_has_the_documented_keys(
    endpoint: str, v2_client: Callable[..., httpx.AsyncClient]
) -> None:
    async with v2_client(SIM) as http:
        response = await http.get(f"{endpoint}/", params=required_params(endpoint))
    assert response.status_code == 200
    assert set(response.json()["meta"]) == documented_meta_keys(endpoint)


def enumerated_fields() -> list[tuple[str, str, list[str]]]:
    out = []
    for endpoint, entry in catalog().items():
        names = {f["name"] for f in entry["fields"]}
        for field, values in entry["enumerations"].items():
            if field in names and isinstance(values, list):
                out.append((endpoint, field, values))
    return out


@pytest.mark.parametrize(("endpoint", "field", "values"), enumerated_fields())
def test_records_keep_to_the_documented_values(
    endpoint: str, field: str, values: list[str]
) -> None:
    allowed = {v.lower() for v in values}
    records: list[dict[str, Any]] = SIM.ground_truth(endpoint, **required_params(endpoint))
    seen = {str(r[field]).lower() for r in records if r.get(field) is not None}
    assert seen
    assert seen <= allowed, (endpoint, field, seen - allowed)


DOCS_TYPE_KINDS = {
    "in: int, out: url": Kind.REF,
    "in: int, out:url": Kind.REF,
    "in: int, out: urlurl": Kind.REF,
    "url": Kind.REF,
    "int": Kind.INT,
    "timestamp": Kind.TIME,
    "datetime": Kind.TIME,
    "timeuuid": Kind.TIMEUUID,
    "boolean": Kind.BOOL,
    "string": Kind.STR,
}
"""How a filter value of each documented field type compares."""

KIND_EXCEPTIONS = {
    ("activity_logs", "action__id"): "a timeuuid the table types string; meta.next pages on it",
    ("activity_logs", "action__type"): "a {type, type_name} object matched by either form",
    ("activity_logs", "actor__type"): "a {type, type_name} object matched by either form",
    ("activity_logs", "object__type"): "a {type, type_name} object matched by either form",
    ("alert_rules", "alert_config_id"): "typed url, but a timeuuid in every example (section 18)",
    ("device_apps", "uuid"): "typed int, but a UUID string in the examples (section 18)",
    ("historical_locations", "router"): "typed int: the router id itself, not a URL",
    ("locations", "router"): "typed int, but a router URL in the examples",
    ("router_logs", "created_at_timeuuid"): "not a UUID: `<iso time>_<n>` (section 5)",
}
"""Fields whose examples contradict their documented type: the simulator follows the examples."""


def filterable_fields() -> list[tuple[str, str, str]]:
    return [
        (endpoint, f["name"], f["type"])
        for endpoint, entry in catalog().items()
        for f in entry["fields"]
        if f["filters"]
    ]


@pytest.mark.parametrize(("endpoint", "field", "doc_type"), filterable_fields())
def test_filter_values_compare_as_the_docs_type_them(
    endpoint: str, field: str, doc_type: str
) -> None:
    kind = kind_of(endpoint, field)
    if field == "id":
        assert kind is Kind.ID  # integers sent back as JSON strings (conventions section 9)
    elif (endpoint, field) in KIND_EXCEPTIONS:
        assert kind is not DOCS_TYPE_KINDS[doc_type]
    else:
        assert kind is DOCS_TYPE_KINDS[doc_type]


def test_required_post_fields_are_documented_ones() -> None:
    """The simulator refuses a POST only for fields the docs mark required (``*``);
    it leaves out ``account`` ("by default, the resource is added to the requestor's
    account") and the ones the docs' own POST examples omit."""
    for endpoint, fields in write_rules.REQUIRED.items():
        entry = catalog()[endpoint]
        documented = {f["name"] for f in entry["fields"] if "POST" in f["required_for"]}
        assert set(fields) <= documented - {"account"}, endpoint
        assert V2_DOCS[endpoint].allows(Operation.CREATE)

"""The simulator answers in the shapes the docs' examples show (vendored docs data).

Independent of the client: the expectations come from ``testing/data`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ncm_async.testing import NcmSimulator
from ncm_async.testing.endpoint import Operation
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

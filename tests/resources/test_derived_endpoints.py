"""Endpoint objects are derived from their catalog line alone.

Each catalog attribute is annotated with a kind (its documented operations) and
a model; the object on ``ncm.v2.<name>`` / ``ncm.v3.<name>`` has exactly those
operations (anything else is an ``AttributeError``), the spec and the model, and
a catalog line with no entry value (or the reverse) is refused.
"""

from __future__ import annotations

import typing
from typing import Any

import pytest

from ncm_async import AsyncNcmClient, V2Keys
from ncm_async._endpoints import kinds
from ncm_async._endpoints.catalog import collect, entry
from ncm_async._endpoints.spec import Method, Paging
from ncm_async._endpoints.v2 import V2_ENDPOINTS, V2Catalog
from ncm_async._endpoints.v3 import V3_ENDPOINTS, V3Catalog
from ncm_async.models import Router
from ncm_async.models.v3 import V3Resource

OPERATIONS = {m.value for m in Method}
OWN = {
    "reboot_activity": ({"reboot"}, Method.CREATE),
    "test_alert_push_destinations": ({"test"}, Method.CREATE),
    "regrades": ({"regrade", "unlicense"}, Method.CREATE),
}


def _client() -> AsyncNcmClient:
    keys = V2Keys(cp_api_id="a", cp_api_key="b", ecm_api_id="c", ecm_api_key="d")
    return AsyncNcmClient(v2_keys=keys, v3_token="t")


def _public_methods(obj: object) -> set[str]:
    return {n for n in dir(obj) if not n.startswith("_") and callable(getattr(obj, n))}


CASES = [("v2", n) for n in V2_ENDPOINTS] + [("v3", n) for n in V3_ENDPOINTS]


@pytest.mark.parametrize(("api", "name"), CASES)
def test_object_has_exactly_the_documented_operations(api: str, name: str) -> None:
    client = _client()
    spec = (V2_ENDPOINTS if api == "v2" else V3_ENDPOINTS)[name]
    obj = getattr(getattr(client, api), name)
    assert obj.spec is spec
    documented = {m.value for m in spec.methods}
    own, stands_for = OWN.get(name, (set(), None))
    if stands_for is not None:
        documented.discard(stands_for.value)
    assert _public_methods(obj) & (OPERATIONS | own) == documented | own
    for missing in OPERATIONS - documented:
        with pytest.raises(AttributeError):
            getattr(obj, missing)


@pytest.mark.parametrize(("api", "name"), CASES)
def test_annotation_is_the_single_statement_of_kind_and_model(api: str, name: str) -> None:
    catalog = V2Catalog if api == "v2" else V3Catalog
    annotation = typing.get_type_hints(catalog)[name]
    spec = (V2_ENDPOINTS if api == "v2" else V3_ENDPOINTS)[name]
    assert spec.kind is typing.get_origin(annotation)
    assert spec.model is typing.get_args(annotation)[0]
    assert spec.methods == kinds.methods_of(spec.kind)


def test_models_reach_the_object() -> None:
    client = _client()
    assert client.v2.routers.model is Router
    assert typing.get_origin(client.v3.users.model) is V3Resource
    assert client.v2.routers is client.v2.routers
    assert repr(client.v2.routers) == "<v2.routers endpoint>"


def test_a_new_endpoint_is_one_catalog_line() -> None:
    class Catalog:
        gateways: kinds.ListGet[Router] = entry(paging=Paging.OFFSET)

    specs = collect(Catalog, lambda name, facts: {"path": f"x/{name}", **facts})
    assert specs["gateways"].methods == {Method.LIST, Method.GET}
    assert specs["gateways"].model is Router
    assert specs["gateways"].path == "x/gateways"


def test_annotation_without_entry_is_refused() -> None:
    class Catalog:
        gateways: kinds.ListGet[Router]
        extra: Any = entry(paging=Paging.OFFSET)

    with pytest.raises(TypeError, match=r"annotations and entries differ: \['gateways'\]"):
        collect(Catalog, lambda name, facts: facts)

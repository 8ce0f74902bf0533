"""The v3 catalog and classes agree: every endpoint does exactly what its spec documents."""

from __future__ import annotations

import pytest

from ncm_async import AsyncNcmClient
from ncm_async._endpoints.spec import Method, Paging
from ncm_async._endpoints.v3 import POLYMORPHIC_TYPES, V3_ENDPOINTS
from ncm_async._resources.namespace import endpoint
from ncm_async._resources.v3.api import V3_MIXINS, V3_RESOURCES, V3Api
from ncm_async._resources.v3.regrades import RegradesEndpoint

TABLE = {
    "users": "users",
    "tenants": "tenants",
    "subscriptions": "subscriptions",
    "asset_endpoints": "asset_endpoints",
    "regrades": "asset_endpoints/regrades",
    "exchange_sites": "beta/exchange_sites",
    "exchange_resources": "beta/exchange_resources",
}


def test_every_spec_has_a_class_and_an_attribute() -> None:
    assert set(V3_RESOURCES) == set(V3_ENDPOINTS)
    props = {n for n in dir(V3Api) if not n.startswith("_")}
    assert props == set(V3_ENDPOINTS)
    for name, cls in V3_RESOURCES.items():
        assert cls.spec is V3_ENDPOINTS[name]
        attr = getattr(V3Api, name)
        assert isinstance(attr, endpoint)
        assert attr.cls is cls


@pytest.mark.parametrize("name", sorted(V3_ENDPOINTS))
def test_class_implements_exactly_the_documented_methods(name: str) -> None:
    cls = V3_RESOURCES[name]
    spec = cls.spec
    for method, mixin in V3_MIXINS.items():
        expected = spec.allows(method)
        if name == "regrades" and method is Method.CREATE:
            assert cls is RegradesEndpoint
            assert callable(cls.regrade)
            continue
        assert issubclass(cls, mixin) is expected, (name, method)


@pytest.mark.parametrize("name", sorted(V3_ENDPOINTS))
def test_specs_follow_the_v3_rules(name: str) -> None:
    spec = V3_ENDPOINTS[name]
    assert spec.version == "v3"
    assert spec.paging is Paging.CURSOR
    assert spec.max_limit == 50
    assert not spec.path.startswith("/")
    assert not spec.path.endswith("/")
    assert spec.filters, "every endpoint declares at least one filter"
    assert (spec.resource_type is None) == (
        name in POLYMORPHIC_TYPES or name == "esim_profiles_manage"
    )


@pytest.mark.parametrize(("name", "path"), sorted(TABLE.items()))
def test_core_paths_match_the_endpoint_table(name: str, path: str) -> None:
    assert V3_ENDPOINTS[name].path == path
    assert V3_ENDPOINTS[name].root is (name == "exchange_resources")


def test_documented_filters() -> None:
    assert set(V3_ENDPOINTS["subscriptions"].filters) == {
        "end_time", "start_time", "id", "name", "quantity", "tenant", "type",
    }  # fmt: skip
    assert set(V3_ENDPOINTS["asset_endpoints"].filters) == {
        "id", "hardware_series", "mac_address", "serial_number",
    }  # fmt: skip
    ops = V3_ENDPOINTS["subscriptions"].filters["end_time"]
    assert ops == {"", "__gt", "__gte", "__lt", "__lte", "__ne", "__not"}


def test_urls() -> None:
    client = AsyncNcmClient(v3_token="t")
    v3 = client.v3
    assert v3.users.url == "https://api.cradlepointecm.com/api/v3/users"
    assert v3.users.item_url("abc") == "https://api.cradlepointecm.com/api/v3/users/abc"
    assert v3.exchange_sites.url == "https://api.cradlepointecm.com/api/v3/beta/exchange_sites"
    assert v3.exchange_sites.item_url("s1").endswith("/api/v3/beta/exchange_sites/s1")
    assert v3.exchange_resources.url == "https://api.cradlepointecm.com/beta/exchange_resources"
    assert v3.regrades.url.endswith("/api/v3/asset_endpoints/regrades")
    assert v3.users is v3.users
    assert repr(v3.users) == "<v3.users endpoint>"

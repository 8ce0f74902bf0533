"""The v3 catalog follows the v3 rules (what endpoint objects do: test_derived_endpoints)."""

from __future__ import annotations

import pytest

from ncm_async import AsyncNcmClient
from ncm_async._endpoints.spec import Paging
from ncm_async._endpoints.v3 import POLYMORPHIC_TYPES, V3_ENDPOINTS

TABLE = {
    "users": "users",
    "tenants": "tenants",
    "subscriptions": "subscriptions",
    "asset_endpoints": "asset_endpoints",
    "regrades": "asset_endpoints/regrades",
    "exchange_sites": "beta/exchange_sites",
    "exchange_resources": "beta/exchange_resources",
}


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

"""The contract comparison names each kind of difference it is meant to catch."""

from __future__ import annotations

from types import MappingProxyType

import attrs
from endpoint_views import (
    client_view,
    differences,
    docs_view,
    explain,
    v3_client_view,
    v3_docs_view,
)

from ncm_async._endpoints.spec import Method, Paging, ops
from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async._endpoints.v3 import V3_ENDPOINTS
from ncm_async.testing.v2_docs import V2_DOCS
from ncm_async.testing.v3_table import V3_BY_NAME


def _diff(name: str, **changes: object) -> set[str]:
    docs = docs_view(V2_DOCS[name])
    client = client_view(attrs.evolve(V2_ENDPOINTS[name], **changes), V2_DOCS[name].keyset)
    return differences("v2", name, docs, client)


def test_an_unchanged_entry_has_no_difference() -> None:
    assert _diff("routers") == set()


def test_every_aspect_is_compared() -> None:
    routers = V2_ENDPOINTS["routers"]
    filters = dict(routers.filters)
    filters["state"] = ops("=")
    filters["colour"] = ops("=")
    del filters["mac"]
    found = _diff(
        "routers",
        path="router",
        paging=Paging.NEXT_LINK,
        methods=routers.methods | {Method.CREATE},
        filters=MappingProxyType(filters),
        required_any=("account",),
        id_field="mac",
        in_limit=50,
        max_limit=1000,
        default_limit=50,
    )
    assert found == {
        f"v2.routers.{aspect}"
        for aspect in (
            "path",
            "paging",
            "operations.create",
            "filters.state",
            "filters.colour",
            "filters.mac",
            "required_filters",
            "id_field",
            "in_limit",
            "max_limit",
            "default_limit",
        )
    }


def test_a_wrong_status_is_a_difference() -> None:
    found = _diff("alert_rules", status=MappingProxyType({}))
    assert found == {"v2.alert_rules.operations.patch"}


def test_the_next_link_parameter_is_paging_not_a_filter() -> None:
    samples = V2_ENDPOINTS["router_state_samples"]
    filters = dict(samples.filters)
    filters["created_at_timeuuid"] = samples.filters["created_at_timeuuid"] - {"__lt"}
    assert _diff("router_state_samples", filters=MappingProxyType(filters)) == set()
    filters["created_at_timeuuid"] = filters["created_at_timeuuid"] - {"__gt"}
    assert _diff("router_state_samples", filters=MappingProxyType(filters)) == {
        "v2.router_state_samples.filters.created_at_timeuuid"
    }


def test_explain_shows_both_sides() -> None:
    routers = V2_ENDPOINTS["routers"]
    changed = attrs.evolve(
        routers, in_limit=50, filters=MappingProxyType({**routers.filters, "colour": ops("=")})
    )
    docs, client = docs_view(V2_DOCS["routers"]), client_view(changed, None)
    assert explain("v2.routers.in_limit", docs, client) == (
        "v2.routers.in_limit: docs 100, client 50"
    )
    assert explain("v2.routers.filters.colour", docs, client) == (
        "v2.routers.filters.colour: docs '<absent>', client ['']"
    )


def test_v3_views_name_each_difference() -> None:
    spec = V3_ENDPOINTS["tenants"]
    docs = v3_docs_view(V3_BY_NAME["tenants"])
    assert differences("v3", "tenants", docs, v3_client_view(spec, ("tenants",))) == set()
    changed = attrs.evolve(
        spec, path="tenant", root=True, required_all=("name",), max_limit=100, default_limit=50
    )
    found = differences("v3", "tenants", docs, v3_client_view(changed, ("tenant",)))
    assert found == {
        f"v3.tenants.{aspect}"
        for aspect in ("path", "root", "types", "required_filters", "max_limit", "default_limit")
    }


def test_v3_bare_query_parameters_count_as_filters() -> None:
    docs = v3_docs_view(V3_BY_NAME["unmasked_wifi_passwords"])
    assert docs["filters"]["router"] == [""]

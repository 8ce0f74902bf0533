"""The client's v3 endpoint descriptions agree with the docs' v3 table, entry by entry.

The docs side is ``testing/data/v3_endpoints.json`` as the simulator reads it
(:mod:`ncm_async.testing.v3_table`); deliberate differences live in ``deliberate.py``
with the v2 ones.
"""

from __future__ import annotations

import pytest
from deliberate import DELIBERATE
from endpoint_views import differences, explain, v3_client_view, v3_docs_view

from ncm_async._endpoints.v3 import POLYMORPHIC_TYPES, V3_ENDPOINTS
from ncm_async.testing.v3_table import V3_BY_NAME

PENDING: frozenset[str] = frozenset(
    {
        "v3.account_authorizations.operations.update",
        "v3.esim_profile_activations.filters.parent",
        "v3.esim_profile_activations.filters.state",
        "v3.esim_profile_activations.filters.type",
        "v3.esim_profile_activations.operations.create",
        "v3.esim_profile_activations.operations.update",
        "v3.esim_profile_activations.types",
        "v3.esim_profiles.filters.active",
        "v3.esim_profiles.filters.carrier",
        "v3.esim_profiles.filters.classification",
        "v3.esim_profiles.filters.eid",
        "v3.esim_profiles.filters.iccid",
        "v3.esim_profiles.filters.net_device",
        "v3.esim_profiles.filters.nickname",
        "v3.esim_profiles.filters.profile_name",
        "v3.esim_profiles.operations.create",
        "v3.esim_profiles.operations.update",
        "v3.esim_profiles_manage.operations.create",
        "v3.esim_profiles_manage.operations.update",
        "v3.esim_profiles_manage.types",
        "v3.exchange_resources.operations.update",
        "v3.exchange_sites.operations.update",
        "v3.lan_devices.operations.create",
        "v3.lan_devices.operations.update",
        "v3.lan_manager_options.operations.update",
        "v3.lan_product_infos.operations.create",
        "v3.lan_product_infos.operations.update",
        "v3.modem_software_versions.operations.create",
        "v3.modem_software_versions.operations.update",
        "v3.modem_upgrades.operations.update",
        "v3.modem_upgrades.required_filters",
        "v3.private_cellular_cores.operations.patch",
        "v3.private_cellular_networks.operations.patch",
        "v3.private_cellular_radio_groups.operations.patch",
        "v3.private_cellular_radio_statuses.operations.patch",
        "v3.private_cellular_radios.operations.patch",
        "v3.private_cellular_sims.operations.patch",
        "v3.regrades.operations.create",
        "v3.remote_connect_profiles.operations.update",
        "v3.starlink_diagnostics.operations.create",
        "v3.starlink_interfaces.operations.create",
        "v3.tenant_authorizations.operations.update",
        "v3.users.operations.patch",
    }
)
"""Differences found when the docs' v3 table landed, before the SDK's v3 writes and
statuses caught up with it (issue 8, v3 side). Not deliberate: each goes once the
client matches the docs, and the test below fails for an entry that is fixed."""


def test_the_client_describes_exactly_the_documented_paths() -> None:
    assert sorted(V3_ENDPOINTS) == sorted(V3_BY_NAME)
    assert sorted(s.path for s in V3_ENDPOINTS.values()) == sorted(
        p.path for p in V3_BY_NAME.values()
    )


@pytest.mark.parametrize("name", sorted(V3_BY_NAME))
def test_endpoint_matches_the_docs(name: str) -> None:
    spec = V3_ENDPOINTS[name]
    types = POLYMORPHIC_TYPES.get(name) or (spec.resource_type or "",)
    docs, client = v3_docs_view(V3_BY_NAME[name]), v3_client_view(spec, types)
    found = differences("v3", name, docs, client)
    allowed = {k for k in DELIBERATE.keys() | PENDING if k.startswith(f"v3.{name}.")}
    unexplained = sorted(explain(k, docs, client) for k in found - allowed)
    stale = sorted(allowed - found)
    assert not unexplained, "undeclared differences:\n" + "\n".join(unexplained)
    assert not stale, f"listed as deliberate or pending but no longer different: {stale}"

"""All 32 v3 endpoints through ``ncm.v3.<name>`` against the simulator: reads and every write.

The simulator serves v3 from its own docs table, so these tests fail when the
client's description of an endpoint (path, type, required filters, write shape,
media type) disagrees with the docs.
"""

from __future__ import annotations

from typing import Any

import pytest

from ncm_async import AsyncNcmClient, ConfigurationError
from ncm_async._endpoints.spec import EndpointSpec, Method
from ncm_async._endpoints.v3 import POLYMORPHIC_TYPES, V3_ENDPOINTS
from ncm_async._resources.v3.documents import ref
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

SPECIAL_CREATE = {"regrades", "esim_profile_activations"}
"""Their POST is not a resource document (atomic operations, a multipart upload)."""


def _required_filters(sim: NcmSimulator, name: str) -> dict[str, Any]:
    group = sim.fleet.table("groups").ordered()[0].data["id"]
    return {
        "unmasked_wifi_passwords": {"router": sim.fleet.router_ids[:6]},
        "modem_software_versions": {"group": group},
        "modem_upgrades": {"group": group, "type": "modem_upgrades"},
    }.get(name, {})


def _types(spec: EndpointSpec) -> tuple[str, ...]:
    return POLYMORPHIC_TYPES.get(spec.name) or (str(spec.resource_type),)


def test_the_client_describes_32_v3_endpoints() -> None:
    assert len(V3_ENDPOINTS) == 32


@pytest.mark.parametrize("name", sorted(V3_ENDPOINTS))
async def test_every_endpoint_lists_and_gets_the_records_of_a_real_account(
    sim: NcmSimulator, ncm: AsyncNcmClient, name: str
) -> None:
    endpoint = getattr(ncm.v3, name)
    filters = _required_filters(sim, name)
    records = await endpoint.list(page_size=7, **filters).collect()
    one = await endpoint.get(records[-1])
    expected = sim.ground_truth(name, api="v3", **filters)
    assert records, f"{name}: no records"
    assert [(r.id, r.type) for r in records] == [(e["id"], e["type"]) for e in expected]
    assert one.id == records[-1].id
    assert len(sim.requests) == -(-len(expected) // 7) + 1


@pytest.mark.parametrize("name", ["unmasked_wifi_passwords", "modem_software_versions"])
async def test_required_filters_are_checked_before_sending(
    sim: NcmSimulator, ncm: AsyncNcmClient, name: str
) -> None:
    with pytest.raises(ConfigurationError, match="required"):
        getattr(ncm.v3, name).list()
    with pytest.raises(ConfigurationError, match="the type filter is required"):
        ncm.v3.modem_upgrades.list(group=1)
    assert sim.requests == []


WRITES = [
    (name, method)
    for name, spec in sorted(V3_ENDPOINTS.items())
    for method in (Method.CREATE, Method.UPDATE, Method.PATCH)
    if spec.allows(method) and not (method is Method.CREATE and name in SPECIAL_CREATE)
]


def _payload(spec: EndpointSpec, method: Method, rtype: str) -> dict[str, Any]:
    attributes, relationships = spec.writes.required(method, rtype)
    fields = {a: spec.writes.values.get(a, ("sdk",))[0] for a in attributes} or {"name": "sdk"}
    if spec.name == "users":
        fields["email"] = "sdk.user@example.com"
    return {
        "attributes": fields,
        "relationships": {r: ref(r, "1") for r in relationships} or None,
    }


@pytest.mark.parametrize(("name", "method"), WRITES, ids=lambda v: getattr(v, "value", v))
async def test_every_documented_write_works(
    sim: NcmSimulator, ncm: AsyncNcmClient, name: str, method: Method
) -> None:
    spec = V3_ENDPOINTS[name]
    endpoint = getattr(ncm.v3, name)
    if method is Method.CREATE:
        rtype = _types(spec)[-1]
        kind = {"resource_type": rtype} if spec.name in POLYMORPHIC_TYPES else {}
        written = await endpoint.create(**_payload(spec, method, rtype), **kind)
    else:
        target = (await endpoint.list(**_required_filters(sim, name)).collect())[0]
        call = endpoint.update if method is Method.UPDATE else endpoint.patch
        written = await call(target, **_payload(spec, method, str(target.type)))
        assert written is not None
        assert written.id == target.id
    assert written is not None
    assert sim.requests[-1].status == spec.success_status(method)
    stored = await endpoint.get(written.id)
    assert (stored.id, stored.type) == (written.id, written.type)
    assert stored.attributes == written.attributes


@pytest.mark.parametrize(
    ("name", "kwargs", "problem"),
    [
        ("users", {"email": "a@b.c"}, "missing attribute 'first_name', attribute 'last_name'"),
        (
            "remote_connect_profiles",
            {
                "resource_type": "remote_connect_ssh_profile",
                "name": "x",
                "port": 22,
                "address": "a",
            },
            "missing attribute 'username', relationship 'router'",
        ),
        (
            "starlink_interface_stows",
            {
                "action": "spin",
                "relationships": {"starlink_interface": ref("starlink_interfaces", 1)},
            },
            "invalid action='spin' (one of stow, unstow)",
        ),
        (
            "organizations_migrations",
            {"resource_type": "merge_organizations"},
            "missing relationship 'source_tenant'",
        ),
        ("modem_upgrades", {"carrier": "att", "operation": "upgrade"}, "modem_type_name"),
        ("esim_profiles_manage", {"resource_type": "esim_profiles_nickname"}, "'nickname'"),
    ],
)
async def test_writes_are_validated_before_sending(
    sim: NcmSimulator, ncm: AsyncNcmClient, name: str, kwargs: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ConfigurationError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        await getattr(ncm.v3, name).create(**kwargs)
    assert sim.requests == []


async def test_a_role_change_needs_the_role(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    grant = (await ncm.v3.account_authorizations.list().collect())[0]
    with pytest.raises(ConfigurationError, match="missing attribute 'role'"):
        await ncm.v3.account_authorizations.update(grant)
    changed = await ncm.v3.account_authorizations.update(grant, role="read_only")
    assert changed is not None
    assert changed.attributes is not None
    assert changed.attributes.extra["role"] == "read_only"
    assert [r.method for r in sim.requests] == ["GET", "PUT"]

"""v3 writes against the simulator: JSON:API documents, media types, statuses, regrades."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ncm_async import AsyncNcmClient, ConfigurationError, ConflictError, NotFoundError, RateLimit
from ncm_async._resources.v3.documents import ref, refs
from ncm_async.clock import FakeClock
from ncm_async.models.v3 import ExchangeSiteAttributes, RegradeAttributes, UserAttributes
from ncm_async.testing import NcmSimulator
from ncm_async.testing.ratelimit import SimRateLimit

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_user_create_patch_delete(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    tenant = (await ncm.v3.tenants.list().collect())[0]
    user = await ncm.v3.users.create(
        email="new.user@example.com",
        first_name="New",
        last_name="User",
        relationships={"tenant": tenant},
    )
    assert user is not None
    assert user.id
    assert isinstance(user.attributes, UserAttributes)
    assert user.attributes.email == "new.user@example.com"
    assert user.related_id("tenant") == tenant.id

    patched = await ncm.v3.users.patch(user, attributes=UserAttributes(first_name="Renamed"))
    assert patched is not None
    assert isinstance(patched.attributes, UserAttributes)
    assert (patched.attributes.first_name, patched.attributes.last_name) == ("Renamed", "User")
    assert (await ncm.v3.users.get(user.id)).attributes == patched.attributes

    await ncm.v3.users.delete(user.id)
    with pytest.raises(NotFoundError):
        await ncm.v3.users.get(user.id)
    methods = [(r.method, r.status) for r in sim.requests]
    assert methods == [
        ("GET", 200),
        ("POST", 201),
        ("PATCH", 200),
        ("GET", 200),
        ("DELETE", 204),
        ("GET", 404),
    ]
    assert all(not r.path.endswith("/") for r in sim.requests)


async def test_a_real_conflict_is_a_conflict_error_and_not_retried(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    taken = sim.ground_truth("users", api="v3")[0]["attributes"]["email"]
    with pytest.raises(ConflictError, match="already exists"):
        await ncm.v3.users.create(email=taken, first_name="A", last_name="B")
    assert [(r.method, r.status) for r in sim.requests] == [("POST", 409)]


async def test_exchange_site_crud(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    site = await ncm.v3.exchange_sites.create(
        name="branch-7",
        primary_dns="1.1.1.1",
        relationships={
            "exchange_network": ref("exchange_networks", "net-0001"),
            "endpoints": refs("endpoints", [sim.fleet.router_ids[0]]),
        },
    )
    assert site is not None
    assert site.type == "exchange_user_managed_sites"
    assert site.related_ids("endpoints") == [str(sim.fleet.router_ids[0])]

    updated = await ncm.v3.exchange_sites.update(site, name="branch-7b", lan_as_dns=True)
    assert updated is not None
    assert isinstance(updated.attributes, ExchangeSiteAttributes)
    assert (updated.attributes.name, updated.attributes.primary_dns) == ("branch-7b", "1.1.1.1")
    listed = await ncm.v3.exchange_sites.list(name="branch-7b").collect()
    assert [s.id for s in listed] == [site.id]

    await ncm.v3.exchange_sites.delete(site)
    assert await ncm.v3.exchange_sites.list(name="branch-7b").collect() == []
    assert [(r.method, r.path, r.status) for r in sim.requests] == [
        ("POST", "/api/v3/beta/exchange_sites", 201),
        ("PUT", f"/api/v3/beta/exchange_sites/{site.id}", 200),
        ("GET", "/api/v3/beta/exchange_sites", 200),
        ("DELETE", f"/api/v3/beta/exchange_sites/{site.id}", 204),
        ("GET", "/api/v3/beta/exchange_sites", 200),
    ]


async def test_exchange_resource_writes_name_their_type(
    sim: NcmSimulator, ncm: AsyncNcmClient
) -> None:
    site = (await ncm.v3.exchange_sites.list().collect())[0]
    sim.reset_requests()
    with pytest.raises(ConfigurationError, match="pass resource_type=, one of exchange_fqdn"):
        await ncm.v3.exchange_resources.create(name="x", domain="x.example")
    with pytest.raises(ConfigurationError, match="'exchange_bogus' is not one of"):
        await ncm.v3.exchange_resources.create(name="x", resource_type="exchange_bogus")
    assert sim.requests == []
    made = await ncm.v3.exchange_resources.create(
        resource_type="exchange_fqdn_resources",
        attributes={"name": "app", "domain": "app.example.internal"},
        relationships={"exchange_site": site},
    )
    assert made is not None
    assert made.type == "exchange_fqdn_resources"
    again = await ncm.v3.exchange_resources.update(made, domain="app2.example.internal")
    assert again is not None
    assert again.type == "exchange_fqdn_resources"
    await ncm.v3.exchange_resources.delete(made)
    assert [(r.method, r.path, r.status) for r in sim.requests] == [
        ("POST", "/beta/exchange_resources", 201),
        ("PUT", f"/beta/exchange_resources/{made.id}", 200),
        ("DELETE", f"/beta/exchange_resources/{made.id}", 204),
    ]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            [[]],
            {"subscription_type": "BA-NCADV"},
            "1 to 100 distinct MAC addresses per request, got 0",
        ),
        ([[f"{i:012X}" for i in range(101)]], {"subscription_type": "BA-NCADV"}, "got 101"),
        (["zz:bb:cc:dd:ee:ff"], {"subscription_type": "BA-NCADV"}, "invalid MAC address 'zz:"),
        ([["AABBCCDDEEFF", "aabbccddeef"]], {"subscription_type": "BA-NCADV"}, "invalid MAC"),
        (["AABBCCDDEEFF"], {"subscription_type": "BA-NCADV", "action": "REMOVE"}, "one of UPGRADE"),
        (["AABBCCDDEEFF"], {}, "UPGRADE needs subscription_type="),
        (["AABBCCDDEEFF"], {"subscription_type": " "}, "needs subscription_type="),
        (
            ["AABBCCDDEEFF"],
            {"subscription_type": "X", "action": "UNLICENSE"},
            "no subscription_type",
        ),
    ],
)
async def test_regrade_input_is_checked_before_any_request(
    sim: NcmSimulator, ncm: AsyncNcmClient, args: list[Any], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        await ncm.v3.regrades.regrade(*args, **kwargs)
    assert sim.requests == []


async def test_regrade_sends_one_atomic_document(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    assets = sim.ground_truth("asset_endpoints", api="v3")[:3]
    owned = [a["attributes"]["mac_address"] for a in assets]
    spelled = [":".join(m[i : i + 2] for i in range(0, 12, 2)).lower() for m in owned]
    results = await ncm.v3.regrades.regrade(
        [*spelled, owned[0], "02:00:00:00:00:01"], subscription_type="BA-NCADV"
    )
    assert [r.attributes.mac_address for r in results if r.attributes] == [*owned, "020000000001"]
    attrs = [r.attributes for r in results if isinstance(r.attributes, RegradeAttributes)]
    assert [a.status for a in attrs] == ["QUEUED"] * 3 + ["FAILED"]
    assert attrs[-1].error_code == "ASSET_NOT_FOUND"
    assert {a.action for a in attrs} == {"UPGRADE"}
    assert len({a.action_id for a in attrs}) == 1
    assert [(r.method, r.path, r.status) for r in sim.requests] == [
        ("POST", "/api/v3/asset_endpoints/regrades", 200)
    ]
    jobs = await ncm.v3.regrades.list(action_id=attrs[0].action_id).collect()
    assert sorted(j.id for j in jobs) == sorted(r.id for r in results)


async def test_unlicense(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    mac = sim.ground_truth("asset_endpoints", api="v3")[0]["attributes"]["mac_address"]
    (result,) = await ncm.v3.regrades.unlicense(mac)
    assert isinstance(result.attributes, RegradeAttributes)
    assert (result.attributes.action, result.attributes.subscription_type) == ("UNLICENSE", None)


async def test_v3_throttling_409_is_waited_out_and_retried() -> None:
    clock = FakeClock()
    sim = NcmSimulator(
        routers=120,
        seed=13,
        now=NOW,
        rate_limit=SimRateLimit(requests_per_minute=60, burst=2, v3_throttle_409=True),
        clock=clock.now,
    )
    async with (
        clock.autojump(),
        sim.client(rate_limit=RateLimit(requests_per_minute=10_000, burst=100), clock=clock) as ncm,
    ):
        users = await ncm.v3.users.list(page_size=2).collect()
    assert [u.id for u in users] == [t["id"] for t in sim.ground_truth("users", api="v3")]
    statuses = [r.status for r in sim.requests]
    assert 409 in statuses
    assert statuses.count(200) == 5
    assert sim.counters.throttled == statuses.count(409)
    assert ncm.stats.throttles == statuses.count(409)
    assert clock.now() >= 3.0

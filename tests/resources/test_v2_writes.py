"""Every documented v2 write, against the simulator, with the documented status codes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from ncm_async import (
    AsyncNcmClient,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimit,
)
from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async.models import AlertPushDestination, Group, Location
from ncm_async.testing import NcmSimulator

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
UNLIMITED = RateLimit(requests_per_minute=1_000_000, burst=100_000)


@pytest.fixture
def sim() -> NcmSimulator:
    return NcmSimulator(routers=20, seed=3, now=NOW)


@pytest.fixture
async def ncm(sim: NcmSimulator) -> AsyncIterator[AsyncNcmClient]:
    async with sim.client(rate_limit=UNLIMITED) as client:
        yield client


def statuses(sim: NcmSimulator) -> list[tuple[str, int]]:
    return [(r.method, r.status) for r in sim.requests]


async def test_group_lifecycle(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    product = (await ncm.v2.products.list(limit=1)).items[0]
    firmware = (await ncm.v2.firmwares.list(limit=1)).items[0]
    sim.reset_requests()
    group = await ncm.v2.groups.create(
        name="Field kit", product=product.id, target_firmware=firmware.resource_url
    )
    assert isinstance(group, Group)
    assert group.id is not None
    assert group.product == product.resource_url
    assert group.target_firmware == firmware.resource_url
    listed = await ncm.v2.groups.list(name="Field kit").collect()
    assert [g.id for g in listed] == [group.id]
    renamed = await ncm.v2.groups.update(group.id, name="Renamed")
    assert renamed is not None
    assert renamed.name == "Renamed"
    patched = await ncm.v2.groups.patch(group.id, name="Patched")
    assert (await ncm.v2.groups.get(group.id)).name == "Patched"
    assert patched is None or patched.name == "Patched"
    assert await ncm.v2.groups.delete(group.id) is None
    with pytest.raises(NotFoundError):
        await ncm.v2.groups.get(group.id)
    assert statuses(sim) == [
        ("POST", 201),
        ("GET", 200),
        ("PUT", 202),
        ("PATCH", 202),
        ("GET", 200),
        ("DELETE", 204),
        ("GET", 404),
    ]


async def test_accounts_and_locations(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    account = await ncm.v2.accounts.create(name="sub")
    assert account is not None
    renamed = await ncm.v2.accounts.update(account.id, name="sub2")
    assert renamed is not None
    assert renamed.name == "sub2"
    router = sim.fleet.router_ids[0]
    location = await ncm.v2.locations.create(router=router, latitude=54.6, longitude=-5.9)
    assert isinstance(location, Location)
    assert location.router_id == str(router)
    moved = await ncm.v2.locations.update(location.id, latitude=55.0)
    assert moved is not None
    assert moved.latitude == 55.0
    await ncm.v2.locations.delete(location.id)
    await ncm.v2.accounts.delete(account.id)
    assert [s for _, s in statuses(sim)] == [201, 202, 201, 202, 204, 204]


async def test_push_destinations_and_alert_rules(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    dest = await ncm.v2.alert_push_destinations.create(
        name="hook",
        endpoint={"url": "https://hooks.example.com/x"},
        authentication={"secret": "s3"},
    )
    assert isinstance(dest, AlertPushDestination)
    assert dest.destination_config_id
    fetched = await ncm.v2.alert_push_destinations.get(dest.destination_config_id)
    assert fetched.name == "hook"
    assert await ncm.v2.alert_push_destinations.patch(dest.destination_config_id, name="h2") is None
    await ncm.v2.test_alert_push_destinations.test(dest.destination_config_id)
    rule = await ncm.v2.alert_rules.create(
        filter_criteria={"alert_type__in": ["connection_state"]},
        http_destinations=[dest.destination_config_id],
    )
    assert rule is not None
    assert rule.alert_config_id
    assert await ncm.v2.alert_rules.patch(rule.alert_config_id, schedule="daily") is None
    await ncm.v2.alert_rules.delete(rule.alert_config_id)
    await ncm.v2.alert_push_destinations.delete(dest.destination_config_id)
    assert [s for _, s in statuses(sim)] == [201, 200, 202, 201, 201, 201, 204, 204]
    assert sim.requests[1].query == [("destination_config_id", dest.destination_config_id)]


async def test_routers_configuration_and_actions(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    router_id = sim.fleet.router_ids[1]
    router = await ncm.v2.routers.update(router_id, name="renamed")
    assert router is not None
    assert router.name == "renamed"
    manager = (await ncm.v2.configuration_managers.list(router=router_id)).items[0]
    await ncm.v2.configuration_managers.update(manager.id, configuration=[{}, []])
    await ncm.v2.configuration_managers.patch(
        manager.id, configuration=[{"system": {"desc": "x"}}, []]
    )
    await ncm.v2.reboot_activity.reboot(router=router_id)
    with pytest.raises(PermissionDeniedError):
        await ncm.v2.reboot_activity.reboot(router=999_999_999)
    await ncm.v2.routers.delete(router_id)
    with pytest.raises(NotFoundError):
        await ncm.v2.routers.get(router_id)
    assert [s for _, s in statuses(sim)] == [202, 200, 202, 202, 201, 403, 204, 404]


async def test_speed_test_and_app_bindings(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    net_device = sim.fleet.net_device_ids[0]
    job = await ncm.v2.speed_test.create(
        config={
            "host": "netperf.example.com",
            "max_test_concurrency": 5,
            "net_device_ids": [net_device],
            "port": 12865,
            "size": None,
            "test_timeout": 10,
            "test_type": "TCP Download",
            "time": 10,
        }
    )
    assert job is not None
    assert (await ncm.v2.speed_test.get(job.id)).id == job.id
    await ncm.v2.speed_test.delete(job.id)
    version = (await ncm.v2.device_app_versions.list(limit=1)).items[0]
    group = (await ncm.v2.groups.list(limit=1)).items[0]
    binding = await ncm.v2.device_app_bindings.create(app_version=version.id, group=group.id)
    assert binding is not None
    await ncm.v2.device_app_bindings.delete(binding.id)
    codes = [s for m, s in statuses(sim) if m != "GET"]
    assert codes == [201, 204, 201, 204]


async def test_bad_write_arguments_fail_before_io(sim: NcmSimulator, ncm: AsyncNcmClient) -> None:
    with pytest.raises(ConfigurationError, match="nothing to send"):
        await ncm.v2.groups.update(1)
    with pytest.raises(ConfigurationError, match="exactly one of router= or group="):
        await ncm.v2.reboot_activity.reboot(router=1, group=2)
    with pytest.raises(ConfigurationError, match="expected an int id"):
        await ncm.v2.groups.delete(None)
    assert sim.requests == []


async def test_methods_exist_only_where_documented(ncm: AsyncNcmClient) -> None:
    with pytest.raises(AttributeError, match="create"):
        ncm.v2.routers.create  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(ncm.v2.routers, "patch")
    assert not hasattr(ncm.v2.router_state_samples, "get")
    assert not hasattr(ncm.v2.router_state_samples, "delete")


async def test_endpoints_are_built_once_and_share_the_client(ncm: AsyncNcmClient) -> None:
    assert ncm.v2.routers.spec is V2_ENDPOINTS["routers"]
    assert ncm.v2.routers is ncm.v2.routers
    assert ncm.v2.routers._ctx is ncm.v2.groups._ctx
    assert repr(ncm.v2) == "<ncm.v2 at http://ncm.sim/api/v2/>"

"""Every v2 endpoint of the API docs, described once (``v2-catalog.json``).

Each entry is what the docs state: its kind (the documented methods) and model
in the annotation, then paging scheme, filterable fields with their operators,
required filters and non-default status codes. Where the docs contradict
themselves the choice is noted on the entry. How a catalog line reads:
:mod:`ncm_async._endpoints.catalog`.

This module has no ``from __future__ import annotations``: the annotations are
evaluated, because they are data (:func:`~ncm_async._endpoints.catalog.collect`).
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ncm_async._endpoints.catalog import collect, entry
from ncm_async._endpoints.kinds import (
    ListGet,
    ListGetCreateDelete,
    ListGetCreatePatchDelete,
    ListGetCreateUpdateDelete,
    ListGetCreateUpdatePatchDelete,
    ListGetDelete,
    ListGetUpdateDelete,
    ListGetUpdatePatch,
    Lists,
    PushTest,
    Reboots,
)
from ncm_async._endpoints.spec import EndpointSpec, Method, Paging, ops
from ncm_async.models import (
    Account,
    ActivityLog,
    Alert,
    AlertPushDestination,
    AlertRule,
    Battery,
    ConfigurationManager,
    DeviceApp,
    DeviceAppBinding,
    DeviceAppState,
    DeviceAppVersion,
    Failover,
    Firmware,
    Group,
    HistoricalLocation,
    Location,
    NetDevice,
    NetDeviceHealth,
    NetDeviceMetrics,
    NetDeviceSignalSample,
    NetDeviceUsageSample,
    Product,
    RebootActivity,
    Router,
    RouterAlert,
    RouterLan,
    RouterLog,
    RouterStateSample,
    RouterStreamUsageSample,
    SpeedTest,
    TestAlertPushDestination,
    User,
)

_EQ_IN = ops("= in")
_CMP = ops("= gt gte lt lte")
_GT_LT = ops("gt lt")
_TIMEUUID = ops("= in gt gte lt lte")


def _v2(paging: Paging, **facts: Any) -> Any:
    return entry(paging=paging, **facts)


def _finish(name: str, facts: Mapping[str, Any]) -> Mapping[str, Any]:
    return {"path": name, **facts}


def _f(**fields: frozenset[str]) -> MappingProxyType[str, frozenset[str]]:
    return MappingProxyType(fields)


class V2Catalog:
    """Every v2 endpoint: ``name: Kind[Model] = _v2(paging, facts...)``."""

    accounts: ListGetCreateUpdateDelete[Account] = _v2(
        Paging.OFFSET,
        filters=_f(account=_EQ_IN, id=_EQ_IN, name=_EQ_IN),
    )
    # Not in the offset-unsupported list, but meta.next pages on action__id__lt.
    activity_logs: Lists[ActivityLog] = _v2(
        Paging.NEXT_LINK,
        filters=_f(
            account=ops("="),
            action__id=ops("="),
            action__timestamp=_CMP,
            action__type=ops("="),
            actor__id=ops("="),
            actor__type=ops("="),
            created_at=_CMP | ops("exact"),
            object__id=ops("="),
            object__type=ops("="),
        ),
    )
    # Records are addressed by destination_config_id; single GET is a query filter.
    alert_push_destinations: ListGetCreatePatchDelete[AlertPushDestination] = _v2(
        Paging.NEXT_LINK,
        filters=_f(destination_config_id=ops("= in gt lt")),
        id_field="destination_config_id",
    )
    # PATCH answers 201 with an empty body, unlike every other PATCH.
    alert_rules: ListGetCreatePatchDelete[AlertRule] = _v2(
        Paging.NEXT_LINK,
        filters=_f(alert_config_id=ops("= in gt lt")),
        id_field="alert_config_id",
        status=MappingProxyType({Method.PATCH: 201}),
    )
    # Not in the offset-unsupported list, but meta.next pages on created_at_timeuuid__lt.
    # "does not have the standard filter limits of 100 values per field".
    alerts: Lists[Alert] = _v2(
        Paging.TIMEUUID,
        filters=_f(
            account=ops("= in isnull"),
            created_at=_GT_LT,
            created_at_timeuuid=_TIMEUUID,
            router=ops("= in isnull"),
            type=_EQ_IN,
        ),
        in_limit=None,
    )
    # Records carry their own resource_url, so they are readable by id (found by the
    # contract test against the docs' catalog).
    batteries: ListGet[Battery] = _v2(
        Paging.OFFSET,
        filters=_f(router=_EQ_IN),
        required_any=("router",),
    )
    configuration_managers: ListGetUpdatePatch[ConfigurationManager] = _v2(
        Paging.OFFSET,
        filters=_f(
            account=_EQ_IN,
            id=_EQ_IN,
            router=_EQ_IN,
            suspended=ops("="),
            synched=ops("="),
            version_number=ops("= gt lt"),
        ),
    )
    device_app_bindings: ListGetCreateDelete[DeviceAppBinding] = _v2(
        Paging.OFFSET,
        filters=_f(account=_EQ_IN, app_version=_EQ_IN, group=_EQ_IN, id=_EQ_IN, state=_EQ_IN),
    )
    device_app_states: ListGet[DeviceAppState] = _v2(
        Paging.OFFSET,
        filters=_f(account=_EQ_IN, app_version=_EQ_IN, id=_EQ_IN, router=_EQ_IN, state=_EQ_IN),
    )
    device_app_versions: ListGetDelete[DeviceAppVersion] = _v2(
        Paging.OFFSET,
        filters=_f(account=_EQ_IN, app=_EQ_IN, id=_EQ_IN, state=_EQ_IN),
    )
    device_apps: ListGetDelete[DeviceApp] = _v2(
        Paging.OFFSET,
        filters=_f(account=_EQ_IN, id=_EQ_IN, name=_EQ_IN, uuid=_EQ_IN),
    )
    failovers: Lists[Failover] = _v2(
        Paging.OFFSET,
        filters=_f(
            account_id=ops("="),
            ended_at=_CMP,
            group_id=ops("="),
            router_id=ops("="),
            started_at=_CMP,
        ),
    )
    firmwares: ListGet[Firmware] = _v2(Paging.OFFSET, filters=_f(id=_EQ_IN, version=_EQ_IN))
    groups: ListGetCreateUpdatePatchDelete[Group] = _v2(
        Paging.OFFSET,
        filters=_f(account=_EQ_IN, device_type=_EQ_IN, id=_EQ_IN, name=_EQ_IN),
    )
    # Default page size 5,000; only __gt documented on the keys, so paging follows meta.next.
    historical_locations: Lists[HistoricalLocation] = _v2(
        Paging.TIMEUUID,
        filters=_f(created_at=ops("gt lte"), created_at_timeuuid=ops("gt lt"), router=ops("=")),
        required_any=("router",),
        default_limit=5000,
    )
    locations: ListGetCreateUpdateDelete[Location] = _v2(
        Paging.OFFSET,
        filters=_f(id=_EQ_IN, router=_EQ_IN),
    )
    net_device_health: ListGet[NetDeviceHealth] = _v2(Paging.OFFSET, filters=_f(net_device=_EQ_IN))
    net_device_metrics: ListGet[NetDeviceMetrics] = _v2(
        Paging.OFFSET,
        filters=_f(bmask_applied=ops("="), net_device=_EQ_IN, update_ts=_GT_LT),
    )
    net_device_signal_samples: Lists[NetDeviceSignalSample] = _v2(
        Paging.TIMEUUID,
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, net_device=_EQ_IN),
        required_any=("net_device",),
    )
    net_device_usage_samples: Lists[NetDeviceUsageSample] = _v2(
        Paging.TIMEUUID,
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, net_device=_EQ_IN),
        required_any=("net_device",),
    )
    net_devices: ListGet[NetDevice] = _v2(
        Paging.OFFSET,
        filters=_f(
            account=_EQ_IN,
            connection_state=_EQ_IN,
            iccid=_EQ_IN,
            id=_EQ_IN,
            imei=_EQ_IN,
            ipv4_address=_EQ_IN,
            ipv6_address=_EQ_IN,
            is_asset=ops("="),
            mode=_EQ_IN,
            router=_EQ_IN,
            updated_at=_GT_LT,
        ),
    )
    products: ListGet[Product] = _v2(
        Paging.OFFSET,
        filters=_f(device_type=_EQ_IN, id=_EQ_IN, name=_EQ_IN),
    )
    reboot_activity: Reboots[RebootActivity] = _v2(Paging.NONE)
    # No offset list entry, but both examples return the timeuuid meta shape.
    router_alerts: Lists[RouterAlert] = _v2(
        Paging.TIMEUUID,
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=_EQ_IN),
        required_any=("router",),
    )
    router_lans: ListGet[RouterLan] = _v2(
        Paging.OFFSET,
        filters=_f(
            account=_EQ_IN,
            enabled=ops("="),
            id=_EQ_IN,
            ip_address=_EQ_IN,
            name=_EQ_IN,
            router=_EQ_IN,
        ),
    )
    # Offset paging (meta.next carries offset); its created_at_timeuuid values are not UUIDs.
    router_logs: Lists[RouterLog] = _v2(
        Paging.OFFSET,
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=ops("=")),
        required_any=("router",),
    )
    router_state_samples: Lists[RouterStateSample] = _v2(
        Paging.TIMEUUID,
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=_EQ_IN),
        required_any=("router",),
    )
    router_stream_usage_samples: Lists[RouterStreamUsageSample] = _v2(
        Paging.TIMEUUID,
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=_EQ_IN),
        required_any=("router",),
    )
    routers: ListGetUpdateDelete[Router] = _v2(
        Paging.OFFSET,
        filters=_f(
            account=_EQ_IN,
            asset_id=_EQ_IN,
            description=_EQ_IN,
            device_type=_EQ_IN,
            full_product_name=ops("="),
            group=_EQ_IN,
            id=_EQ_IN,
            ipv4_address=_EQ_IN,
            mac=_EQ_IN,
            name=_EQ_IN,
            reboot_required=_EQ_IN,
            serial_number=_EQ_IN,
            state=_EQ_IN,
            state_updated_at=_GT_LT,
            updated_at=_GT_LT,
        ),
    )
    speed_test: ListGetCreateDelete[SpeedTest] = _v2(Paging.OFFSET, filters=_f(account=_EQ_IN))
    test_alert_push_destinations: PushTest[TestAlertPushDestination] = _v2(Paging.NONE)
    users: ListGet[User] = _v2(Paging.OFFSET, filters=_f(email=_EQ_IN, id=_EQ_IN, username=_EQ_IN))


V2_ENDPOINTS: MappingProxyType[str, EndpointSpec] = collect(V2Catalog, _finish)
"""Every v2 endpoint by name, in the catalog's order."""

"""Typed records of the NCM API, one module per resource family.

Every model is an attrs class (slots, keyword-only) whose attribute names are
the API's field names; every field is optional (None by default) so ``fields=``
projections structure. Link fields keep the API's URL and have an ``*_id``
property (``sample.router`` -> URL, ``sample.router_id`` -> ``"2162719"``).
Structure and unstructure records with :mod:`ncm_async.converter`.

Model modules are imported on first use of a name (``ncm_async.models.Router``), so
``import ncm_async`` does not pay for every resource family.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ncm_async.models.accounts import Account, User
    from ncm_async.models.actions import RebootActivity, TestAlertPushDestination
    from ncm_async.models.alerts import Alert, AlertPushDestination, AlertRule, RouterAlert
    from ncm_async.models.apps import DeviceApp, DeviceAppBinding, DeviceAppState, DeviceAppVersion
    from ncm_async.models.base import (
        Deprecated,
        LinkId,
        Record,
        TimeSeriesRecord,
        id_from_url,
        parse_datetime,
        parse_timeuuid,
        timeuuid_time,
    )
    from ncm_async.models.fleet import (
        Failover,
        Firmware,
        Group,
        NetDeviceHealth,
        NetDeviceMetrics,
        Product,
        SpeedTest,
    )
    from ncm_async.models.logs import ActivityLog, RouterLog
    from ncm_async.models.net_devices import NetDevice
    from ncm_async.models.routers import (
        Battery,
        ConfigurationManager,
        HistoricalLocation,
        Location,
        Router,
        RouterLan,
    )
    from ncm_async.models.samples import (
        NetDeviceSignalSample,
        NetDeviceUsageSample,
        RouterStateSample,
        RouterStreamUsageSample,
    )
    from ncm_async.models.v3 import (
        AssetEndpointAttributes,
        ExchangeResourceAttributes,
        ExchangeSiteAttributes,
        RegradeAttributes,
        SubscriptionAttributes,
        TenantAttributes,
        UserAttributes,
        V3Resource,
    )

_MODULE_OF: dict[str, str] = {
    "Account": "accounts",
    "User": "accounts",
    "RebootActivity": "actions",
    "TestAlertPushDestination": "actions",
    "Alert": "alerts",
    "AlertPushDestination": "alerts",
    "AlertRule": "alerts",
    "RouterAlert": "alerts",
    "DeviceApp": "apps",
    "DeviceAppBinding": "apps",
    "DeviceAppState": "apps",
    "DeviceAppVersion": "apps",
    "Deprecated": "base",
    "LinkId": "base",
    "Record": "base",
    "TimeSeriesRecord": "base",
    "id_from_url": "base",
    "parse_datetime": "base",
    "parse_timeuuid": "base",
    "timeuuid_time": "base",
    "Failover": "fleet",
    "Firmware": "fleet",
    "Group": "fleet",
    "NetDeviceHealth": "fleet",
    "NetDeviceMetrics": "fleet",
    "Product": "fleet",
    "SpeedTest": "fleet",
    "ActivityLog": "logs",
    "RouterLog": "logs",
    "NetDevice": "net_devices",
    "Battery": "routers",
    "ConfigurationManager": "routers",
    "HistoricalLocation": "routers",
    "Location": "routers",
    "Router": "routers",
    "RouterLan": "routers",
    "NetDeviceSignalSample": "samples",
    "NetDeviceUsageSample": "samples",
    "RouterStateSample": "samples",
    "RouterStreamUsageSample": "samples",
    "AssetEndpointAttributes": "v3",
    "ExchangeResourceAttributes": "v3",
    "ExchangeSiteAttributes": "v3",
    "RegradeAttributes": "v3",
    "SubscriptionAttributes": "v3",
    "TenantAttributes": "v3",
    "UserAttributes": "v3",
    "V3Resource": "v3",
}
"""Public name -> the module of this package that defines it."""


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        msg = f"module 'ncm_async.models' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"ncm_async.models.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


__all__ = [
    "Record",
    "TimeSeriesRecord",
    "LinkId",
    "Deprecated",
    "id_from_url",
    "parse_datetime",
    "parse_timeuuid",
    "timeuuid_time",
    "Account",
    "User",
    "ActivityLog",
    "RouterLog",
    "Alert",
    "AlertPushDestination",
    "AlertRule",
    "RouterAlert",
    "Battery",
    "ConfigurationManager",
    "HistoricalLocation",
    "Location",
    "Router",
    "RouterLan",
    "DeviceApp",
    "DeviceAppBinding",
    "DeviceAppState",
    "DeviceAppVersion",
    "Failover",
    "Firmware",
    "Group",
    "NetDeviceHealth",
    "NetDeviceMetrics",
    "Product",
    "SpeedTest",
    "NetDevice",
    "NetDeviceSignalSample",
    "NetDeviceUsageSample",
    "RouterStateSample",
    "RouterStreamUsageSample",
    "RebootActivity",
    "TestAlertPushDestination",
    "V3Resource",
    "UserAttributes",
    "SubscriptionAttributes",
    "AssetEndpointAttributes",
    "RegradeAttributes",
    "TenantAttributes",
    "ExchangeSiteAttributes",
    "ExchangeResourceAttributes",
]

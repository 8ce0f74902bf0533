"""Typed records of the NCM API, one module per resource family.

Every model is an attrs class (slots, keyword-only) whose attribute names are
the API's field names; every field is optional (None by default) so ``fields=``
projections structure. Link fields keep the API's URL and have an ``*_id``
property (``sample.router`` -> URL, ``sample.router_id`` -> ``"2162719"``).
Structure and unstructure records with :mod:`ncm_async.converter`.
"""

from __future__ import annotations

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

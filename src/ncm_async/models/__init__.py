"""Typed records of the NCM API, one module per resource family.

Every model is an attrs class (slots, keyword-only) whose attribute names are
the API's field names; every field is optional (None by default) so ``fields=``
projections structure. Link fields keep the API's URL and have an ``*_id``
property (``sample.router`` -> URL, ``sample.router_id`` -> ``"2162719"``).
Structure and unstructure records with :mod:`ncm_async.converter`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

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

V2_MODELS: Mapping[str, type[Record]] = MappingProxyType(
    {
        "accounts": Account,
        "activity_logs": ActivityLog,
        "alert_push_destinations": AlertPushDestination,
        "alert_rules": AlertRule,
        "alerts": Alert,
        "batteries": Battery,
        "configuration_managers": ConfigurationManager,
        "device_app_bindings": DeviceAppBinding,
        "device_app_states": DeviceAppState,
        "device_app_versions": DeviceAppVersion,
        "device_apps": DeviceApp,
        "failovers": Failover,
        "firmwares": Firmware,
        "groups": Group,
        "historical_locations": HistoricalLocation,
        "locations": Location,
        "net_device_health": NetDeviceHealth,
        "net_device_metrics": NetDeviceMetrics,
        "net_device_signal_samples": NetDeviceSignalSample,
        "net_device_usage_samples": NetDeviceUsageSample,
        "net_devices": NetDevice,
        "products": Product,
        "reboot_activity": RebootActivity,
        "router_alerts": RouterAlert,
        "router_lans": RouterLan,
        "router_logs": RouterLog,
        "router_state_samples": RouterStateSample,
        "router_stream_usage_samples": RouterStreamUsageSample,
        "routers": Router,
        "speed_test": SpeedTest,
        "test_alert_push_destinations": TestAlertPushDestination,
        "users": User,
    }
)
"""Model of every v2 endpoint by catalog name (action endpoints: their request body)."""

V3_MODELS: Mapping[str, type[Record]] = MappingProxyType(
    {
        "users": UserAttributes,
        "subscriptions": SubscriptionAttributes,
        "asset_endpoints": AssetEndpointAttributes,
        "regrades": RegradeAttributes,
        "tenants": TenantAttributes,
        "exchange_sites": ExchangeSiteAttributes,
        "exchange_resources": ExchangeResourceAttributes,
    }
)
"""Attributes class of each v3 endpoint (``regrades`` is ``asset_endpoints/regrades``);
use with :func:`ncm_async.converter.structure_resource` to get ``V3Resource[...]``."""

__all__ = [
    "V2_MODELS",
    "V3_MODELS",
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

"""One declarative class per endpoint of the v2 catalog.

Each class names its spec and model and inherits exactly the operations the docs
document for it; ``tests/resources`` checks the classes against the specs.
"""

from __future__ import annotations

from ncm_async._endpoints.v2 import V2_ENDPOINTS
from ncm_async._resources.base import (
    Creatable,
    Deletable,
    Gettable,
    Listable,
    Patchable,
    Updatable,
)
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
    Router,
    RouterAlert,
    RouterLan,
    RouterLog,
    RouterStateSample,
    RouterStreamUsageSample,
    SpeedTest,
    User,
)


class AccountsEndpoint(
    Listable[Account], Gettable[Account], Creatable[Account], Updatable[Account], Deletable[Account]
):
    spec = V2_ENDPOINTS["accounts"]
    model = Account


class ActivityLogsEndpoint(Listable[ActivityLog]):
    spec = V2_ENDPOINTS["activity_logs"]
    model = ActivityLog


class AlertPushDestinationsEndpoint(
    Listable[AlertPushDestination],
    Gettable[AlertPushDestination],
    Creatable[AlertPushDestination],
    Patchable[AlertPushDestination],
    Deletable[AlertPushDestination],
):
    spec = V2_ENDPOINTS["alert_push_destinations"]
    model = AlertPushDestination


class AlertRulesEndpoint(
    Listable[AlertRule],
    Gettable[AlertRule],
    Creatable[AlertRule],
    Patchable[AlertRule],
    Deletable[AlertRule],
):
    spec = V2_ENDPOINTS["alert_rules"]
    model = AlertRule


class AlertsEndpoint(Listable[Alert]):
    spec = V2_ENDPOINTS["alerts"]
    model = Alert


class BatteriesEndpoint(Listable[Battery]):
    spec = V2_ENDPOINTS["batteries"]
    model = Battery


class ConfigurationManagersEndpoint(
    Listable[ConfigurationManager],
    Gettable[ConfigurationManager],
    Updatable[ConfigurationManager],
    Patchable[ConfigurationManager],
):
    spec = V2_ENDPOINTS["configuration_managers"]
    model = ConfigurationManager


class DeviceAppBindingsEndpoint(
    Listable[DeviceAppBinding],
    Gettable[DeviceAppBinding],
    Creatable[DeviceAppBinding],
    Deletable[DeviceAppBinding],
):
    spec = V2_ENDPOINTS["device_app_bindings"]
    model = DeviceAppBinding


class DeviceAppStatesEndpoint(Listable[DeviceAppState], Gettable[DeviceAppState]):
    spec = V2_ENDPOINTS["device_app_states"]
    model = DeviceAppState


class DeviceAppVersionsEndpoint(
    Listable[DeviceAppVersion], Gettable[DeviceAppVersion], Deletable[DeviceAppVersion]
):
    spec = V2_ENDPOINTS["device_app_versions"]
    model = DeviceAppVersion


class DeviceAppsEndpoint(Listable[DeviceApp], Gettable[DeviceApp], Deletable[DeviceApp]):
    spec = V2_ENDPOINTS["device_apps"]
    model = DeviceApp


class FailoversEndpoint(Listable[Failover]):
    spec = V2_ENDPOINTS["failovers"]
    model = Failover


class FirmwaresEndpoint(Listable[Firmware], Gettable[Firmware]):
    spec = V2_ENDPOINTS["firmwares"]
    model = Firmware


class GroupsEndpoint(
    Listable[Group],
    Gettable[Group],
    Creatable[Group],
    Updatable[Group],
    Patchable[Group],
    Deletable[Group],
):
    spec = V2_ENDPOINTS["groups"]
    model = Group


class HistoricalLocationsEndpoint(Listable[HistoricalLocation]):
    spec = V2_ENDPOINTS["historical_locations"]
    model = HistoricalLocation


class LocationsEndpoint(
    Listable[Location],
    Gettable[Location],
    Creatable[Location],
    Updatable[Location],
    Deletable[Location],
):
    spec = V2_ENDPOINTS["locations"]
    model = Location


class NetDeviceHealthEndpoint(Listable[NetDeviceHealth], Gettable[NetDeviceHealth]):
    spec = V2_ENDPOINTS["net_device_health"]
    model = NetDeviceHealth


class NetDeviceMetricsEndpoint(Listable[NetDeviceMetrics], Gettable[NetDeviceMetrics]):
    spec = V2_ENDPOINTS["net_device_metrics"]
    model = NetDeviceMetrics


class NetDeviceSignalSamplesEndpoint(Listable[NetDeviceSignalSample]):
    spec = V2_ENDPOINTS["net_device_signal_samples"]
    model = NetDeviceSignalSample


class NetDeviceUsageSamplesEndpoint(Listable[NetDeviceUsageSample]):
    spec = V2_ENDPOINTS["net_device_usage_samples"]
    model = NetDeviceUsageSample


class NetDevicesEndpoint(Listable[NetDevice], Gettable[NetDevice]):
    spec = V2_ENDPOINTS["net_devices"]
    model = NetDevice


class ProductsEndpoint(Listable[Product], Gettable[Product]):
    spec = V2_ENDPOINTS["products"]
    model = Product


class RouterAlertsEndpoint(Listable[RouterAlert]):
    spec = V2_ENDPOINTS["router_alerts"]
    model = RouterAlert


class RouterLansEndpoint(Listable[RouterLan], Gettable[RouterLan]):
    spec = V2_ENDPOINTS["router_lans"]
    model = RouterLan


class RouterLogsEndpoint(Listable[RouterLog]):
    spec = V2_ENDPOINTS["router_logs"]
    model = RouterLog


class RouterStateSamplesEndpoint(Listable[RouterStateSample]):
    spec = V2_ENDPOINTS["router_state_samples"]
    model = RouterStateSample


class RouterStreamUsageSamplesEndpoint(Listable[RouterStreamUsageSample]):
    spec = V2_ENDPOINTS["router_stream_usage_samples"]
    model = RouterStreamUsageSample


class RoutersEndpoint(Listable[Router], Gettable[Router], Updatable[Router], Deletable[Router]):
    spec = V2_ENDPOINTS["routers"]
    model = Router


class SpeedTestEndpoint(
    Listable[SpeedTest], Gettable[SpeedTest], Creatable[SpeedTest], Deletable[SpeedTest]
):
    spec = V2_ENDPOINTS["speed_test"]
    model = SpeedTest


class UsersEndpoint(Listable[User], Gettable[User]):
    spec = V2_ENDPOINTS["users"]
    model = User

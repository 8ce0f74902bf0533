"""``ncm.v2``: every endpoint of the v2 catalog as a typed attribute, built on first use."""

from __future__ import annotations

from ncm_async._resources.namespace import Namespace, endpoint, resources_of
from ncm_async._resources.v2.actions import (
    RebootActivityEndpoint,
    TestAlertPushDestinationsEndpoint,
)
from ncm_async._resources.v2.endpoints import (
    AccountsEndpoint,
    ActivityLogsEndpoint,
    AlertPushDestinationsEndpoint,
    AlertRulesEndpoint,
    AlertsEndpoint,
    BatteriesEndpoint,
    ConfigurationManagersEndpoint,
    DeviceAppBindingsEndpoint,
    DeviceAppsEndpoint,
    DeviceAppStatesEndpoint,
    DeviceAppVersionsEndpoint,
    FailoversEndpoint,
    FirmwaresEndpoint,
    GroupsEndpoint,
    HistoricalLocationsEndpoint,
    LocationsEndpoint,
    NetDeviceHealthEndpoint,
    NetDeviceMetricsEndpoint,
    NetDevicesEndpoint,
    NetDeviceSignalSamplesEndpoint,
    NetDeviceUsageSamplesEndpoint,
    ProductsEndpoint,
    RouterAlertsEndpoint,
    RouterLansEndpoint,
    RouterLogsEndpoint,
    RoutersEndpoint,
    RouterStateSamplesEndpoint,
    RouterStreamUsageSamplesEndpoint,
    SpeedTestEndpoint,
    UsersEndpoint,
)


class V2Api(Namespace):
    """Every v2 endpoint as an attribute: ``ncm.v2.routers``, ``ncm.v2.router_state_samples``..."""

    accounts = endpoint(AccountsEndpoint)
    activity_logs = endpoint(ActivityLogsEndpoint)
    alert_push_destinations = endpoint(AlertPushDestinationsEndpoint)
    alert_rules = endpoint(AlertRulesEndpoint)
    alerts = endpoint(AlertsEndpoint)
    batteries = endpoint(BatteriesEndpoint)
    configuration_managers = endpoint(ConfigurationManagersEndpoint)
    device_app_bindings = endpoint(DeviceAppBindingsEndpoint)
    device_app_states = endpoint(DeviceAppStatesEndpoint)
    device_app_versions = endpoint(DeviceAppVersionsEndpoint)
    device_apps = endpoint(DeviceAppsEndpoint)
    failovers = endpoint(FailoversEndpoint)
    firmwares = endpoint(FirmwaresEndpoint)
    groups = endpoint(GroupsEndpoint)
    historical_locations = endpoint(HistoricalLocationsEndpoint)
    locations = endpoint(LocationsEndpoint)
    net_device_health = endpoint(NetDeviceHealthEndpoint)
    net_device_metrics = endpoint(NetDeviceMetricsEndpoint)
    net_device_signal_samples = endpoint(NetDeviceSignalSamplesEndpoint)
    net_device_usage_samples = endpoint(NetDeviceUsageSamplesEndpoint)
    net_devices = endpoint(NetDevicesEndpoint)
    products = endpoint(ProductsEndpoint)
    router_alerts = endpoint(RouterAlertsEndpoint)
    router_lans = endpoint(RouterLansEndpoint)
    router_logs = endpoint(RouterLogsEndpoint)
    router_state_samples = endpoint(RouterStateSamplesEndpoint)
    router_stream_usage_samples = endpoint(RouterStreamUsageSamplesEndpoint)
    routers = endpoint(RoutersEndpoint)
    speed_test = endpoint(SpeedTestEndpoint)
    users = endpoint(UsersEndpoint)
    reboot_activity = endpoint(RebootActivityEndpoint)
    test_alert_push_destinations = endpoint(TestAlertPushDestinationsEndpoint)


V2_RESOURCES = resources_of(V2Api)
"""Endpoint name -> resource class, for tools that pick endpoints by name (the CLI)."""

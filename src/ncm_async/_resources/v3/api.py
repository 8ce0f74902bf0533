"""``ncm.v3``: every v3 endpoint as a typed attribute, plus the by-name registries.

``ncm.v3.users``, ``ncm.v3.subscriptions``, ``ncm.v3.regrades``, ... are created
on first use and share the client's transport (one pool, limiter and retry
policy). :data:`V3_RESOURCES` maps names to classes for tools that pick an
endpoint by name (the CLI); :data:`V3_MIXINS` says which mixin implements each
documented operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ncm_async._endpoints.spec import Method
from ncm_async._resources.namespace import Namespace, endpoint, resources_of
from ncm_async._resources.v3.base import V3Deletable, V3Endpoint, V3Gettable, V3Listable
from ncm_async._resources.v3.endpoints import (
    AccountAuthorizationsEndpoint,
    AssetEndpointsEndpoint,
    EsimProfileActivationsEndpoint,
    EsimProfilesEndpoint,
    EsimProfilesManageEndpoint,
    ExchangeResourcesEndpoint,
    ExchangeSitesEndpoint,
    LanDevicesEndpoint,
    LanManagerOptionsEndpoint,
    LanProductInfosEndpoint,
    ModemSoftwareVersionsEndpoint,
    ModemUpgradesEndpoint,
    OrganizationsMigrationsEndpoint,
    PrivateCellularCoresEndpoint,
    PrivateCellularNetworksEndpoint,
    PrivateCellularRadioGroupsEndpoint,
    PrivateCellularRadiosEndpoint,
    PrivateCellularRadioStatusesEndpoint,
    PrivateCellularSimsEndpoint,
    PublicSimMgmtAssetsEndpoint,
    PublicSimMgmtRatePlansEndpoint,
    RemoteConnectProfilesEndpoint,
    StarlinkDiagnosticsEndpoint,
    StarlinkInterfaceRebootsEndpoint,
    StarlinkInterfacesEndpoint,
    StarlinkInterfaceStowsEndpoint,
    SubscriptionsEndpoint,
    TenantAuthorizationsEndpoint,
    TenantsEndpoint,
    UnmaskedWifiPasswordsEndpoint,
    UsersEndpoint,
)
from ncm_async._resources.v3.regrades import RegradesEndpoint
from ncm_async._resources.v3.writes import V3Creatable, V3Patchable, V3Updatable

__all__ = ["V3_MIXINS", "V3_RESOURCES", "V3Api"]


class V3Api(Namespace):
    """Every v3 endpoint as an attribute (``ncm.v3.users``), created on first use."""

    users = endpoint(UsersEndpoint)
    tenants = endpoint(TenantsEndpoint)
    subscriptions = endpoint(SubscriptionsEndpoint)
    asset_endpoints = endpoint(AssetEndpointsEndpoint)
    regrades = endpoint(RegradesEndpoint)
    exchange_sites = endpoint(ExchangeSitesEndpoint)
    exchange_resources = endpoint(ExchangeResourcesEndpoint)
    account_authorizations = endpoint(AccountAuthorizationsEndpoint)
    tenant_authorizations = endpoint(TenantAuthorizationsEndpoint)
    public_sim_mgmt_assets = endpoint(PublicSimMgmtAssetsEndpoint)
    public_sim_mgmt_rate_plans = endpoint(PublicSimMgmtRatePlansEndpoint)
    unmasked_wifi_passwords = endpoint(UnmaskedWifiPasswordsEndpoint)
    modem_software_versions = endpoint(ModemSoftwareVersionsEndpoint)
    modem_upgrades = endpoint(ModemUpgradesEndpoint)
    organizations_migrations = endpoint(OrganizationsMigrationsEndpoint)
    starlink_interfaces = endpoint(StarlinkInterfacesEndpoint)
    starlink_interface_reboots = endpoint(StarlinkInterfaceRebootsEndpoint)
    starlink_interface_stows = endpoint(StarlinkInterfaceStowsEndpoint)
    starlink_diagnostics = endpoint(StarlinkDiagnosticsEndpoint)
    lan_devices = endpoint(LanDevicesEndpoint)
    lan_product_infos = endpoint(LanProductInfosEndpoint)
    lan_manager_options = endpoint(LanManagerOptionsEndpoint)
    remote_connect_profiles = endpoint(RemoteConnectProfilesEndpoint)
    esim_profiles = endpoint(EsimProfilesEndpoint)
    esim_profiles_manage = endpoint(EsimProfilesManageEndpoint)
    esim_profile_activations = endpoint(EsimProfileActivationsEndpoint)
    private_cellular_networks = endpoint(PrivateCellularNetworksEndpoint)
    private_cellular_cores = endpoint(PrivateCellularCoresEndpoint)
    private_cellular_radios = endpoint(PrivateCellularRadiosEndpoint)
    private_cellular_radio_groups = endpoint(PrivateCellularRadioGroupsEndpoint)
    private_cellular_sims = endpoint(PrivateCellularSimsEndpoint)
    private_cellular_radio_statuses = endpoint(PrivateCellularRadioStatusesEndpoint)


V3_RESOURCES = resources_of(V3Api)
"""Endpoint name -> resource class, for tools that pick endpoints by name (the CLI)."""

V3_MIXINS: Mapping[Method, type[V3Endpoint[Any]]] = {
    Method.LIST: V3Listable,
    Method.GET: V3Gettable,
    Method.CREATE: V3Creatable,
    Method.UPDATE: V3Updatable,
    Method.PATCH: V3Patchable,
    Method.DELETE: V3Deletable,
}
"""Which mixin implements each documented operation (tests check classes against specs).

Regrades implement CREATE as :meth:`RegradesEndpoint.regrade` (an atomic-operations
document, not a resource object)."""

"""``ncm.v3``: every v3 endpoint as a typed attribute, plus the by-name registries.

``ncm.v3.users``, ``ncm.v3.subscriptions``, ``ncm.v3.regrades``, ... are created
on first use and share the client's transport (one pool, limiter and retry
policy). :data:`V3_RESOURCES` maps names to classes for tools that pick an
endpoint by name (the CLI); :data:`V3_MIXINS` says which mixin implements each
documented operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from ncm_async.resources.context import ApiContext
from ncm_async.resources.spec import Method
from ncm_async.resources.v3.base import V3Deletable, V3Endpoint, V3Gettable, V3Listable
from ncm_async.resources.v3.endpoints import (
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
from ncm_async.resources.v3.regrades import RegradesEndpoint
from ncm_async.resources.v3.writes import V3Creatable, V3Patchable, V3Updatable

__all__ = ["V3_MIXINS", "V3_RESOURCES", "V3Api"]


class V3Api:
    """Every v3 endpoint as an attribute (``ncm.v3.users``), created on first use."""

    def __init__(self, ctx: ApiContext) -> None:
        self._ctx = ctx

    def __repr__(self) -> str:
        return f"<ncm.v3 at {self._ctx.base_url}>"

    @cached_property
    def users(self) -> UsersEndpoint:
        return UsersEndpoint(self._ctx)

    @cached_property
    def tenants(self) -> TenantsEndpoint:
        return TenantsEndpoint(self._ctx)

    @cached_property
    def subscriptions(self) -> SubscriptionsEndpoint:
        return SubscriptionsEndpoint(self._ctx)

    @cached_property
    def asset_endpoints(self) -> AssetEndpointsEndpoint:
        return AssetEndpointsEndpoint(self._ctx)

    @cached_property
    def regrades(self) -> RegradesEndpoint:
        return RegradesEndpoint(self._ctx)

    @cached_property
    def exchange_sites(self) -> ExchangeSitesEndpoint:
        return ExchangeSitesEndpoint(self._ctx)

    @cached_property
    def exchange_resources(self) -> ExchangeResourcesEndpoint:
        return ExchangeResourcesEndpoint(self._ctx)

    @cached_property
    def account_authorizations(self) -> AccountAuthorizationsEndpoint:
        return AccountAuthorizationsEndpoint(self._ctx)

    @cached_property
    def tenant_authorizations(self) -> TenantAuthorizationsEndpoint:
        return TenantAuthorizationsEndpoint(self._ctx)

    @cached_property
    def public_sim_mgmt_assets(self) -> PublicSimMgmtAssetsEndpoint:
        return PublicSimMgmtAssetsEndpoint(self._ctx)

    @cached_property
    def public_sim_mgmt_rate_plans(self) -> PublicSimMgmtRatePlansEndpoint:
        return PublicSimMgmtRatePlansEndpoint(self._ctx)

    @cached_property
    def unmasked_wifi_passwords(self) -> UnmaskedWifiPasswordsEndpoint:
        return UnmaskedWifiPasswordsEndpoint(self._ctx)

    @cached_property
    def modem_software_versions(self) -> ModemSoftwareVersionsEndpoint:
        return ModemSoftwareVersionsEndpoint(self._ctx)

    @cached_property
    def modem_upgrades(self) -> ModemUpgradesEndpoint:
        return ModemUpgradesEndpoint(self._ctx)

    @cached_property
    def organizations_migrations(self) -> OrganizationsMigrationsEndpoint:
        return OrganizationsMigrationsEndpoint(self._ctx)

    @cached_property
    def starlink_interfaces(self) -> StarlinkInterfacesEndpoint:
        return StarlinkInterfacesEndpoint(self._ctx)

    @cached_property
    def starlink_interface_reboots(self) -> StarlinkInterfaceRebootsEndpoint:
        return StarlinkInterfaceRebootsEndpoint(self._ctx)

    @cached_property
    def starlink_interface_stows(self) -> StarlinkInterfaceStowsEndpoint:
        return StarlinkInterfaceStowsEndpoint(self._ctx)

    @cached_property
    def starlink_diagnostics(self) -> StarlinkDiagnosticsEndpoint:
        return StarlinkDiagnosticsEndpoint(self._ctx)

    @cached_property
    def lan_devices(self) -> LanDevicesEndpoint:
        return LanDevicesEndpoint(self._ctx)

    @cached_property
    def lan_product_infos(self) -> LanProductInfosEndpoint:
        return LanProductInfosEndpoint(self._ctx)

    @cached_property
    def lan_manager_options(self) -> LanManagerOptionsEndpoint:
        return LanManagerOptionsEndpoint(self._ctx)

    @cached_property
    def remote_connect_profiles(self) -> RemoteConnectProfilesEndpoint:
        return RemoteConnectProfilesEndpoint(self._ctx)

    @cached_property
    def esim_profiles(self) -> EsimProfilesEndpoint:
        return EsimProfilesEndpoint(self._ctx)

    @cached_property
    def esim_profiles_manage(self) -> EsimProfilesManageEndpoint:
        return EsimProfilesManageEndpoint(self._ctx)

    @cached_property
    def esim_profile_activations(self) -> EsimProfileActivationsEndpoint:
        return EsimProfileActivationsEndpoint(self._ctx)

    @cached_property
    def private_cellular_networks(self) -> PrivateCellularNetworksEndpoint:
        return PrivateCellularNetworksEndpoint(self._ctx)

    @cached_property
    def private_cellular_cores(self) -> PrivateCellularCoresEndpoint:
        return PrivateCellularCoresEndpoint(self._ctx)

    @cached_property
    def private_cellular_radios(self) -> PrivateCellularRadiosEndpoint:
        return PrivateCellularRadiosEndpoint(self._ctx)

    @cached_property
    def private_cellular_radio_groups(self) -> PrivateCellularRadioGroupsEndpoint:
        return PrivateCellularRadioGroupsEndpoint(self._ctx)

    @cached_property
    def private_cellular_sims(self) -> PrivateCellularSimsEndpoint:
        return PrivateCellularSimsEndpoint(self._ctx)

    @cached_property
    def private_cellular_radio_statuses(self) -> PrivateCellularRadioStatusesEndpoint:
        return PrivateCellularRadioStatusesEndpoint(self._ctx)


V3_RESOURCES: Mapping[str, type[V3Endpoint[Any]]] = {
    "users": UsersEndpoint,
    "tenants": TenantsEndpoint,
    "subscriptions": SubscriptionsEndpoint,
    "asset_endpoints": AssetEndpointsEndpoint,
    "regrades": RegradesEndpoint,
    "exchange_sites": ExchangeSitesEndpoint,
    "exchange_resources": ExchangeResourcesEndpoint,
    "account_authorizations": AccountAuthorizationsEndpoint,
    "tenant_authorizations": TenantAuthorizationsEndpoint,
    "public_sim_mgmt_assets": PublicSimMgmtAssetsEndpoint,
    "public_sim_mgmt_rate_plans": PublicSimMgmtRatePlansEndpoint,
    "unmasked_wifi_passwords": UnmaskedWifiPasswordsEndpoint,
    "modem_software_versions": ModemSoftwareVersionsEndpoint,
    "modem_upgrades": ModemUpgradesEndpoint,
    "organizations_migrations": OrganizationsMigrationsEndpoint,
    "starlink_interfaces": StarlinkInterfacesEndpoint,
    "starlink_interface_reboots": StarlinkInterfaceRebootsEndpoint,
    "starlink_interface_stows": StarlinkInterfaceStowsEndpoint,
    "starlink_diagnostics": StarlinkDiagnosticsEndpoint,
    "lan_devices": LanDevicesEndpoint,
    "lan_product_infos": LanProductInfosEndpoint,
    "lan_manager_options": LanManagerOptionsEndpoint,
    "remote_connect_profiles": RemoteConnectProfilesEndpoint,
    "esim_profiles": EsimProfilesEndpoint,
    "esim_profiles_manage": EsimProfilesManageEndpoint,
    "esim_profile_activations": EsimProfileActivationsEndpoint,
    "private_cellular_networks": PrivateCellularNetworksEndpoint,
    "private_cellular_cores": PrivateCellularCoresEndpoint,
    "private_cellular_radios": PrivateCellularRadiosEndpoint,
    "private_cellular_radio_groups": PrivateCellularRadioGroupsEndpoint,
    "private_cellular_sims": PrivateCellularSimsEndpoint,
    "private_cellular_radio_statuses": PrivateCellularRadioStatusesEndpoint,
}
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

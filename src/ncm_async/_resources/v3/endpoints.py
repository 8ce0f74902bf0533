"""The v3 endpoint classes: one declarative class per entry of the v3 catalog.

Each names its spec and attributes model and inherits exactly the operations the
catalog gives it (``tests/resources_v3`` checks the classes against the specs).
Endpoints whose attributes are not modelled yet use :class:`Record`: their
attributes arrive whole in ``record.attributes.extra``.
"""

from __future__ import annotations

from ncm_async._auth import JSON
from ncm_async._endpoints.v3 import V3_ENDPOINTS
from ncm_async._resources.v3.base import V3Deletable, V3Gettable, V3Listable
from ncm_async._resources.v3.writes import V3Creatable, V3Patchable, V3Updatable
from ncm_async.models.base import Record
from ncm_async.models.v3 import (
    AssetEndpointAttributes,
    ExchangeResourceAttributes,
    ExchangeSiteAttributes,
    SubscriptionAttributes,
    TenantAttributes,
    UserAttributes,
)


class UsersEndpoint(
    V3Listable[UserAttributes],
    V3Gettable[UserAttributes],
    V3Creatable[UserAttributes],
    V3Patchable[UserAttributes],
    V3Deletable[UserAttributes],
):
    spec = V3_ENDPOINTS["users"]
    attributes = UserAttributes


class TenantsEndpoint(V3Listable[TenantAttributes], V3Gettable[TenantAttributes]):
    spec = V3_ENDPOINTS["tenants"]
    attributes = TenantAttributes


class SubscriptionsEndpoint(V3Listable[SubscriptionAttributes], V3Gettable[SubscriptionAttributes]):
    spec = V3_ENDPOINTS["subscriptions"]
    attributes = SubscriptionAttributes


class AssetEndpointsEndpoint(
    V3Listable[AssetEndpointAttributes],
    V3Gettable[AssetEndpointAttributes],
):
    spec = V3_ENDPOINTS["asset_endpoints"]
    attributes = AssetEndpointAttributes


class ExchangeSitesEndpoint(
    V3Listable[ExchangeSiteAttributes],
    V3Gettable[ExchangeSiteAttributes],
    V3Creatable[ExchangeSiteAttributes],
    V3Updatable[ExchangeSiteAttributes],
    V3Deletable[ExchangeSiteAttributes],
):
    spec = V3_ENDPOINTS["exchange_sites"]
    attributes = ExchangeSiteAttributes


class ExchangeResourcesEndpoint(
    V3Listable[ExchangeResourceAttributes],
    V3Gettable[ExchangeResourceAttributes],
    V3Creatable[ExchangeResourceAttributes],
    V3Updatable[ExchangeResourceAttributes],
    V3Deletable[ExchangeResourceAttributes],
):
    spec = V3_ENDPOINTS["exchange_resources"]
    attributes = ExchangeResourceAttributes


class AccountAuthorizationsEndpoint(V3Listable[Record], V3Gettable[Record], V3Updatable[Record]):
    spec = V3_ENDPOINTS["account_authorizations"]
    attributes = Record


class TenantAuthorizationsEndpoint(V3Listable[Record], V3Gettable[Record], V3Updatable[Record]):
    spec = V3_ENDPOINTS["tenant_authorizations"]
    attributes = Record


class PublicSimMgmtAssetsEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["public_sim_mgmt_assets"]
    attributes = Record


class PublicSimMgmtRatePlansEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["public_sim_mgmt_rate_plans"]
    attributes = Record


class UnmaskedWifiPasswordsEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["unmasked_wifi_passwords"]
    attributes = Record
    plain_filters = frozenset({"router"})


class ModemSoftwareVersionsEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["modem_software_versions"]
    attributes = Record


class ModemUpgradesEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Updatable[Record],
):
    spec = V3_ENDPOINTS["modem_upgrades"]
    attributes = Record
    content_type = JSON


class OrganizationsMigrationsEndpoint(V3Listable[Record], V3Gettable[Record], V3Creatable[Record]):
    spec = V3_ENDPOINTS["organizations_migrations"]
    attributes = Record


class StarlinkInterfacesEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["starlink_interfaces"]
    attributes = Record


class StarlinkInterfaceRebootsEndpoint(V3Listable[Record], V3Gettable[Record], V3Creatable[Record]):
    spec = V3_ENDPOINTS["starlink_interface_reboots"]
    attributes = Record


class StarlinkInterfaceStowsEndpoint(V3Listable[Record], V3Gettable[Record], V3Creatable[Record]):
    spec = V3_ENDPOINTS["starlink_interface_stows"]
    attributes = Record


class StarlinkDiagnosticsEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["starlink_diagnostics"]
    attributes = Record


class LanDevicesEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["lan_devices"]
    attributes = Record


class LanProductInfosEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["lan_product_infos"]
    attributes = Record


class LanManagerOptionsEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Updatable[Record],
):
    spec = V3_ENDPOINTS["lan_manager_options"]
    attributes = Record


class RemoteConnectProfilesEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Updatable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["remote_connect_profiles"]
    attributes = Record


class EsimProfilesEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["esim_profiles"]
    attributes = Record


class EsimProfilesManageEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["esim_profiles_manage"]
    attributes = Record


class EsimProfileActivationsEndpoint(V3Listable[Record], V3Gettable[Record]):
    spec = V3_ENDPOINTS["esim_profile_activations"]
    attributes = Record


class PrivateCellularNetworksEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Patchable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["private_cellular_networks"]
    attributes = Record


class PrivateCellularCoresEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Patchable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["private_cellular_cores"]
    attributes = Record


class PrivateCellularRadiosEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Patchable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["private_cellular_radios"]
    attributes = Record


class PrivateCellularRadioGroupsEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Patchable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["private_cellular_radio_groups"]
    attributes = Record


class PrivateCellularSimsEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Patchable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["private_cellular_sims"]
    attributes = Record


class PrivateCellularRadioStatusesEndpoint(
    V3Listable[Record],
    V3Gettable[Record],
    V3Creatable[Record],
    V3Patchable[Record],
    V3Deletable[Record],
):
    spec = V3_ENDPOINTS["private_cellular_radio_statuses"]
    attributes = Record

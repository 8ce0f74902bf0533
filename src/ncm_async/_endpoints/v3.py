"""Every v3 endpoint, described once (v3-and-limits, "v3 endpoints").

The API docs give v3 only in outline, so each entry takes what is known: the
endpoint table of v3-and-limits for paths, methods and filters, and the vendor's
``ncm`` package (``NcmClientv3``) for filters and resource types the table does
not name. Where neither names a filter, only ``id`` is declared; anything else
goes through ``list(extra_params=...)``. The docs do not say which operators each
field takes, so every declared field accepts all of them (eq gt gte lt lte ne not);
the server rejects a nonsensical one with 400.

Every v3 list pages by cursor: ``page[size]`` at most 50 (server default 20).
Each line reads ``name: Kind[AttributesModel] = _v3("filterable fields", ...)``
(:mod:`ncm_async._endpoints.catalog`); unmodelled attributes use ``Record``.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ncm_async._endpoints.catalog import collect, entry
from ncm_async._endpoints.kinds import (
    V3ListGet,
    V3ListGetCreate,
    V3ListGetCreatePatchDelete,
    V3ListGetCreateUpdate,
    V3ListGetCreateUpdateDelete,
    V3ListGetUpdate,
    V3Regrades,
)
from ncm_async._endpoints.spec import EndpointSpec, Paging, ops
from ncm_async.models.base import Record
from ncm_async.models.v3 import (
    AssetEndpointAttributes,
    ExchangeResourceAttributes,
    ExchangeSiteAttributes,
    RegradeAttributes,
    SubscriptionAttributes,
    TenantAttributes,
    UserAttributes,
)

V3_OPS = ops("= gt gte lt lte ne not")
"""``filter[f]=v`` and ``filter[f][gt|gte|lt|lte|ne|not]=v``."""

V3_OPS = ops("= gt gte lt lte ne not")
"""``filter[f]=v`` and ``filter[f][gt|gte|lt|lte|ne|not]=v``."""


def _v3(fields: str = "id", **facts: Any) -> Any:
    """A v3 line: filterable fields (every operator each), then any other fact.

    Facts beyond :class:`EndpointSpec`'s: ``rtype`` is the JSON:API type ("" = the
    path's last segment, None = several, see :data:`POLYMORPHIC_TYPES`).
    """
    return entry(fields=fields, **facts)


def _finish(name: str, facts: Mapping[str, Any]) -> Mapping[str, Any]:
    """The path defaults to the name and the JSON:API type to the path's last segment."""
    facts = dict(facts)
    fields: str = facts.pop("fields")
    rtype = facts.pop("rtype", "")
    path = facts.setdefault("path", name)
    facts.setdefault("filters", MappingProxyType(dict.fromkeys(fields.split(), V3_OPS)))
    return {
        **facts,
        "paging": Paging.CURSOR,
        "in_limit": None,
        "max_limit": 50,
        "default_limit": 20,
        "version": "v3",
        "resource_type": path.rsplit("/", 1)[-1] if rtype == "" else rtype,
    }


POLYMORPHIC_TYPES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "exchange_resources": (
            "exchange_fqdn_resources",
            "exchange_wildcard_fqdn_resources",
            "exchange_ipsubnet_resources",
            "exchange_http_resources",
            "exchange_https_resources",
        ),
        "organizations_migrations": (
            "create_organizations",
            "elevate_organizations",
            "merge_organizations",
        ),
        "remote_connect_profiles": tuple(
            f"remote_connect_{k}_profile" for k in ("ssh", "http", "https", "rdp", "vnc", "serial")
        ),
    }
)
"""Endpoints whose records come in several JSON:API types: writes must name one."""


class V3Catalog:
    """Every v3 endpoint by its attribute name under ``ncm.v3``."""

    users: V3ListGetCreatePatchDelete[UserAttributes] = _v3(
        "id email first_name last_name is_active last_login pending_email",
    )
    tenants: V3ListGet[TenantAttributes] = _v3("id name type")
    subscriptions: V3ListGet[SubscriptionAttributes] = _v3(
        "end_time start_time id name quantity tenant type",
    )
    asset_endpoints: V3ListGet[AssetEndpointAttributes] = _v3(
        "id hardware_series mac_address serial_number",
    )
    # POST is an atomic-operations document, sent by regrade() / unlicense().
    regrades: V3Regrades[RegradeAttributes] = _v3(
        "id action_id mac_address created_at action subscription_type status error_code",
        path="asset_endpoints/regrades",
    )
    exchange_sites: V3ListGetCreateUpdateDelete[ExchangeSiteAttributes] = _v3(
        "id name exchange_network",
        path="beta/exchange_sites",
        rtype="exchange_user_managed_sites",
    )
    # Served at the host root (https://api.cradlepointecm.com/beta/...), outside /api/v3.
    exchange_resources: V3ListGetCreateUpdateDelete[ExchangeResourceAttributes] = _v3(
        "id name exchange_network exchange_site",
        path="beta/exchange_resources",
        rtype=None,
        root=True,
    )
    account_authorizations: V3ListGetUpdate[Record] = _v3(
        "id user",
        path="beta/account_authorizations",
    )
    tenant_authorizations: V3ListGetUpdate[Record] = _v3(path="beta/tenant_authorizations")
    public_sim_mgmt_assets: V3ListGet[Record] = _v3(
        "id assigned_imei carrier detected_imei device_status iccid is_licensed type",
    )
    public_sim_mgmt_rate_plans: V3ListGet[Record] = _v3("id carrier name status")
    # `router` (ids, comma-joined) is a plain query parameter here, not filter[router];
    # the vendor client requires it.
    unmasked_wifi_passwords: V3ListGet[Record] = _v3(
        filters=MappingProxyType({"router": ops("=")}),
        required_any=("router",),
        plain_filters=frozenset({"router"}),
    )
    modem_software_versions: V3ListGet[Record] = _v3("id group", required_any=("group",))
    # Writes use application/json; lists need both group and type filters.
    modem_upgrades: V3ListGetCreateUpdate[Record] = _v3(
        "id group type modem_upgrade_parent",
        required_any=("group",),
        plain_json=True,
    )
    organizations_migrations: V3ListGetCreate[Record] = _v3(
        "id source status target type",
        path="organizations/migrations",
        rtype=None,
    )
    starlink_interfaces: V3ListGet[Record] = _v3(
        "id carrier gateway_ip net_device port software_version terminal_identifier",
    )
    starlink_interface_reboots: V3ListGetCreate[Record] = _v3(
        path="starlink_interfaces/reboots",
        rtype="starlink_interface_reboots",
    )
    starlink_interface_stows: V3ListGetCreate[Record] = _v3(
        path="starlink_interfaces/stows",
        rtype="starlink_interface_stows",
    )
    starlink_diagnostics: V3ListGet[Record] = _v3()
    lan_devices: V3ListGet[Record] = _v3(
        "id account device_status group lan_firmware_upgrade_status lan_product_info"
        " mac_address name router serial_number type",
    )
    lan_product_infos: V3ListGet[Record] = _v3("id name product_type")
    lan_manager_options: V3ListGetCreateUpdate[Record] = _v3("id enabled router")
    remote_connect_profiles: V3ListGetCreateUpdateDelete[Record] = _v3(
        "id address name router type",
        rtype=None,
    )
    esim_profiles: V3ListGet[Record] = _v3(path="beta/esim_profiles")
    esim_profiles_manage: V3ListGet[Record] = _v3(path="beta/esim_profiles/manage", rtype=None)
    esim_profile_activations: V3ListGet[Record] = _v3(path="beta/esim_profile_activations")
    private_cellular_networks: V3ListGetCreatePatchDelete[Record] = _v3(
        path="beta/private_cellular_networks"
    )
    private_cellular_cores: V3ListGetCreatePatchDelete[Record] = _v3(
        path="beta/private_cellular_cores"
    )
    private_cellular_radios: V3ListGetCreatePatchDelete[Record] = _v3(
        path="beta/private_cellular_radios"
    )
    private_cellular_radio_groups: V3ListGetCreatePatchDelete[Record] = _v3(
        path="beta/private_cellular_radio_groups"
    )
    private_cellular_sims: V3ListGetCreatePatchDelete[Record] = _v3(
        path="beta/private_cellular_sims"
    )
    private_cellular_radio_statuses: V3ListGetCreatePatchDelete[Record] = _v3(
        path="beta/private_cellular_radio_statuses"
    )


V3_ENDPOINTS: MappingProxyType[str, EndpointSpec] = collect(V3Catalog, _finish)
"""Every v3 endpoint by its attribute name under ``ncm.v3`` (``regrades``, ``exchange_sites``)."""

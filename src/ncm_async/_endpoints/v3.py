"""Every v3 endpoint, described once (v3-and-limits, "v3 endpoints").

The API docs give v3 only in outline, so each entry takes what is known: the
endpoint table of v3-and-limits for paths, methods and filters, and the vendor's
``ncm`` package (``NcmClientv3``) for filters and resource types the table does
not name. Where neither names a filter, only ``id`` is declared; anything else
goes through ``list(extra_params=...)``. The docs do not say which operators each
field takes, so every declared field accepts all of them (eq gt gte lt lte ne not);
the server rejects a nonsensical one with 400.

Every v3 list pages by cursor: ``page[size]`` at most 50 (server default 20).
A row of the endpoint table that names several paths gives its methods to each
(the modem, eSIM, Starlink and LAN rows). Writes answer 201 (POST), 200 with the
document (PUT, PATCH) and 204 (DELETE), as JSON:API 1.1 has it; regrades answer
200 with ``atomic:results``. Required write attributes and relationships
(:class:`WriteRules`) are the vendor client's, checked there "per Swagger".
Each line reads ``name: Kind[AttributesModel] = _v3("filterable fields", ...)``
(:mod:`ncm_async._endpoints.catalog`); unmodelled attributes use ``Record``.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ncm_async._endpoints.catalog import collect, entry
from ncm_async._endpoints.kinds import (
    V3EsimActivations,
    V3ListGet,
    V3ListGetCreate,
    V3ListGetCreatePatchDelete,
    V3ListGetCreateUpdate,
    V3ListGetCreateUpdateDelete,
    V3ListGetUpdate,
    V3Regrades,
)
from ncm_async._endpoints.spec import EndpointSpec, Method, Paging, WriteRules, ops
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
        "status": {**_STATUS, **facts.get("status", {})},
        "paging": Paging.CURSOR,
        "in_limit": None,
        "max_limit": 50,
        "default_limit": 20,
        "version": "v3",
        "resource_type": path.rsplit("/", 1)[-1] if rtype == "" else rtype,
    }


_STATUS = MappingProxyType({Method.CREATE: 201, Method.UPDATE: 200, Method.PATCH: 200})


def _rules(
    attributes: Mapping[str, str] | None = None,
    relationships: Mapping[str, str] | None = None,
    *,
    values: Mapping[str, str] | None = None,
    on: str = "create",
) -> WriteRules:
    """Write rules from compact text: ``{type or "*": "name name"}``, ``on="create update"``."""

    def split(table: Mapping[str, str] | None) -> Mapping[str, tuple[str, ...]]:
        return MappingProxyType({k: tuple(v.split()) for k, v in (table or {}).items()})

    return WriteRules(
        attributes=split(attributes),
        relationships=split(relationships),
        values=split(values),
        on=frozenset(Method(m) for m in on.split()),
    )


_ORGANIZATION = "organization_name idle_timeout enhanced_login_security_enabled mfa_required"

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
        "esim_profiles_manage": (
            "esim_profiles_nickname",
            "esim_profiles_active",
            "esim_profiles_delete",
        ),
        "esim_profile_activations": (
            "bulk_esim_profile_activations",
            "esim_profile_activations",
        ),
    }
)
"""Endpoints whose records come in several JSON:API types: writes must name one."""


class V3Catalog:
    """Every v3 endpoint by its attribute name under ``ncm.v3``."""

    users: V3ListGetCreatePatchDelete[UserAttributes] = _v3(
        "id email first_name last_name is_active last_login pending_email",
        writes=_rules({"users": "email first_name last_name"}),
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
        status={Method.CREATE: 200},
    )
    exchange_sites: V3ListGetCreateUpdateDelete[ExchangeSiteAttributes] = _v3(
        "id name exchange_network",
        path="beta/exchange_sites",
        rtype="exchange_user_managed_sites",
        writes=_rules({"*": "name"}),
    )
    # Served at the host root (https://api.cradlepointecm.com/beta/...), outside /api/v3.
    exchange_resources: V3ListGetCreateUpdateDelete[ExchangeResourceAttributes] = _v3(
        "id name exchange_network exchange_site",
        path="beta/exchange_resources",
        rtype=None,
        root=True,
        writes=_rules({"*": "name"}),
    )
    # Role changes: PUT carries the new role.
    account_authorizations: V3ListGetUpdate[Record] = _v3(
        "id user",
        path="beta/account_authorizations",
        writes=_rules({"*": "role"}, on="update"),
    )
    tenant_authorizations: V3ListGetUpdate[Record] = _v3(
        path="beta/tenant_authorizations",
        writes=_rules({"*": "role"}, on="update"),
    )
    public_sim_mgmt_assets: V3ListGet[Record] = _v3(
        "id assigned_imei carrier detected_imei device_status iccid is_licensed type",
    )
    public_sim_mgmt_rate_plans: V3ListGet[Record] = _v3("id carrier name status")
    # `router` (ids, comma-joined) is a plain query parameter here, not filter[router];
    # the vendor client requires it.
    unmasked_wifi_passwords: V3ListGet[Record] = _v3(
        filters=MappingProxyType({"router": ops("=")}),
        required_all=("router",),
        plain_filters=frozenset({"router"}),
    )
    modem_software_versions: V3ListGetCreateUpdate[Record] = _v3(
        "id group", required_all=("group",)
    )
    # Writes use application/json; lists need both group and type filters.
    modem_upgrades: V3ListGetCreateUpdate[Record] = _v3(
        "id group type modem_upgrade_parent",
        required_all=("group", "type"),
        plain_json=True,
        writes=_rules({"*": "carrier modem_type_name operation"}, {"*": "group"}),
    )
    organizations_migrations: V3ListGetCreate[Record] = _v3(
        "id source status target type",
        path="organizations/migrations",
        rtype=None,
        writes=_rules(
            {"create_organizations": _ORGANIZATION, "elevate_organizations": _ORGANIZATION},
            {
                "create_organizations": "organization_administrator",
                "elevate_organizations": "organization_administrator account",
                "merge_organizations": "source_tenant",
            },
        ),
    )
    starlink_interfaces: V3ListGetCreate[Record] = _v3(
        "id carrier gateway_ip net_device port software_version terminal_identifier",
    )
    starlink_interface_reboots: V3ListGetCreate[Record] = _v3(
        path="starlink_interfaces/reboots",
        rtype="starlink_interface_reboots",
        writes=_rules(relationships={"*": "starlink_interface"}),
    )
    starlink_interface_stows: V3ListGetCreate[Record] = _v3(
        path="starlink_interfaces/stows",
        rtype="starlink_interface_stows",
        writes=_rules(
            {"*": "action"}, {"*": "starlink_interface"}, values={"action": "stow unstow"}
        ),
    )
    starlink_diagnostics: V3ListGetCreate[Record] = _v3()
    lan_devices: V3ListGetCreateUpdate[Record] = _v3(
        "id account device_status group lan_firmware_upgrade_status lan_product_info"
        " mac_address name router serial_number type",
    )
    lan_product_infos: V3ListGetCreateUpdate[Record] = _v3("id name product_type")
    lan_manager_options: V3ListGetCreateUpdate[Record] = _v3(
        "id enabled router",
        writes=_rules({"*": "enabled"}, {"*": "router"}),
    )
    remote_connect_profiles: V3ListGetCreateUpdateDelete[Record] = _v3(
        "id address name router type",
        rtype=None,
        writes=_rules(
            {"*": "name port address", "remote_connect_ssh_profile": "name port address username"},
            {"*": "router"},
        ),
    )
    esim_profiles: V3ListGetCreateUpdate[Record] = _v3(
        "id active carrier classification eid iccid net_device nickname profile_name",
        path="beta/esim_profiles",
    )
    # Management tasks per profile: rename, set active, delete.
    esim_profiles_manage: V3ListGetCreateUpdate[Record] = _v3(
        path="beta/esim_profiles/manage",
        rtype=None,
        writes=_rules({"esim_profiles_nickname": "nickname"}, {"*": "profile"}),
    )
    # POST is a multipart upload (an `operation` field and a `payload` CSV file):
    # a bulk job with a child activation per line; PUT operation=execute runs it.
    esim_profile_activations: V3EsimActivations[Record] = _v3(
        "id type parent state",
        path="beta/esim_profile_activations",
        rtype=None,
        writes=_rules(
            {"bulk_esim_profile_activations": "operation"},
            values={"operation": "preview execute"},
            on="update",
        ),
    )
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

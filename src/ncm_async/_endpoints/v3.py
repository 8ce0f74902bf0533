"""Every v3 endpoint, described once (v3-and-limits, "v3 endpoints").

The API docs give v3 only in outline, so each entry takes what is known: the
endpoint table of v3-and-limits for paths, methods and filters, and the vendor's
``ncm`` package (``NcmClientv3``) for filters and resource types the table does
not name. Where neither names a filter, only ``id`` is declared; anything else
goes through ``list(extra_params=...)``. The docs do not say which operators each
field takes, so every declared field accepts all of them (eq gt gte lt lte ne not);
the server rejects a nonsensical one with 400.

Every v3 list pages by cursor: ``page[size]`` at most 50 (server default 20).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ncm_async._endpoints.spec import EndpointSpec, Method, Paging, ops

V3_OPS = ops("= gt gte lt lte ne not")
"""``filter[f]=v`` and ``filter[f][gt|gte|lt|lte|ne|not]=v``."""

_R = frozenset({Method.LIST, Method.GET})
_RW = _R | {Method.CREATE, Method.UPDATE}
_CRUD = _RW | {Method.DELETE}
_BETA = _R | {Method.CREATE, Method.PATCH, Method.DELETE}


def _spec(
    name: str,
    methods: frozenset[Method],
    fields: str = "id",
    *,
    path: str | None = None,
    rtype: str | None = "",
    filters: Mapping[str, frozenset[str]] | None = None,
    required_any: tuple[str, ...] = (),
    root: bool = False,
) -> EndpointSpec:
    """A v3 spec; the path defaults to the name and the JSON:API type to its last segment."""
    path = path or name
    return EndpointSpec(
        name=name,
        path=path,
        paging=Paging.CURSOR,
        methods=methods,
        filters=filters or MappingProxyType(dict.fromkeys(fields.split(), V3_OPS)),
        required_any=required_any,
        in_limit=None,
        max_limit=50,
        default_limit=20,
        version="v3",
        resource_type=path.rsplit("/", 1)[-1] if rtype == "" else rtype,
        root=root,
    )


def _private_cellular(kind: str) -> EndpointSpec:
    name = f"private_cellular_{kind}"
    return _spec(name, _BETA, path=f"beta/{name}")


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

_SPECS = (
    _spec(
        "users",
        _R | {Method.CREATE, Method.PATCH, Method.DELETE},
        "id email first_name last_name is_active last_login pending_email",
    ),
    _spec("tenants", _R, "id name type"),
    _spec("subscriptions", _R, "end_time start_time id name quantity tenant type"),
    _spec("asset_endpoints", _R, "id hardware_series mac_address serial_number"),
    # POST is an atomic-operations document, built by RegradesEndpoint.regrade().
    _spec(
        "regrades",
        _R | {Method.CREATE},
        "id action_id mac_address created_at action subscription_type status error_code",
        path="asset_endpoints/regrades",
    ),
    _spec(
        "exchange_sites",
        _CRUD,
        "id name exchange_network",
        path="beta/exchange_sites",
        rtype="exchange_user_managed_sites",
    ),
    # Served at the host root (https://api.cradlepointecm.com/beta/...), outside /api/v3.
    _spec(
        "exchange_resources",
        _CRUD,
        "id name exchange_network exchange_site",
        path="beta/exchange_resources",
        rtype=None,
        root=True,
    ),
    _spec(
        "account_authorizations",
        _R | {Method.UPDATE},
        "id user",
        path="beta/account_authorizations",
    ),
    _spec("tenant_authorizations", _R | {Method.UPDATE}, path="beta/tenant_authorizations"),
    _spec(
        "public_sim_mgmt_assets",
        _R,
        "id assigned_imei carrier detected_imei device_status iccid is_licensed type",
    ),
    _spec("public_sim_mgmt_rate_plans", _R, "id carrier name status"),
    # `router` (ids, comma-joined) is a plain query parameter here, not filter[router];
    # the vendor client requires it (UnmaskedWifiPasswordsEndpoint.plain_filters).
    _spec(
        "unmasked_wifi_passwords",
        _R,
        filters=MappingProxyType({"router": ops("=")}),
        required_any=("router",),
    ),
    _spec("modem_software_versions", _R, "id group", required_any=("group",)),
    # Writes use application/json (ModemUpgradesEndpoint.content_type); lists need
    # both group and type filters.
    _spec(
        "modem_upgrades",
        _RW,
        "id group type modem_upgrade_parent",
        required_any=("group",),
    ),
    _spec(
        "organizations_migrations",
        _R | {Method.CREATE},
        "id source status target type",
        path="organizations/migrations",
        rtype=None,
    ),
    _spec(
        "starlink_interfaces",
        _R,
        "id carrier gateway_ip net_device port software_version terminal_identifier",
    ),
    _spec(
        "starlink_interface_reboots",
        _R | {Method.CREATE},
        path="starlink_interfaces/reboots",
        rtype="starlink_interface_reboots",
    ),
    _spec(
        "starlink_interface_stows",
        _R | {Method.CREATE},
        path="starlink_interfaces/stows",
        rtype="starlink_interface_stows",
    ),
    _spec("starlink_diagnostics", _R),
    _spec(
        "lan_devices",
        _R,
        "id account device_status group lan_firmware_upgrade_status lan_product_info"
        " mac_address name router serial_number type",
    ),
    _spec("lan_product_infos", _R, "id name product_type"),
    _spec("lan_manager_options", _RW, "id enabled router"),
    _spec(
        "remote_connect_profiles",
        _CRUD,
        "id address name router type",
        rtype=None,
    ),
    _spec("esim_profiles", _R, path="beta/esim_profiles"),
    _spec("esim_profiles_manage", _R, path="beta/esim_profiles/manage", rtype=None),
    _spec("esim_profile_activations", _R, path="beta/esim_profile_activations"),
    *(
        _private_cellular(k)
        for k in ("networks", "cores", "radios", "radio_groups", "sims", "radio_statuses")
    ),
)

V3_ENDPOINTS: MappingProxyType[str, EndpointSpec] = MappingProxyType({s.name: s for s in _SPECS})
"""Every v3 endpoint by its attribute name under ``ncm.v3`` (``regrades``, ``exchange_sites``)."""

"""Every v2 endpoint of the API docs, described once (``v2-catalog.json``).

Each entry is what the docs state: path, paging scheme, documented methods,
filterable fields with their operators, required filters and non-default status
codes. Where the docs contradict themselves the choice is noted on the entry.
"""

from __future__ import annotations

from types import MappingProxyType

from ncm_async._endpoints.spec import EndpointSpec, Method, Paging, ops

_R = frozenset({Method.LIST, Method.GET})
_CRUD = frozenset({Method.LIST, Method.GET, Method.CREATE, Method.UPDATE, Method.DELETE})
_EQ_IN = ops("= in")
_CMP = ops("= gt gte lt lte")
_GT_LT = ops("gt lt")
_TIMEUUID = ops("= in gt gte lt lte")


def _spec(name: str, paging: Paging, methods: frozenset[Method], **kw: object) -> EndpointSpec:
    return EndpointSpec(name=name, path=name, paging=paging, methods=methods, **kw)  # type: ignore[arg-type]


def _f(**fields: frozenset[str]) -> MappingProxyType[str, frozenset[str]]:
    return MappingProxyType(fields)


_SPECS = (
    _spec("accounts", Paging.OFFSET, _CRUD, filters=_f(account=_EQ_IN, id=_EQ_IN, name=_EQ_IN)),
    # Not in the offset-unsupported list, but meta.next pages on action__id__lt.
    _spec(
        "activity_logs",
        Paging.NEXT_LINK,
        _R - {Method.GET},
        filters=_f(
            account=ops("="),
            action__id=ops("="),
            action__timestamp=_CMP,
            action__type=ops("="),
            actor__id=ops("="),
            actor__type=ops("="),
            created_at=_CMP | ops("exact"),
            object__id=ops("="),
            object__type=ops("="),
        ),
    ),
    # Records are addressed by destination_config_id; single GET is a query filter.
    _spec(
        "alert_push_destinations",
        Paging.NEXT_LINK,
        frozenset({Method.LIST, Method.GET, Method.CREATE, Method.PATCH, Method.DELETE}),
        filters=_f(destination_config_id=ops("= in gt lt")),
        id_field="destination_config_id",
    ),
    # PATCH answers 201 with an empty body, unlike every other PATCH.
    _spec(
        "alert_rules",
        Paging.NEXT_LINK,
        frozenset({Method.LIST, Method.GET, Method.CREATE, Method.PATCH, Method.DELETE}),
        filters=_f(alert_config_id=ops("= in gt lt")),
        id_field="alert_config_id",
        status=MappingProxyType({Method.PATCH: 201}),
    ),
    # Not in the offset-unsupported list, but meta.next pages on created_at_timeuuid__lt.
    # "does not have the standard filter limits of 100 values per field".
    _spec(
        "alerts",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(
            account=ops("= in isnull"),
            created_at=_GT_LT,
            created_at_timeuuid=_TIMEUUID,
            router=ops("= in isnull"),
            type=_EQ_IN,
        ),
        in_limit=None,
    ),
    _spec(
        "batteries",
        Paging.OFFSET,
        _R - {Method.GET},
        filters=_f(router=_EQ_IN),
        required_any=("router",),
    ),
    _spec(
        "configuration_managers",
        Paging.OFFSET,
        frozenset({Method.LIST, Method.GET, Method.UPDATE, Method.PATCH}),
        filters=_f(
            account=_EQ_IN,
            id=_EQ_IN,
            router=_EQ_IN,
            suspended=ops("="),
            synched=ops("="),
            version_number=ops("= gt lt"),
        ),
    ),
    _spec(
        "device_app_bindings",
        Paging.OFFSET,
        frozenset({Method.LIST, Method.GET, Method.CREATE, Method.DELETE}),
        filters=_f(account=_EQ_IN, app_version=_EQ_IN, group=_EQ_IN, id=_EQ_IN, state=_EQ_IN),
    ),
    _spec(
        "device_app_states",
        Paging.OFFSET,
        _R,
        filters=_f(account=_EQ_IN, app_version=_EQ_IN, id=_EQ_IN, router=_EQ_IN, state=_EQ_IN),
    ),
    _spec(
        "device_app_versions",
        Paging.OFFSET,
        _R | {Method.DELETE},
        filters=_f(account=_EQ_IN, app=_EQ_IN, id=_EQ_IN, state=_EQ_IN),
    ),
    _spec(
        "device_apps",
        Paging.OFFSET,
        _R | {Method.DELETE},
        filters=_f(account=_EQ_IN, id=_EQ_IN, name=_EQ_IN, uuid=_EQ_IN),
    ),
    _spec(
        "failovers",
        Paging.OFFSET,
        _R - {Method.GET},
        filters=_f(
            account_id=ops("="),
            ended_at=_CMP,
            group_id=ops("="),
            router_id=ops("="),
            started_at=_CMP,
        ),
    ),
    _spec("firmwares", Paging.OFFSET, _R, filters=_f(id=_EQ_IN, version=_EQ_IN)),
    _spec(
        "groups",
        Paging.OFFSET,
        _CRUD | {Method.PATCH},
        filters=_f(account=_EQ_IN, device_type=_EQ_IN, id=_EQ_IN, name=_EQ_IN),
    ),
    # Default page size 5,000; only __gt documented on the keys, so paging follows meta.next.
    _spec(
        "historical_locations",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(created_at=ops("gt lte"), created_at_timeuuid=ops("gt lt"), router=ops("=")),
        required_any=("router",),
        default_limit=5000,
    ),
    _spec(
        "locations",
        Paging.OFFSET,
        _CRUD,
        filters=_f(id=_EQ_IN, router=_EQ_IN),
    ),
    _spec("net_device_health", Paging.OFFSET, _R, filters=_f(net_device=_EQ_IN)),
    _spec(
        "net_device_metrics",
        Paging.OFFSET,
        _R,
        filters=_f(bmask_applied=ops("="), net_device=_EQ_IN, update_ts=_GT_LT),
    ),
    _spec(
        "net_device_signal_samples",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, net_device=_EQ_IN),
        required_any=("net_device",),
    ),
    _spec(
        "net_device_usage_samples",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, net_device=_EQ_IN),
        required_any=("net_device",),
    ),
    _spec(
        "net_devices",
        Paging.OFFSET,
        _R,
        filters=_f(
            account=_EQ_IN,
            connection_state=_EQ_IN,
            iccid=_EQ_IN,
            id=_EQ_IN,
            imei=_EQ_IN,
            ipv4_address=_EQ_IN,
            ipv6_address=_EQ_IN,
            is_asset=ops("="),
            mode=_EQ_IN,
            router=_EQ_IN,
            updated_at=_GT_LT,
        ),
    ),
    _spec("products", Paging.OFFSET, _R, filters=_f(device_type=_EQ_IN, id=_EQ_IN, name=_EQ_IN)),
    _spec("reboot_activity", Paging.NONE, frozenset({Method.CREATE})),
    # No offset list entry, but both examples return the timeuuid meta shape.
    _spec(
        "router_alerts",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=_EQ_IN),
        required_any=("router",),
    ),
    _spec(
        "router_lans",
        Paging.OFFSET,
        _R,
        filters=_f(
            account=_EQ_IN,
            enabled=ops("="),
            id=_EQ_IN,
            ip_address=_EQ_IN,
            name=_EQ_IN,
            router=_EQ_IN,
        ),
    ),
    # Offset paging (meta.next carries offset); its created_at_timeuuid values are not UUIDs.
    _spec(
        "router_logs",
        Paging.OFFSET,
        _R - {Method.GET},
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=ops("=")),
        required_any=("router",),
    ),
    _spec(
        "router_state_samples",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=_EQ_IN),
        required_any=("router",),
    ),
    _spec(
        "router_stream_usage_samples",
        Paging.TIMEUUID,
        _R - {Method.GET},
        filters=_f(created_at=_GT_LT, created_at_timeuuid=_TIMEUUID, router=_EQ_IN),
        required_any=("router",),
    ),
    _spec(
        "routers",
        Paging.OFFSET,
        _R | {Method.UPDATE, Method.DELETE},
        filters=_f(
            account=_EQ_IN,
            asset_id=_EQ_IN,
            description=_EQ_IN,
            device_type=_EQ_IN,
            full_product_name=ops("="),
            group=_EQ_IN,
            id=_EQ_IN,
            ipv4_address=_EQ_IN,
            mac=_EQ_IN,
            name=_EQ_IN,
            reboot_required=_EQ_IN,
            serial_number=_EQ_IN,
            state=_EQ_IN,
            state_updated_at=_GT_LT,
            updated_at=_GT_LT,
        ),
    ),
    _spec(
        "speed_test",
        Paging.OFFSET,
        frozenset({Method.LIST, Method.GET, Method.CREATE, Method.DELETE}),
        filters=_f(account=_EQ_IN),
    ),
    _spec("test_alert_push_destinations", Paging.NONE, frozenset({Method.CREATE})),
    _spec("users", Paging.OFFSET, _R, filters=_f(email=_EQ_IN, id=_EQ_IN, username=_EQ_IN)),
)

V2_ENDPOINTS: MappingProxyType[str, EndpointSpec] = MappingProxyType({s.name: s for s in _SPECS})
"""Every v2 endpoint by name, in the catalog's order."""

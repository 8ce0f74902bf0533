"""Which endpoint a ``pull`` reads and how: pure decisions from the endpoint specs.

Every list endpoint the SDK describes can be pulled by name: v2 names as they
are (``router_state_samples``), v3 ones as ``v3.<name>`` (or bare when no v2
endpoint shares the name). The plan says whether the pull fans out over device
ids (through the bulk layer) or is one listing, and which filters carry
``--since``/``--until``. Nothing here does I/O, so every rule is a table test.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import attrs

from ncm_async._endpoints.spec import EndpointSpec, Method, Paging
from ncm_async._query import describe_filters, split_filter

IdSource = Literal["file", "all"]
TIME_FIELD = "created_at"
DEVICE_KEYS = ("router", "net_device")


@attrs.frozen
class Target:
    """A pullable endpoint: its API version, attribute name, spec and record model."""

    api: str
    name: str
    spec: EndpointSpec
    model: Any
    """The record class, or ``V3Resource[Attributes]`` for v3."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV header when ``--fields`` is not given: the model's field names.

        v3 records nest their data under ``attributes``; those get a column each
        (``attributes.email``) rather than one JSON blob.
        """
        out: list[str] = []
        for name in _field_names(self.model):
            args = typing.get_args(self.model)
            if name == "attributes" and args:
                out += [f"attributes.{a}" for a in _field_names(args[0])]
            else:
                out.append(name)
        return tuple(out)

    @property
    def field_names(self) -> tuple[str, ...]:
        """What ``--fields`` accepts: the record's fields (v2) or its attributes (v3).

        v3 sparse fieldsets (``fields[type]=a,b``) select attributes; ``id`` and
        ``type`` always come back.
        """
        if self.api == "v3":
            args = typing.get_args(self.model)
            return tuple(_field_names(args[0])) if args else ()
        return tuple(_field_names(self.model))

    def output_columns(self, fields: Sequence[str] | None) -> tuple[str, ...]:
        """The CSV header for ``--fields`` (all columns without it)."""
        if not fields:
            return self.columns
        if self.api == "v3":
            return ("id", *(f"attributes.{name}" for name in fields))
        return tuple(fields)

    @property
    def label(self) -> str:
        """``routers`` or ``v3.users``: the name a user types."""
        return self.name if self.api == "v2" else f"v3.{self.name}"


def _field_names(model: Any) -> list[str]:
    cls = typing.get_origin(model) or model
    return [f.name for f in attrs.fields(cls) if f.name != "extra" and not f.name.startswith("_")]


def _listable(spec: EndpointSpec) -> bool:
    listable = spec.paging is not Paging.NONE and Method.LIST in spec.methods
    return listable and spec.model is not None and attrs.has(spec.model)


def targets() -> dict[str, Target]:
    """Every list endpoint by the names accepted on the command line."""
    from ncm_async._endpoints.v2 import V2_ENDPOINTS
    from ncm_async._endpoints.v3 import V3_ENDPOINTS
    from ncm_async.models.v3 import V3Resource

    found: dict[str, Target] = {}
    for name, spec in V2_ENDPOINTS.items():
        if _listable(spec):
            found[name] = Target("v2", name, spec, spec.model)
    for name, spec in V3_ENDPOINTS.items():
        if not _listable(spec):
            continue
        target = Target("v3", name, spec, typing.cast(Any, V3Resource)[spec.model])
        found[f"v3.{name}"] = target
        found.setdefault(name, target)
    return found


def find_target(name: str, known: Mapping[str, Target] | None = None) -> Target:
    """The endpoint called ``name`` (``v2.``/``v3.`` prefixes and ``/`` spellings accepted).

    Raises:
        ValueError: No list endpoint of that name, with the close matches.
    """
    known = targets() if known is None else known
    key = name.strip().replace("/", ".").replace("-", "_")
    key = key.removeprefix("v2.")
    found = known.get(key)
    if found is not None:
        return found
    close = sorted(k for k in known if key and (key in k or k in key))[:6]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    msg = f"unknown endpoint {name!r}{hint}; `ncm-async endpoints` lists them all"
    raise ValueError(msg)


@attrs.frozen
class PullPlan:
    """What one ``pull`` does.

    Attributes:
        target: The endpoint.
        key: The filter ids are fanned out over (``router``, ``net_device``, ``id``),
            or None for a single listing.
        id_source: Where the ids come from: an ``--ids`` file or every device.
        filters: Filters sent with every query (time window, ``--filter`` values).
        fields: ``--fields``: the fields to request and write.
    """

    target: Target
    key: str | None
    id_source: IdSource | None
    filters: Mapping[str, object]
    fields: tuple[str, ...] | None

    @property
    def listing_endpoint(self) -> str:
        """The v2 endpoint whose ids ``--all-routers`` enumerates."""
        return "net_devices" if self.key == "net_device" else "routers"


def fan_out_key(spec: EndpointSpec, *, ids_given: bool) -> str | None:
    """The filter to fan ids out over, or None for a single listing.

    A required device filter always fans out; otherwise only when the user gave
    ids, over ``router``/``net_device`` where documented, else over ``id``.

    Raises:
        ValueError: Ids were given for an endpoint no device filter reaches, or
            the endpoint needs ids that were not given.
    """
    device_required = [k for k in spec.required_any if k in DEVICE_KEYS]
    if device_required:
        if not ids_given:
            msg = (
                f"{spec.name} is listed per {device_required[0]}: give --ids FILE or --all-routers"
            )
            raise ValueError(msg)
        return device_required[0]
    if not ids_given:
        return None
    for key in (*DEVICE_KEYS, "router_id", "id"):
        if {"", "__in"} & spec.filters.get(key, frozenset()):
            return key
    msg = (
        f"{spec.name} cannot be filtered by router, net_device or id, "
        "so --ids/--all-routers do not apply"
    )
    raise ValueError(msg)


def time_filters(
    spec: EndpointSpec, since: datetime | None, until: datetime | None
) -> dict[str, datetime]:
    """``--since``/``--until`` as the endpoint's documented ``created_at`` bounds.

    Raises:
        ValueError: A bound was given but the endpoint documents no such filter.
    """
    allowed = spec.filters.get(TIME_FIELD, frozenset())
    out: dict[str, datetime] = {}
    for value, op, flag in ((since, "__gt", "--since"), (until, "__lt", "--until")):
        if value is None:
            continue
        if op not in allowed:
            msg = (
                f"{spec.name} has no documented {TIME_FIELD}{op} filter, so {flag} cannot "
                "apply (time windows work on the time-series endpoints, e.g. router_state_samples)"
            )
            raise ValueError(msg)
        out[f"{TIME_FIELD}{op}"] = value
    return out


def plan_pull(
    target: Target,
    *,
    id_source: IdSource | None,
    since: datetime | None = None,
    until: datetime | None = None,
    fields: Sequence[str] | None = None,
    extra_filters: Mapping[str, str] | None = None,
) -> PullPlan:
    """Decide fan-out and filters for ``target``.

    Raises:
        ValueError: Any rule above, or a ``--filter`` on the fan-out key itself.
    """
    key = fan_out_key(target.spec, ids_given=id_source is not None)
    check_fields(target, fields or ())
    filters: dict[str, object] = dict(extra_filters or {})
    if key is not None and any(f.split("__")[0] == key for f in filters):
        msg = f"--filter on {key} conflicts with --ids/--all-routers; put the ids in the ids file"
        raise ValueError(msg)
    check_filters(target, extra_filters or {})
    filters.update(time_filters(target.spec, since, until))
    if (
        key is None
        and target.spec.required_any
        and not any(f.split("__")[0] in target.spec.required_any for f in filters)
    ):
        need = " or ".join(target.spec.required_any)
        first = target.spec.required_any[0]
        msg = f"{target.label} needs a {need} filter: add --filter {first}=..."
        raise ValueError(msg)
    return PullPlan(
        target=target,
        key=key,
        id_source=id_source,
        filters=filters,
        fields=tuple(fields) if fields else None,
    )


def check_fields(target: Target, fields: Sequence[str]) -> None:
    """Refuse ``--fields`` names the endpoint's record does not have (they would be empty).

    Raises:
        ValueError: Naming the unknown names and the valid ones.
    """
    valid = target.field_names
    unknown = [name for name in fields if name not in valid]
    if not unknown:
        return
    if not valid:
        msg = f"{target.label} documents no field names, so --fields cannot apply"
    else:
        msg = (
            f"--fields: {', '.join(repr(n) for n in unknown)} not a field of {target.label}; "
            f"choose from {', '.join(valid)}"
        )
    raise ValueError(msg)


def check_filters(target: Target, filters: Mapping[str, str]) -> None:
    """Refuse ``--filter`` names or operators the endpoint does not document.

    Raises:
        ValueError: Naming the filter and the documented ones.
    """
    spec = target.spec
    for key in filters:
        field, op = split_filter(key)
        if op in spec.filters.get(field, frozenset()):
            continue
        valid = describe_filters(spec)
        msg = f"--filter {key}: not a documented filter of {target.label}; " + (
            f"choose from {valid}" if valid else "it documents none"
        )
        raise ValueError(msg)

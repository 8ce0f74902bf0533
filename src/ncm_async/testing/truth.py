"""Ground truth for tests and data injection, through the serving code's own selection.

``ground_truth`` answers "which records must a correct client end up with":
every page at once, in serving order, as the same dicts the server sends (URLs
on the simulator's origin). ``add_samples`` makes devices report new samples,
e.g. between two pages of a keyset listing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from ncm_async.testing import series
from ncm_async.testing.bodies import ApiError
from ncm_async.testing.links import CANONICAL_ORIGIN
from ncm_async.testing.tables import Series
from ncm_async.testing.v2_docs import V2_DOCS
from ncm_async.testing.v2_query import parse
from ncm_async.testing.v2_select import select
from ncm_async.testing.v3_data import fleet_v3_table
from ncm_async.testing.v3_table import V3_BY_NAME, V3_PATHS

if TYPE_CHECKING:
    from ncm_async.testing.simulator import NcmSimulator

_GENERATORS = {
    "router_state_samples": series.state_samples,
    "router_stream_usage_samples": series.stream_usage_samples,
    "router_alerts": series.router_alerts,
    "alerts": series.alerts,
    "router_logs": series.router_logs,
    "historical_locations": series.historical_locations,
    "net_device_signal_samples": series.signal_samples,
    "net_device_usage_samples": series.net_device_usage_samples,
}


def to_params(filters: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Python filter values as query parameters (the SDK's encoding rules)."""
    params = []
    for name, value in filters.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, datetime):
            text = value.isoformat()
        elif isinstance(value, list | tuple | set | frozenset):
            text = ",".join(str(v) for v in value)
        else:
            text = str(value)
        params.append((name, text))
    return params


def ground_truth(
    sim: NcmSimulator, endpoint: str, api: str, filters: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """See :meth:`NcmSimulator.ground_truth`."""
    try:
        if api == "v3":
            records = _v3(sim, endpoint, filters)
        else:
            spec = V2_DOCS[endpoint]
            query = parse(spec, to_params(filters))
            rows = select(spec, sim.fleet.store(endpoint), query, None)
            records = [r.data for r in rows]
    except ApiError as error:
        response = error.response
        msg = f"the server answers {response.status}: {response.body.decode()}"
        raise ValueError(msg) from None
    return _localized(records, sim.origin)


def _v3(sim: NcmSimulator, endpoint: str, filters: Mapping[str, Any]) -> list[dict[str, Any]]:
    from ncm_async.testing import v3_query
    from ncm_async.testing.v3_routes import resource, sortable

    spec = V3_PATHS.get(endpoint) or V3_BY_NAME[endpoint]
    params: list[tuple[str, str]] = []
    for name, text in to_params(filters):
        if name == "sort" or name in spec.plain_params:
            params.append((name, text))
            continue
        field, _, op = name.partition("__")
        params.append((f"filter[{field}][{op}]" if op else f"filter[{field}]", text))
    records = [r.data for r in fleet_v3_table(sim.fleet, spec.path).ordered()]
    query = v3_query.parse(spec, params, sortable(records))
    chosen = [r for r in records if all(v3_query.matches(r, f) for f in query.filters)]
    return [resource(spec, r) for r in v3_query.ordered(chosen, query.sort)]


def _localized(records: Iterable[dict[str, Any]], origin: str) -> list[dict[str, Any]]:
    out = []
    for record in records:
        raw = orjson.dumps(record)
        if origin != CANONICAL_ORIGIN:
            raw = raw.replace(CANONICAL_ORIGIN.encode(), origin.encode())
        out.append(orjson.loads(raw))
    return out


def add_samples(
    sim: NcmSimulator, endpoint: str, owner: str, times: list[datetime]
) -> list[dict[str, Any]]:
    """See :meth:`NcmSimulator.add_samples`."""
    store = sim.fleet.store(endpoint)
    generate = _GENERATORS.get(endpoint)
    if not isinstance(store, Series) or generate is None:
        msg = f"{endpoint} is not a time-series endpoint"
        raise ValueError(msg)
    store.rows_of(owner)
    sim.fleet.writes += 1
    rng = sim.fleet.rng("added", endpoint, owner, sim.fleet.writes)
    rows = generate(sim.fleet, owner, rng, sorted(times))
    store.add(owner, rows)
    return _localized((r.data for r in rows), sim.origin)

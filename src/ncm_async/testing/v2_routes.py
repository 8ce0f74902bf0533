"""v2 routing, listing and single-record reads.

Paths: ``/api/v2/<endpoint>/`` and ``/api/v2/<endpoint>/<id>/``. A path without
the trailing slash is answered 301 to the slashed URL ("automatically
redirected, resulting in two calls attributed to your account"). Methods map to
the spec's operations (collection GET/POST, item GET/PUT/PATCH/DELETE); an
operation the docs do not give the endpoint is 405.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import orjson

from ncm_async.testing import v2_writes
from ncm_async.testing.bodies import Response, json_response, method_not_allowed, not_found
from ncm_async.testing.endpoint import Operation, Paging, SimEndpoint
from ncm_async.testing.kinds import id_text, lookup
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls, encode_query
from ncm_async.testing.tables import Row, Series, Table
from ncm_async.testing.v2_docs import V2_DOCS
from ncm_async.testing.v2_query import V2Query, keyset_field, parse
from ncm_async.testing.v2_select import select

if TYPE_CHECKING:
    from ncm_async.testing.asgi import Request
    from ncm_async.testing.fleet import Fleet

PREFIX = "/api/v2/"
_COLLECTION = {"GET": Operation.LIST, "POST": Operation.CREATE}
_ITEM = {
    "GET": Operation.GET,
    "PUT": Operation.UPDATE,
    "PATCH": Operation.PATCH,
    "DELETE": Operation.DELETE,
}
_EXPAND_TABLES = {
    "router": "routers",
    "net_device": "net_devices",
    "account": "accounts",
    "group": "groups",
    "product": "products",
    "app_version": "device_app_versions",
    "app": "device_apps",
}
_URLS = Urls(CANONICAL_ORIGIN)


class V2Routes:
    """Answers v2 requests from a :class:`Fleet` (URLs on the canonical origin)."""

    def __init__(self, fleet: Fleet, *, strict_limit: bool = False):
        self.fleet = fleet
        self.strict_limit = strict_limit
        self._cache: OrderedDict[tuple[Any, ...], list[Row]] = OrderedDict()

    def route(self, request: Request) -> tuple[SimEndpoint, Operation, str | None]:
        """Resolve the endpoint, operation and item id of a slashed v2 path.

        Raises:
            ApiError: 404 unknown endpoint, 405 undocumented operation.
        """
        parts = request.path[len(PREFIX) : -1].split("/")
        spec = V2_DOCS.get(parts[0])
        if spec is None or len(parts) > 2 or not all(parts):
            raise not_found(_URLS.origin + request.path)
        item = parts[1] if len(parts) == 2 else None
        method = (_ITEM if item is not None else _COLLECTION).get(request.method)
        if method is None or not spec.allows(method):
            raise method_not_allowed(_URLS.origin + request.path, request.method)
        return spec, method, item

    def named_devices(
        self, spec: SimEndpoint, method: Operation, item: str | None, request: Request
    ) -> list[tuple[str, str]]:
        """``(field, id)`` pairs a request names, for permanent per-device faults."""
        named: list[tuple[str, str]] = []
        if item is not None:
            named.append(("id", item))
        for name, value in request.query:
            field, _, op = name.partition("__")
            if op in ("", "in"):
                named += [(field, v) for v in value.split(",") if v]
        if method is Operation.CREATE and spec.name == "reboot_activity":
            named += _body_refs(request.body)
        return named

    def handle(
        self, spec: SimEndpoint, method: Operation, item: str | None, request: Request
    ) -> Response:
        """Serve one routed request."""
        if method is Operation.LIST:
            return self.listing(spec, request)
        if method is Operation.GET and item is not None:
            return self.get(spec, item, request)
        return v2_writes.handle(self.fleet, spec, method, item, request)

    def listing(self, spec: SimEndpoint, request: Request) -> Response:
        """A collection page with the endpoint's documented ``meta`` shape."""
        query = parse(spec, request.query, strict_limit=self.strict_limit)
        store = self.fleet.store(spec.name)
        meta: dict[str, Any]
        if spec.paging is Paging.OFFSET:
            rows = self.all_rows(spec, store, query)
            page = rows[query.offset : query.offset + query.limit]
            meta = {"limit": query.limit, "next": None, "offset": query.offset, "previous": None}
            if query.offset + query.limit < len(rows):
                meta["next"] = _offset_link(spec, query, query.offset + query.limit)
            if query.offset > 0:
                meta["previous"] = _offset_link(spec, query, max(0, query.offset - query.limit))
            if spec.name == "router_logs":
                meta = {"count": len(page), **meta}
        else:
            rows = select(spec, store, query, query.limit + 1)
            page = rows[: query.limit]
            meta = {"limit": query.limit, "next": None}
            if len(rows) > query.limit:
                meta["next"] = _keyset_link(spec, query, page[-1])
        return json_response(200, self.render(page, meta, query))

    def get(self, spec: SimEndpoint, item: str, request: Request) -> Response:
        """A bare record (``?fields=`` applies)."""
        query = parse_fields(request)
        row = self.fleet.table(spec.name).get(item)
        if row is None:
            raise not_found(_URLS.origin + request.path)
        if query is None:
            return json_response(200, row.json())
        return json_response(200, project(row.data, query))

    def all_rows(self, spec: SimEndpoint, store: Table | Series, query: V2Query) -> list[Row]:
        """Every matching row, cached per (query, store version) for offset paging."""
        key = (spec.name, query.filters, query.order, store.version)
        found = self._cache.get(key)
        if found is None:
            found = select(spec, store, query, None)
            self._cache[key] = found
            if len(self._cache) > 64:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return found

    def render(self, page: list[Row], meta: dict[str, Any], query: V2Query) -> bytes:
        """``{"data": [...], "meta": {...}}``, joining cached record encodings."""
        if query.fields is None and not query.expand:
            data = b",".join(r.json() for r in page)
        else:
            data = b",".join(orjson.dumps(self.shape(r.data, query)) for r in page)
        return b'{"data":[' + data + b'],"meta":' + orjson.dumps(meta) + b"}"

    def shape(self, record: dict[str, Any], query: V2Query) -> dict[str, Any]:
        """Apply ``expand`` then ``fields`` to one record."""
        if query.expand:
            record = dict(record)
            for field in query.expand:
                table = _EXPAND_TABLES.get(field)
                ref = id_text(record.get(field))
                if table is not None and ref is not None:
                    row = self.fleet.table(table).get(ref)
                    record[field] = row.data if row is not None else record[field]
        return project(record, query.fields)


def parse_fields(request: Request) -> tuple[str, ...] | None:
    """The ``fields=`` projection of a request, if any."""
    value = dict(request.query).get("fields")
    return None if value is None else tuple(f for f in value.split(",") if f)


def project(record: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    """Keep only ``fields`` (unknown names are ignored); None keeps everything."""
    if fields is None:
        return record
    return {k: record[k] for k in fields if k in record}


def _offset_link(spec: SimEndpoint, query: V2Query, offset: int) -> str:
    params = [(k, v) for k, v in dict(query.params).items() if k not in ("limit", "offset")]
    params += [("limit", str(query.limit)), ("offset", str(offset))]
    return f"{_URLS.v2(spec.name)}?{encode_query(params)}"


def _keyset_link(spec: SimEndpoint, query: V2Query, last: Row) -> str:
    field = keyset_field(spec) or spec.id_field
    param = f"{field}__lt"
    params = [(k, v) for k, v in dict(query.params).items() if k != param]
    params.append((param, str(lookup(last.data, last.hidden, field))))
    return f"{_URLS.v2(spec.name)}?{encode_query(params)}"


def _body_refs(body: bytes) -> list[tuple[str, str]]:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return []
    if not isinstance(payload, dict):
        return []
    return [(k, str(id_text(v))) for k, v in payload.items() if k in ("router", "group")]

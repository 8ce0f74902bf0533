"""v3 (JSON:API) requests: media types, routing, cursor pages and writes.

Media types (v3-and-limits: "Both Content-Type and Accept must be
application/vnd.api+json"; the docs: "when calling any NetCloud Manager API v3
endpoints, you must provide a Content-Type"): every v3 request must send
``Accept`` naming ``application/vnd.api+json`` (else 406) and ``Content-Type:
application/vnd.api+json`` (else 415), GETs included; regrade POSTs use the
atomic extension media type. ``/beta/...`` paths ending in a slash are 404;
other v3 paths tolerate one. Real conflicts (duplicate email, type or id
mismatch) are 409 *with* a JSON:API ``errors`` array.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from ncm_async._endpoints.spec import EndpointSpec, Method
from ncm_async.testing import v3_query, v3_regrades
from ncm_async.testing.bodies import JSONAPI, Response, empty, json_response, jsonapi_error
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls, encode_query
from ncm_async.testing.tables import Row, Table
from ncm_async.testing.v3_data import RESOURCE_TYPES, V3_ENDPOINTS, fleet_v3_table

if TYPE_CHECKING:
    from ncm_async.testing.asgi import Request
    from ncm_async.testing.fleet import Fleet

PREFIX = "/api/v3/"
ROOT_PATHS = ("/beta/exchange_resources",)
ATOMIC = 'application/vnd.api+json;ext="https://jsonapi.org/ext/atomic"'
_URLS = Urls(CANONICAL_ORIGIN)
_COLLECTION = {"GET": Method.LIST, "POST": Method.CREATE}
_ITEM = {"GET": Method.GET, "PUT": Method.UPDATE, "PATCH": Method.PATCH, "DELETE": Method.DELETE}


def is_v3(path: str) -> bool:
    """Whether a path belongs to the v3 API (``/api/v3/...`` or a host-root beta path)."""
    return path.startswith(PREFIX) or path == PREFIX[:-1] or path.startswith(ROOT_PATHS)


def route(request: Request) -> tuple[EndpointSpec, Method, str | None]:
    """Resolve a v3 path to (spec, operation, item id).

    Raises:
        ApiError: 404 unknown path or slashed beta path, 405 undocumented method.
    """
    path = request.path
    rest = path[len(PREFIX) :] if path.startswith(PREFIX) else path.lstrip("/")
    if rest.endswith("/"):
        if rest.startswith("beta/"):
            raise jsonapi_error(404, f"{path} not found")
        rest = rest.rstrip("/")
    spec, item = _match(rest, root=not path.startswith(PREFIX))
    table = _COLLECTION if item is None else _ITEM
    method = table.get(request.method)
    if method is None or not spec.allows(method):
        raise jsonapi_error(405, f"{request.method} is not allowed on {path}")
    return spec, method, item


def _match(rest: str, *, root: bool) -> tuple[EndpointSpec, str | None]:
    for spec_path in sorted(V3_ENDPOINTS, key=len, reverse=True):
        spec = V3_ENDPOINTS[spec_path]
        if spec.root is not root:
            continue
        if rest == spec_path:
            return spec, None
        tail = rest.removeprefix(spec_path + "/")
        if tail != rest and tail and "/" not in tail:
            return spec, tail
    raise jsonapi_error(404, f"/{rest} not found")


def check_media_types(spec: EndpointSpec, method: Method, request: Request) -> None:
    """406 without an acceptable ``Accept``; 415 without the right ``Content-Type``."""
    atomic = spec.name == "regrades" and method is Method.CREATE
    if "application/vnd.api+json" not in (request.header("accept") or ""):
        raise jsonapi_error(406, "Accept must be application/vnd.api+json")
    content_type = (request.header("content-type") or "").replace(" ", "")
    wanted = ATOMIC if atomic else "application/vnd.api+json"
    if content_type.lower() != wanted.lower():
        raise jsonapi_error(415, f"Content-Type must be {wanted}")


class V3Routes:
    """Answers v3 requests from the fleet's v3 tables."""

    def __init__(self, fleet: Fleet):
        self.fleet = fleet

    def table(self, spec: EndpointSpec) -> Table:
        """The endpoint's records."""
        return fleet_v3_table(self.fleet, spec.path)

    def handle(
        self, spec: EndpointSpec, method: Method, item: str | None, request: Request
    ) -> Response:
        """Serve one routed, authorized request."""
        check_media_types(spec, method, request)
        if method is Method.LIST:
            return self.listing(spec, request)
        if spec.name == "regrades":
            return v3_regrades.create(self.fleet, self.table(spec), _body(request))
        if method is Method.CREATE:
            return self.create(spec, _body(request))
        row = self.table(spec).get(str(item))
        if row is None:
            raise jsonapi_error(404, f"{spec.resource_type} {item} not found")
        if method is Method.GET:
            return _document(200, resource(spec, row.data))
        if method is Method.DELETE:
            self.table(spec).remove(str(item))
            return empty(204)
        return self.update(spec, row, _body(request))

    def listing(self, spec: EndpointSpec, request: Request) -> Response:
        """A cursor page: ``{"data": [...], "links": {"self", "next", "prev"}}``."""
        records = [r.data for r in self.table(spec).ordered()]
        sortable = frozenset({"id", *(k for r in records[:1] for k in r["attributes"])})
        query = v3_query.parse(spec, request.query, sortable)
        records = [r for r in records if all(v3_query.matches(r, f) for f in query.filters)]
        records = v3_query.ordered(records, query.sort)
        keys = [v3_query.sort_key(r, query.sort) for r in records]
        start, stop = 0, len(records)
        if query.after is not None:
            start = next(
                (i for i, k in enumerate(keys) if v3_query.compare(k, query.after, query.sort) > 0),
                stop,
            )
        if query.before is not None:
            stop = next(
                (
                    i
                    for i, k in enumerate(keys)
                    if v3_query.compare(k, query.before, query.sort) >= 0
                ),
                stop,
            )
            start = max(start, stop - query.size)
        page = records[start : min(stop, start + query.size)]
        end = start + len(page)
        links: dict[str, str | None] = {"self": _link(spec, query.params, None)}
        links["next"] = (
            _link(spec, query.params, ("page[after]", keys[end - 1]))
            if end < len(records) and page
            else None
        )
        links["prev"] = (
            _link(spec, query.params, ("page[before]", keys[start])) if start > 0 and page else None
        )
        data = [_sparse(resource(spec, r), query.fields) for r in page]
        return _document(200, None, {"data": data, "links": links})

    def create(self, spec: EndpointSpec, body: dict[str, Any]) -> Response:
        """POST: 201 with the new resource."""
        data = _resource_body(spec, body, None)
        attributes = dict(data.get("attributes") or {})
        if spec.name == "users":
            email = attributes.get("email")
            if not email or not attributes.get("first_name") or not attributes.get("last_name"):
                raise jsonapi_error(
                    400, "email, first_name and last_name are required", pointer="/data/attributes"
                )
            taken = any(
                r.data["attributes"].get("email") == email for r in self.table(spec).ordered()
            )
            if taken:
                raise jsonapi_error(
                    409,
                    f"a user with email {email} already exists",
                    pointer="/data/attributes/email",
                )
            attributes = {
                "is_active": True,
                "last_login": None,
                "pending_email": None,
                **attributes,
            }
        elif not attributes.get("name"):
            raise jsonapi_error(400, "name is required", pointer="/data/attributes/name")
        self.fleet.writes += 1
        rid = f"{self.fleet.rng('v3-create', self.fleet.writes).getrandbits(128):032x}"
        rtype = data["type"] if spec.name == "exchange_resources" else str(spec.resource_type)
        record = {
            "id": rid,
            "type": rtype,
            "attributes": attributes,
            "relationships": data.get("relationships") or {},
        }
        self.table(spec).put(Row(record, rid))
        return _document(201, resource(spec, record))

    def update(self, spec: EndpointSpec, row: Row, body: dict[str, Any]) -> Response:
        """PUT/PATCH: 200 with the updated resource."""
        data = _resource_body(spec, body, row)
        row.data["attributes"].update(data.get("attributes") or {})
        if data.get("relationships"):
            row.data["relationships"].update(data["relationships"])
        row.changed()
        self.table(spec).touch()
        return _document(200, resource(spec, row.data))


def resource(spec: EndpointSpec, record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as a JSON:API resource object with ``links.self``."""
    return {**record, "links": {"self": _URLS.v3(spec.path, record["id"], root=spec.root)}}


def _sparse(res: dict[str, Any], fields: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    wanted = fields.get(res["type"])
    if wanted is None:
        return res
    attributes = {k: v for k, v in res["attributes"].items() if k in wanted}
    relationships = {k: v for k, v in res["relationships"].items() if k in wanted}
    return {**res, "attributes": attributes, "relationships": relationships}


def _link(
    spec: EndpointSpec, params: tuple[tuple[str, str], ...], cursor: tuple[str, list[Any]] | None
) -> str:
    kept = [(k, v) for k, v in params if k not in ("page[after]", "page[before]")]
    if cursor is not None:
        kept.append((cursor[0], v3_query.encode_cursor(cursor[1])))
    base = _URLS.v3(spec.path, root=spec.root)
    return f"{base}?{encode_query(kept)}" if kept else base


def _document(status: int, data: Any, document: dict[str, Any] | None = None) -> Response:
    return json_response(status, document if document is not None else {"data": data}, JSONAPI)


def _body(request: Request) -> dict[str, Any]:
    try:
        payload = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise jsonapi_error(400, "request body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise jsonapi_error(400, "request body must be a JSON object", pointer="")
    return payload


def _resource_body(spec: EndpointSpec, body: dict[str, Any], row: Row | None) -> dict[str, Any]:
    """The ``data`` member of a write, checked like a JSON:API server does (409 on mismatch)."""
    data = body.get("data")
    if not isinstance(data, dict):
        raise jsonapi_error(400, "a data object is required", pointer="/data")
    allowed = RESOURCE_TYPES if spec.name == "exchange_resources" else (spec.resource_type,)
    if data.get("type") not in allowed:
        raise jsonapi_error(
            409, f"type must be one of {', '.join(str(a) for a in allowed)}", pointer="/data/type"
        )
    if row is not None and data.get("id") not in (None, row.data["id"]):
        raise jsonapi_error(409, "id does not match the URL", pointer="/data/id")
    if row is None and "id" in data:
        raise jsonapi_error(403, "client-generated ids are not supported", pointer="/data/id")
    if not isinstance(data.get("attributes", {}), dict):
        raise jsonapi_error(400, "attributes must be an object", pointer="/data/attributes")
    return data

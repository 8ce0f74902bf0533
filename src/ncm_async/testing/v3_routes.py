"""v3 (JSON:API) requests: media types, routing and cursor pages.

Every path of the vendored v3 table (:mod:`.v3_table`) is served. Media types
(v3-and-limits: "Both Content-Type and Accept must be application/vnd.api+json";
the docs: "when calling any NetCloud Manager API v3 endpoints, you must provide
a Content-Type"): every v3 request must send ``Accept`` naming
``application/vnd.api+json`` (else 406) and the operation's ``Content-Type``
(else 415), GETs included: JSON:API, the atomic extension for regrades,
``application/json`` for modem_upgrades writes (whose ``Accept`` may be plain
JSON too, as the vendor client sends), ``multipart/form-data`` for the eSIM
activation upload. ``/beta/...`` paths ending in a slash are 404; other v3
paths tolerate one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ncm_async.testing import v3_query, v3_regrades, v3_writes
from ncm_async.testing.bodies import JSONAPI as JSONAPI_BYTES
from ncm_async.testing.bodies import Response, empty, json_response, jsonapi_error
from ncm_async.testing.links import CANONICAL_ORIGIN, Urls, encode_query
from ncm_async.testing.tables import Table
from ncm_async.testing.v3_data import fleet_v3_table
from ncm_async.testing.v3_table import JSONAPI, V3_PATHS, V3Path, operation_of

if TYPE_CHECKING:
    from ncm_async.testing.asgi import Request
    from ncm_async.testing.fleet import Fleet

PREFIX = "/api/v3/"
ROOT_PATHS = tuple(f"/{p.path}" for p in V3_PATHS.values() if p.root)
_URLS = Urls(CANONICAL_ORIGIN)
_BY_LENGTH = sorted(V3_PATHS.values(), key=lambda p: len(p.path), reverse=True)


def is_v3(path: str) -> bool:
    """Whether a path belongs to the v3 API (``/api/v3/...`` or a host-root beta path)."""
    return path.startswith(PREFIX) or path == PREFIX[:-1] or path.startswith(ROOT_PATHS)


def route(request: Request) -> tuple[V3Path, str, str | None]:
    """Resolve a v3 path to (endpoint, operation, item id).

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
    operation = operation_of(request.method, item=item is not None)
    if operation is None or not spec.allows(operation):
        raise jsonapi_error(405, f"{request.method} is not allowed on {path}")
    return spec, operation, item


def _match(rest: str, *, root: bool) -> tuple[V3Path, str | None]:
    for spec in _BY_LENGTH:
        if spec.root is not root:
            continue
        if rest == spec.path:
            return spec, None
        tail = rest.removeprefix(spec.path + "/")
        if tail != rest and tail and "/" not in tail:
            return spec, tail
    raise jsonapi_error(404, f"/{rest} not found")


def check_media_types(spec: V3Path, operation: str, request: Request) -> None:
    """406 without an acceptable ``Accept``; 415 without the right ``Content-Type``."""
    wanted = spec.media_type(operation)
    accept = request.header("accept") or ""
    if JSONAPI not in accept and not (wanted == "application/json" and wanted in accept):
        raise jsonapi_error(406, "Accept must be application/vnd.api+json")
    content_type = (request.header("content-type") or "").replace(" ", "")
    if wanted == "multipart/form-data":
        if not content_type.lower().startswith("multipart/form-data;boundary="):
            raise jsonapi_error(415, "Content-Type must be multipart/form-data with a boundary")
    elif content_type.lower() != wanted.lower():
        raise jsonapi_error(415, f"Content-Type must be {wanted}")


class V3Routes:
    """Answers v3 requests from the fleet's v3 tables."""

    def __init__(self, fleet: Fleet):
        self.fleet = fleet

    def table(self, spec: V3Path) -> Table:
        """The endpoint's records."""
        return fleet_v3_table(self.fleet, spec.path)

    def handle(self, spec: V3Path, operation: str, item: str | None, request: Request) -> Response:
        """Serve one routed, authorized request."""
        check_media_types(spec, operation, request)
        if operation == "list":
            return self.listing(spec, request)
        table = self.table(spec)
        if operation == "create":
            shape = spec.write_shape(operation)
            if shape == "atomic":
                return v3_regrades.create(self.fleet, table, v3_writes.json_body(request))
            if shape == "multipart":
                record = v3_writes.upload(self.fleet, spec, table, request)
            else:
                record = v3_writes.create(self.fleet, spec, table, v3_writes.json_body(request))
            return _document(spec.success(operation), resource(spec, record))
        row = table.get(str(item))
        if row is None:
            raise jsonapi_error(404, f"{spec.path} {item} not found")
        if operation == "get":
            return _document(200, resource(spec, row.data))
        if operation == "delete":
            table.remove(str(item))
            return empty(spec.success(operation))
        body = v3_writes.json_body(request)
        v3_writes.update(self.fleet, spec, table, row, body, operation=operation)
        return _document(spec.success(operation), resource(spec, row.data))

    def listing(self, spec: V3Path, request: Request) -> Response:
        """A cursor page: ``{"data": [...], "links": {"self", "next", "prev"}}``."""
        records = [r.data for r in self.table(spec).ordered()]
        query = v3_query.parse(spec, request.query, sortable(records))
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


def sortable(records: list[dict[str, Any]]) -> frozenset[str]:
    """Fields ``sort`` may name: id and the attributes of the records."""
    return frozenset({"id", *(k for r in records[:1] for k in r["attributes"])})


def resource(spec: V3Path, record: dict[str, Any]) -> dict[str, Any]:
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
    spec: V3Path, params: tuple[tuple[str, str], ...], cursor: tuple[str, list[Any]] | None
) -> str:
    kept = [(k, v) for k, v in params if k not in ("page[after]", "page[before]")]
    if cursor is not None:
        kept.append((cursor[0], v3_query.encode_cursor(cursor[1])))
    base = _URLS.v3(spec.path, root=spec.root)
    return f"{base}?{encode_query(kept)}" if kept else base


def _document(status: int, data: Any, document: dict[str, Any] | None = None) -> Response:
    return json_response(
        status, document if document is not None else {"data": data}, JSONAPI_BYTES
    )

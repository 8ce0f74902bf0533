"""Resource objects: an endpoint's description turned into methods.

One mixin per operation (``Listable``, ``Gettable``, ...); an endpoint object is
an instance of the mixins its catalog kind names (:mod:`.build`), holding its
spec and model. All behaviour lives in these mixins; an endpoint adds none.
"""

from __future__ import annotations

import builtins
import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar, overload

import httpx

from ncm_async import _query as query
from ncm_async._endpoints.relations import RELATIONS
from ncm_async._endpoints.spec import EndpointSpec, Method
from ncm_async._list_query import ListQuery
from ncm_async._page_rules import records_of
from ncm_async._paginator import Paginator
from ncm_async._request import ApiRequest, ApiResponse, MultipartForm
from ncm_async._resources.context import ApiContext
from ncm_async.converter import structure, structure_many
from ncm_async.errors import ConfigurationError, NotFoundError, ResponseValidationError

M = TypeVar("M")


class Endpoint(Generic[M]):
    """Base of every resource: its spec, its model and the shared request helpers."""

    model: type[M]

    def __init__(self, ctx: ApiContext, spec: EndpointSpec) -> None:
        self._ctx = ctx
        self.spec = spec
        self.model = self._model_of(spec)

    @staticmethod
    def _model_of(spec: EndpointSpec) -> Any:
        """The class records are structured into (v3 wraps the attributes model)."""
        return spec.model

    def __repr__(self) -> str:
        return f"<{self._ctx.api}.{self.spec.name} endpoint>"

    @property
    def url(self) -> str:
        """The collection URL (v2 with its mandatory trailing slash)."""
        base = self._ctx.root_url if self.spec.root else self._ctx.base_url
        path = self.spec.path
        return base + (query.with_slash(path) if self._ctx.api == "v2" else path.strip("/"))

    def item_url(self, record_id: object) -> str:
        """The URL of one record."""
        rid = query.id_of(record_id, name=self.spec.id_field)
        if self._ctx.api == "v2":
            return f"{self.url}{rid}/"
        return f"{self.url}/{rid}"

    async def _send(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content_type: str | None = None,
        form: MultipartForm | None = None,
    ) -> ApiResponse:
        request = ApiRequest(
            method=method,
            url=url,
            api=self._ctx.api,
            json=json,
            content_type=content_type,
            form=form,
        )
        return await self._ctx.transport.send(request)

    def _one(self, body: Any, where: str = "") -> M | None:
        if body is None:
            return None
        if not isinstance(body, Mapping):
            msg = f"{where or self.spec.name}: expected a record object, got {type(body).__name__}"
            raise ResponseValidationError(msg)
        return structure(body, self.model)

    def _write_body(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        if not fields:
            msg = f"{self.spec.name}: nothing to send (give the fields as keyword arguments)"
            raise ConfigurationError(msg)
        return {k: self._link(k, v) for k, v in fields.items()}

    def _link(self, field: str, value: Any) -> Any:
        """An id given for a reference field becomes the record's URL (the docs send URLs)."""
        table = RELATIONS[self._ctx.api].get(field)
        if table is None or value is None or isinstance(value, bool):
            return value
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            return f"{self._ctx.base_url}{table}/{query.id_of(value, name=field)}/"
        return value


class Listable(Endpoint[M]):
    """``list()``: every record matching the filters, as a lazy paginator."""

    @overload
    def list(
        self,
        *,
        fields: Sequence[str] | None = None,
        expand: Sequence[str] | None = None,
        order_by: str | None = None,
        limit: int | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: Literal[False] = False,
        **filters: object,
    ) -> Paginator[M]: ...

    @overload
    def list(
        self,
        *,
        fields: Sequence[str] | None = None,
        expand: Sequence[str] | None = None,
        order_by: str | None = None,
        limit: int | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: Literal[True],
        **filters: object,
    ) -> Paginator[dict[str, Any]]: ...

    def list(
        self,
        *,
        fields: Sequence[str] | None = None,
        expand: Sequence[str] | None = None,
        order_by: str | None = None,
        limit: int | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: bool = False,
        **filters: object,
    ) -> Paginator[M] | Paginator[dict[str, Any]]:
        """List records, newest first on time-series endpoints.

        Args:
            fields: Return only these fields (``fields=a,b``).
            expand: Related fields to expand inline (v2).
            order_by: Server-side ordering, where supported.
            limit: Page size (default: the largest the API accepts, for fewest requests).
            extra_params: Undocumented query parameters, sent as given (the escape hatch).
            raw: Yield the API's own dicts, unconverted (fastest; values exactly as sent).
            **filters: Documented filters, e.g. ``state="online"``,
                ``router__in=[1, 2]``, ``created_at__gt=datetime(..., tzinfo=UTC)``.

        Raises:
            ConfigurationError: Unknown filter or operator, a missing required
                filter or a bad value, before anything is sent.
        """
        spec = self.spec
        filters = {k: v for k, v in filters.items() if v is not None}
        query.validate_filters(spec, filters)
        size = self._page_size(limit)
        base_params = self._params(fields, expand, order_by, size, extra_params)
        urls = [
            f"{self.url}?{query.encode_query(params + base_params)}"
            for params in self._filter_chunks(filters)
        ]
        listing = ListQuery(spec, tuple(urls), size, self._ctx.base_url)
        if raw:
            return Paginator(listing, fetch=self._fetch_page, parse=as_dicts)
        return Paginator(listing, fetch=self._fetch_page, parse=self._parse_many)

    async def _fetch_page(self, url: str) -> Any:
        return (await self._send("GET", url)).body

    def _parse_many(self, records: Sequence[Mapping[str, Any]]) -> builtins.list[M]:
        return structure_many(records, self.model)

    def _page_size(self, limit: int | None) -> int:
        if limit is None:
            return self.spec.max_limit
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            msg = f"{self.spec.name}: limit must be a positive whole number, got {limit!r}"
            raise ConfigurationError(msg)
        if limit > self.spec.max_limit:
            msg = f"{self.spec.name}: limit {limit} exceeds the API maximum {self.spec.max_limit}"
            raise ConfigurationError(msg)
        return limit

    def _params(
        self,
        fields: Sequence[str] | None,
        expand: Sequence[str] | None,
        order_by: str | None,
        size: int,
        extra: Mapping[str, object] | None,
    ) -> builtins.list[tuple[str, str]]:
        params: builtins.list[tuple[str, str]] = []
        if fields:
            params.append(("fields", _names(fields, "fields")))
        if expand:
            params.append(("expand", _names(expand, "expand")))
        if order_by:
            params.append(("order_by", order_by))
        params.append(("limit", str(size)))
        for key, value in (extra or {}).items():
            params.append((key, query.format_value(value, name=key)))
        return params

    def _filter_chunks(
        self, filters: Mapping[str, object]
    ) -> builtins.list[builtins.list[tuple[str, str]]]:
        """Filter params per request: oversized ``__in`` filters split into chunks."""
        plain: builtins.list[tuple[str, str]] = []
        split: builtins.list[builtins.list[tuple[str, str]]] = []
        limit = self.spec.in_limit
        for key, value in filters.items():
            if key.endswith("__in"):
                values = query.in_values(value, name=key)
                if not values:
                    msg = f"{self.spec.name}: {key} needs at least one value"
                    raise ConfigurationError(msg)
                if limit is not None and len(values) > limit:
                    split.append([(key, ",".join(c)) for c in query.chunked(values, limit)])
                    continue
                plain.append((key, ",".join(values)))
            else:
                plain.append((key, query.format_value(value, name=key)))
        if not split:
            return [plain]
        return [plain + builtins.list(combo) for combo in itertools.product(*split)]


def as_dicts(records: Sequence[Mapping[str, Any]]) -> builtins.list[dict[str, Any]]:
    """Raw mode's parse step: the records exactly as the server sent them (the page's
    own list when it is a list of dicts, as parsed JSON is: no copy per page)."""
    if type(records) is list and all(type(r) is dict for r in records):
        return records
    return [r if isinstance(r, dict) else dict(r) for r in records]


def _names(values: Sequence[str], what: str) -> str:
    if isinstance(values, str):
        values = [v for v in values.split(",") if v]
    if not all(isinstance(v, str) and v for v in values):
        msg = f"{what} must be field names, got {values!r}"
        raise ConfigurationError(msg)
    return ",".join(values)


class Gettable(Endpoint[M]):
    """``get(id)``: one record."""

    async def get(self, record_id: object, *, fields: Sequence[str] | None = None) -> M:
        """Fetch one record by id (an int, id string or its resource URL).

        Raises:
            NotFoundError: No such record.
        """
        spec = self.spec
        params = [("fields", _names(fields, "fields"))] if fields else []
        if spec.id_field != "id":
            rid = query.id_of(record_id, name=spec.id_field)
            params = [(spec.id_field, rid), *params]
            url = f"{self.url}?{query.encode_query(params)}"
            body = (await self._send("GET", url)).body
            records, _ = records_of(body, url)
            if not records:
                msg = f"GET {url}: no {spec.name} record with {spec.id_field}={rid}"
                raise NotFoundError(msg, response=_not_found(url))
            return structure(records[0], self.model)
        url = self.item_url(record_id)
        if params:
            url = f"{url}?{query.encode_query(params)}"
        body = (await self._send("GET", url)).body
        one = self._one(body, f"GET {url}")
        if one is None:
            msg = f"GET {url}: empty body where a record was expected"
            raise NotFoundError(msg, response=_not_found(url))
        return one


def _not_found(url: str) -> httpx.Response:
    """The 404 a lookup by filter amounts to when the server answered with no record."""
    return httpx.Response(404, request=httpx.Request("GET", url))


class Creatable(Endpoint[M]):
    """``create(**fields)``: POST a new record."""

    async def create(self, **fields: Any) -> M | None:
        """Create a record; returns it as the server echoes it (None for an empty body)."""
        response = await self._send("POST", self.url, json=self._write_body(fields))
        return self._one(response.body)


class Updatable(Endpoint[M]):
    """``update(id, **fields)``: PUT the given fields."""

    async def update(self, record_id: object, **fields: Any) -> M | None:
        """Replace the given fields of one record (PUT lists only the changing attributes)."""
        url = self.item_url(record_id)
        response = await self._send("PUT", url, json=self._write_body(fields))
        return self._one(response.body)


class Patchable(Endpoint[M]):
    """``patch(id, **fields)``: PATCH where the docs give it."""

    async def patch(self, record_id: object, **fields: Any) -> M | None:
        """Partially update one record; None when the server answers with an empty body."""
        url = self.item_url(record_id)
        response = await self._send("PATCH", url, json=self._write_body(fields))
        return self._one(response.body)


class Deletable(Endpoint[M]):
    """``delete(id)``: remove a record (not reversible, say the docs)."""

    async def delete(self, record_id: object) -> None:
        """Delete one record. Returns None (the API answers 204 No Content)."""
        await self._send("DELETE", self.item_url(record_id))


MIXINS: Mapping[Method, type[Endpoint[Any]]] = {
    Method.LIST: Listable,
    Method.GET: Gettable,
    Method.CREATE: Creatable,
    Method.UPDATE: Updatable,
    Method.PATCH: Patchable,
    Method.DELETE: Deletable,
}
"""Which mixin implements each documented operation."""

"""v3 resource mixins: the v2 ``Endpoint`` base speaking JSON:API.

A v3 endpoint object is an instance of the mixins its catalog kind names
(``V3Listable``, ``V3Gettable``, ...), holding its spec and attributes model.
URLs, the transport and id handling come from the shared
:class:`~ncm_async._resources.base.Endpoint`; what differs from v2 is the query
(:mod:`.params`), the documents (:mod:`.documents`) and the media type: every
v3 body is sent as ``application/vnd.api+json`` (the transport's default for a
body is plain JSON, which v3 answers with 415).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar, cast, overload

from ncm_async import _query as query
from ncm_async._auth import JSON, JSON_API
from ncm_async._endpoints.spec import EndpointSpec, Method
from ncm_async._endpoints.v3 import POLYMORPHIC_TYPES
from ncm_async._list_query import ListQuery
from ncm_async._paginator import Paginator
from ncm_async._resources.base import Endpoint, as_dicts
from ncm_async._resources.context import ApiContext
from ncm_async._resources.v3 import documents, params
from ncm_async.converter import structure_resource, structure_resources
from ncm_async.errors import ConfigurationError
from ncm_async.models.base import Record
from ncm_async.models.v3 import V3Resource

A = TypeVar("A", bound=Record)
Attributes = Mapping[str, Any] | Record | None

__all__ = ["Attributes", "V3Deletable", "V3Endpoint", "V3Gettable", "V3Listable"]


class V3Endpoint(Endpoint[V3Resource[A]]):
    """Base of every v3 resource: records are ``V3Resource[attributes]``.

    Attributes:
        attributes: The attributes model of the endpoint's records (``spec.model``).
        content_type: Media type of request bodies (JSON:API, or plain JSON where
            the spec says so: modem_upgrades).
    """

    attributes: type[A]

    def __init__(self, ctx: ApiContext, spec: EndpointSpec) -> None:
        super().__init__(ctx, spec)
        self.attributes = cast(Any, spec.model or Record)
        self.content_type = JSON if spec.plain_json else JSON_API

    @staticmethod
    def _model_of(spec: EndpointSpec) -> Any:
        return cast(Any, V3Resource)[spec.model or Record]

    @property
    def resource_types(self) -> tuple[str, ...]:
        """The JSON:API types of the endpoint's records (several for polymorphic ones)."""
        spec = self.spec
        found = POLYMORPHIC_TYPES.get(spec.name)
        if found is not None:
            return found
        return (spec.resource_type,) if spec.resource_type else ()

    def _type_for(self, given: str | None, record: object = None) -> str:
        """The ``type`` of a write: given, the record's own, or the endpoint's only one."""
        types = self.resource_types
        if given is None and isinstance(record, V3Resource) and record.type:
            given = record.type
        if given is None:
            if len(types) == 1:
                return types[0]
            msg = f"{self.spec.name}: pass resource_type=, one of {', '.join(types) or '?'}"
            raise ConfigurationError(msg)
        if types and given not in types:
            msg = f"{self.spec.name}: resource_type {given!r} is not one of {', '.join(types)}"
            raise ConfigurationError(msg)
        return given

    def _resource(self, body: Any, where: str) -> V3Resource[A] | None:
        if body is None:
            return None
        return structure_resource(documents.resource_data(body, where), self.attributes)

    def _resources(self, records: Sequence[Mapping[str, Any]]) -> builtins.list[V3Resource[A]]:
        return structure_resources(records, self.attributes)

    async def _write(
        self,
        method: Method,
        url: str,
        attributes: Attributes,
        relationships: Mapping[str, object] | None,
        fields: Mapping[str, Any],
        *,
        resource_type: str | None,
        record: object = None,
    ) -> V3Resource[A] | None:
        rtype = self._type_for(resource_type, record)
        rid = None if record is None else query.id_of(record, name=self.spec.id_field)
        merged = documents.merge_attributes(attributes, fields)
        documents.check_write(self.spec, method, rtype, merged, relationships)
        document = documents.write_document(
            rtype, resource_id=rid, attributes=merged, relationships=relationships
        )
        response = await self._send(method.http, url, json=document, content_type=self.content_type)
        return self._resource(response.body, f"{method.http} {url}")


class V3Listable(V3Endpoint[A]):
    """``list()``: every record matching the filters, cursor-paged."""

    @overload
    def list(
        self,
        *,
        sort: params.SortArg = None,
        fields: params.FieldsArg = None,
        page_size: int = 50,
        search: Mapping[str, object] | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: Literal[False] = False,
        **filters: object,
    ) -> Paginator[V3Resource[A]]: ...

    @overload
    def list(
        self,
        *,
        sort: params.SortArg = None,
        fields: params.FieldsArg = None,
        page_size: int = 50,
        search: Mapping[str, object] | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: Literal[True],
        **filters: object,
    ) -> Paginator[dict[str, Any]]: ...

    def list(
        self,
        *,
        sort: params.SortArg = None,
        fields: params.FieldsArg = None,
        page_size: int = 50,
        search: Mapping[str, object] | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: bool = False,
        **filters: object,
    ) -> Paginator[V3Resource[A]] | Paginator[dict[str, Any]]:
        """List records lazily, following ``links.next`` (only to the configured origin).

        Args:
            sort: ``"-end_time"`` or ``["-end_time", "name"]`` (``-`` is descending).
            fields: Sparse fieldset: attribute names (sent as ``fields[<type>]``),
                or ``{type: names}``.
            page_size: ``page[size]``; default and maximum 50, for fewest requests.
            search: ``{field: text}``, sent as ``search[field]=text``.
            extra_params: Undocumented query parameters, sent as given (the escape hatch).
            raw: Yield the JSON:API resource objects as the API's own dicts, unconverted.
            **filters: Documented filters: ``name="x"`` is ``filter[name]=x``,
                ``end_time__gt=datetime(...)`` is ``filter[end_time][gt]=...``
                (operators gt, gte, lt, lte, ne, not); a list is comma-joined.

        Raises:
            ConfigurationError: Unknown filter, operator or search field, a missing
                required filter, or a bad value or page size, before anything is sent.
        """
        spec = self.spec
        size = params.page_size(spec, page_size)
        given = {k: v for k, v in filters.items() if v is not None}
        built = params.list_params(
            spec,
            filters=given,
            sort=sort,
            fields=fields,
            search=search,
            size=size,
            types=self.resource_types,
            plain=spec.plain_filters,
            extra=extra_params,
        )
        urls = (f"{self.url}?{query.encode_query(built)}",)
        listing = ListQuery(spec, urls, size, self._ctx.base_url)
        if raw:
            return Paginator(listing, fetch=self._fetch_page, parse=as_dicts)
        return Paginator(listing, fetch=self._fetch_page, parse=self._resources)

    async def _fetch_page(self, url: str) -> Any:
        return (await self._send("GET", url)).body


class V3Gettable(V3Endpoint[A]):
    """``get(id)``: one record."""

    async def get(self, record_id: object, *, fields: params.FieldsArg = None) -> V3Resource[A]:
        """Fetch one record by id (a string, or a fetched ``V3Resource``).

        Raises:
            NotFoundError: No such record.
            ResponseValidationError: The answer is not a single-resource document.
        """
        url = self.item_url(record_id)
        if fields:
            pairs = params.fields_params(self.spec, fields, self.resource_types)
            url = f"{url}?{query.encode_query(pairs)}"
        body = (await self._send("GET", url)).body
        return structure_resource(documents.resource_data(body, f"GET {url}"), self.attributes)


class V3Deletable(V3Endpoint[A]):
    """``delete(id)``: remove one record."""

    async def delete(self, record_id: object) -> None:
        """Delete one record; the API answers 204 No Content."""
        await self._send("DELETE", self.item_url(record_id))

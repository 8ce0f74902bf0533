"""Endpoint kinds: which operations an endpoint has, as types mypy and editors read.

A catalog entry is annotated with its kind, parameterised by its model::

    routers: ListGetUpdateDelete[Router] = v2(Paging.OFFSET, filters=...)

From that one line mypy knows that ``ncm.v2.routers.list()`` is a
``Paginator[Router]`` and that ``ncm.v2.routers.create`` does not exist, and the
runtime reads the documented operations (:func:`methods_of`) and the model from
the same annotation, so they are stated once. A kind names its operations in
order (list, get, create, update, patch, delete); a new combination is one more
three-line class here. The resources layer checks statically that its
implementations satisfy these protocols.

Signatures only: nothing here runs, and names from the layers above are imported
for type checking alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, Protocol, TypeVar, overload

from ncm_async._endpoints.spec import EndpointSpec, Method

if TYPE_CHECKING:
    from ncm_async._paginator import Paginator
    from ncm_async._resources.v3.params import FieldsArg, SortArg
    from ncm_async.models.base import Record
    from ncm_async.models.v3 import V3Resource

M = TypeVar("M")
M_co = TypeVar("M_co", covariant=True)
A = TypeVar("A", bound="Record")


# v2 operations ------------------------------------------------------------------------


class Described(Protocol):
    """What every endpoint object shows: its description and collection URL (bulk reads both)."""

    @property
    def spec(self) -> EndpointSpec: ...

    @property
    def url(self) -> str: ...


class Lists(Described, Protocol[M]):
    """``list()``: a lazy paginator over every matching record."""

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


class Gets(Protocol[M_co]):
    """``get(id)``: one record."""

    async def get(self, record_id: object, *, fields: Sequence[str] | None = None) -> M_co: ...


class Creates(Protocol[M_co]):
    """``create(**fields)``: POST a new record."""

    async def create(self, **fields: Any) -> M_co | None: ...


class Updates(Protocol[M_co]):
    """``update(id, **fields)``: PUT."""

    async def update(self, record_id: object, **fields: Any) -> M_co | None: ...


class Patches(Protocol[M_co]):
    """``patch(id, **fields)``: PATCH."""

    async def patch(self, record_id: object, **fields: Any) -> M_co | None: ...


class Deletes(Protocol):
    """``delete(id)``."""

    async def delete(self, record_id: object) -> None: ...


class ListGet(Lists[M], Gets[M], Protocol[M]): ...


class ListGetDelete(Lists[M], Gets[M], Deletes, Protocol[M]): ...


class ListGetCreateDelete(Lists[M], Gets[M], Creates[M], Deletes, Protocol[M]): ...


class ListGetUpdateDelete(Lists[M], Gets[M], Updates[M], Deletes, Protocol[M]): ...


class ListGetUpdatePatch(Lists[M], Gets[M], Updates[M], Patches[M], Protocol[M]): ...


class ListGetCreatePatchDelete(Lists[M], Gets[M], Creates[M], Patches[M], Deletes, Protocol[M]): ...


class ListGetCreateUpdateDelete(
    Lists[M], Gets[M], Creates[M], Updates[M], Deletes, Protocol[M]
): ...


class ListGetCreateUpdatePatchDelete(
    Lists[M], Gets[M], Creates[M], Updates[M], Patches[M], Deletes, Protocol[M]
): ...


class Reboots(Protocol[M_co]):
    """``reboot_activity``: the docs' one POST, as ``reboot(router=...|group=...)``."""

    async def reboot(self, *, router: object = None, group: object = None) -> None: ...


class PushTest(Protocol[M_co]):
    """``test_alert_push_destinations``: the docs' one POST, as ``test(destination_config_id)``."""

    async def test(self, destination_config_id: object) -> None: ...


# v3 operations (JSON:API: records are V3Resource[attributes]) --------------------------


class V3Lists(Described, Protocol[A]):
    """``list()``: cursor-paged, filters as ``filter[...]``."""

    @overload
    def list(
        self,
        *,
        sort: SortArg = None,
        fields: FieldsArg = None,
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
        sort: SortArg = None,
        fields: FieldsArg = None,
        page_size: int = 50,
        search: Mapping[str, object] | None = None,
        extra_params: Mapping[str, object] | None = None,
        raw: Literal[True],
        **filters: object,
    ) -> Paginator[dict[str, Any]]: ...


class V3Gets(Protocol[A]):
    """``get(id)``: one resource object."""

    async def get(self, record_id: object, *, fields: FieldsArg = None) -> V3Resource[A]: ...


class V3Creates(Protocol[A]):
    """``create(attributes=..., relationships=..., **fields)``: POST a resource object."""

    async def create(
        self,
        *,
        attributes: Mapping[str, Any] | Record | None = None,
        relationships: Mapping[str, object] | None = None,
        resource_type: str | None = None,
        **fields: Any,
    ) -> V3Resource[A] | None: ...


class V3Updates(Protocol[A]):
    """``update(id, ...)``: PUT."""

    async def update(
        self,
        record_id: object,
        *,
        attributes: Mapping[str, Any] | Record | None = None,
        relationships: Mapping[str, object] | None = None,
        resource_type: str | None = None,
        **fields: Any,
    ) -> V3Resource[A] | None: ...


class V3Patches(Protocol[A]):
    """``patch(id, ...)``: PATCH."""

    async def patch(
        self,
        record_id: object,
        *,
        attributes: Mapping[str, Any] | Record | None = None,
        relationships: Mapping[str, object] | None = None,
        resource_type: str | None = None,
        **fields: Any,
    ) -> V3Resource[A] | None: ...


class V3Deletes(Protocol):
    """``delete(id)``."""

    async def delete(self, record_id: object) -> None: ...


class V3ListGet(V3Lists[A], V3Gets[A], Protocol[A]): ...


class V3ListGetCreate(V3Lists[A], V3Gets[A], V3Creates[A], Protocol[A]): ...


class V3ListGetUpdate(V3Lists[A], V3Gets[A], V3Updates[A], Protocol[A]): ...


class V3ListGetCreateUpdate(V3Lists[A], V3Gets[A], V3Creates[A], V3Updates[A], Protocol[A]): ...


class V3ListGetCreateUpdateDelete(
    V3Lists[A], V3Gets[A], V3Creates[A], V3Updates[A], V3Deletes, Protocol[A]
): ...


class V3ListGetCreatePatchDelete(
    V3Lists[A], V3Gets[A], V3Creates[A], V3Patches[A], V3Deletes, Protocol[A]
): ...


class V3Regrades(V3Lists[A], V3Gets[A], Protocol[A]):
    """``regrades``: list, get, and the documented POST as ``regrade()`` / ``unlicense()``."""

    async def regrade(
        self,
        mac_addresses: str | Iterable[str],
        *,
        subscription_type: str | None = None,
        action: str = "UPGRADE",
    ) -> list[V3Resource[A]]: ...

    async def unlicense(self, mac_addresses: str | Iterable[str]) -> list[V3Resource[A]]: ...


UploadPayload = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""A file to upload: a path, its bytes, or a binary file object open for reading."""


class V3Uploads(Protocol[A]):
    """``create(operation, payload)``: POST a ``multipart/form-data`` upload."""

    async def create(
        self, operation: str, payload: UploadPayload, *, filename: str | None = None
    ) -> V3Resource[A]: ...


class V3EsimActivations(V3Lists[A], V3Gets[A], V3Uploads[A], V3Updates[A], Protocol[A]):
    """``esim_profile_activations``: list, get, the CSV upload as ``create``, and PUT."""


OPERATIONS: Mapping[type[Any], Method] = {
    Lists: Method.LIST,
    Gets: Method.GET,
    Creates: Method.CREATE,
    Updates: Method.UPDATE,
    Patches: Method.PATCH,
    Deletes: Method.DELETE,
    Reboots: Method.CREATE,
    PushTest: Method.CREATE,
    V3Lists: Method.LIST,
    V3Gets: Method.GET,
    V3Creates: Method.CREATE,
    V3Updates: Method.UPDATE,
    V3Patches: Method.PATCH,
    V3Deletes: Method.DELETE,
    V3Regrades: Method.CREATE,
    V3Uploads: Method.CREATE,
}
"""The documented operation each single-operation protocol stands for."""


def methods_of(kind: type[Any]) -> frozenset[Method]:
    """The documented operations of a kind: those of the protocols it is made of."""
    return frozenset(OPERATIONS[base] for base in kind.__mro__ if base in OPERATIONS)

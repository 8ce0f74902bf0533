"""v3 write mixins: create (POST), update (PUT) and patch (PATCH) one resource object.

Each builds the ``{"data": {"type", "id"?, "attributes", "relationships"}}``
document of JSON:API 1.1 ("Creating" / "Updating Resources") through
:meth:`V3Endpoint._write`; they differ only in method and URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ncm_async._endpoints.spec import Method
from ncm_async._resources.v3.base import A, Attributes, V3Endpoint
from ncm_async.models.v3 import V3Resource

__all__ = ["V3Creatable", "V3Patchable", "V3Updatable"]


class V3Creatable(V3Endpoint[A]):
    """``create(...)``: POST a new resource object."""

    async def create(
        self,
        *,
        attributes: Attributes = None,
        relationships: Mapping[str, object] | None = None,
        resource_type: str | None = None,
        **fields: Any,
    ) -> V3Resource[A] | None:
        """Create a record from attributes (a mapping, a model, or keywords) and relationships.

        Args:
            attributes: Attributes as a mapping or attributes model.
            relationships: ``{name: ref(type, id) | V3Resource | [V3Resource, ...]}``.
            resource_type: The record's JSON:API type; needed only on endpoints
                with several (exchange_resources, remote_connect_profiles, ...).
            **fields: More attributes, e.g. ``email="a@b.c"``.

        Returns:
            The created record as the server echoes it (201), or None on an empty 204.
        """
        return await self._write(
            Method.CREATE, self.url, attributes, relationships, fields, resource_type=resource_type
        )


class V3Updatable(V3Endpoint[A]):
    """``update(id, ...)``: PUT the given attributes of one record."""

    async def update(
        self,
        record_id: object,
        *,
        attributes: Attributes = None,
        relationships: Mapping[str, object] | None = None,
        resource_type: str | None = None,
        **fields: Any,
    ) -> V3Resource[A] | None:
        """Update one record with PUT; the body names its type and id as JSON:API requires.

        ``record_id`` may be a fetched ``V3Resource``, whose type is then used.
        Returns the updated record (200), or None on an empty 204.
        """
        return await self._write(
            Method.UPDATE,
            self.item_url(record_id),
            attributes,
            relationships,
            fields,
            resource_type=resource_type,
            record=record_id,
        )


class V3Patchable(V3Endpoint[A]):
    """``patch(id, ...)``: PATCH where the docs give it (users, private cellular)."""

    async def patch(
        self,
        record_id: object,
        *,
        attributes: Attributes = None,
        relationships: Mapping[str, object] | None = None,
        resource_type: str | None = None,
        **fields: Any,
    ) -> V3Resource[A] | None:
        """Change only the given attributes of one record (JSON:API "Updating Resources").

        Returns the updated record (200), or None on an empty 204.
        """
        return await self._write(
            Method.PATCH,
            self.item_url(record_id),
            attributes,
            relationships,
            fields,
            resource_type=resource_type,
            record=record_id,
        )

"""``ncm.v3``: every v3 endpoint as a typed attribute, built on first use.

``ncm.v3.users``, ``ncm.v3.subscriptions``, ``ncm.v3.regrades``, ... share the
client's transport (one pool, limiter and retry policy).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ncm_async._endpoints.kinds import V3EsimActivations, V3Regrades
from ncm_async._endpoints.spec import Method
from ncm_async._endpoints.v3 import V3_ENDPOINTS, V3Catalog
from ncm_async._resources.namespace import Namespace
from ncm_async._resources.v3.base import V3Deletable, V3Gettable, V3Listable
from ncm_async._resources.v3.regrades import RegradesEndpoint
from ncm_async._resources.v3.uploads import EsimActivationsEndpoint
from ncm_async._resources.v3.writes import V3Creatable, V3Patchable, V3Updatable

__all__ = ["V3_MIXINS", "V3Api"]

V3_MIXINS: Mapping[Method, type[Any]] = {
    Method.LIST: V3Listable,
    Method.GET: V3Gettable,
    Method.CREATE: V3Creatable,
    Method.UPDATE: V3Updatable,
    Method.PATCH: V3Patchable,
    Method.DELETE: V3Deletable,
}
"""Which mixin implements each documented operation."""


class V3Api(Namespace, V3Catalog):
    """Every v3 endpoint as an attribute (``ncm.v3.users``), created on first use."""

    specs = V3_ENDPOINTS
    mixins = V3_MIXINS
    special = MappingProxyType(
        {V3Regrades: RegradesEndpoint, V3EsimActivations: EsimActivationsEndpoint}
    )

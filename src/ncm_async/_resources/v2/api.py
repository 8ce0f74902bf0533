"""``ncm.v2``: every endpoint of the v2 catalog as a typed attribute, built on first use."""

from __future__ import annotations

from types import MappingProxyType

from ncm_async._endpoints.kinds import PushTest, Reboots
from ncm_async._endpoints.v2 import V2_ENDPOINTS, V2Catalog
from ncm_async._resources.base import MIXINS
from ncm_async._resources.namespace import Namespace
from ncm_async._resources.v2.actions import (
    RebootActivityEndpoint,
    TestAlertPushDestinationsEndpoint,
)


class V2Api(Namespace, V2Catalog):
    """Every v2 endpoint as an attribute: ``ncm.v2.routers``, ``ncm.v2.router_state_samples``..."""

    specs = V2_ENDPOINTS
    mixins = MIXINS
    special = MappingProxyType(
        {Reboots: RebootActivityEndpoint, PushTest: TestAlertPushDestinationsEndpoint}
    )

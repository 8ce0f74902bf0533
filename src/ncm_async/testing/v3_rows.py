"""Building blocks of v3 records: JSON:API resource objects and relationship objects.

Records are stored as JSON:API resource objects ``{id, type, attributes,
relationships}`` (``links.self`` is added on serving). Relationships to v2
resources (routers, net_devices, groups, accounts) carry the v2 ids; v3's own
resources have opaque ids of their own (v3-and-limits: "v2 and v3 ids are
different id spaces").
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from ncm_async.testing.tables import Row

TENANT_ID = "0013800001TB9s1"
"""The account's tenant: a Salesforce-style id, like failovers' ``tenant_id``."""


def ref(rtype: str, rid: object) -> dict[str, Any]:
    """A to-one relationship object."""
    return {"data": {"type": rtype, "id": str(rid)}}


def refs(rtype: str, ids: list[str]) -> dict[str, Any]:
    """A to-many relationship object."""
    return {"data": [{"type": rtype, "id": i} for i in ids]}


def uid(rng: random.Random) -> str:
    """A seeded UUID4 string, the id form of most v3 resources."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def row(
    rid: str, rtype: str, attributes: dict[str, Any], relationships: dict[str, Any] | None = None
) -> Row:
    """A stored v3 record."""
    data = {
        "id": rid,
        "type": rtype,
        "attributes": attributes,
        "relationships": relationships or {},
    }
    return Row(data, rid)


def v2_id(url: str) -> str:
    """The id at the end of a v2 resource URL (``.../groups/200000/`` -> ``200000``)."""
    return url.rstrip("/").rsplit("/", 1)[-1]

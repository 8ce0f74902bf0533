"""Reference fields: which write-body fields name another record, per API.

Read by the client's write helpers (an id becomes the record's URL) and by the
simulator's write rules. Plain data; imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

V2_RELATIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "account": "accounts",
        "router": "routers",
        "group": "groups",
        "product": "products",
        "target_firmware": "firmwares",
        "app_version": "device_app_versions",
        "app": "device_apps",
        "net_device": "net_devices",
    }
)
"""v2 write-body fields that reference another record by URL ("in: int, out: url").

Bodies given an id (int, id string) for one of these get the record's URL, as the
docs' request examples send it.
"""

RELATIONS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"v2": V2_RELATIONS, "v3": MappingProxyType({})}
)
"""Reference fields by API (v3 bodies use JSON:API relationships instead)."""

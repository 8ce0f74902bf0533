"""Resource URLs and timestamp text in the forms the API docs show."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import attrs

CANONICAL_ORIGIN = "http://ncm.sim"
"""Origin baked into stored records; rewritten per request to the origin served on."""


@attrs.frozen
class Urls:
    """Absolute resource URLs under one origin (``https://host[:port]``, no slash)."""

    origin: str = CANONICAL_ORIGIN

    def v2(self, endpoint: str, record_id: object = None) -> str:
        """``<origin>/api/v2/<endpoint>/`` or ``.../<endpoint>/<id>/``."""
        if record_id is None:
            return f"{self.origin}/api/v2/{endpoint}/"
        return f"{self.origin}/api/v2/{endpoint}/{record_id}/"

    def v1(self, endpoint: str, record_id: object) -> str:
        """The ``/api/v1/`` form some records still carry (router_logs examples)."""
        return f"{self.origin}/api/v1/{endpoint}/{record_id}/"

    def v3(self, path: str, record_id: object = None, *, root: bool = False) -> str:
        """``<origin>/api/v3/<path>[/<id>]`` (no trailing slash), or host-root paths."""
        base = f"{self.origin}/{path}" if root else f"{self.origin}/api/v3/{path}"
        return base if record_id is None else f"{base}/{record_id}"


def iso(moment: datetime) -> str:
    """``2020-12-04T09:20:24.040723+00:00``, the docs' usual timestamp form."""
    return moment.isoformat(timespec="microseconds")


def iso_z(moment: datetime) -> str:
    """``2021-02-06T21:38:01.447270Z`` (activity_logs, historical_locations)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_seconds(moment: datetime) -> str:
    """``2020-12-07T17:44:18+00:00`` (alerts ``detected_at``)."""
    return moment.isoformat(timespec="seconds")


def encode_query(params: list[tuple[str, str]]) -> str:
    """A query string that decodes back to ``params``; ``+`` becomes ``%2B``."""
    return "&".join(f"{quote(k, safe='[]_')}={quote(v, safe=',:[]')}" for k, v in params)

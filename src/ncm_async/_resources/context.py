"""What a resource needs to send requests, kept apart so the client imports it cheaply."""

from __future__ import annotations

import attrs

from ncm_async._transport import Transport


@attrs.frozen
class ApiContext:
    """What a resource needs to send: the transport and where its API lives.

    Attributes:
        transport: The client's single transport.
        base_url: The version's base URL, ending in ``/``.
        api: ``"v2"`` or ``"v3"``.
        root_url: The host root (v3 endpoints served outside ``/api/v3``).
    """

    transport: Transport
    base_url: str
    api: str
    root_url: str

"""Receiving alert pushes from NCM (``alert_push_destinations`` webhooks).

NCM signs each pushed alert with the destination's shared secret: the
``X-CP-Signature`` header carries the hex HMAC-SHA256 of the raw request body
keyed with the secret (the docs' prose says "SHA256 of secret + body"; their
sample code, and what is sent, is the HMAC). Compare in constant time, on the raw
bytes as received, before parsing anything.

:class:`WebhookReceiver` is an ASGI app doing all of it: bounded body, signature,
typed alerts handed to your coroutine. :func:`verify_signature` and
:func:`verify_request` serve any other framework; they take ``str`` or ``bytes``
(ASGI headers are bytes).
"""

from ncm_async._signature import (
    SIGNATURE_HEADER,
    find_header,
    sign,
    verify_request,
    verify_signature,
)
from ncm_async._webhook_receiver import WebhookReceiver, parse_alerts

__all__ = [
    "SIGNATURE_HEADER",
    "WebhookReceiver",
    "find_header",
    "parse_alerts",
    "sign",
    "verify_request",
    "verify_signature",
]

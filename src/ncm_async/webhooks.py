"""Verifying alert pushes from NCM (``alert_push_destinations`` webhooks).

NCM signs each pushed alert with the destination's shared secret: the
``X-CP-Signature`` header carries the hex HMAC-SHA256 of the raw request body
keyed with the secret (the docs' prose says "SHA256 of secret + body"; their
sample code, and what is sent, is the HMAC). Compare in constant time, on the raw
bytes as received, before parsing anything.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_HEADER = "X-CP-Signature"


def sign(body: bytes, secret: str) -> str:
    """The signature NCM sends for ``body`` (useful to test your own receiver)."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, signature: str | None, secret: str) -> bool:
    """Whether ``signature`` is NCM's signature of ``body`` under ``secret``.

    Args:
        body: The raw request body, exactly as received.
        signature: The ``X-CP-Signature`` header value (None when absent).
        secret: The destination's shared secret.

    Returns:
        True only for a matching signature; compared in constant time.
    """
    if not signature or not secret:
        return False
    expected = sign(body, secret)
    return hmac.compare_digest(
        expected.encode("ascii"), signature.strip().lower().encode("ascii", "replace")
    )


def verify_request(body: bytes, headers: Mapping[str, str], secret: str) -> bool:
    """:func:`verify_signature` with the header looked up case-insensitively."""
    wanted = SIGNATURE_HEADER.lower()
    signature = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return verify_signature(body, signature, secret)

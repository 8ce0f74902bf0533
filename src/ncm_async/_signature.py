"""Webhook signatures: the docs' HMAC-SHA256 of the raw body, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping

from ncm_async._secret import Secret

__all__ = ["SIGNATURE_HEADER", "find_header", "sign", "verify_request", "verify_signature"]

SIGNATURE_HEADER = "X-CP-Signature"

Text = str | bytes
Headers = Mapping[str, str] | Mapping[bytes, bytes] | Iterable[tuple[Text, Text]]


def _key(secret: Text | Secret) -> bytes:
    return Secret(secret).reveal_bytes()


def sign(body: bytes | str, secret: Text | Secret) -> str:
    """The signature NCM sends for ``body`` (useful to test your own receiver)."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return hmac.new(_key(secret), raw, hashlib.sha256).hexdigest()


def verify_signature(
    body: bytes | str, signature: Text | None, secret: Text | Secret | None
) -> bool:
    """Whether ``signature`` is NCM's signature of ``body`` under ``secret``.

    Args:
        body: The raw request body, exactly as received (``str`` is taken as UTF-8).
        signature: The ``X-CP-Signature`` header value, ``str`` or ``bytes`` (None
            when absent).
        secret: The destination's shared secret, ``str``, ``bytes`` or :class:`Secret`.

    Returns:
        True only for a matching signature; compared in constant time.
    """
    if not signature or secret is None or not _key(secret):
        return False
    given = signature if isinstance(signature, bytes) else signature.encode("ascii", "replace")
    expected = sign(body, secret).encode("ascii")
    return hmac.compare_digest(expected, given.strip().lower())


def verify_request(body: bytes | str, headers: Headers, secret: Text | Secret | None) -> bool:
    """:func:`verify_signature` with the header looked up case-insensitively.

    Args:
        body: The raw request body.
        headers: A mapping or a list of ``(name, value)`` pairs, ``str`` or
            ``bytes`` (an ASGI scope's ``headers`` as they are).
        secret: The destination's shared secret.
    """
    return verify_signature(body, find_header(headers, SIGNATURE_HEADER), secret)


def find_header(headers: Headers, name: str) -> Text | None:
    """The value of header ``name`` (any case, ``str`` or ``bytes`` names), or None."""
    wanted = name.lower()
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in pairs:
        text = key.decode("latin-1") if isinstance(key, bytes) else key
        if text.lower() == wanted:
            return value
    return None
